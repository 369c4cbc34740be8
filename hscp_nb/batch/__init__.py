"""The batch: plan jobs (``plan``), run them in worker processes each holding a kernel session (``session``,
``job``, ``pool``, ``run``), each job's context and files (``outputs``; the report's route itself is
:mod:`hscp_nb.report`), and write the year's index (``index``). The names below are its front door.

``write_index`` is imported on first use: the index's import of the board pack brings in matplotlib and scipy (about
1 s), which a worker process never needs."""

from hscp_nb.batch.job import JobOutcome, run_job
from hscp_nb.batch.plan import Job, is_cached, plan
from hscp_nb.batch.run import INTERRUPTED, NOT_BUILT, run, start_workers
from hscp_nb.batch.session import KernelSession, execute_section

__all__ = ["INTERRUPTED", "NOT_BUILT", "Job", "KernelSession", "JobOutcome", "execute_section", "is_cached", "plan",
           "run", "run_job", "start_workers", "write_index"]  # fmt: skip


def __getattr__(name: str):
    if name == "write_index":
        from hscp_nb.batch.index import write_index

        return write_index
    raise AttributeError(f"module 'hscp_nb.batch' has no attribute {name!r}")
