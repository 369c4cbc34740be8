"""Build: the batch (plan, run, summarise), its kernels, and the assembly of executed notebooks into reports."""
