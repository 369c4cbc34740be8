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
from hscp_nb.present import charts, claims, figures
from hscp_nb.present.formats import Printed, listed, number, percent, possessive, said
from hscp_nb.present.section import Section

TRAVEL_WORDS = {rules.IMPROVED: "Improved", rules.WORSENED: "Worsened", rules.LITTLE_CHANGE: "Little change",
                rules.NO_DATA: "–", rules.NOT_COMPARABLE: "Not comparable"}  # fmt: skip
OBJECTIVE_YEAR_NOTE = (
    "Each value is judged against the objective for the year it covers; where that year is not {year}, the "
    "objective's year follows it."
)
PROVISIONAL_MSG_NOTE = (
    f"{PROVISIONAL} marks a provisional figure: a year PHS marks as provisional (indicators 5 and 6), or 12 months "
    "that include a month whose hospital records were under 95% complete when PHS extracted them. Later releases "
    "will revise it, usually upwards."
)


def _msg(ctx):
    """PHS's MSG data, the input the section declares (:mod:`hscp_nb.inputs.msg`), or None when the run names none."""
    return ctx.input("msg_data")


def _source(ctx, table: str) -> str:
    """The source line of a table or chart from one of the MSG data's tables ('MSG 1 to 4', …)."""
    msg = _msg(ctx)
    where = msg.where(table) if msg is not None else "not supplied"
    return ctx.source(f"PHS MSG management information ({where})", msg is not None and msg.synthetic)


def _before_msg(ctx: Section) -> bool:
    """The reporting year ends before PHS's MSG series begin (April 2017)."""
    return analysis.year_months(ctx.year)[-1] < pd.Timestamp(*msg.FIRST_MONTH, 1)


def introduction(ctx: Section) -> Blocks:
    if _msg(ctx) is None:
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


def _declared(printed, m: MsgIndicator, ctx: Section, measure: str, period: str, source: str,
              verdict: str = "") -> Printed | str:  # fmt: skip
    if not isinstance(printed, Printed):
        return printed
    return printed.of(figure=f"{m.id} {m.title}", code=m.id, measure=measure, area=ctx.partnership.name,
                      period=period, source=source, unit=m.ledger_unit, verdict=verdict)  # fmt: skip


def _results(ctx: Section) -> list[analysis.MsgResult]:
    """The MSG results of the partnership and year: computed once, for the table and every chart alike."""
    if getattr(ctx, "_msg_results", None) is None:
        ctx._msg_results = analysis.results(_msg(ctx), ctx.returns, ctx.partnership, ctx.year)
    return ctx._msg_results


def _result(ctx: Section, m: MsgIndicator) -> analysis.MsgResult:
    return next(r for r in _results(ctx) if r.measure == m)


def _value_of(r: analysis.MsgResult, ctx: Section) -> Printed | str:
    """A measure's value as every view prints it: declared once, with its verdicts (the ledger row's ``verdict``),
    '[p]' after it when provisional."""
    m = r.measure
    where = _msg(ctx).where(MONTHLY if m.monthly else ANNUAL)
    verdict = figures.msg_verdict(r.judgement, r.baseline_label, r.travel)
    value = _declared(_value(m, r.value), m, ctx, "value", r.period, f"{where}: {m.numerator}", verdict)
    return value.marked(" " + PROVISIONAL) if r.provisional and isinstance(value, Printed) else value


def _target_of(r: analysis.MsgResult, ctx: Section) -> Printed | str:
    """The value the objective of the value's own year asks for, declared for that year."""
    return _declared(_value(r.measure, r.target), r.measure, ctx, "objective", r.judgement.objective_year.label,
                     f"{ctx.returns.source.name}, sheet MSG objectives")  # fmt: skip


def _objective(r: analysis.MsgResult, ctx: Section) -> Printed | str:
    """The objective of the value's year as the partnership set it: '95.0%', or '−2.0% (20,565)' for a change from
    the baseline; its year after it when that is not the reporting year ('88.4% (2024/25)')."""
    if r.objective is None:
        return "–"
    cell = _target_of(r, ctx)
    if r.objective_kind == rules.PERCENT_CHANGE:
        change = percent(r.objective, signed=True)
        text = f"{change} ({cell})" if r.target is not None else f"{change} (no baseline)"
        cell = _declared(Printed(text, r.target), r.measure, ctx, "objective", r.judgement.objective_year.label,
                         f"{ctx.returns.source.name}, sheet MSG objectives")  # fmt: skip
    year = r.judgement.objective_year
    return cell.marked(f" ({year.label})") if year != ctx.year and isinstance(cell, Printed) else cell


def verdict_words(r: analysis.MsgResult) -> str:
    """'Met', 'Not met (margin within what incomplete records could change)', 'No objective set for 2024/25'."""
    words = figures.objective_words(r.judgement)
    return words[0].upper() + words[1:]


def objectives_table(ctx: Section) -> Blocks:
    """Each indicator: its baseline, the objective of the value's year, the year's value (12 months), whether the
    objective was met, the direction of travel since the baseline and the latest period in PHS's data."""
    if _msg(ctx) is None or _before_msg(ctx):
        return Blocks()
    results = _results(ctx)
    source = _source(ctx, MONTHLY)
    rows, data = [], []
    for r in results:
        m = r.measure
        where = _msg(ctx).where(MONTHLY if m.monthly else ANNUAL)
        value = _value_of(r, ctx)
        period = "" if r.period == ctx.year.label else f" ({r.period})"
        base = _declared(_value(m, r.baseline), m, ctx, "baseline", r.baseline_label, f"{where}: {m.numerator}")
        if r.baseline_label != msg.BASELINE_YEAR.label and isinstance(base, Printed):
            base = base.marked(f" ({r.baseline_label})")
        latest = r.latest + (f" {PROVISIONAL}" if r.provisional and not m.monthly else "")
        j = r.judgement
        rows.append({
            "Indicator": f"{m.id} {m.title}",
            f"Baseline {msg.BASELINE_YEAR.label}": base,
            "Objective": _objective(r, ctx),
            f"{ctx.year.label} value": value.marked(period) if isinstance(value, Printed) and period else value,
            "Objective met?": claims.Stated(
                verdict_words(r), claims.msg_objective(m, r, ctx.partnership.name, verdict_words(r))
            ),
            f"Since {r.baseline_label}": claims.Stated(
                TRAVEL_WORDS.get(r.travel, r.travel),
                claims.msg_travel(m, r, ctx.partnership.name, TRAVEL_WORDS.get(r.travel, r.travel)),
            ),
            "Latest data": latest,
        })  # fmt: skip
        data.append({"indicator": m.id, "title": m.title, "unit": m.unit, "baseline_year": r.baseline_label,
                     "baseline": r.baseline, "objective_year": j.objective_year.label,
                     "objective_as_set": r.objective, "objective_is": r.objective_kind, "objective_value": r.target,
                     "desired_direction": r.direction, "period": r.period, "value": r.value,
                     "provisional": r.provisional, "objective_met": j.verdict, "margin": j.margin,
                     "records_to_come": j.to_come or None, "caveat": j.caveat,
                     "direction_of_travel": r.travel, "latest_data": r.latest, "comment": r.comment})  # fmt: skip
    shown = pd.DataFrame(rows)
    notes = ["Values are the 12 months of the reporting year (April to March): counts of the partnership's "
             "residents of all ages (delayed discharges: aged 18 and over), wherever they were treated. Indicators 5 "
             "and 6 are the latest financial year PHS has published."]  # fmt: skip
    if any(r.judgement.objective_year != ctx.year for r in results):
        notes.append(OBJECTIVE_YEAR_NOTE.format(year=ctx.year.label))
    if any(r.provisional for r in results):
        notes.append(PROVISIONAL_MSG_NOTE)
    if any(msg.RECORDS_CAVEAT in r.judgement.caveat for r in results):
        notes.append(msg.RECORDS_RULE)
    if any("provisional value within" in r.judgement.caveat for r in results):
        notes.append(msg.CLOSE_RULE)
    comments = [f'On {r.measure.id}, {r.measure.title}, the partnership comments: "{r.comment}".'
                for r in results if r.comment]  # fmt: skip
    parts = [ctx.table(shown, "msg-objectives", caption=f"MSG indicators against {possessive(ctx.partnership.name)} "
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
    if _msg(ctx) is None or _before_msg(ctx):
        return Blocks()
    sentence = incomplete_records(_msg(ctx), ctx.partnership, ctx.year)
    if sentence is None:
        return Blocks()
    if _msg(ctx).completeness.empty:
        return ctx.text(sentence)
    text = (
        f"{sentence} The figures counted from those records are marked {PROVISIONAL} (provisional) and are likely "
        "to rise as the records are completed."
    )
    return ctx.text(said(text, *sentence.values))


def run_charts(ctx: Section) -> Blocks:
    """A run chart per indicator: each month's value and the rolling 12 months with the objective (indicators 1 to 4),
    or each year's value with the objective (5 and 6); the reporting year marked."""
    if _msg(ctx) is None or _before_msg(ctx):
        return Blocks()
    parts = []
    for m in msg.MSG_INDICATORS:
        parts.append(_monthly_chart(ctx, m) if m.monthly else _annual_chart(ctx, m))
    return Blocks(*parts)


def _verdict_said(r: analysis.MsgResult, ctx: Section) -> tuple[str, list[Printed]]:
    """A chart's alt-text sentence on the value and its verdict, from the one result the table prints too: 'In
    2024/25 (provisional) it was 88.5% [p] against the 2024/25 objective of 88.4%: met.'; the numbers it prints."""
    if r.value is None:
        return "", []
    latest, j = _value_of(r, ctx), r.judgement
    when = r.period if r.period[0].isdigit() else f"the {r.period}"
    sentence = f"In {when}{' (provisional)' if r.provisional and not r.measure.monthly else ''} it was {latest}"
    values = [latest]
    if j.target is not None:
        target = _target_of(r, ctx)
        values.append(target)
        sentence += f" against the {j.objective_year.label} objective of {target}"
    words = figures.objective_words(j)
    values.append(claims.msg_objective(r.measure, r, ctx.partnership.name, words))  # the alt text states it
    return f"{sentence}: {words}.", values


def _headline(r: analysis.MsgResult, ctx: Section) -> str:
    """The verdict a chart's title states: '2024/25 objective met', 'no objective set for 2025/26'."""
    j = r.judgement
    if j.verdict == rules.NO_DATA:
        return ""
    if j.verdict == rules.NO_OBJECTIVE:
        return f": {figures.objective_words(j)}"
    return f": {j.objective_year.label} objective {figures.objective_words(j)}"


def _monthly_chart(ctx: Section, m: MsgIndicator) -> Blocks:
    year_months = analysis.year_months(ctx.year)
    series = analysis.chart_series(_msg(ctx), ctx.partnership, m, ctx.returns)
    series = series[series["month"] <= year_months[-1]].reset_index(drop=True)  # nothing after the reporting year
    if series["value"].isna().all():
        return ctx.text(f"PHS's MSG data hold no monthly figures of {m.id} for {ctx.partnership.name}.")
    r = _result(ctx, m)
    series["incomplete"] = analysis.incomplete_flags(_msg(ctx), ctx.partnership, ctx.year, m, series["month"])
    unit = "%" if m.unit == "percentage" else m.title.lower()
    fig = charts.monthly_run_chart(
        series,
        title=f"{m.id} {m.title}, {ctx.partnership.name}{_headline(r, ctx)}",
        unit="% within 4 hours" if m.unit == "percentage" else unit,
        year_start=year_months[0],
        year_end=year_months[-1],
        source=_source(ctx, MONTHLY),
    )
    sentence, values = _verdict_said(r, ctx)
    first, final = analysis.month_label(series["month"].iloc[0]), analysis.month_label(series["month"].iloc[-1])
    chart = f"Line chart of {m.id} {m.title} for {ctx.partnership.name}, {first} to {final}"
    short = f"Line chart of {m.id} {msg.SHORT_TITLES[m.code].lower()} for {ctx.partnership.name}, {first} to {final}"
    candidates = [  # the fullest that fits ALT_LIMIT (the months drawn open named, or only what open markers are)
        (f"{chart}: monthly and rolling 12-month figures and each year's objective, {ctx.year.label} shaded.",
         incomplete_in_words(series)),
        (f"{chart}, by month, with the rolling 12 months and objectives.", incomplete_in_words(series)),
        (f"{chart}, by month, with the rolling 12 months and objectives.", incomplete_in_words(series, brief=True)),
        (f"{short}, by month, with the rolling 12 months and objectives.", incomplete_in_words(series, brief=True)),
    ]  # fmt: skip
    alts = [" ".join(filter(None, [*c, sentence, "The data table holds every month."])) for c in candidates]
    alt = next((a for a in alts if len(a) <= ALT_LIMIT), alts[-1])
    data = series.rename(columns={"incomplete": "records_under_95_percent"}).assign(
        month=series["month"].dt.strftime("%Y-%m"))  # fmt: skip
    return ctx.chart(fig, f"{m.slug}-run-chart", alt=alt, data=data, caption=f"{m.id} {m.title}",
                      source=_source(ctx, MONTHLY), unit="%" if m.unit == "percentage" else "",
                      kinds={"month": "text", "records_under_95_percent": "flag"} | ({} if m.unit == "percentage" else
                                                 {"value": "count", "rolling_12_months": "count",
                                                  "objective": "count"}), values=values)  # fmt: skip


ALT_LIMIT = 350  # characters: an alt text is one or two sentences (the data table holds the rest)


def incomplete_in_words(series: pd.DataFrame, brief: bool = False) -> str:
    """What a run chart's alt text says of the months drawn open (``incomplete`` column): 'January to March 2026:
    records under 95% complete, open markers (likely to rise).' (``brief``: 'Open markers: records under 95%
    complete.'); '' when none."""
    flagged = pd.to_datetime(series.loc[series["incomplete"].eq(True), "month"]) if "incomplete" in series else []
    if not len(flagged):
        return ""
    if brief:
        return f"Open markers: records under {COMPLETE_PERCENT:.0f}% complete."
    first, last = flagged.min(), flagged.max()
    start = f"{first:%B}" if first.year == last.year else analysis.month_label(first)
    when = analysis.month_label(first) if first == last else f"{start} to {analysis.month_label(last)}"
    return f"{when}: records under {COMPLETE_PERCENT:.0f}% complete, open markers (likely to rise)."


def _annual_chart(ctx: Section, m: MsgIndicator) -> Blocks:
    series = analysis.annual_chart_series(_msg(ctx), ctx.partnership, m, ctx.returns)
    series = series[series["year_start"] <= ctx.year.start].reset_index(drop=True)
    if series.empty:
        return ctx.text(f"PHS's MSG data hold no figures of {m.id} for {ctx.partnership.name}.")
    r = _result(ctx, m)
    source = _source(ctx, ANNUAL)
    fig = charts.annual_objective_chart(series, title=f"{m.id} {m.title}, {ctx.partnership.name}{_headline(r, ctx)}",
                                        unit="%", year=ctx.year.label, source=source)  # fmt: skip
    sentence, values = _verdict_said(r, ctx)
    years = f"in {ctx.partnership.name} each year from {series['year'].iloc[0]} to {series['year'].iloc[-1]}"
    alts = [" ".join(filter(None, [f"Line chart of {m.id}, {what}, {years}, with each year's objective.", sentence,
                                   "The data table holds every year."]))
            for what in (f"the {m.plain}", msg.SHORT_TITLES[m.code].lower())]  # fmt: skip
    alt = next((a for a in alts if len(a) <= ALT_LIMIT), alts[-1])
    return ctx.chart(fig, f"{m.slug}-chart", alt=alt, data=series.drop(columns=["year_start"]),
                      caption=f"{m.id} {m.title}", source=source, unit="%",
                      kinds={"year": "text", "provisional": "flag"}, values=values)  # fmt: skip


def about_the_figures(ctx: Section) -> Blocks:
    if _msg(ctx) is None or _before_msg(ctx):
        return Blocks()
    return ctx.bullets([
        "Indicators 1 to 4 count the partnership's residents of all ages (delayed discharges: aged 18 and over), "
        "wherever in Scotland they were treated, by the month of admission, attendance or bed day.",
        "Indicator 5 is the share of the last six months of life spent at home or in a community setting; indicator "
        "6 the share of people aged 65 and over living at home, with or without support.",
        "Each value is judged against the partnership's objective for the year the value covers, never another "
        "year's: when PHS's latest figures of indicators 5 and 6 are for the year before the reporting year, so is "
        "the objective. A year without an objective says so.",
        msg.RECORDS_RULE,
        msg.CLOSE_RULE,
        NOT_COMPARABLE_NOTE,
    ])  # fmt: skip
