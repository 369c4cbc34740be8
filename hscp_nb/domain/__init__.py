"""Domain: years, reference data, and the rules every verdict uses. Imports nothing of hscp_nb's above it."""
