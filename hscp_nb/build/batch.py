"""Build many reports: plan jobs, run them in parallel worker processes, summarise.

A job is one partnership's report for one year. Each worker keeps one Jupyter kernel alive and runs every section
notebook of its jobs in it (a ``%reset -f`` cell first, so no notebook sees another's variables; a test shows the
outputs equal fresh-kernel runs). A job writes into a temporary folder that replaces the old report only when HTML,
PDF and manifest are complete; a failed job leaves the previous report in place and keeps its executed notebook and
log under ``outputs/<YYYY-YY>/failed/<slug>/``. Unchanged inputs (data, returns, notebooks, package) are a cache hit.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb import __version__
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.sections import SECTIONS
from hscp_nb.domain.years import FIRST_REPORTING_YEAR, ReportingYear
from hscp_nb.inputs.files import atomic_path, replace_dir, sha256
from hscp_nb.inputs.params import NOTEBOOKS_DIR, ReportParams, default_output_root

logger = logging.getLogger(__name__)


@dataclass
class Job:
    partnership_code: str
    partnership_name: str
    slug: str
    year: int
    data: str
    locality_data: str
    returns: str
    sections: list[str]
    output_root: str
    cache_key: str = ""
    force: bool = False
    reuse_kernel: bool = True
    pdf: bool = True

    @property
    def params(self) -> ReportParams:
        return ReportParams.build(
            partnership=self.partnership_code,
            year=self.year,
            data=self.data,
            locality_data=self.locality_data,
            returns=self.returns,
        )

    @property
    def target(self) -> Path:
        return Path(self.output_root) / self.params.year.slug / self.slug

    @property
    def failed_dir(self) -> Path:
        return Path(self.output_root) / self.params.year.slug / "failed" / self.slug


@dataclass
class Result:
    partnership: str
    slug: str
    status: str  # built | cached | failed
    seconds: float
    detail: str = ""
    failed_notebook: str = ""
    log: str = ""
    timings: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------- plan
def _package_digest() -> str:
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".j2", ".css", ".json"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def plan(
    year,
    partnerships: str | list[str] | None = None,
    sections: str | list[str] | None = None,
    *,
    data=None,
    locality_data=None,
    returns=None,
    output_root=None,
    force=False,
    reuse_kernel=True,
    pdf=True,
) -> list[Job]:
    """Validate the batch's parameters and list one job per partnership, each with its cache key."""
    chosen = reference.resolve_partnerships(partnerships)
    names = [s.strip() for s in sections.split(",")] if isinstance(sections, str) else list(sections or SECTIONS)
    names = [s for s in names if s]
    unknown = [s for s in names if s not in SECTIONS]
    if unknown:
        raise InputError(
            Problem(
                file="parameters",
                column="sections",
                found=", ".join(unknown),
                expected="some of " + ", ".join(SECTIONS),
            )
        )
    names = sorted(names, key=lambda s: SECTIONS[s].order)
    base = ReportParams.build(
        partnership=chosen[0].code, year=year, data=data, locality_data=locality_data, returns=returns
    )
    base.check_files()
    check_year_in_data(base)
    root = check_output_root(Path(output_root or default_output_root()))
    shared = hashlib.sha256()
    shared.update(_package_digest().encode())
    shared.update(sha256(base.data).encode())
    if base.locality_data:
        shared.update(sha256(base.locality_data).encode())
    for name in names:
        shared.update((NOTEBOOKS_DIR / SECTIONS[name].notebook).read_bytes())
    shared.update(json.dumps([base.year.start, names, pdf]).encode())
    jobs = []
    for p in chosen:
        params = ReportParams.build(
            partnership=p.code, year=year, data=data, locality_data=locality_data, returns=returns
        )
        key = hashlib.sha256(shared.digest())
        returns_file = params.returns_file
        key.update(sha256(returns_file).encode() if returns_file.is_file() else b"missing")
        key.update(p.code.encode())
        jobs.append(
            Job(
                p.code,
                p.name,
                p.slug,
                params.year.start,
                str(params.data),
                str(params.locality_data or ""),
                str(params.returns),
                names,
                str(root),
                key.hexdigest(),
                force,
                reuse_kernel,
                pdf,
            )
        )
    return jobs


def check_output_root(root: Path) -> Path:
    """The output folder, created if need be and shown to be writable, or one InputError saying why not."""
    import tempfile

    root = root.expanduser().resolve()
    problem = None
    if root.exists() and not root.is_dir():
        problem = "a file"
    else:
        try:
            root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=root):
                pass
        except OSError as err:
            problem = err.strerror or type(err).__name__
    if problem:
        raise InputError(Problem(file=str(root), found=problem, expected="a folder the reports can be written to "
                                 "(--output)"))  # fmt: skip
    return root


def check_year_in_data(params: ReportParams) -> None:
    """Refuse, before any job starts, a reporting year after the latest financial year of the PHS file (reading it
    here also validates it once, rather than in every job)."""
    from hscp_nb.inputs.phs import read_core_suite

    table = read_core_suite(params.data).table
    financial = table[table["period_basis"] == "financial"]["year_start"]
    latest = int((financial if len(financial) else table["year_start"]).max())
    if params.year.start > latest:
        raise InputError(
            Problem(
                file=str(params.data),
                column="Year",
                found=params.year.label,
                expected=f"a reporting year from {ReportingYear(FIRST_REPORTING_YEAR).label} to "
                f"{ReportingYear(latest).label}, the latest financial year in this PHS file",
            )
        )


def is_cached(job: Job) -> bool:
    manifest = job.target / "manifest.json"
    needed = ["report.html", "report.docx", "report-data.xlsx"] + (["report.pdf"] if job.pdf else [])
    if job.force or not manifest.exists() or not all((job.target / name).exists() for name in needed):
        return False
    try:
        return json.loads(manifest.read_text())["cache_key"] == job.cache_key
    except (ValueError, KeyError):
        return False


# ------------------------------------------------------------------------------------------------------- execute
_KERNEL = None


def _kernel():
    """This worker's kernel, started on first use and shut down when the worker exits."""
    global _KERNEL
    from hscp_nb.build.kernels import start_kernel

    if _KERNEL is None or not _KERNEL.is_alive():
        _KERNEL = start_kernel(NOTEBOOKS_DIR)  # quiet: no per-kernel notices in batch output
        multiprocessing.util.Finalize(None, _KERNEL.shutdown_kernel, kwargs={"now": True}, exitpriority=10)
    return _KERNEL


# Before each notebook in a shared kernel: forget the previous notebook's variables and figures, then move what
# survives (imported modules, caches) out of the garbage collector's sight, so that later collections, including the
# one %reset makes, only scan new objects (saves about 0.1 s a notebook; outputs unchanged).
_RESET = "%reset -f\nimport gc as _gc, matplotlib.pyplot as _plt\n_plt.close('all')\n_gc.freeze()\ndel _gc, _plt"


def _prepared(name: str, parameters: dict, reset: bool):
    """The section notebook with papermill's parameter cell injected (and a namespace reset first when sharing)."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    book = parameterize_notebook(load_notebook_node(str(NOTEBOOKS_DIR / SECTIONS[name].notebook)), parameters)
    if reset:
        book.cells.insert(0, nbformat.v4.new_code_cell(_RESET, metadata={"tags": ["hscp-nb-internal"]}))
    return book


_CLIENT = None


def _client():
    """One client connection to this worker's kernel, kept for every notebook of every job the worker runs (opening
    one costs about 0.2 s); a new one only if the kernel had to be restarted."""
    global _CLIENT
    import nbformat
    from nbclient import NotebookClient

    km = _kernel()
    if _CLIENT is None or _CLIENT.km is not km:
        _close_client()
        _CLIENT = NotebookClient(nbformat.v4.new_notebook(), km=km, timeout=900, record_timing=False)
        _CLIENT.start_new_kernel_client()
    return _CLIENT


def _close_client() -> None:
    global _CLIENT
    if _CLIENT is not None and _CLIENT.kc is not None:
        _CLIENT.kc.stop_channels()
    _CLIENT = None


def _discard_kernel() -> None:
    """Drop this worker's kernel and client (after a timeout or a crash), so that the next job starts afresh."""
    global _KERNEL
    _close_client()
    if _KERNEL is not None:
        _KERNEL.shutdown_kernel(now=True)
    _KERNEL = None


class KernelSession:
    """Runs section notebooks one after another in this worker's kernel, each after a namespace reset."""

    def __enter__(self):
        self.client = _client()
        return self

    def __exit__(self, *exc):
        return False

    def run(self, name: str, parameters: dict):
        """Execute one section notebook; CellExecutionError carries the partly executed notebook as ``.notebook``."""
        from nbclient.exceptions import CellExecutionError

        book = _prepared(name, parameters, reset=True)
        self.client.nb = book
        for index, cell in enumerate(book.cells):
            try:
                self.client.execute_cell(cell, index)
            except CellExecutionError as err:
                err.notebook = book
                raise
        return book


def execute_section(name: str, parameters: dict):
    """Run one section notebook in a fresh kernel (the naive way, kept for ``reuse_kernel=False`` and for tests)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from hscp_nb.build.kernels import IsolatedKernelManager

    book = _prepared(name, parameters, reset=False)
    client = NotebookClient(
        book,
        kernel_name="python3",
        kernel_manager_class=IsolatedKernelManager,
        timeout=900,
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    try:
        client.execute()
    except CellExecutionError as err:
        err.notebook = client.nb
        raise
    return client.nb


def run_job(job: Job) -> Result:
    """Build one report into a temporary folder and move it into place when complete."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    started = time.perf_counter()
    if is_cached(job):
        return Result(job.partnership_name, job.slug, "cached", time.perf_counter() - started, "inputs unchanged")
    if job.reuse_kernel:
        _kernel()  # launched first, so that on a worker's first job the kernel boots while the import below runs
    from hscp_nb.build.assemble import combine, input_files, manifest, report_meta, write_json  # heavy: in the worker
    from hscp_nb.build.qa import qa_document
    from hscp_nb.document.exporters import ReportDocxExporter, ReportHTMLExporter, ReportPDFExporter
    from hscp_nb.document.html import render_document
    from hscp_nb.document.notebook import read_notebook
    from hscp_nb.document.xlsx import render_workbook

    # What is alive now (imported libraries, font and style caches) lives as long as the worker: freezing it keeps
    # the garbage collector from rescanning it on every report.
    gc.collect()
    gc.freeze()
    params = job.params
    tmp = job.target.parent / f".tmp-{job.slug}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    timings: dict[str, float] = {}
    executed = {}
    try:
        parameters = {
            "partnership": job.partnership_code,
            "year": job.year,
            "data": job.data,
            "locality_data": job.locality_data,
            "returns": job.returns,
            "output_dir": str(tmp),
        }
        (tmp / "notebooks").mkdir()
        with KernelSession() if job.reuse_kernel else contextlib.nullcontext() as session:
            for name in job.sections:
                t0 = time.perf_counter()
                try:
                    executed[name] = session.run(name, parameters) if session else execute_section(name, parameters)
                except CellExecutionError as err:
                    return _failed(job, tmp, name, err, started)
                except Exception:  # a cell that timed out or a kernel that died: the next job gets a fresh kernel
                    _discard_kernel()
                    raise
                timings[name] = round(time.perf_counter() - t0, 2)
                nbformat.write(executed[name], tmp / "notebooks" / SECTIONS[name].notebook)
        records = {name: json.loads((tmp / "sections" / f"{name}.json").read_text()) for name in job.sections}
        inputs = input_files(params)
        book, contents, checks = combine(executed, records, params.partnership.is_lead_agency, inputs)
        meta = report_meta(params, records, contents, inputs)
        book.metadata["hscp_nb"] = {"report": meta}
        nbformat.write(book, tmp / "report.ipynb")
        # The renderers are the nbconvert exporters (`jupyter nbconvert --to hscp-pdf` gives the same files); the
        # notebook's blocks are read once for all four.
        document = read_notebook(book)
        outputs = [("html", "report.html", ReportHTMLExporter), ("docx", "report.docx", ReportDocxExporter)]
        if job.pdf:
            outputs.insert(1, ("pdf", "report.pdf", ReportPDFExporter))
        for label, filename, exporter in outputs:
            t0 = time.perf_counter()
            rendered = exporter().render(document)
            path = tmp / filename
            path.write_text(rendered, encoding="utf-8") if isinstance(rendered, str) else path.write_bytes(rendered)
            timings[label] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        (tmp / "report-data.xlsx").write_bytes(render_workbook(document))
        timings["xlsx"] = round(time.perf_counter() - t0, 2)
        timings["total"] = round(time.perf_counter() - started, 2)
        write_json(tmp / "manifest.json", manifest(params, job.cache_key, records, checks, timings, inputs))
        qa = qa_document(meta, checks, records, inputs, timings)
        (tmp / "qa.html").write_text(render_document(qa, "page.html.j2"), encoding="utf-8")
        replace_dir(tmp, job.target)
        shutil.rmtree(job.failed_dir, ignore_errors=True)
        missing = sum(c["status"] == "MISSING" for c in checks)
        return Result(
            job.partnership_name,
            job.slug,
            "built",
            time.perf_counter() - started,
            f"{len(checks) - missing}/{len(checks)} requirements met",
            timings=timings,
        )
    except InputError as err:
        return _failed(job, tmp, None, err, started)
    except Exception as err:  # an assembler bug must not stop the batch; the log keeps the traceback
        return _failed(job, tmp, None, err, started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _failed(job: Job, tmp: Path, section: str | None, err: Exception, started: float) -> Result:
    import nbformat

    job.failed_dir.mkdir(parents=True, exist_ok=True)
    ename = getattr(err, "ename", type(err).__name__)
    evalue = getattr(err, "evalue", str(err))
    if ename == "InputError" or isinstance(err, InputError):
        detail = evalue.strip()
    else:
        detail = (
            f"{section or 'assembly'}: {ename}: {str(evalue).strip().splitlines()[0] if str(evalue).strip() else ''}"
        )
    trace = str(err) if hasattr(err, "ename") else "".join(traceback.format_exception(err))
    log = _write_log(job, detail, trace)
    notebook = ""
    if getattr(err, "notebook", None) is not None and section:
        path = job.failed_dir / SECTIONS[section].notebook
        nbformat.write(err.notebook, path)
        notebook = str(path)
    return Result(job.partnership_name, job.slug, "failed", time.perf_counter() - started, detail, notebook, str(log))


# ----------------------------------------------------------------------------------------------------------- run
INTERRUPTED, NOT_BUILT = "interrupted", "not built"


def leftover_folder(job: Job, worker_pid: int) -> Path:
    """The temporary folder a worker writes a job into (see run_job)."""
    return job.target.parent / f".tmp-{job.slug}-{worker_pid}"


def clean_stale(jobs: list[Job]) -> list[str]:
    """Before a run: remove what crashed or killed runs left behind (temporary report folders and kernel socket
    folders whose process is gone), and put back a report that a run killed mid-move left as ``.<slug>.old``.
    Folders of a batch still running on the same machine are kept. Returns what it did, for the log."""
    from hscp_nb.build.kernels import clean_stale_folders, pid_alive

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


def _write_log(job: Job, detail: str, body: str = "") -> Path:
    """``failed/<slug>/error.log``: never empty, written whole (a temporary file moved into place)."""

    log = job.failed_dir / "error.log"
    with atomic_path(log) as tmp:
        tmp.write_text(f"{job.partnership_name} {job.params.year.label}: {detail}\n\n{body or detail}\n",
                       encoding="utf-8")  # fmt: skip
    return log


def run(jobs: list[Job], workers: int | None = None, on_update=None) -> list[Result]:
    """Run jobs, cached ones in this process and the rest in ``workers`` processes; ``on_update(result, event)`` per
    job ('start' or 'done').

    A worker that dies fails only its own job (its log says how), and a new worker takes the rest. On SIGINT or
    SIGTERM no further job starts, running ones are stopped within seconds (workers and kernels), their temporary
    folders are removed, and their results are 'interrupted' (those never started 'not built'); a second signal ends
    every worker at once. Previous reports are never touched by an unfinished job."""
    from hscp_nb.build.workers import Pool

    clean_stale(jobs)
    results: dict[str, Result] = {}
    pending = []
    for job in jobs:
        if is_cached(job):
            shutil.rmtree(job.failed_dir, ignore_errors=True)  # an old failure is history once the report is good
            results[job.slug] = Result(job.partnership_name, job.slug, "cached", 0.0, "inputs unchanged")
            on_update and on_update(results[job.slug], "done")
        else:
            pending.append(job)
    if not pending:
        return [results[job.slug] for job in jobs]
    pool = Pool(max(1, min(workers or os.cpu_count() or 1, len(pending))), run_job, leftover_folder)

    def started(job):
        on_update and on_update(Result(job.partnership_name, job.slug, "running", 0.0), "start")

    def done(job, result):
        results[job.slug] = result
        logger.info("%s: %s in %.1f s %s", job.partnership_name, result.status, result.seconds,
                    result.detail.splitlines()[0] if result.detail else "")  # fmt: skip
        on_update and on_update(result, "done")

    def died(job, what):
        detail = f"{what}; the report was not built and any previous report is unchanged"
        log = _write_log(job, detail)
        done(job, Result(job.partnership_name, job.slug, "failed", 0.0, detail, log=str(log)))

    with _stop_on_signals(pool):
        running, never_started = pool.run(pending, started, done, died)
    for status, unfinished in ((INTERRUPTED, running), (NOT_BUILT, never_started)):
        for job in unfinished:
            detail = "stopped by an interrupt; any previous report is unchanged"
            results.setdefault(job.slug, Result(job.partnership_name, job.slug, status, 0.0, detail))
    return [results[job.slug] for job in jobs]


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


def write_index(jobs: list[Job], results: list[Result]) -> Path | None:
    """outputs/<YYYY-YY>/index.html listing every partnership that has a report for the year, and this run's status."""
    from hscp_nb.build.assemble import INDEX_LINKS, index_page

    if not jobs:
        return None
    year_dir = jobs[0].target.parent
    this_run = {r.slug: r for r in results}
    rows = []
    for p in reference.partnerships():
        report = year_dir / p.slug
        has = (report / "report.html").exists()
        r = this_run.get(p.slug)
        status = r.status if r else ("built earlier" if has else "not built")
        row = {"partnership": p.name, "slug": p.slug, "status": status, "has_report": has,
               "detail": r.detail if r else "", "met": None, "synthetic": False, "log": None, "notebook": None,
               "files": {href for href, _ in INDEX_LINKS if (report / href).exists()}}  # fmt: skip
        if has:  # requirements met as the report's own manifest records them, for cached and earlier reports too
            try:
                manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
                checks = manifest.get("compliance", [])
                row["met"] = (sum(c["status"] == "MET" for c in checks), len(checks))
                row["synthetic"] = bool(manifest.get("synthetic"))
            except (OSError, ValueError, KeyError):
                pass
        failed = year_dir / "failed" / p.slug
        if status == "failed":
            if (failed / "error.log").exists():
                row["log"] = f"failed/{p.slug}/error.log"
            notebook = next(iter(sorted(failed.glob("*.ipynb"))), None)
            if notebook is not None:
                row["notebook"] = f"failed/{p.slug}/{notebook.name}"
            if has:
                row["detail"] += " (the previous report is kept)"
        rows.append(row)
    path = year_dir / "index.html"
    with atomic_path(path) as tmp:  # an interrupt never leaves half an index
        tmp.write_text(index_page(jobs[0].params.year.label, rows), encoding="utf-8")
    return path
