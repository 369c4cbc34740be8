"""One job: run a partnership's section notebooks, stitch them, render the report through every writer the job
asks for, and move the finished folder into place.

A job writes into a temporary folder that replaces the old report only when every file and the manifest are
complete; a failed job leaves the previous report in place and keeps its executed notebook and log under
``outputs/<YYYY-YY>/failed/<slug>/``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
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
from hscp_nb.domain.sections import SECTIONS
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.files import atomic_path, replace_dir
from hscp_nb.writers.registry import DATA, LEDGER, PUBLIC, QA, for_audience


@dataclass
class Result:
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


def run_job(job: Job) -> Result:
    """Build one report into a temporary folder and move it into place when complete."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    started = time.perf_counter()
    if is_cached(job):
        return Result(job.partnership, job.params.year, "cached", time.perf_counter() - started, "inputs unchanged")
    if job.reuse_kernel:
        kernel()  # launched first, so that on a worker's first job the kernel boots while the imports below run
    from hscp_nb.batch.assemble import combine, input_files, manifest, report_front, write_json  # heavy: in worker
    from hscp_nb.batch.editions_view import compare, edition_of, publication_check, qa_part, with_edition
    from hscp_nb.batch.qa import claims_part, qa_document, readability_part
    from hscp_nb.document.notebook import read_notebook
    from hscp_nb.document.readability import measure

    if job.reuse_kernel:
        warm_up()  # the kernel imports the sections' libraries while this worker gets on with the job

    _freeze_once()
    params = job.params
    tmp = leftover_folder(job, os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    timings: dict[str, float] = {}
    executed = {}
    try:
        parameters = job.notebook_parameters(tmp)
        (tmp / "notebooks").mkdir()
        with KernelSession() if job.reuse_kernel else contextlib.nullcontext() as session:
            for name in job.sections:
                t0 = time.perf_counter()
                try:
                    executed[name] = session.run(name, parameters) if session else execute_section(name, parameters)
                except CellExecutionError as err:
                    return _failed(job, name, err, started)
                except Exception:  # a cell that timed out or a kernel that died: the next job gets a fresh kernel
                    discard_kernel()
                    raise
                timings[name] = round(time.perf_counter() - t0, 2)
                nbformat.write(executed[name], tmp / "notebooks" / SECTIONS[name].notebook)
        records = {name: json.loads((tmp / "sections" / f"{name}.json").read_text()) for name in job.sections}
        inputs = input_files(params)
        book, _, checks = combine(executed, records, params.partnership.is_lead_agency, inputs)
        checks = publication_check(checks, job)
        writers = job.writers
        public = for_audience(writers, PUBLIC)
        front = report_front(params, records, inputs)
        returns_contact = _returns_contact(job)  # read once, for the report's front matter and the summary
        front = dataclasses.replace(front, companions=tuple(w.file_name(front) for w in public),
                                    contact=_with_returns_contact(front.contact, returns_contact))  # fmt: skip
        edition = edition_of(job, records, inputs)
        front = dataclasses.replace(front, facts=with_edition(front.facts, edition))
        book.metadata["hscp_nb"] = {"report": front.to_json()}
        changed = compare(edition, book, tmp)
        nbformat.write(book, tmp / "report.ipynb")
        # The writers are the nbconvert exporters' (`jupyter nbconvert --to hscp-pdf` gives the same files); the
        # notebook's blocks are read once for all of them.
        document = read_notebook(book)
        files = ["report.ipynb"] + (["changes.csv"] if changed is not None else [])
        for writer in for_audience(writers, PUBLIC, DATA, LEDGER):
            t0 = time.perf_counter()
            files.append(writer.write(document, tmp))
            timings[writer.name] = round(time.perf_counter() - t0, 2)
        readable, checked = None, {"report.html": document}
        if public:
            t0 = time.perf_counter()
            summary = summary_of(job, document, tmp, public, for_audience(writers, DATA), returns_contact)
            files += [writer.write(summary, tmp) for writer in public]
            readable = measure(summary)
            checked["summary.html"] = summary
            timings["summary"] = round(time.perf_counter() - t0, 2)
        timings["total"] = round(time.perf_counter() - started, 2)
        extra = (qa_part(changed),) + ((readability_part(readable),) if readable else ()) + (claims_part(checked),)
        qa = qa_document(front, checks, records, inputs, timings, extra=extra, document=document)
        files += [writer.write(qa, tmp) for writer in for_audience(writers, QA)]
        record = manifest(params, job.cache_key, records, checks, timings, inputs, files)
        record["edition"] = {k: v for k, v in edition.items() if k not in ("previous", "inputs")}
        record["code"] = job.code
        record["summary_readability"] = dataclasses.asdict(readable) if readable else None
        record["edition"]["changes"] = None if changed is None else len(changed)
        write_json(tmp / "manifest.json", record)
        _keep_pack(job.target, tmp)
        replace_dir(tmp, job.target)
        shutil.rmtree(job.failed_dir, ignore_errors=True)
        met = sum(c["status"] == "MET" for c in checks)
        return Result(
            job.partnership,
            job.params.year,
            "built",
            time.perf_counter() - started,
            f"{met}/{len(checks)} requirements met",
            timings=timings,
        )
    except Exception as err:  # bad input, or an assembler bug: either must not stop the batch; the log keeps it
        return _failed(job, None, err, started)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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


def _returns_contact(job: Job) -> str:
    """The contact the returns' About sheet gives for the year (an email address or a name), or ''."""
    from hscp_nb.inputs.returns import read_returns

    about = read_returns(job.params.returns_file, job.partnership).for_year("about", job.params.year.start)
    return str(about["contact"].iloc[0]) if len(about) and about["contact"].notna().any() else ""


def _with_returns_contact(team: str, contact: str) -> str:
    """The report's contact: the team, then the contact from the returns when they give one."""
    return f"{team}: {contact}" if team and contact else contact or team


def summary_of(job: Job, report, folder: Path, public, data, contact: str):
    """The plain-English summary of the report just built (:mod:`hscp_nb.products.summary`), with the contact from
    the returns' About sheet and the names of the files it points readers to."""
    from hscp_nb.products.summary import summary_document

    front = report.front
    companions = {
        "report": next((w.file_name(front) for w in public if w.name == "html"), public[0].file_name(front)),
        "formats": [w.name for w in public if w.name != "html"],
        "data": data[0].file_name(front) if data else "",
    }
    charts = folder / "figures" / "summary"
    return summary_document(report, job.partnership, job.params.year, contact or front.contact, charts, companions)


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


def _failed(job: Job, section: str | None, err: Exception, started: float) -> Result:
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
        path = job.failed_dir / SECTIONS[section].notebook
        nbformat.write(err.notebook, path)
        notebook = str(path)
    return Result(job.partnership, job.params.year, "failed", time.perf_counter() - started, detail, notebook, str(log))


def write_log(job: Job, detail: str, body: str = "") -> Path:
    """``failed/<slug>/error.log``: never empty, written whole (a temporary file moved into place)."""
    log = job.failed_dir / "error.log"
    job.failed_dir.mkdir(parents=True, exist_ok=True)
    with atomic_path(log) as tmp:
        tmp.write_text(f"{job}: {detail}\n\n{body or detail}\n", encoding="utf-8")
    return log
