"""Run a planned batch: cached reports in this process, the rest in the worker pool; Ctrl-C and killed workers
handled so that no report is ever half-written, and what crashed runs left behind cleaned up first."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil

from hscp_nb.batch.job import JobOutcome, leftover_folder, run_job, write_log
from hscp_nb.batch.plan import Job, is_cached

logger = logging.getLogger(__name__)

INTERRUPTED, NOT_BUILT = "interrupted", "not built"


def clean_stale(jobs: list[Job]) -> list[str]:
    """Before a run: remove what crashed or killed runs left behind (temporary report folders and kernel socket
    folders whose process is gone), and put back a report that a run killed mid-move left as ``.<slug>.old``.
    Folders of a batch still running on the same machine are kept. Returns what it did, for the log."""
    from hscp_nb.batch.kernels import clean_stale_folders, pid_alive

    done = []
    for year_dir in {job.target.parent for job in jobs}:
        for folder in year_dir.glob(".tmp-*-*") if year_dir.is_dir() else ():
            pid = folder.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not pid_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                done.append(f"removed {folder.name}")
        for old in year_dir.glob(".*.old") if year_dir.is_dir() else ():
            report = year_dir / old.name[1:-4]
            if not report.exists():
                os.replace(old, report)
                done.append(f"restored {report.name} from an interrupted move")
            else:
                shutil.rmtree(old, ignore_errors=True)
    removed = clean_stale_folders()
    if removed:
        done.append(f"removed {removed} kernel socket folder(s)")
    for line in done:
        logger.info("clean-up: %s", line)
    return done


def _key(job: Job) -> tuple[int, str]:
    return job.params.year.start, job.partnership.slug


def start_workers(workers: int | None = None, partnerships: int | None = None):
    """A worker pool started before the batch is planned (:func:`run` takes it as ``pool``): ``workers`` processes (the
    machine's cores; no more than ``partnerships``), each starting its kernel and importing the writers while the
    parent reads the inputs and plans, which a cold batch otherwise waits for (about two seconds)."""
    from hscp_nb.batch.job import prepare_worker
    from hscp_nb.batch.pool import JOBS_PER_WORKER, Pool

    size = max(1, min(workers or os.cpu_count() or 1, partnerships or os.cpu_count() or 1))
    pool = Pool(size, run_job, leftover_folder, JOBS_PER_WORKER, prepare=prepare_worker)
    pool.start()
    return pool


def run(
    jobs: list[Job], workers: int | None = None, on_update=None, jobs_per_worker: int | None = None, pool=None
) -> list[JobOutcome]:
    """Run jobs, cached ones in this process and the rest in ``workers`` processes; ``on_update(result, event)`` per
    job ('start' or 'done').

    A worker that dies fails only its own job (its log says how), and a new worker takes the rest. On SIGINT or
    SIGTERM no further job starts, running ones are stopped within seconds (workers and kernels), their temporary
    folders are removed, and their results are 'interrupted' (those never started 'not built'); a second signal ends
    every worker at once. Previous reports are never touched by an unfinished job. ``pool``: workers already started
    (:func:`start_workers`); they are ended here, also when every report is cached."""
    from hscp_nb.batch.pool import JOBS_PER_WORKER, Pool

    results: dict[str, JobOutcome] = {}
    pending = []
    try:
        clean_stale(jobs)  # a started pool's kernel folders are kept: their owners are alive
        for job in jobs:
            if is_cached(job):
                shutil.rmtree(job.failed_dir, ignore_errors=True)  # an old failure is history once the report is good
                results[_key(job)] = JobOutcome(job.partnership, job.params.year, "cached", 0.0, "inputs unchanged")
                on_update and on_update(results[_key(job)], "done")
            else:
                pending.append(job)
    except BaseException:
        pool is not None and pool.shutdown()
        raise
    if not pending:
        pool is not None and pool.shutdown()
        return [results[_key(job)] for job in jobs]
    size = max(1, min(workers or os.cpu_count() or 1, len(pending)))
    if pool is None:
        pool = Pool(size, run_job, leftover_folder, jobs_per_worker or JOBS_PER_WORKER)
    else:
        pool.size = min(pool.size, size)  # no more workers than jobs; those started and never used are ended

    def started(job):
        on_update and on_update(JobOutcome(job.partnership, job.params.year, "running", 0.0), "start")

    def done(job, result):
        results[_key(job)] = result
        logger.info("%s: %s in %.1f s %s", job.partnership.name, result.status, result.seconds,
                    result.detail.splitlines()[0] if result.detail else "")  # fmt: skip
        on_update and on_update(result, "done")

    def died(job, what):
        detail = f"{what}; the report was not built and any previous report is unchanged"
        log = write_log(job, detail)
        done(job, JobOutcome(job.partnership, job.params.year, "failed", 0.0, detail, log=str(log)))

    with _stop_on_signals(pool):
        running, never_started = pool.run(pending, started, done, died)
    for status, unfinished in ((INTERRUPTED, running), (NOT_BUILT, never_started)):
        for job in unfinished:
            detail = "stopped by an interrupt; any previous report is unchanged"
            results.setdefault(_key(job), JobOutcome(job.partnership, job.params.year, status, 0.0, detail))
    return [results[_key(job)] for job in jobs]


@contextlib.contextmanager
def _stop_on_signals(pool):
    """While the pool runs: the first SIGINT or SIGTERM asks it to stop, a second kills every worker at once."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        if pool.stopping:
            pool.kill_now()
            raise KeyboardInterrupt
        logger.warning("%s: stopping (press Ctrl-C again to end at once)", signal.Signals(signum).name)
        pool.stop()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
