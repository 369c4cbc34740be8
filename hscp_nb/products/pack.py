"""The benchmarking pack for board papers: charts (PNG, SVG, CSV, alt text), a Word board paper and an Excel data
pack, written to outputs/<YYYY-YY>/<slug>/benchmarking/. Figures come from hscp_nb.benchmarking and
hscp_nb.indicators; this module lays them out."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hscp_nb.analysis import benchmarking, indicators
from hscp_nb.document.xlsx import neutralised
from hscp_nb.domain import reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.files import replace_dir, save_workbook_reproducibly
from hscp_nb.inputs.params import ReportParams, default_output_root
from hscp_nb.inputs.phs import read_core_suite
from hscp_nb.present import charts, tables, wording
from hscp_nb.present.export import export_figure
from hscp_nb.present.formats import indicator_value

A4_IMAGE_CM = 16.0


@dataclass
class Chart:
    name: str
    title: str
    alt: str
    data: pd.DataFrame
    sheet: str


@dataclass
class Pack:
    partnership: reference.Partnership
    year: ReportingYear
    folder: Path
    charts: list[Chart] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    summary: pd.DataFrame | None = None
    synthetic: bool = False
    source: str = ""


def build_pack(partnership, year, data=None, output_root=None) -> Pack:
    """Write the whole pack for one partnership and year into a temporary folder, then move it into place."""
    params = ReportParams.build(partnership=partnership, year=year, data=data)
    national = read_core_suite(params.data)
    p, y = params.partnership, params.year
    target = Path(output_root or default_output_root()) / y.slug / p.slug / "benchmarking"
    tmp = target.with_name(".benchmarking-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    pack = Pack(
        p,
        y,
        tmp,
        synthetic=national.synthetic,
        source=f"PHS Core Suite of Integration Indicators ({params.data.name})"
        + (". SYNTHETIC SAMPLE DATA" if national.synthetic else ""),
    )
    try:
        add_charts(pack, national.table)
        write_board_paper(pack, tmp / "board-paper.docx")
        write_data_pack(pack, tmp / "benchmarking-data.xlsx")
        replace_dir(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pack.folder = target
    return pack


def _add(pack: Pack, fig, name: str, title: str, alt: str, data: pd.DataFrame, sheet: str) -> None:
    export_figure(fig, pack.folder, name, alt=alt, data=data, png=True)
    pack.charts.append(Chart(name, title, alt, data, sheet))


def add_charts(pack: Pack, table: pd.DataFrame) -> None:
    p, y = pack.partnership, pack.year
    source = f"Source: {pack.source}."
    results = indicators.results(table, p, y)
    pack.summary = results.summary
    pack.messages = wording.key_messages(results.summary, p, y)

    outliers = []
    for ind_id in benchmarking.FUNNEL_INDICATORS:
        f = benchmarking.funnel(table, ind_id, y)
        if f is None:
            continue
        ind = reference.indicator(ind_id)
        own = f.points[f.points["partnership"] == p.name]
        where = "inside the 95% limits"
        if len(own):
            row = own.iloc[0]
            side = "above" if row["value"] > f.target else "below"
            if row["outside_99_8"]:
                where = f"outside the 99.8% limits ({side} Scotland)"
                outliers.append(f"{ind.id} {ind.title}: {where}")
            elif row["outside_95"]:
                where = f"between the 95% and 99.8% limits ({side} Scotland)"
        title = f"{ind.title}, {f.year_label}: {p.name} {where}"
        method = wording.funnel_method(f, ind)
        fig = charts.funnel_chart(
            f.points,
            f.curve,
            target=f.target,
            highlight=p.name,
            title=title,
            xlabel="Denominator (log scale)",
            ylabel=ind.unit_short,
            method=method,
            source=source,
        )
        value = indicator_value(own["value"].iloc[0], ind.unit) if len(own) else "no value"
        alt = (
            f"Funnel plot of {ind.title} ({ind.unit}) for the 31 partnerships in {f.year_label} against the Scotland "
            f"value {indicator_value(f.target, ind.unit)}. {p.name}: {value}, {where}. "
            f"{int(f.points['outside_99_8'].sum())} partnerships lie outside the 99.8% limits. Method: {method}."
        )
        _add(
            pack,
            fig,
            f"{ind.slug}-funnel",
            title,
            alt,
            f.points.assign(scotland=f.target, method=method),
            f"{ind.id} funnel",
        )
    if outliers:
        pack.messages.append("Outside the 99.8% funnel limits (special-cause variation): " + "; ".join(outliers) + ".")
    else:
        pack.messages.append("No funnel-plot indicator lies outside the 99.8% limits.")

    peers = benchmarking.peer_comparison(results.summary)
    if len(peers):
        shown = peers.assign(
            label=peers["indicator"] + " " + peers["title"],
            text=[
                f"{v} by {abs(b):.1f}%" if v != "similar" else "similar"
                for v, b in zip(peers["verdict"], peers["better_pct"])
            ],
        )
        group = reference.family_groups()[p.code]
        better = int((peers["verdict"] == "better").sum())
        title = f"{p.name} against its LGBF family group (group {group}): better on {better} of {len(peers)}"
        fig = charts.horizontal_bars(
            shown,
            label="label",
            value="better_pct",
            value_text="text",
            title=title,
            xlabel="Difference from the family-group value, % (positive = better)",
            source=source,
        )
        fig.axes[0].axvline(0, color=charts.DARK_GREY, linewidth=0.8)
        members = ", ".join(q.name for q in reference.peer_group(p) if q != p)
        alt = (
            f"Bar chart of how far {p.name} is from its family-group value on each indicator (positive = better). "
            + "; ".join(f"{r.indicator}: {r.verdict} ({r.better_pct:+.1f}%)" for r in peers.itertuples())
            + f". Family group: {members}. {reference.CLACKS_STIRLING_RULE}"
        )
        _add(pack, fig, "peer-group-comparison", title, alt, peers, "Peer group")
        pack.messages.append(
            f"Against its family group ({members}): better on {int((peers['verdict'] == 'better').sum())}, "
            f"worse on {int((peers['verdict'] == 'worse').sum())} of {len(peers)} indicators."
        )

    pos = benchmarking.positions(table, results.summary)
    if len(pos):
        pos = pos.assign(label=pos["indicator"] + " " + pos["title"])
        own = pos[pos["partnership"] == p.name]
        title = f"Position of {p.name} among the 31 partnerships, latest year of each indicator"
        alt = (
            f"Dot chart of the rank of each partnership on each indicator, 1 = best. {p.name}: "
            + "; ".join(f"{r.indicator} {int(r.rank)} of 31" for r in own.itertuples())
            + "."
        )
        _add(
            pack,
            charts.position_chart(pos, highlight=p.name, title=title, source=source),
            "position-among-31",
            title,
            alt,
            pos,
            "Position among 31",
        )

    for ind_id in benchmarking.QUARTERLY_INDICATORS:
        series = benchmarking.quarterly_series(table, ind_id, p, y)
        if len(series) < 8:
            continue
        ind = reference.indicator(ind_id)
        rules = benchmarking.run_chart_rules(series["value"].to_numpy())
        signals = []
        if rules["shift"].any():
            signals.append("a shift")
        if rules["trend"].any():
            signals.append("a trend")
        verdict = " and ".join(signals) if signals else "no shift or trend"
        title = f"{ind.title} by quarter, {series['quarter'].iloc[0]} to {series['quarter'].iloc[-1]}: {verdict}"
        data = pd.concat([series, rules[["median", "shift", "trend"]]], axis=1)
        alt = (
            f"Run chart of {ind.title} ({ind.unit_short}, per quarter) for {p.name}, "
            f"median {rules['median'].iloc[0]:,.1f}. "
            f"The PHS rules find {verdict}. Values: "
            + "; ".join(f"{q} {v:,.1f}" for q, v in zip(series["quarter"], series["value"]))
            + "."
        )
        _add(
            pack,
            charts.run_chart(series, rules, title=title, unit=f"{ind.unit_short} in the quarter", source=source),
            f"{ind.slug}-run-chart",
            title,
            alt,
            data,
            f"{ind.id} run chart",
        )


def write_board_paper(pack: Pack, target: Path) -> None:
    """A Word board paper: title, key messages, the indicator summary table, every chart with its alt text, sources."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    p, y = pack.partnership, pack.year
    doc = Document()
    doc.core_properties.title = f"{p.name}: benchmarking of the core integration indicators, {y.label}"
    doc.core_properties.author = "hscp_nb"
    doc.core_properties.language = "en-GB"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    doc.add_heading(doc.core_properties.title, level=0)
    if pack.synthetic:
        doc.add_paragraph().add_run("Sample data: these figures are synthetic, not official statistics.").bold = True
    doc.add_heading("Key messages", level=1)
    for message in pack.messages:
        doc.add_paragraph(message, style="List Bullet")
    doc.add_heading("Every reported indicator", level=1)
    summary = tables.summary_table(pack.summary, p, y)
    summary = summary[summary["Trend over window"] != "not reported"]
    columns = [
        "Indicator",
        "Title",
        "Latest",
        "Value",
        "Scotland",
        "Peer group",
        "Rank (1 = best)",
        "Trend over window",
        "Against Scotland",
    ]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for _, row in summary.iterrows():
        cells = table.add_row().cells
        for cell, name in zip(cells, columns):
            cell.text = str(row[name])
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    doc.add_heading("Charts", level=1)
    for number, chart in enumerate(pack.charts, start=1):
        doc.add_heading(chart.title, level=2)
        shape = doc.add_picture(str(pack.folder / f"{chart.name}.png"), width=Cm(A4_IMAGE_CM))
        shape._inline.docPr.set("descr", chart.alt)  # alt text read by screen readers
        shape._inline.docPr.set("title", chart.title)
        doc.add_paragraph(f"Figure {number}. {chart.alt}", style="Caption")
    doc.add_heading("Sources and method", level=1)
    for line in (
        pack.source,
        "Peer group: LGBF family groups for people services (deprivation). " + reference.CLACKS_STIRLING_RULE,
        "Funnel limits: Spiegelhalter (2005), exact binomial or Poisson, widened for over-dispersion where found.",
        "Run charts: PHS rules (shift: 6+ points on one side of the median; trend: 5+ points rising or falling).",
        "Data behind every chart: benchmarking-data.xlsx and the CSV files beside this paper.",
    ):
        doc.add_paragraph(line, style="List Bullet")
    doc.save(target)


def write_data_pack(pack: Pack, target: Path) -> None:
    """Excel: a Notes sheet, then one sheet per chart with exactly its plotted data; numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    lines = [
        f"{pack.partnership.name}: benchmarking data pack, {pack.year.label}",
        f"Source: {pack.source}",
        "One sheet per chart holds exactly the data plotted.",
        "",
    ]
    if pack.synthetic:
        lines.insert(1, "SYNTHETIC SAMPLE DATA: not official statistics.")
    for line in lines:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append(["Sheet", "Chart", "Files"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    used = {"Notes"}
    for chart in pack.charts:
        name = chart.sheet[:31]
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        notes.append([name, chart.title, f"{chart.name}.png / .svg / .csv"])
        ws = wb.create_sheet(name)
        frame = chart.data.copy()
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            ws.append([_excel_value(v) for v in row])
        ws.freeze_panes = "A2"
        for i, column in enumerate(frame.columns, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, min(40, len(str(column)) + 4))
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    save_workbook_reproducibly(wb, target)


def _excel_value(value):
    import numpy as np

    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    return neutralised(value)  # openpyxl stores text starting "=" as a live formula
