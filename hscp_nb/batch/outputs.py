"""A job's context and files: the typed context its route reads (:class:`~hscp_nb.report.context.Build`), and
everything written once the document has been along the route: the plain-English summary, ``report.ipynb``,
``changes.csv``, every registered writer's file, the QA page, and last the manifest.

Each function calls the rooms below it from the highest to the lowest, so that one job's route, followed call by
call, rarely climbs back up a room (``benchmarks/route.py`` counts it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

from hscp_nb import __version__
from hscp_nb.batch.plan import Job
from hscp_nb.document.model import Document, FrontMatter
from hscp_nb.document.readability import measure
from hscp_nb.editions import compare, register
from hscp_nb.editions.manifest import Manifest
from hscp_nb.inputs.brand import brand_digest
from hscp_nb.inputs.catalogue import INPUTS
from hscp_nb.inputs.params import input_files
from hscp_nb.inputs.returns import read_returns
from hscp_nb.present.section import SectionRecord
from hscp_nb.products.qa import qa_page
from hscp_nb.products.summary import summary_of
from hscp_nb.report.context import Build
from hscp_nb.report.notebook import write_notebook
from hscp_nb.writers.registry import DATA, LEDGER, PUBLIC, QA


def context(job: Job, folder: Path) -> Build:
    """The build's context: the register's editions of the report, the public files it will have, the records its
    sections wrote under ``folder``, its inputs hashed once, and the returns' contact."""
    params = job.params
    published = tuple(register.editions(job.editions_root or None, params.year.slug, job.partnership.slug))
    companions = tuple(w.file_name(FrontMatter(title="")) for w in job.writers if w.audience == PUBLIC)
    records = tuple(SectionRecord.read(folder / "sections" / f"{name}.json") for name in job.sections)
    inputs = tuple(input_files(params, job.reads))
    contact = read_returns(params.returns_file, job.partnership).contact(params.year.start)
    return Build(params, inputs, records, published, job.code, job.cache_key, contact, companions, dt.date.today(),
                 job.layout)  # fmt: skip


def write_all(document: Document, build: Build, writers, folder: Path, timings: dict, started: float) -> list[str]:
    """Every file of the report into ``folder``; the manifest last, once, from what was written."""
    public = [w for w in writers if w.audience == PUBLIC]
    t0 = time.perf_counter()
    own = any(s.own for s in build.layout.sections)  # the summary names a report's own sections
    summary = (
        summary_of(document, build.partnership, build.year, build.contact, folder, writers, own) if public else None
    )
    summary_seconds = time.perf_counter() - t0
    files = [write_notebook(document, folder)]
    if document.changes is not None:
        files.append(compare.write_changes(list(document.changes), folder))
    for writer in [w for w in writers if w.audience in (PUBLIC, DATA, LEDGER)]:
        t1 = time.perf_counter()
        files.append(writer.write(document, folder))
        timings[writer.name] = round(time.perf_counter() - t1, 2)
    if summary is not None:
        t0 = time.perf_counter()
        files += [writer.write(summary, folder) for writer in public]
        timings["summary"] = round(summary_seconds + time.perf_counter() - t0, 2)
    readable = measure(summary) if summary is not None else None
    timings["total"] = round(time.perf_counter() - started, 2)
    qa = qa_page(document, build, timings, summary, readable)
    files += [writer.write(qa, folder) for writer in writers if writer.audience == QA]
    params, partnership = build.params, build.partnership
    Manifest(
        partnership={"code": partnership.code, "name": partnership.name, "slug": partnership.slug},
        reporting_year=build.year.label,
        parameters={"partnership": partnership.code, "year": build.year.start}
        | {name: str(params.path(name) or "") for name in INPUTS}
        | {"brand": brand_digest(params.local_folder) or ""},  # the look (presentation only: no figure moves)
        inputs=build.inputs,
        package_version=__version__,
        cache_key=build.cache_key,
        synthetic=build.synthetic,
        sections=tuple(
            {
                "section": r.name,
                "title": r.title,
                "file": build.layout[r.name].file,
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
    ).write(folder)
    return files
