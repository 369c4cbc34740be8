"""The two documents beside every report (PUBLISHING.md): the public report's "About this report" appendix, in plain
words, and the QA page for the performance team and auditors, which holds the compliance list, the reading notes,
the inputs with their SHA-256 and the timings."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from hscp_nb.domain.requirements import PUBLIC_TOPICS
from hscp_nb.present.formats import date
from hscp_nb.present.html import html_table
from hscp_nb.present.wording import method_notes

MET, MISSING = "MET", "MISSING"


def file_date(path: str) -> str:
    """The date a file was last written, as the report prints dates."""
    return date(dt.date.fromtimestamp(Path(path).stat().st_mtime))


def _table(rows: list[dict], caption: str, ident: str) -> str:
    import pandas as pd

    return html_table(pd.DataFrame(rows), caption=caption, table_id=ident)


def about_html(checks: list[dict], inputs: list[dict]) -> str:
    """The public appendix: where the figures come from, how to read them, where each statutory requirement is
    answered (and, plainly, what this edition does not include)."""
    sources = "".join(
        f"<li>{html.escape(i['what'])}: {html.escape(Path(i['path']).name)}, file dated {file_date(i['path'])}</li>"
        for i in inputs
    )
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in method_notes())
    where = [
        {"Requirement": c["requirement"],
         "Where this report answers it": c["where"] if c["status"] == MET else "Not included in this edition"}
        for c in checks
    ]  # fmt: skip
    missing = [c for c in checks if c["status"] != MET]
    gaps = (
        "<p>This edition does not yet include "
        + "; ".join(html.escape(PUBLIC_TOPICS[c["id"]]) for c in missing)
        + ". It will be added when the information is available.</p>"
        if missing
        else ""
    )
    return (
        '<section class="report-section" id="about" aria-label="About this report">'
        "<h2>About this report</h2>"
        "<h3>Where the figures come from</h3>"
        f"<ul>{sources}</ul>"
        "<h3>How to read the figures</h3>"
        f"<ul>{notes}</ul>"
        "<h3>Where each statutory requirement is answered</h3>"
        f"{gaps}{_table(where, 'Statutory requirements and where this report answers them', 'tab-requirements')}"
        "</section>"
    )


def qa_page(meta: dict, checks: list[dict], records: dict[str, dict], inputs: list[dict], timings: dict,
            css: str) -> str:  # fmt: skip
    """qa.html: the compliance list (met or missing, and why), reading and validation notes, inputs with SHA-256,
    timings."""
    met = sum(c["status"] == MET for c in checks)
    compliance = [
        {"Id": c["id"], "Requirement": c["requirement"], "Status": c["status"], "Where": c["where"] or "–",
         "Detail": c["detail"] or "–"}
        for c in checks
    ]  # fmt: skip
    reading = sorted({n for r in records.values() for n in r.get("reading_notes", [])})
    validation = [
        f"{e['requirement']} ({r['title']}): {e['detail']}"
        for r in records.values()
        for e in r["evidence"]
        if e["status"] == "missing"
    ]
    files = [{"Input": i["what"], "File": i["path"], "File dated": file_date(i["path"]), "SHA-256": i["sha256"]}
             for i in inputs]  # fmt: skip
    steps = [{"Step": step, "Seconds": f"{seconds:.2f}"} for step, seconds in timings.items()]

    def bullets(items):
        return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>" if items else "<p>None.</p>"

    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>QA: {html.escape(meta['title'])}</title><style>{css}</style></head><body><main>"
        f"<h1>Quality assurance: {html.escape(meta['partnership'])}, {html.escape(meta['year_label'])}</h1>"
        f"<p>For the performance team and auditors; not part of the published report. Built {meta['created']} with "
        f"hscp_nb {meta['version']}. {met} of {len(checks)} statutory requirements are met.</p>"
        "<h2>Compliance list</h2>"
        f"{_table(compliance, 'Statutory requirements: met or missing, where and why', 'tab-compliance')}"
        "<h2>Validation notes</h2>"
        f"{bullets(validation)}"
        "<h2>Reading notes</h2>"
        f"{bullets(reading)}"
        "<h2>Inputs</h2>"
        f"{_table(files, 'Inputs with their SHA-256', 'tab-inputs')}"
        "<h2>Timings</h2>"
        f"{_table(steps, 'Seconds per step', 'tab-timings')}"
        "</main></body></html>"
    )
