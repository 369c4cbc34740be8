"""Stitch executed section notebooks into one report notebook, build its front matter, and write its manifest.

Everything shown comes from the executed notebooks' blocks and their ``sections/*.json`` records; the assembler
orders, it never recomputes a figure and never parses HTML.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from hscp_nb import __version__
from hscp_nb.batch.qa import about_blocks, source_line, words_of
from hscp_nb.document.blocks import MIMETYPE, Blocks, Heading, from_json
from hscp_nb.document.model import FrontMatter
from hscp_nb.domain.requirements import checklist
from hscp_nb.domain.sections import SECTIONS
from hscp_nb.inputs.files import sha256
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.formats import date
from hscp_nb.present.wording import method_notes

if TYPE_CHECKING:  # nbformat takes a second to import (its schema checker's grammar): only the assembler needs it
    import nbformat

STATUTE = "Public Bodies (Joint Working) (Scotland) Act 2014 s42"
ANNEX = {"id": "annex", "title": "Annex: national indicators"}
ABOUT = {"id": "about", "title": "About this report"}


def blocks_cell(blocks: Blocks, part: dict):
    """A cell that displays blocks, as a section notebook's cells do (JupyterLab shows its HTML)."""
    import nbformat

    from hscp_nb.writers.html import render_blocks

    output = nbformat.v4.new_output(
        "display_data", data={"text/html": render_blocks(blocks), MIMETYPE: blocks.to_json()}
    )
    return nbformat.v4.new_code_cell(source="", outputs=[output], metadata={"hscp_nb": {"part": part}})


def combine(
    executed: dict[str, nbformat.NotebookNode], records: dict[str, dict], lead_agency: bool, inputs: list[dict]
) -> tuple[nbformat.NotebookNode, list[dict], list[dict]]:
    """One notebook: each section a part, annex cells moved to a part of their own at the end, then "About this
    report". Returns the notebook, its contents list and the compliance checks."""
    import nbformat

    book = nbformat.v4.new_notebook()
    contents, annex_cells = [], []
    for name in sorted(executed, key=lambda n: SECTIONS[n].order):
        order, title = SECTIONS[name].order, SECTIONS[name].title
        part = {"id": f"section-{order}-{name}", "title": f"{order}. {title}"}
        contents.append(part)
        for cell in executed[name].cells:
            tags = cell.metadata.get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags or "hscp-nb-internal" in tags:
                continue
            cell = copy.copy(cell)
            cell.metadata = {**cell.metadata, "hscp_nb": {"part": ANNEX if "annex" in tags else part}}
            (annex_cells if "annex" in tags else book.cells).append(cell)
    if annex_cells:
        contents.append(ANNEX)
        book.cells.append(blocks_cell(Blocks(Heading(ANNEX["title"], 2)), ANNEX))
        book.cells.extend(annex_cells)
    checks = checklist(list(records.values()), lead_agency)
    contents.append(ABOUT)
    used = "\n".join([STATUTE, *(source_line(i) for i in inputs), *(words_of(b) for b in _blocks_of(book))])
    book.cells.append(blocks_cell(about_blocks(checks, inputs, used), ABOUT))
    return book, contents, checks


def _blocks_of(book) -> list[Blocks]:
    """The document blocks every cell of ``book`` displays (what the report's parts print)."""
    return [from_json(output["data"][MIMETYPE]) for cell in book.cells for output in cell.get("outputs", ())
            if MIMETYPE in output.get("data", {})]  # fmt: skip


def input_files(params: ReportParams) -> list[dict]:
    """Every input of a report with what it is and its SHA-256, hashed once for the title page and the manifest."""
    files = [("PHS Core Suite of Integration Indicators", params.data)]
    if params.locality_data and params.locality_data.exists():
        files.append(("PHS locality extract", params.locality_data))
    files.append((f"{params.partnership.name} local returns", params.returns_file))
    if params.msg_data and params.msg_data.exists():
        files.append(("PHS Ministerial Strategic Group indicators", params.msg_data))
    described = {"PHS Ministerial Strategic Group indicators": "PHS's MSG data files, in the folder"}
    return [{"what": what, "path": str(path), "sha256": sha256(path)} | ({"described": described[what]}
            if what in described and path.is_dir() else {}) for what, path in files]  # fmt: skip


def report_front(params: ReportParams, records: dict[str, dict], inputs: list[dict]) -> FrontMatter:
    """The report's front matter, built once for every writer: its title page's facts, sources and status."""
    p, year = params.partnership, params.year
    provisional = any(r["provisional"] for r in records.values())
    edition = (
        "Provisional: figures from unaudited accounts and provisional PHS data; to be refreshed"
        if provisional
        else "Final: audited accounts"
    )
    model = (
        "Lead agency (NHS Highland), overseen by a Joint Monitoring Committee"
        if p.is_lead_agency
        else "Integration Joint Board"
    )
    return FrontMatter(
        title=f"{p.name} Health and Social Care Partnership: Annual Performance Report {year.label}",
        description=f"Statutory annual performance report of {p.name} for {year.label}",
        eyebrow=f"Annual Performance Report {year.label}",
        heading=f"{p.name} Health and Social Care Partnership",
        partnership=p.name,
        year_label=year.label,
        facts=(
            ("Reporting year", f"{year.label} (1 April {year.start} to 31 March {year.start + 1})"),
            ("Publication deadline", f"{date(year.publication_deadline)} ({STATUTE})"),
            ("Governance model", model),
            ("Edition", edition),
        ),
        sources=tuple(source_line(i) for i in inputs),
        notes=tuple(method_notes()),  # how to read the figures: the data workbook's notes
        synthetic=any(r["synthetic"] for r in records.values()),
        version=__version__,
        created=date(dt.date.today()),
        status="Provisional: unaudited accounts and provisional PHS figures"
        if provisional
        else "Final: audited accounts",
        contact=f"The performance team of {p.name} Health and Social Care Partnership",
    )


def manifest(
    params: ReportParams,
    cache_key: str,
    records: dict[str, dict],
    checks: list[dict],
    seconds: dict,
    inputs: list[dict],
    files: list[str],
) -> dict:
    return {
        "partnership": {
            "code": params.partnership.code,
            "name": params.partnership.name,
            "slug": params.partnership.slug,
        },
        "reporting_year": params.year.label,
        "parameters": {
            "partnership": params.partnership.code,
            "year": params.year.start,
            "data": str(params.data),
            "locality_data": str(params.locality_data),
            "returns": str(params.returns_file),
            "msg_data": str(params.msg_data or ""),
        },
        "inputs": inputs,
        "package_version": __version__,
        "cache_key": cache_key,
        "synthetic": any(r.get("synthetic") for r in records.values()),
        "sections": [
            {
                "section": name,
                "title": r["title"],
                "seconds_in_kernel": r["seconds"],
                "figures": len(r["figures"]),
                "tables": len(r["tables"]),
            }
            for name, r in records.items()
        ],
        "files": files,
        "timings_seconds": seconds,
        "compliance": checks,
    }


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
