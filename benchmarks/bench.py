"""make bench: time the batch the way the brief asks, on this machine.

(a) all 31 partnerships for one year, cold (empty output folder and parse cache);
(b) the same again, warm (every report a cache hit);
(c) for 4 partnerships, the toolkit against the naive loop: the papermill command line once per section notebook
    (a fresh kernel each), then `jupyter nbconvert` per notebook to HTML and to every format of the writers' registry
    the batch also writes (PDF, Word, ODT, the xlsx and ods workbooks), all serial;
(d) per-report throughput: the naive loop's seconds per report against the cold batch's (a) seconds per report;
(e) all 31 again, cold, with FORMATS=html,pdf: what choosing fewer writers saves;
(f) scale: seconds per report for 1 report, for the 31 of (a) and for every report of every year (YEAR=all, 310 on
    the sample), cold; the all-years run's time and peak memory; and its warm re-run.
Peak memory is the largest total resident memory of this process's whole tree, sampled every 0.2 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = os.environ.get("BENCH_YEAR", "2021")
FOUR = ["Highland", "Clackmannanshire and Stirling", "Orkney Islands", "Glasgow City"]


class PeakMemory:
    """Largest sum of RSS over this process and all its descendants."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()

    def _tree_rss(self) -> int:
        parents, rss = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                pid = int(stat.parent.name)
                parents[pid] = int(fields[1])
                rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError, IndexError):
                continue
        tree, frontier = {os.getpid()}, [os.getpid()]
        while frontier:
            current = frontier.pop()
            for pid, parent in parents.items():
                if parent == current and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        return sum(rss.get(pid, 0) for pid in tree)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            time.sleep(0.2)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def toolkit(partnerships: list[str] | None, output: Path, env: dict, formats: str = "", year: str = YEAR) -> float:
    command = [str(BIN / "hscp-nb"), "report", "--year", year, "--output", str(output)]
    if partnerships:
        command += ["--partnership", ",".join(partnerships)]
    if formats:
        command += ["--formats", formats]
    return timed(command, env)


def naive(partnerships: list[str], output: Path, env: dict) -> float:
    from hscp_nb.domain.reference import resolve_partnership
    from hscp_nb.domain.sections import SECTIONS
    from hscp_nb.writers.registry import QA, WRITERS

    start = time.perf_counter()
    for name in partnerships:
        slug = resolve_partnership(name).slug
        folder = output / slug
        folder.mkdir(parents=True, exist_ok=True)
        for notebook in (s.notebook for s in SECTIONS.values()):
            executed = folder / notebook
            timed(
                [
                    str(BIN / "papermill"),
                    str(ROOT / "notebooks" / notebook),
                    str(executed),
                    "-p",
                    "partnership",
                    name,
                    "-p",
                    "year",
                    YEAR,
                    "-p",
                    "output_dir",
                    str(folder),
                    "--cwd",
                    str(ROOT / "notebooks"),
                    "--log-level",
                    "ERROR",
                    "--no-progress-bar",
                ],
                env,
            )
            timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env)
            for writer in WRITERS:
                if writer.audience != QA and writer.name != "html":
                    timed([str(BIN / "jupyter"), "nbconvert", "--to", f"hscp-{writer.name}", str(executed)], env)
    return time.perf_counter() - start


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="hscp-bench-"))
    env = {**os.environ, "HSCP_NB_CACHE": str(work / "cache"), "MPLBACKEND": "Agg"}
    print(f"hscp_nb benchmark, reporting year {YEAR}, {os.cpu_count()} cores")
    try:
        with PeakMemory() as memory:
            cold = toolkit(None, work / "all", env)
        warm = toolkit(None, work / "all", env)
        shutil.rmtree(work / "cache", ignore_errors=True)
        two = toolkit(None, work / "two", env, formats="html,pdf")
        shutil.rmtree(work / "cache", ignore_errors=True)
        four = toolkit(FOUR, work / "four", env)
        slow = naive(FOUR, work / "naive", env)
        shutil.rmtree(work / "cache", ignore_errors=True)
        one = toolkit(["Highland"], work / "one", env)
        shutil.rmtree(work / "cache", ignore_errors=True)
        with PeakMemory() as every_memory:
            every = toolkit(None, work / "every", env, year="all")
        every_warm = toolkit(None, work / "every", env, year="all")
        reports = len(list((work / "every").glob("*/*/manifest.json")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"(a) 31 partnerships, cold:            {cold:7.1f} s   (target < 120 s)")
    print(f"(b) 31 partnerships, warm (cached):   {warm:7.1f} s   (target < 5 s)")
    print(f"(c) 4 partnerships, toolkit:          {four:7.1f} s")
    print(f"    4 partnerships, naive loop:       {slow:7.1f} s   ratio {slow / four:4.1f}x (target >= 4x)")
    per_naive, per_batch = slow / len(FOUR), cold / 31
    print(f"(d) seconds per report: naive {per_naive:5.1f} s, batch {per_batch:5.2f} s   "
          f"ratio {per_naive / per_batch:4.1f}x (target >= 15x)")  # fmt: skip
    print(f"    peak memory of the cold batch:    {memory.peak / 2**30:7.2f} GiB (target < 2 GiB)")
    print(f"(e) 31 partnerships, cold, FORMATS=html,pdf: {two:5.1f} s   ({cold - two:+.1f} s against every format)")
    print(f"(f) seconds per report, cold: 1 report {one:5.2f} s, 31 reports {cold / 31:5.2f} s, "
          f"{reports} reports (YEAR=all) {every / reports:5.2f} s")  # fmt: skip
    print(f"    YEAR=all, {reports} reports, cold: {every:7.1f} s; warm {every_warm:5.1f} s (target < 10 s); "
          f"peak memory {every_memory.peak / 2**30:4.2f} GiB (target <= 1.5 GiB)")  # fmt: skip
    print(f"    per report against the naive loop at 310: {per_naive / (every / reports):4.1f}x (target >= 31x)")


if __name__ == "__main__":
    main()
