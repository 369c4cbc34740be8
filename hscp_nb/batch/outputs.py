"""A job's context and files: the typed context its route reads (:class:`~hscp_nb.report.context.Build`), and
everything written once the document has been along the route: ``report.ipynb``, ``changes.csv``, every registered
writer's file, the plain-English summary, the QA page, and last the manifest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

from hscp_nb import __version__
from hscp_nb.batch.plan import Job
from hscp_nb.document.model import Document, FrontMatter
from hscp_nb.document.readability import measure
from hscp_nb.editions import compare, marks, register
from hscp_nb.editions.manifest import Manifest
from hscp_nb.inputs.params import input_files
from hscp_nb.present.section import SectionRecord
from hscp_nb.products.qa import claims_part, qa_page, readability_part
from hscp_nb.report.context import Build
from hscp_nb.report.notebook import write_notebook
from hscp_nb.writers.registry import DATA, LEDGER, PUBLIC, QA, for_audience


def context(job: Job, folder: Path) -> Build:
    """The build's context: its inputs hashed once, the records its sections wrote under ``folder``, the register's
    editions of the report and this build's place among them, and the returns' contact."""
    from hscp_nb.inputs.returns import read_returns

    params, today = job.params, dt.date.today()
    inputs = tuple(input_files(params))
    records = tuple(SectionRecord.read(folder / "sections" / f"{name}.json") for name in job.sections)
    published = tuple(register.editions(job.editions_root or None, params.year.slug, job.partnership.slug))
    status = "provisional" if any(r.provisional for r in records) else "final"
    stamp = register.Stamp.of_build(list(published), inputs, job.code, __version__, status, today)
    about = read_returns(params.returns_file, job.partnership).for_year("about", params.year.start)
    contact = str(about["contact"].iloc[0]) if len(about) and about["contact"].notna().any() else ""
    companions = tuple(w.file_name(FrontMatter(title="")) for w in for_audience(job.writers, PUBLIC))
    return Build(params, inputs, records, published, stamp, job.code, job.cache_key, contact, companions, today)


def summary_of(report: Document, build: Build, folder: Path, writers):
    """The plain-English summary of the report just built (:mod:`hscp_nb.products.summary`), with the contact from
    the returns' About sheet and the names of the files it points readers to."""
    from hscp_nb.products.summary import summary_document

    front, public, data = report.front, for_audience(writers, PUBLIC), for_audience(writers, DATA)
    companions = {
        "report": next((w.file_name(front) for w in public if w.name == "html"), public[0].file_name(front)),
        "formats": [w.name for w in public if w.name != "html"],
        "data": data[0].file_name(front) if data else "",
    }
    return summary_document(report, build.partnership, build.year, build.contact or front.contact,
                            folder / "figures" / "summary", companions)  # fmt: skip


def write_all(document: Document, build: Build, writers, folder: Path, timings: dict, started: float) -> list[str]:
    """Every file of the report into ``folder``; the manifest last, once, from what was written."""
    files = [write_notebook(document, folder)]
    if document.changes is not None:
        files.append(compare.write_changes(list(document.changes), folder))
    for writer in for_audience(writers, PUBLIC, DATA, LEDGER):
        t0 = time.perf_counter()
        files.append(writer.write(document, folder))
        timings[writer.name] = round(time.perf_counter() - t0, 2)
    public, readable, checked = for_audience(writers, PUBLIC), None, {"report.html": document}
    if public:
        t0 = time.perf_counter()
        summary = summary_of(document, build, folder, writers)
        files += [writer.write(summary, folder) for writer in public]
        readable, checked["summary.html"] = measure(summary), summary
        timings["summary"] = round(time.perf_counter() - t0, 2)
    timings["total"] = round(time.perf_counter() - started, 2)
    changes = None if document.changes is None else list(document.changes)
    extra = (marks.qa_part(changes),) + ((readability_part(readable),) if readable else ()) + (claims_part(checked),)
    qa = qa_page(document, build, timings, extra)
    files += [writer.write(qa, folder) for writer in for_audience(writers, QA)]
    manifest(document, build, files, timings, readable).write(folder)
    return files


def manifest(document: Document, build: Build, files: list[str], timings: dict, readable) -> Manifest:
    params = build.params
    return Manifest(
        partnership={"code": build.partnership.code, "name": build.partnership.name, "slug": build.partnership.slug},
        reporting_year=build.year.label,
        parameters={
            "partnership": build.partnership.code,
            "year": build.year.start,
            "data": str(params.data),
            "locality_data": str(params.locality_data),
            "returns": str(params.returns_file),
            "msg_data": str(params.msg_data or ""),
        },  # fmt: skip
        inputs=build.inputs,
        package_version=__version__,
        cache_key=build.cache_key,
        synthetic=build.synthetic,
        sections=tuple(
            {
                "section": r.name,
                "title": r.title,
                "seconds_in_kernel": r.seconds,
                "charts": len(r.charts),
                "tables": len(r.tables),
            }
            for r in build.records
        ),  # fmt: skip
        files=tuple(files),
        timings_seconds=timings,
        compliance=document.checks,
        edition=build.edition.to_json(None if document.changes is None else len(document.changes)),
        code=build.code,
        summary_readability=dataclasses.asdict(readable) if readable else None,
    )
