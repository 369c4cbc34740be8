"""The MSG section's views: what the MSG indicators are, the objectives table, the completeness of hospital records,
a run chart for each indicator, and the note that they are not comparable with the Core Suite."""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis import msg as analysis
from hscp_nb.document.blocks import Blocks, Paragraph
from hscp_nb.document.values import PROVISIONAL
from hscp_nb.domain import msg, rules
from hscp_nb.domain.msg import COMPLETE_PERCENT, NOT_COMPARABLE_NOTE, MsgIndicator
from hscp_nb.inputs.msg import ANNUAL, COMPLETENESS, MONTHLY
from hscp_nb.present import charts
from hscp_nb.present.formats import Printed, listed, number, percent, said
from hscp_nb.present.section import Section

VERDICT_WORDS = {rules.MET: "Met", rules.NOT_MET: "Not met", rules.NO_OBJECTIVE: "No objective set",
                 rules.NO_DATA: "No data"}  # fmt: skip
TRAVEL_WORDS = {rules.IMPROVED: "Improved", rules.WORSENED: "Worsened", rules.LITTLE_CHANGE: "Little change",
                rules.NO_DATA: "–", rules.NOT_COMPARABLE: "Not comparable"}  # fmt: skip
PROVISIONAL_MSG_NOTE = (
    f"{PROVISIONAL} marks a provisional figure: a year PHS marks as provisional (indicators 5 and 6), or 12 months "
    "that include a month whose hospital records were under 95% complete when PHS extracted them. Later releases "
    "will revise it, usually upwards."
)


def _before_msg(ctx: Section) -> bool:
    """The reporting year ends before PHS's MSG series begin (April 2017)."""
    return analysis.year_months(ctx.year)[-1] < pd.Timestamp(*msg.FIRST_MONTH, 1)


def introduction(ctx: Section) -> Blocks:
    if ctx.msg is None:
        return ctx.text("This edition does not include the Ministerial Strategic Group indicators: no PHS MSG data "
                        "were supplied.")  # fmt: skip
    if _before_msg(ctx):
        return ctx.text(f"PHS's Ministerial Strategic Group figures begin in April 2017, after {ctx.year.label}, so "
                        "this report has none of them.")  # fmt: skip
    return Blocks(
        ctx.text(
            "The Scottish Government's Ministerial Strategic Group for Health and Community Care asks every "
            "partnership to set objectives for six areas: unplanned admissions, unscheduled hospital bed days, A&E "
            "attendances, delayed discharges, the last six months of life and the balance of care. Public Health "
            "Scotland (PHS) produces the figures every month as management information. Each objective is set "
            "against 2017/18 unless the table says otherwise."
        ),
        Blocks(Paragraph(NOT_COMPARABLE_NOTE, "note")),
    )


def _value(m: MsgIndicator, value) -> Printed | str:
    return percent(value) if m.unit == "percentage" else number(value, 0)


def _declared(printed, m: MsgIndicator, ctx: Section, measure: str, period: str, source: str) -> Printed | str:
    if not isinstance(printed, Printed):
        return printed
    return printed.of(figure=f"{m.id} {m.title}", code=m.id, measure=measure, area=ctx.partnership.name,
                      period=period, source=source, unit=m.ledger_unit)  # fmt: skip


def _objective(result: analysis.Result, ctx: Section, source: str) -> Printed | str:
    """The objective as the partnership set it: '95.0%', or '−2.0% (20,565)' for a change from the baseline."""
    m = result.measure
    if result.objective is None:
        return "–"
    target = _value(m, result.target) if result.target is not None else None
    if result.objective_kind == rules.PERCENT_CHANGE:
        change = percent(result.objective, signed=True)
        text = f"{change} ({target})" if target is not None else f"{change} (no baseline)"
    else:
        text = str(target)
    return _declared(Printed(text, result.target), m, ctx, "objective", ctx.year.label, source)


def objectives_table(ctx: Section) -> Blocks:
    """Each indicator: its baseline, the year's objective, the year's value (12 months), whether the objective was met,
    the direction of travel since the baseline and the latest period in PHS's data."""
    if ctx.msg is None or _before_msg(ctx):
        return Blocks()
    results = analysis.results(ctx.msg, ctx.returns, ctx.partnership, ctx.year)
    source = ctx.msg_source(MONTHLY)
    rows, data = [], []
    for r in results:
        m = r.measure
        where = ctx.msg.where(MONTHLY if m.monthly else ANNUAL)
        value = _declared(_value(m, r.value), m, ctx, "value", r.period, f"{where}: {m.numerator}")
        if r.provisional and isinstance(value, Printed):
            value = value.marked(" " + PROVISIONAL)
        period = "" if r.period == ctx.year.label else f" ({r.period})"
        base = _declared(_value(m, r.baseline), m, ctx, "baseline", r.baseline_label, f"{where}: {m.numerator}")
        if r.baseline_label != msg.BASELINE_YEAR.label and isinstance(base, Printed):
            base = base.marked(f" ({r.baseline_label})")
        rows.append({
            "Indicator": f"{m.id} {m.title}",
            f"Baseline {msg.BASELINE_YEAR.label}": base,
            f"Objective for {ctx.year.label}": _objective(r, ctx, f"{ctx.returns.source.name}, sheet MSG objectives"),
            f"{ctx.year.label} value": value.marked(period) if isinstance(value, Printed) and period else value,
            "Objective": VERDICT_WORDS[r.verdict],
            f"Since {r.baseline_label}": TRAVEL_WORDS.get(r.travel, r.travel),
            "Latest data": r.latest,
        })  # fmt: skip
        data.append({"indicator": m.id, "title": m.title, "unit": m.unit, "baseline_year": r.baseline_label,
                     "baseline": r.baseline, "objective_as_set": r.objective, "objective_is": r.objective_kind,
                     "objective_value": r.target, "desired_direction": r.direction, "period": r.period,
                     "value": r.value, "provisional": r.provisional, "objective_met": r.verdict,
                     "direction_of_travel": r.travel, "latest_data": r.latest, "comment": r.comment})  # fmt: skip
    shown = pd.DataFrame(rows)
    notes = ["Values are the 12 months of the reporting year (April to March): counts of the partnership's "
             "residents of all ages (delayed discharges: aged 18 and over), wherever they were treated. Indicators 5 "
             "and 6 are the latest financial year PHS has published."]  # fmt: skip
    if any(r.provisional for r in results):
        notes.append(PROVISIONAL_MSG_NOTE)
    comments = [f"{r.measure.id}: {r.comment}" for r in results if r.comment]
    parts = [ctx.table(shown, "msg-objectives", caption=f"MSG indicators against {ctx.partnership.name}'s "
                       f"objectives, {ctx.year.label}", data=pd.DataFrame(data), notes=tuple(notes), source=source,
                       kinds={"provisional": "flag"})]  # fmt: skip
    if comments:
        parts.append(ctx.text("The partnership's comments on its objectives:"))
        parts.append(ctx.bullets(comments))
    return Blocks(*parts)


def incomplete_records(data, partnership, year, noun: str = "report"):
    """The sentence naming the months of ``year`` whose hospital records at ``partnership``'s NHS board were under
    95% complete, by source, each percentage declared for the ledger (a :class:`~hscp_nb.present.formats.Said`);
    the sentence that PHS's completeness figures were not supplied (``noun``: what cannot say, 'this report');
    None when every month was complete. The report's MSG section and the benchmarking pack's board paper say it."""
    if data.completeness.empty:
        return said(f"PHS's completeness figures for hospital records were not supplied, so this {noun} cannot say "
                    "whether the latest months' figures are complete.")  # fmt: skip
    months = analysis.incomplete_months(data, partnership, year)
    if months.empty:
        return None
    where = data.where(COMPLETENESS)
    pieces, values = [], []
    for source, rows in months.groupby("source", sort=True):
        shown = []
        for month, share, row in zip(rows["month"], rows["percent"], rows["source_row"]):
            label = analysis.month_label(month)
            printed = percent(share).of(figure=f"Completeness of {source} records, {partnership.health_board}",
                                        measure="completeness", area=partnership.health_board, period=label,
                                        source=f"{where}, row {row}")  # fmt: skip
            values.append(printed)
            shown.append(f"{label} ({printed})")
        pieces.append(f"{msg.COMPLETENESS_SOURCES[source]} for {listed(shown)}")
    return said(
        f"When PHS extracted these figures, some of {partnership.health_board}'s hospital records for {year.label} "
        f"were under {COMPLETE_PERCENT:.0f}% complete: {'; '.join(pieces)}.",
        *values,
    )


def completeness(ctx: Section) -> Blocks:
    """A sentence naming the months of the reporting year whose hospital records were under 95% complete, by source
    (:func:`incomplete_records`), and what that means for the figures; nothing when every month was complete."""
    if ctx.msg is None or _before_msg(ctx):
        return Blocks()
    sentence = incomplete_records(ctx.msg, ctx.partnership, ctx.year)
    if sentence is None:
        return Blocks()
    if ctx.msg.completeness.empty:
        return ctx.text(sentence)
    text = (
        f"{sentence} The figures counted from those records are marked {PROVISIONAL} (provisional) and are likely "
        "to rise as the records are completed."
    )
    return ctx.text(said(text, *sentence.values))


def run_charts(ctx: Section) -> Blocks:
    """A run chart per indicator: each month's value and the rolling 12 months with the objective (indicators 1 to 4),
    or each year's value with the objective (5 and 6); the reporting year marked."""
    if ctx.msg is None or _before_msg(ctx):
        return Blocks()
    parts = []
    for m in msg.MSG_INDICATORS:
        parts.append(_monthly_chart(ctx, m) if m.monthly else _annual_chart(ctx, m))
    return Blocks(*parts)


def _monthly_chart(ctx: Section, m: MsgIndicator) -> Blocks:
    year_months = analysis.year_months(ctx.year)
    series = analysis.chart_series(ctx.msg, ctx.partnership, m, ctx.returns)
    series = series[series["month"] <= year_months[-1]].reset_index(drop=True)  # nothing after the reporting year
    if series["value"].isna().all():
        return ctx.text(f"PHS's MSG data hold no monthly figures of {m.id} for {ctx.partnership.name}.")
    unit = "%" if m.unit == "percentage" else m.title.lower()
    title = f"{m.id} {m.title}: each month and over 12 months, {ctx.partnership.name}"
    fig = charts.monthly_run_chart(
        series,
        title=title,
        unit="% within 4 hours" if m.unit == "percentage" else unit,
        year_start=year_months[0],
        year_end=year_months[-1],
        source=ctx.msg_source(MONTHLY),
    )
    last = series.dropna(subset=["rolling_12_months"]).tail(1)
    where = ctx.msg.where(MONTHLY)
    values, sentence = [], ""
    if len(last):
        end = analysis.month_label(last["month"].iloc[0])
        period = ctx.year.label if last["month"].iloc[0] == year_months[-1] else f"12 months to {end}"
        latest = _declared(_value(m, last["rolling_12_months"].iloc[0]), m, ctx, "value", period,
                           f"{where}: {m.numerator}")  # fmt: skip
        values.append(latest)
        sentence = f" Over the 12 months to {end} the figure was {latest}"
        if pd.notna(last["objective"].iloc[0]):
            target = _declared(_value(m, last["objective"].iloc[0]), m, ctx, "objective", ctx.year.label,
                               f"{ctx.returns.source.name}, sheet MSG objectives")  # fmt: skip
            values.append(target)
            sentence += f" against an objective of {target}"
        sentence += "."
    first, final = analysis.month_label(series["month"].iloc[0]), analysis.month_label(series["month"].iloc[-1])
    alt = (f"Line chart of {m.id} {m.title.lower()} for {ctx.partnership.name}, {first} to {final}: each month's "
           f"figure, the rolling 12-month figure and the objective for each year that has one, with "
           f"{ctx.year.label} shaded.{sentence} The chart's data table holds every month.")  # fmt: skip
    data = series.assign(month=series["month"].dt.strftime("%Y-%m"))
    return ctx.figure(fig, f"{m.slug}-run-chart", alt=alt, data=data, caption=f"{m.id} {m.title}",
                      source=ctx.msg_source(MONTHLY), unit="%" if m.unit == "percentage" else "",
                      kinds={"month": "text"} | ({} if m.unit == "percentage" else
                                                 {"value": "count", "rolling_12_months": "count",
                                                  "objective": "count"}), values=values)  # fmt: skip


def _annual_chart(ctx: Section, m: MsgIndicator) -> Blocks:
    series = analysis.annual_chart_series(ctx.msg, ctx.partnership, m, ctx.returns)
    series = series[series["year_start"] <= ctx.year.start].reset_index(drop=True)
    if series.empty:
        return ctx.text(f"PHS's MSG data hold no figures of {m.id} for {ctx.partnership.name}.")
    title = f"{m.id} {m.title}, {ctx.partnership.name}"
    source = ctx.msg_source(ANNUAL)
    fig = charts.annual_objective_chart(series, title=title, unit="%", year=ctx.year.label, source=source)
    last = series.iloc[-1]
    where = ctx.msg.where(ANNUAL)
    latest = _declared(percent(last["value"]), m, ctx, "value", last["year"].rstrip("p"), f"{where}: {m.numerator}")
    if last["provisional"]:
        latest = latest.marked(" " + PROVISIONAL)
    values = [latest]
    sentence = f"In {last['year'].rstrip('p')}{' (provisional)' if last['provisional'] else ''} it was {latest}"
    if pd.notna(last["objective"]):
        target = _declared(percent(last["objective"]), m, ctx, "objective", last["year"].rstrip("p"),
                           f"{ctx.returns.source.name}, sheet MSG objectives")  # fmt: skip
        values.append(target)
        sentence += f" against an objective of {target}"
    alt = (f"Line chart of {m.id}, the {m.plain}, in {ctx.partnership.name} each year from "
           f"{series['year'].iloc[0]} to {series['year'].iloc[-1]}, with each year's objective. {sentence}. The "
           "chart's data table holds every year.")  # fmt: skip
    return ctx.figure(fig, f"{m.slug}-chart", alt=alt, data=series.drop(columns=["year_start"]),
                      caption=f"{m.id} {m.title}", source=ctx.msg_source(ANNUAL), unit="%",
                      kinds={"year": "text", "provisional": "flag"}, values=values)  # fmt: skip


def about_the_figures(ctx: Section) -> Blocks:
    if ctx.msg is None or _before_msg(ctx):
        return Blocks()
    return ctx.bullets([
        "Indicators 1 to 4 count the partnership's residents of all ages (delayed discharges: aged 18 and over), "
        "wherever in Scotland they were treated, by the month of admission, attendance or bed day.",
        "Indicator 5 is the share of the last six months of life spent at home or in a community setting; indicator "
        "6 the share of people aged 65 and over living at home, with or without support.",
        NOT_COMPARABLE_NOTE,
    ])  # fmt: skip
