"""Stitch executed section notebooks into one report notebook, render it with the document exporters (HTML, and a
tagged PDF/UA-1 set by Typst), write the manifest and the year's index page.

Everything shown comes from the executed notebooks' blocks and their ``sections/*.json`` records; the assembler
orders, it never recomputes a figure and never parses HTML.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from hscp_nb import __version__
from hscp_nb.build.qa import about_blocks, file_date
from hscp_nb.document.blocks import MIMETYPE, Blocks, Heading
from hscp_nb.domain.requirements import checklist
from hscp_nb.domain.sections import SECTIONS
from hscp_nb.inputs.files import sha256
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.formats import date
from hscp_nb.present.wording import method_notes

if TYPE_CHECKING:  # nbformat takes a second to import (its schema checker's grammar): only the assembler needs it
    import nbformat

ANNEX = {"id": "annex", "title": "Annex: national indicators"}
ABOUT = {"id": "about", "title": "About this report"}


def _blocks_cell(blocks: Blocks, part: dict):
    """A cell that displays blocks, as a section notebook's cells do (JupyterLab shows its HTML)."""
    import nbformat

    from hscp_nb.document.html import render_blocks

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
        book.cells.append(_blocks_cell(Blocks(Heading(ANNEX["title"], 2)), ANNEX))
        book.cells.extend(annex_cells)
    checks = checklist(list(records.values()), lead_agency)
    contents.append(ABOUT)
    book.cells.append(_blocks_cell(about_blocks(checks, inputs), ABOUT))
    return book, contents, checks


def input_files(params: ReportParams) -> list[dict]:
    """Every input of a report with what it is and its SHA-256, hashed once for the title page and the manifest."""
    files = [("PHS Core Suite of Integration Indicators", params.data)]
    if params.locality_data and params.locality_data.exists():
        files.append(("PHS locality extract", params.locality_data))
    files.append((f"{params.partnership.name} local returns", params.returns_file))
    return [{"what": what, "path": str(path), "sha256": sha256(path)} for what, path in files]


def report_meta(params: ReportParams, records: dict[str, dict], contents: list[dict], inputs: list[dict]) -> dict:
    p, year = params.partnership, params.year
    synthetic = any(r["synthetic"] for r in records.values())
    edition = (
        "Provisional: figures from unaudited accounts and provisional PHS data; to be refreshed"
        if any(r["provisional"] for r in records.values())
        else "Final: audited accounts"
    )
    sources = [f"{i['what']}: {Path(i['path']).name}, file dated {file_date(i['path'])}" for i in inputs]
    return {
        "title": f"{p.name} Health and Social Care Partnership: Annual Performance Report {year.label}",
        "description": f"Statutory annual performance report of {p.name} for {year.label}",
        "partnership": p.name,
        "year_label": year.label,
        "year_span": f"{year.label} (1 April {year.start} to 31 March {year.start + 1})",
        "deadline": date(year.publication_deadline),
        "model": "Lead agency (NHS Highland), overseen by a Joint Monitoring Committee"
        if p.is_lead_agency
        else "Integration Joint Board",
        "edition": edition,
        "sources": sources,
        "notes": method_notes(),  # how to read the figures: the data workbook's notes
        "contents": contents,
        "synthetic": synthetic,
        "version": __version__,
        "created": date(dt.date.today()),
    }


# What the year's index links for each partnership, where the file exists
INDEX_LINKS = (
    ("report.html", "HTML"),
    ("report.pdf", "PDF"),
    ("report.docx", "Word"),
    ("report-data.xlsx", "data workbook"),
    ("qa.html", "QA page"),
    ("benchmarking/board-paper.docx", "board paper"),
    ("benchmarking/benchmarking-data.xlsx", "benchmarking data"),
)


def index_page(year_label: str, rows: list[dict]) -> str:
    """outputs/<YYYY-YY>/index.html: for every partnership its status, requirements met, links to each output, and for
    a failure the message, its log and notebook and what to do next. Counts are of reports that exist."""
    e = html.escape
    available = sum(r["has_report"] for r in rows)
    statuses = Counter(r["status"] for r in rows)
    run = "; ".join(f"{n} {status}" for status, n in sorted(statuses.items()))

    def links(r):
        if not r["has_report"]:
            return "–"
        parts = [(href, label) for href, label in INDEX_LINKS if href in r.get("files", ())]
        return " · ".join(f'<a href="{e(r["slug"])}/{href}">{label}</a>' for href, label in parts)

    def detail(r):
        text = e(r.get("detail") or "") or "–"
        if r["status"] == "failed":
            extra = [f'<a href="{e(r["log"])}">log</a>'] if r.get("log") else []
            extra += [f'<a href="{e(r["notebook"])}">executed notebook</a>'] if r.get("notebook") else []
            text += (" (" + " · ".join(extra) + ")" if extra else "") + (
                "<br>Next: correct the file, sheet or cell the message names, then run the same command again; "
                "only this partnership is rebuilt."
            )
        return text

    def met(r):
        return f"{r['met'][0]} of {r['met'][1]}" if r.get("met") else "–"

    body = "".join(
        f'<tr><th scope="row">{e(r["partnership"])}</th><td>{e(r["status"])}</td><td>{met(r)}</td>'
        f"<td>{links(r)}</td><td>{detail(r)}</td></tr>"
        for r in rows
    )
    banner = (
        '<p class="banner" role="note"><strong>Sample data:</strong> these reports are built from synthetic sample '
        "data, not official statistics.</p>"
        if any(r.get("synthetic") for r in rows)
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Annual Performance Reports {e(year_label)}</title>"
        '<style>body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:70rem;margin:auto;padding:1rem;color:#0B0C0C}'
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #B1B4B6;padding:.3rem .5rem;text-align:left;"
        "vertical-align:top}thead th{background:#E8EEF4}a{color:#0B4F8A}"
        ".banner{background:#FFF4CC;border:2px solid #6B4E00;padding:.5rem .75rem}</style></head><body><main>"
        f"<h1>Annual Performance Reports {e(year_label)}</h1>{banner}"
        f"<p>{available} of {len(rows)} partnerships have a report for {e(year_label)}. This run: {e(run)}. "
        f"Page written {date(dt.date.today())}.</p>"
        '<table><caption>Reports by partnership</caption><thead><tr><th scope="col">Partnership</th>'
        '<th scope="col">Status</th><th scope="col">Statutory requirements met</th><th scope="col">Outputs</th>'
        '<th scope="col">Detail</th></tr></thead>'
        f"<tbody>{body}</tbody></table></main></body></html>"
    )


def manifest(
    params: ReportParams,
    cache_key: str,
    records: dict[str, dict],
    checks: list[dict],
    seconds: dict,
    inputs: list[dict],
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
        "timings_seconds": seconds,
        "compliance": checks,
    }


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
