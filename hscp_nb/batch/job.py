"""One job: run a partnership's section notebooks, stitch them, render the report through every writer the job
asks for, and move the finished folder into place.

A job writes into a temporary folder that replaces the old report only when every file and the manifest are
complete; a failed job leaves the previous report in place and keeps its executed notebook and log under
``outputs/<YYYY-YY>/failed/<slug>/``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb.batch.plan import Job, is_cached
from hscp_nb.batch.session import KernelSession, discard_kernel, execute_section, kernel, warm_up
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.files import atomic_path, replace_dir


@dataclass
class JobOutcome:
    """What became of one job: built, cached, failed (with the failed notebook and the log), running, interrupted or
    not built."""

    partnership: reference.Partnership
    year: ReportingYear
    status: str  # built | cached | failed | running | interrupted | not built
    seconds: float
    detail: str = ""
    failed_notebook: str = ""
    log: str = ""
    timings: dict = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.partnership.slug


class SectionFailed(Exception):
    """A section notebook's cell raised: the job fails, naming the section and keeping its executed notebook."""

    def __init__(self, section: str, cause: Exception):
        super().__init__(section)
        self.section, self.cause = section, cause


def run_job(job: Job) -> JobOutcome:
    """Build one report into a temporary folder and move it into place when complete: run the sections, read them
    into one document, pass it along the report's route, write every file, then the manifest."""
    started = time.perf_counter()
    if job.problem:  # its layout cannot be read: the previous report stays in place
        return _failed(job, None, InputError(list(job.problem)), started)
    if is_cached(job):
        return JobOutcome(job.partnership, job.params.year, "cached", time.perf_counter() - started, "inputs unchanged")
    if job.reuse_kernel:
        kernel()  # launched first, so that on a worker's first job the kernel boots while the imports below run
    from hscp_nb.batch import outputs  # heavy: in the worker
    from hscp_nb.report.steps import report_document

    if job.reuse_kernel:
        warm_up()  # the kernel imports the sections' libraries while this worker gets on with the job
    _freeze_once()
    tmp = leftover_folder(job, os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    timings: dict[str, float] = {}
    try:
        _keep_pack(job.target, tmp)
        executed = run_sections(job, tmp, timings)
        build = outputs.context(job, tmp)
        document = report_document(executed, build)
        outputs.write_all(document, build, job.writers, tmp, timings, started)
        replace_dir(tmp, job.target)
        shutil.rmtree(job.failed_dir, ignore_errors=True)
        met = sum(c.met for c in document.checks)
        detail = f"{met}/{len(document.checks)} requirements met"
        return JobOutcome(
            job.partnership, job.params.year, "built", time.perf_counter() - started, detail, timings=timings
        )
    except SectionFailed as err:
        return _failed(job, err.section, err.cause, started)
    except Exception as err:  # bad input, or an assembler bug: either must not stop the batch; the log keeps it
        return _failed(job, None, err, started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def prepare_worker() -> None:
    """What a worker started ahead of its jobs does first: start its kernel, have it import the sections' libraries,
    and import the writers itself, so that its first job starts at the first cell."""
    kernel()
    warm_up()
    from hscp_nb.batch import outputs  # noqa: F401  (heavy: the writers and their libraries)
    from hscp_nb.report import steps  # noqa: F401


def run_sections(job: Job, folder: Path, timings: dict) -> dict:
    """Each section of the job made, in its layout's order, and written to ``notebooks/``: a notebook executed (in
    the worker's warm kernel, or a fresh one each), a Markdown section read here (no kernel needed); section name →
    executed notebook."""
    from nbclient.exceptions import CellExecutionError

    from hscp_nb.document.notebook import save_notebook

    (folder / "notebooks").mkdir()
    executed = {}
    with KernelSession() if job.reuse_kernel else contextlib.nullcontext() as session:
        for spec in job.layout.sections:
            t0 = time.perf_counter()
            parameters = job.notebook_parameters(spec, folder)
            try:
                if spec.markdown:
                    executed[spec.name] = markdown_notebook(spec, parameters)
                else:
                    executed[spec.name] = (
                        session.run(spec, parameters) if session else execute_section(spec, parameters)
                    )
            except CellExecutionError as err:
                raise SectionFailed(spec.name, err) from None
            except InputError:
                raise
            except Exception:  # a cell that timed out or a kernel that died: the next job gets a fresh kernel
                discard_kernel()
                raise
            timings[spec.name] = round(time.perf_counter() - t0, 2)
            save_notebook(executed[spec.name], folder / "notebooks" / _notebook_name(spec))
    return executed


def _notebook_name(spec) -> str:
    """The executed section's file under ``notebooks/`` (a Markdown section's as a notebook)."""
    return spec.file if spec.notebook else f"{Path(spec.file).stem}.ipynb"


def markdown_notebook(spec, parameters: dict):
    """A Markdown section read into blocks (:mod:`hscp_nb.present.markdown`), its record written, as a notebook of
    one cell displaying them, as an executed section notebook would."""
    import nbformat

    from hscp_nb.document.blocks import MIMETYPE
    from hscp_nb.present.markdown import markdown_section
    from hscp_nb.present.section import open_section

    inputs = {name: parameters[name] for name in spec.reads}
    ctx = open_section(spec.name, parameters["partnership"], parameters["year"], parameters["output_dir"], **inputs)
    blocks = markdown_section(ctx)
    ctx.finish()
    output = nbformat.v4.new_output("display_data", data={MIMETYPE: blocks.to_json()})
    cell = nbformat.v4.new_code_cell(f"# {spec.file}", outputs=[output])
    return nbformat.v4.new_notebook(cells=[cell])


PACK_FOLDER = "benchmarking"  # products.pack.PACK_FOLDER (a test keeps them equal), not imported: pack is heavy


def _keep_pack(report: Path, tmp: Path) -> None:
    """The benchmarking pack (``make charts``) lives in the report's folder but is not the report's: the new folder
    takes it over (hard links, so nothing is copied and the old folder stays whole until replaced)."""
    pack = report / PACK_FOLDER
    if pack.is_dir() and not (tmp / PACK_FOLDER).exists():
        try:
            shutil.copytree(pack, tmp / PACK_FOLDER, copy_function=os.link)
        except OSError:  # a file system without hard links
            shutil.copytree(pack, tmp / PACK_FOLDER, dirs_exist_ok=True)


_FROZEN = False


def _freeze_once() -> None:
    """On a worker's first job: what is alive now (imported libraries, font and style caches) lives as long as the
    worker, and freezing it keeps the garbage collector from rescanning it on every report. Only once: freezing at
    every job also froze each job's garbage for good, and a worker grew by about 2.3 MB a report (1.5 GiB more over
    the 310 reports of YEAR=all)."""
    global _FROZEN
    if not _FROZEN:
        gc.collect()
        gc.freeze()
        _FROZEN = True


def leftover_folder(job: Job, worker_pid: int) -> Path:
    """The temporary folder a worker writes a job into."""
    return job.target.parent / f".tmp-{job.partnership.slug}-{worker_pid}"


def _failed(job: Job, section: str | None, err: Exception, started: float) -> JobOutcome:
    import nbformat

    job.failed_dir.mkdir(parents=True, exist_ok=True)
    ename = getattr(err, "ename", type(err).__name__)
    evalue = getattr(err, "evalue", str(err))
    if ename == "InputError" or isinstance(err, InputError):
        detail = evalue.strip()
    else:
        first = str(evalue).strip().splitlines()[0] if str(evalue).strip() else ""
        detail = f"{section or 'assembly'}: {ename}: {first}"
    trace = str(err) if hasattr(err, "ename") else "".join(traceback.format_exception(err))
    log = write_log(job, detail, trace)
    notebook = ""
    if getattr(err, "notebook", None) is not None and section:
        path = job.failed_dir / _notebook_name(job.layout[section])
        nbformat.write(err.notebook, path)
        notebook = str(path)
    return JobOutcome(
        job.partnership, job.params.year, "failed", time.perf_counter() - started, detail, notebook, str(log)
    )


def write_log(job: Job, detail: str, body: str = "") -> Path:
    """``failed/<slug>/error.log``: never empty, written whole (a temporary file moved into place)."""
    log = job.failed_dir / "error.log"
    job.failed_dir.mkdir(parents=True, exist_ok=True)
    with atomic_path(log) as tmp:
        tmp.write_text(f"{job}: {detail}\n\n{body or detail}\n", encoding="utf-8")
    return log
