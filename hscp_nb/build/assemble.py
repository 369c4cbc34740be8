"""Stitch executed section notebooks into one report (HTML with nbconvert, tagged PDF with WeasyPrint), write the
manifest and the year's index page.

Everything shown comes from the executed notebooks and their ``sections/*.json`` records; the assembler formats and
orders, it never recomputes a figure.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from hscp_nb import __version__
from hscp_nb.build.qa import about_html, file_date
from hscp_nb.domain.requirements import checklist
from hscp_nb.domain.sections import SECTIONS
from hscp_nb.inputs.files import sha256
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.formats import date

if TYPE_CHECKING:  # nbformat takes a second to import (its schema checker's grammar): only the assembler needs it
    import nbformat

SYNTHETIC_PAGE_CSS = (
    '@page { @top-center { content: "SAMPLE DATA: synthetic figures, not official statistics"; '
    "font-size: 9pt; color: #6B4E00; font-weight: bold; } }"
)


def template_dir() -> Path:
    return Path(str(resources.files("hscp_nb.build").joinpath("templates")))


def _raw(source: str):
    import nbformat

    return nbformat.v4.new_raw_cell(source, metadata={"raw_mimetype": "text/html"})


def combine(
    executed: dict[str, nbformat.NotebookNode], records: dict[str, dict], lead_agency: bool, inputs: list[dict]
) -> tuple[nbformat.NotebookNode, list[dict], list[dict]]:
    """One notebook: each section wrapped in a landmark, annex cells moved to the end, then "About this report"."""
    import nbformat

    book = nbformat.v4.new_notebook()
    contents, annex_cells = [], []
    for name in sorted(executed, key=lambda n: SECTIONS[n].order):
        order, title = SECTIONS[name].order, SECTIONS[name].title
        ident = f"section-{order}-{name}"
        contents.append({"id": ident, "title": f"{order}. {title}"})
        book.cells.append(_raw(f'<section class="report-section" id="{ident}" aria-label="{html.escape(title)}">'))
        for cell in executed[name].cells:
            tags = cell.metadata.get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags or "hscp-nb-internal" in tags:
                continue
            if "annex" in tags:
                annex_cells.append(copy.deepcopy(cell))
                continue
            book.cells.append(copy.deepcopy(cell))
        book.cells.append(_raw("</section>"))
    if annex_cells:
        contents.append({"id": "annex", "title": "Annex: national indicators"})
        book.cells.append(
            _raw(
                '<section class="report-section" id="annex" aria-label="National indicator annex">'
                "<h2>Annex: national indicators</h2>"
            )
        )
        book.cells.extend(annex_cells)
        book.cells.append(_raw("</section>"))
    checks = checklist(list(records.values()), lead_agency)
    contents.append({"id": "about", "title": "About this report"})
    book.cells.append(_raw(about_html(checks, inputs)))
    return book, contents, checks


def _exporter_class():
    from nbconvert import HTMLExporter, TemplateExporter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without its closing BeautifulSoup pass, which re-parses the whole page only to
        add stand-in alt text (every image here has its own, checked by axe) and tabindex on JupyterLab cell
        wrappers (this template has none). The pass took 0.25 s a report."""

        def from_notebook_node(self, nb, resources=None, **kw):
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def render_html(book: nbformat.NotebookNode, meta: dict) -> str:
    """The stitched notebook as one HTML document through hscp_nb's nbconvert template."""
    exporter = _exporter_class()(template_name="hscp_report", extra_template_basedirs=[str(template_dir())])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    css = (template_dir() / "report.css").read_text(encoding="utf-8")
    if meta["synthetic"]:
        css += "\n" + SYNTHETIC_PAGE_CSS
    body, _ = exporter.from_notebook_node(book, resources={"report": {**meta, "css": css}})
    return body


def write_pdf(html_text: str, target: Path, meta: dict) -> None:
    """A tagged PDF (PDF/UA-1) of the report, A4, page numbers, bookmarks from headings, vector charts."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # The print edition leaves out the on-screen "data behind this chart" disclosures (hidden in print anyway; the
    # same data are in the CSV files and the alt text is tagged), which halves WeasyPrint's layout work.
    printable = re.sub(r"<details>.*?</details>", "", html_text, flags=re.S)
    document = HTML(string=printable, base_url=str(target.parent)).render(pdf_variant="pdf/ua-1")
    document.metadata.title = meta["title"]
    document.metadata.authors = [meta["partnership"]]
    document.metadata.lang = "en-GB"
    document.write_pdf(target, pdf_variant="pdf/ua-1", uncompressed_pdf=False)


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
        "contents": contents,
        "synthetic": synthetic,
        "version": __version__,
        "created": date(dt.date.today()),
    }


def index_page(year_label: str, rows: list[dict]) -> str:
    """outputs/<YYYY-YY>/index.html: every partnership's report with its status."""
    body = "".join(
        f'<tr><th scope="row">{html.escape(r["partnership"])}</th><td>{r["status"]}</td>'
        + (
            f'<td><a href="{r["slug"]}/report.html">HTML</a> · <a href="{r["slug"]}/report.pdf">PDF</a> · '
            f'<a href="{r["slug"]}/qa.html">QA page</a></td>'
            if r["has_report"]
            else "<td>–</td>"
        )
        + f"<td>{html.escape(r.get('detail', '') or '–')}</td></tr>"
        for r in rows
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Annual Performance Reports {year_label}</title>"
        '<style>body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:auto;padding:1rem;color:#0B0C0C}'
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #B1B4B6;padding:.3rem .5rem;text-align:left}"
        "thead th{background:#E8EEF4}a{color:#0B4F8A}</style></head><body><main>"
        f"<h1>Annual Performance Reports {year_label}</h1>"
        f"<p>{sum(r['status'] in {'built', 'cached'} for r in rows)} of {len(rows)} reports available.</p>"
        '<table><caption>Reports by partnership</caption><thead><tr><th scope="col">Partnership</th>'
        '<th scope="col">Status</th><th scope="col">Report</th><th scope="col">Detail</th></tr></thead>'
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
