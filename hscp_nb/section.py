"""What a section notebook holds on to: its parameters, validated inputs, an exporter and compliance evidence.

``open_section`` is the first call of every section notebook. Figures and tables go through it so that each is
written under ``<report dir>/figures`` (PNG at 300 dpi, SVG, the CSV of exactly the plotted data, alt text) and shown
as accessible HTML (a ``<figure>`` with alt text, caption and the data table behind a disclosure). Every requirement
id the section meets or cannot meet is recorded and written to ``sections/<name>.json`` by ``finish()``; the report
assembler reads those files and recomputes nothing.
"""

from __future__ import annotations

import base64
import html
import io
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem
from .io import atomic_path
from .params import ReportParams
from .phs import NationalData, read_core_suite, read_locality_extract
from .returns import LocalReturns, read_returns

SECTIONS = {  # notebook stem → (order, title)
    "indicators": (1, "Indicators and outcomes"),
    "finance": (2, "Finance and best value"),
    "localities": (3, "Localities"),
    "governance": (4, "Inspections and governance"),
}


class Html:
    """An HTML fragment that Jupyter displays as HTML and nbconvert keeps as HTML."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


@dataclass
class Evidence:
    requirement: str
    status: str  # "met" | "missing" | "not applicable"
    where: str
    detail: str = ""


@dataclass
class Section:
    """One executing section notebook's context."""

    name: str
    params: ReportParams
    national: NationalData
    locality_data: NationalData | None
    returns: LocalReturns
    started: float = field(default_factory=time.perf_counter)
    evidence: list[Evidence] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)

    @property
    def partnership(self):
        return self.params.partnership

    @property
    def year(self):
        return self.params.year

    @property
    def figures_dir(self) -> Path:
        return self.params.report_dir / "figures"

    @property
    def synthetic(self) -> bool:
        return self.national.synthetic or self.returns.synthetic

    @property
    def provisional(self) -> bool:
        """Unaudited accounts for the reporting year: the report is a provisional edition."""
        about = self.returns.for_year("about", self.year.start)
        return bool((about["accounts_status"] == "Unaudited").any())

    # ------------------------------------------------------------------------------------------- evidence
    def met(self, requirement: str, where: str, detail: str = "") -> None:
        self.evidence.append(Evidence(requirement, "met", where, detail))

    def missing(self, requirement: str, where: str, why: str) -> Html:
        """Record a requirement the data cannot meet and return the visible statement for the report."""
        self.evidence.append(Evidence(requirement, "missing", where, why))
        return Html(f'<p class="missing" role="note"><strong>Missing ({requirement}):</strong> {html.escape(why)}</p>')

    def not_applicable(self, requirement: str, why: str) -> None:
        self.evidence.append(Evidence(requirement, "not applicable", "", why))

    # ------------------------------------------------------------------------------------------- exports
    def figure(self, fig, name: str, *, alt: str, data: pd.DataFrame, caption: str = "", requirement: str | None = None) -> Html:
        """Write a chart (PNG 300 dpi, SVG, CSV of its data, alt text) and return it as an accessible figure."""
        svg_bytes = export_figure(fig, self.figures_dir, name, alt=alt, data=data)
        self.figures.append({"name": name, "alt": alt, "caption": caption, "requirement": requirement})
        if requirement:
            self.met(requirement, caption or name)
        return Html(figure_html(svg_bytes, alt=alt, caption=caption, data=data, ident=f"fig-{name}"))

    def table(self, frame: pd.DataFrame, name: str, *, caption: str, requirement: str | None = None,
              data: pd.DataFrame | None = None) -> Html:
        """Write a table's CSV (``data``, unformatted, when given) and return it as an HTML table with a caption."""
        folder = self.figures_dir
        folder.mkdir(parents=True, exist_ok=True)
        (data if data is not None else frame).to_csv(folder / f"{name}.csv", index=False)
        self.tables.append({"name": name, "caption": caption, "requirement": requirement})
        if requirement:
            self.met(requirement, caption)
        return Html(_html_table(frame, caption=caption, table_id=f"tab-{name}"))

    def text(self, markdown_like: str) -> Html:
        """A paragraph of generated plain English."""
        return Html(f"<p>{html.escape(markdown_like)}</p>")

    def bullets(self, items: list[str]) -> Html:
        return Html("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

    def heading(self, text: str, level: int = 3) -> Html:
        return Html(f"<h{level}>{html.escape(text)}</h{level}>")

    def finish(self) -> Html:
        """Write this section's evidence, figures and timing to ``sections/<name>.json``."""
        target = self.params.report_dir / "sections" / f"{self.name}.json"
        record = {
            "section": self.name,
            "title": SECTIONS[self.name][1],
            "seconds": round(time.perf_counter() - self.started, 2),
            "synthetic": self.synthetic,
            "provisional": self.provisional,
            "evidence": [e.__dict__ for e in self.evidence],
            "figures": self.figures,
            "tables": self.tables,
        }
        with atomic_path(target) as tmp:
            tmp.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")
        return Html(f'<p class="section-end">End of section {SECTIONS[self.name][0]}: {SECTIONS[self.name][1]}.</p>')


def figure_html(svg: bytes, *, alt: str, caption: str, data: pd.DataFrame, ident: str = "") -> str:
    """A chart as an accessible ``<figure>``: inline SVG image with alt text, caption, and its data behind a disclosure."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    ident = f' id="{ident}"' if ident else ""
    return (f'<figure class="chart"{ident}><img src="{uri}" alt="{html.escape(alt)}" />'
            f"<figcaption>{html.escape(caption)}</figcaption>"
            f"<details><summary>Data behind this chart</summary>{_html_table(data, caption='Data: ' + caption)}</details>"
            f"</figure>")


def export_figure(fig, folder: Path, name: str, *, alt: str, data: pd.DataFrame) -> bytes:
    """Write ``name``.svg, .png (300 dpi), .csv (exactly the plotted data) and .alt.txt; close the figure; return the SVG."""
    import matplotlib.pyplot as plt

    from .charts import png_bytes

    folder.mkdir(parents=True, exist_ok=True)
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    (folder / f"{name}.svg").write_bytes(svg.getvalue())
    (folder / f"{name}.png").write_bytes(png_bytes(fig, dpi=300))
    plt.close(fig)
    data.to_csv(folder / f"{name}.csv", index=False)
    (folder / f"{name}.alt.txt").write_text(alt + "\n", encoding="utf-8")
    return svg.getvalue()


def _html_table(frame: pd.DataFrame, caption: str, table_id: str | None = None) -> str:
    """A real table: caption, column headers with scope, first column as row headers."""
    ident = f' id="{table_id}"' if table_id else ""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = [f'<th scope="row">{html.escape(_cell(row.iloc[0]))}</th>']
        cells += [f"<td>{html.escape(_cell(v))}</td>" for v in row.iloc[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    # A wide table may scroll sideways: the wrapper is a focusable, labelled region so keyboard users can scroll it.
    return (f'<div class="table-wrap" role="region" tabindex="0" aria-label="{html.escape(caption)}">'
            f'<table{ident}><caption>{html.escape(caption)}</caption>{_colgroup(frame)}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _colgroup(frame: pd.DataFrame) -> str:
    """Column widths in proportion to their content (longest header word, typical cell length), so that print can use
    fixed table layout (much faster in WeasyPrint) without squeezing a long text column."""
    weights = []
    for i, column in enumerate(frame.columns):
        texts = [_cell(v) for v in frame.iloc[:, i]]
        header_word = max([_text_width(w) for w in str(column).split()] + [0]) * 1.25  # bold header text is wider
        longest_word = max([header_word] + [_text_width(w) for t in texts for w in t.split()[:40]] + [3])
        typical = sum(len(t) for t in texts) / max(len(texts), 1)
        weights.append(max(min(longest_word, 18) + 5, min(typical, 20)))
    total = sum(weights) or 1
    return "<colgroup>" + "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in weights) + "</colgroup>"


def _text_width(word: str) -> float:
    """A word's width in average characters (m and w are wide, i and l narrow): enough to size table columns."""
    return sum(1.5 if c in "mwMW" else 0.6 if c in "iljtfr.,:;I1()' " else 1.0 for c in word)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def open_section(name: str, partnership, year, data=None, locality_data=None, returns=None, output_dir=None) -> Section:
    """Validate parameters and load the inputs a section needs; bad input raises one InputError naming every problem."""
    if name not in SECTIONS:
        raise InputError(Problem(file="parameters", column="section", found=name, expected="one of " + ", ".join(SECTIONS)))
    params = ReportParams.build(partnership=partnership, year=year, data=data, locality_data=locality_data,
                                returns=returns, output_dir=output_dir)
    national = read_core_suite(params.data)
    locality = read_locality_extract(params.locality_data) if params.locality_data and params.locality_data.exists() else None
    local = read_returns(params.returns_file, params.partnership)
    if params.year.start not in local.years():
        raise InputError(Problem(file=str(params.returns_file), sheet="About", column="Year", found=None,
                                 expected=f"a row for {params.year.label} (add that year's rows to every sheet)"))
    return Section(name=name, params=params, national=national, locality_data=locality, returns=local)
