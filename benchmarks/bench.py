"""make bench: time the batch against the naive loop, on this machine, in one run.

The two comparisons, each per report (the naive loop's seconds for one report against the batch's seconds for 31
reports divided by 31):

(a) like for like, HTML and PDF: what a user without the toolkit would run for one report, serially: the papermill
    command line once per section notebook (a fresh kernel each), then `jupyter nbconvert --to html` per executed
    notebook, then WeasyPrint per HTML file to PDF; against `hscp-nb report --formats html,pdf` for all 31
    partnerships, cold (empty output folder and parse cache).
(b) everything: the same papermill runs, then per executed notebook `jupyter nbconvert` to HTML and to every other
    format of the writers' registry (PDF, Word, ODT, the xlsx and ods workbooks, the figure and claims ledgers; not
    the QA page), serially; against the batch in all formats for all 31, cold.

Both naive loops start with the same papermill runs, so the bench runs them once and adds their seconds to each
loop; every other step is timed on its own. Beside the seconds on the clock, each side's CPU seconds (user and system,
of every process it started) are printed: they hardly move when other work shares the machine, which the clock
seconds of the two-worker batch do.

Then, unless --quick: the batch again with every report a cache hit; the peak memory of the cold all-formats batch;
scale (seconds per report for 1 report, for the 31 of (b), and for every report of every year, YEAR=all: 310 on the
sample), with the all-years run's peak memory and its warm re-run. Peak memory is the largest total resident memory
of this process's whole tree, sampled every 0.2 s.

    python benchmarks/bench.py [--quick]

BENCH_YEAR (default 2021) is the reporting year; BENCH_NAIVE (default Highland) the partnership of the naive loop.
The naive loop's PDF step needs WeasyPrint in the environment (`pip install weasyprint`); the bench says so and stops
before timing anything when it is missing.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = os.environ.get("BENCH_YEAR", "2021")
NAIVE = os.environ.get("BENCH_NAIVE", "Highland")
REPORTS = 31  # partnerships: one report each for the year


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


CPU: dict[str, float] = {}  # CPU seconds (user + system) of every process each command started, by command label


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)  # every descendant waited for: workers and kernels too
    return used.ru_utime + used.ru_stime


def timed(command: list[str], env: dict, label: str = "") -> float:
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    if label:
        CPU[label] = CPU.get(label, 0.0) + _cpu() - cpu
    return time.perf_counter() - start


def toolkit(
    partnerships: list[str] | None, output: Path, env: dict, formats: str = "", year: str = YEAR, label: str = ""
) -> float:
    command = [str(BIN / "hscp-nb"), "report", "--year", year, "--output", str(output)]
    if partnerships:
        command += ["--partnership", ",".join(partnerships)]
    if formats:
        command += ["--formats", formats]
    return timed(command, env, label)


def section_notebooks() -> list[Path]:
    """The section notebooks a user finds in notebooks/ (10_indicators … 50_msg), in order; not the explorer."""
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@dataclass
class Naive:
    """Seconds of each step of the naive loop for one report."""

    papermill: float = 0.0
    html: float = 0.0
    weasyprint: float = 0.0
    other_formats: float = 0.0

    @property
    def html_pdf(self) -> float:
        """(a): papermill, nbconvert to HTML, WeasyPrint to PDF."""
        return self.papermill + self.html + self.weasyprint

    @property
    def everything(self) -> float:
        """(b): papermill, nbconvert to HTML and to every other format of the registry."""
        return self.papermill + self.html + self.other_formats


def naive(partnership: str, folder: Path, env: dict) -> Naive:
    """The naive loop for one report, serially, each step a command a user would type."""
    from hscp_nb.writers.registry import QA, WRITERS

    steps = Naive()
    folder.mkdir(parents=True, exist_ok=True)
    for notebook in section_notebooks():
        executed = folder / notebook.name
        steps.papermill += timed(
            [str(BIN / "papermill"), str(notebook), str(executed), "-p", "partnership", partnership, "-p", "year", YEAR,
             "-p", "output_dir", str(folder), "--cwd", str(ROOT / "notebooks"), "--log-level", "ERROR",
             "--no-progress-bar"],
            env, "papermill",
        )  # fmt: skip
        steps.html += timed(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], env, "html"
        )
        html = executed.with_suffix(".html")
        steps.weasyprint += timed(
            [str(BIN / "weasyprint"), "--quiet", str(html), str(html.with_suffix(".pdf"))], env, "weasyprint"
        )
        for writer in WRITERS:
            if writer.audience != QA and writer.name != "html":
                steps.other_formats += timed(
                    [str(BIN / "jupyter"), "nbconvert", "--to", f"hscp-{writer.name}", str(executed)], env, "other"
                )
    return steps


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def comparison(label: str, what: str, naive_seconds: float, steps: str, batch: float, batch_what: str,
               naive_cpu: float, batch_cpu: float) -> None:  # fmt: skip
    per_batch = batch / REPORTS
    print(f"{label} {what}")
    print(f"    naive loop, 1 report ({NAIVE}):  {naive_seconds:7.1f} s   ({steps})")
    print(f"    batch, {REPORTS} reports ({batch_what}): {batch:7.1f} s   = {per_batch:5.2f} s a report")
    print(f"    per report: {naive_seconds:.1f} s / {per_batch:.2f} s = {naive_seconds / per_batch:5.1f}x")
    print(f"    CPU seconds (all processes, load-independent): naive {naive_cpu:.1f} s for 1 report; batch "
          f"{batch_cpu:.1f} s = {batch_cpu / REPORTS:.2f} s a report on {os.cpu_count()} cores")  # fmt: skip


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    if not (BIN / "weasyprint").exists():
        sys.exit(f"the naive loop's PDF step needs WeasyPrint: {BIN / 'python'} -m pip install weasyprint")
    work = Path(tempfile.mkdtemp(prefix="hscp-bench-"))
    env = {**os.environ, "HSCP_NB_CACHE": str(work / "cache"), "MPLBACKEND": "Agg"}
    print(f"hscp_nb benchmark, reporting year {YEAR}, {os.cpu_count()} cores, load average {_load()} at the start")
    try:
        steps = naive(NAIVE, work / "naive", env)
        shutil.rmtree(work / "cache", ignore_errors=True)
        two = toolkit(None, work / "two", env, formats="html,pdf", label="batch html,pdf")
        shutil.rmtree(work / "cache", ignore_errors=True)
        with PeakMemory() as memory:
            every_format = toolkit(None, work / "all", env, label="batch all")
        if not quick:
            warm = toolkit(None, work / "all", env)
            shutil.rmtree(work / "cache", ignore_errors=True)
            one = toolkit([NAIVE], work / "one", env)
            shutil.rmtree(work / "cache", ignore_errors=True)
            with PeakMemory() as every_memory:
                every = toolkit(None, work / "every", env, year="all")
            every_warm = toolkit(None, work / "every", env, year="all")
            reports = len(list((work / "every").glob("*/*/manifest.json")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average {_load()} at the end: other work on the machine slows the two-worker batch more than the "
          "serial naive loop, so (a) and (b) are fair only on an otherwise idle machine")  # fmt: skip
    comparison(
        "(a)", "like for like, HTML and PDF (target >= 31x):", steps.html_pdf,
        f"papermill {steps.papermill:.1f} s + nbconvert HTML {steps.html:.1f} s + WeasyPrint {steps.weasyprint:.1f} s",
        two, "--formats html,pdf", CPU["papermill"] + CPU["html"] + CPU["weasyprint"], CPU["batch html,pdf"],
    )  # fmt: skip
    comparison(
        "(b)", "everything, all six formats and the ledgers:", steps.everything,
        f"papermill {steps.papermill:.1f} s + nbconvert HTML {steps.html:.1f} s + "
        f"nbconvert to the other formats {steps.other_formats:.1f} s",
        every_format, "all formats", CPU["papermill"] + CPU["html"] + CPU["other"], CPU["batch all"],
    )  # fmt: skip
    print(f"    peak memory of the batch in (b):  {memory.peak / 2**30:5.2f} GiB (target < 1.5 GiB)")
    if quick:
        return
    print(f"warm: {REPORTS} reports again, every one a cache hit: {warm:5.1f} s (target < 5 s)")
    print(f"scale, seconds per report, cold: 1 report {one:5.2f} s, {REPORTS} reports {every_format / REPORTS:5.2f} s, "
          f"{reports} reports (YEAR=all) {every / reports:5.2f} s")  # fmt: skip
    print(f"    YEAR=all, {reports} reports, cold: {every:7.1f} s; warm {every_warm:5.1f} s (target < 10 s); "
          f"peak memory {every_memory.peak / 2**30:4.2f} GiB (target <= 1.5 GiB)")  # fmt: skip
    print(
        f"    (b)'s naive loop per report against YEAR=all's batch per report: "
        f"{steps.everything / (every / reports):4.1f}x"
    )


if __name__ == "__main__":
    main(sys.argv)
