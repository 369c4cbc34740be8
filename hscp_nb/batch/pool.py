"""Worker processes for the batch: one job at a time each, a killed worker costs only its own job, and the whole
pool stops within seconds when asked.

concurrent.futures' process pool cannot do either: when one worker dies it marks every pending job failed ("a process
in the pool was terminated abruptly"), and it offers no way to stop running jobs. Here each worker has its own pipe,
so the parent always knows which job a worker holds, which kernel it started and which temporary folder it writes;
it replaces a dead worker, and on a stop it ends workers and kernels and removes what they left.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

logger = logging.getLogger(__name__)

GRACE_SECONDS = 3.0  # how long a stopped worker may take to end on SIGTERM before SIGKILL
# A worker and its kernel are replaced after this many jobs: what a long run (310 reports) leaves behind in them
# (caches, fragmentation) is returned to the system. A new worker and kernel cost about 4 s of one core.
JOBS_PER_WORKER = 40
POLL_SECONDS = 0.5  # how often the parent looks at a stop request while it waits


@dataclass
class Worker:
    process: multiprocessing.Process
    conn: object
    job: object = None
    kernels: list[tuple[int, str]] = field(default_factory=list)  # (pid, socket folder) of kernels it started
    retiring: bool = False  # it sent its last result and is ending: no job is given to it
    used: bool = False  # it has been given a job (a worker started ahead that never was can be ended at once)

    @property
    def pid(self) -> int:
        return self.process.pid


def skip_iri_grammar() -> None:
    """Keep jsonschema from building its IRI grammar in this process: nbformat's validator imports jsonschema, whose
    optional "iri" format check loads rfc3987_syntax, which compiles a Lark grammar at import (about 0.8 s of a core,
    in every worker). The notebook schema uses no "iri" format, so validation is the same without it; jsonschema
    treats a missing optional checker as "not checked"."""
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # None: "import rfc3987_syntax" raises ImportError


def _worker_main(conn, work: Callable, jobs_per_worker: int = JOBS_PER_WORKER, prepare: Callable | None = None) -> None:
    """A worker: ``prepare()`` first (while the parent still plans, say), then take a job, send its result, until told
    to stop (None) or ``jobs_per_worker`` jobs are done; the last result says the worker is retiring, in the same
    message, so the parent never hands it another job. Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    skip_iri_grammar()
    from hscp_nb.batch import kernels

    kernels.on_start.append(lambda pid, folder: conn.send(("kernel", pid, folder)))
    if prepare is not None:
        try:
            prepare()
        except Exception:  # a job does it again and says what went wrong
            logger.debug("preparing worker %s failed", os.getpid(), exc_info=True)
    done = 0
    while True:
        try:
            job = conn.recv()
        except EOFError:  # the parent went away
            return
        if job is None:
            return
        result = work(job)
        done += 1
        conn.send(("result", result, done >= jobs_per_worker))
        if done >= jobs_per_worker:
            return


def describe_exit(exitcode: int | None) -> str:
    """What happened to a worker, from its exit code."""
    if exitcode is None:
        return "the worker stopped answering"
    if exitcode == -signal.SIGKILL:
        return "the worker was killed (SIGKILL: out of memory, or killed by another process)"
    if exitcode < 0:
        return f"the worker was stopped by signal {signal.Signals(-exitcode).name}"
    return f"the worker exited unexpectedly with status {exitcode}"


def kill_kernel(pid: int, folder: str) -> None:
    """End a kernel (it leads its own process group) and remove its socket folder."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


class Pool:
    """``size`` spawned workers running ``work(job)``; see :meth:`run`."""

    def __init__(
        self,
        size: int,
        work: Callable,
        leftovers: Callable[[object, int], Path],
        jobs_per_worker: int = JOBS_PER_WORKER,
        prepare: Callable | None = None,
    ):
        self.size = size
        self.work = work
        self.jobs_per_worker = jobs_per_worker
        self.prepare = prepare  # run by each worker as it starts, before its first job
        self.leftovers = leftovers  # (job, worker pid) → the temporary folder that worker writes for the job
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[Worker] = []
        self.stopping = False

    def _spawn(self) -> Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, self.work, self.jobs_per_worker, self.prepare),
                                       daemon=True)  # fmt: skip
        process.start()
        child.close()
        worker = Worker(process, parent)
        self.workers.append(worker)
        return worker

    def start(self) -> None:
        """Start the pool's workers now, before any job is known: each prepares (its kernel) while the caller plans."""
        while sum(not w.retiring for w in self.workers) < self.size:
            self._spawn()

    def _retire(self, worker: Worker) -> None:
        """Forget a worker that ended: end its kernels (those it announced and the parent had not read yet too) and
        remove what its job left."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "kernel":
                    worker.kernels.append((message[1], message[2]))
        except (EOFError, OSError):
            pass
        for pid, folder in worker.kernels:
            kill_kernel(pid, folder)
        if worker.job is not None:
            shutil.rmtree(self.leftovers(worker.job, worker.pid), ignore_errors=True)
        worker.conn.close()
        self.workers.remove(worker)

    def run(self, jobs: list, on_start: Callable, on_done: Callable, on_dead: Callable) -> tuple[list, list]:
        """Run every job unless stopped. ``on_start(job)`` when a worker takes a job; ``on_done(job, result)`` with
        its result; ``on_dead(job, what)`` when its worker died. Returns the jobs a stop left unfinished, as
        (running, never started), after their workers and kernels have ended."""
        queue = deque(jobs)
        running: list = []
        try:
            while queue or any(w.job is not None for w in self.workers):
                if not self.stopping:
                    for worker in [w for w in self.workers if w.job is None and not w.retiring]:
                        if queue:
                            self._assign(worker, queue, on_start)
                    while queue and sum(not w.retiring for w in self.workers) < self.size:
                        self._assign(self._spawn(), queue, on_start)
                if self.stopping:
                    for worker in list(self.workers):  # results that arrived meanwhile still count
                        if worker.conn.poll():
                            self._receive(worker, on_done, on_dead)
                    running = [w.job for w in self.workers if w.job is not None]
                    break
                ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers],
                             timeout=POLL_SECONDS)  # fmt: skip
                for worker in list(self.workers):
                    if worker.conn in ready or worker.process.sentinel in ready:
                        self._receive(worker, on_done, on_dead)
        finally:
            self.shutdown()
        return running, list(queue) if self.stopping else []

    def _assign(self, worker: Worker, queue: deque, on_start: Callable) -> None:
        """Hand the next job to a worker; one that died idle meanwhile is retired and the job stays queued."""
        job = queue.popleft()
        try:
            worker.conn.send(job)
        except OSError:
            queue.appendleft(job)
            self._retire(worker)
            return
        worker.job, worker.used = job, True
        on_start(job)

    def _receive(self, worker: Worker, on_done: Callable, on_dead: Callable) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "kernel":
                    worker.kernels.append((message[1], message[2]))
                else:
                    job, worker.job = worker.job, None
                    worker.retiring = message[2]
                    on_done(job, message[1])
        except (EOFError, OSError):
            pass
        if not worker.process.is_alive():
            worker.process.join(1)
            if worker.job is not None:
                what = describe_exit(worker.process.exitcode)
                logger.warning("worker %s died holding %s: %s", worker.pid, worker.job, what)
                on_dead(worker.job, what)
            self._retire(worker)

    def stop(self) -> None:
        """Ask the pool to stop: no job starts after this, running ones end at the next poll."""
        self.stopping = True

    def kill_now(self) -> None:
        """End every worker and kernel at once (a second Ctrl-C), and remove what their jobs left."""
        for worker in self.workers:
            for pid, folder in worker.kernels:
                kill_kernel(pid, folder)
            if worker.process.is_alive():
                os.kill(worker.pid, signal.SIGKILL)
        for worker in list(self.workers):
            worker.process.join(GRACE_SECONDS)  # a killed worker writes nothing more once it is reaped
            self._retire(worker)  # kernels it announced late, and its job's temporary report folder

    def shutdown(self) -> None:
        """End every worker (idle ones are told to, busy ones terminated) and kernel, and remove job leftovers."""
        for worker in self.workers:
            try:
                if worker.job is None and worker.used:
                    worker.conn.send(None)
                elif worker.process.is_alive():  # busy, or started ahead and never used (it may still be preparing)
                    worker.process.terminate()
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(GRACE_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(GRACE_SECONDS)
        for worker in list(self.workers):
            self._retire(worker)
