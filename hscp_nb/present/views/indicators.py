"""The indicators section's views: key messages, the table of latest values, each outcome's indicators with their
trend charts, what is not reported, local measures and the national-indicator annex."""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis import governance, indicators
from hscp_nb.document.blocks import Blocks, Paragraph
from hscp_nb.domain.reference import indicator as get_indicator
from hscp_nb.domain.reference import outcomes as all_outcomes
from hscp_nb.present import charts, claims, figures, tables, wording
from hscp_nb.present.formats import number
from hscp_nb.present.section import Section


def indicator_results(ctx: Section) -> indicators.IndicatorResults:
    return indicators.results(ctx.national.table, ctx.partnership, ctx.year)


def sentences(ctx: Section, results: indicators.IndicatorResults) -> dict[str, str]:
    """Each indicator's plain-English sentence, written once per section."""
    return {r["indicator"]: wording.sentence(r, ctx.partnership, ctx.year) for r in results.latest.to_dict("records")}


def key_messages(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    return Blocks(
        ctx.heading("Key messages", 3), ctx.bullets(wording.key_messages(results.latest, ctx.partnership, ctx.year))
    )


def latest_table(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    """Every indicator's latest value against Scotland and the peer group, its rank and trend (OUT-2)."""
    latest = results.latest
    window = ctx.year.window()
    ctx.met(
        "OUT-2",
        "Indicators › summary table",
        f"{int(latest['shown'].sum())} indicators with data, window {window[0].label}–{window[-1].label}",
    )
    return ctx.table(
        tables.latest_table(latest, ctx.partnership, ctx.year),
        "indicator-summary",
        caption=f"Core integration indicators, {ctx.partnership.name}, latest year in the {ctx.year.label} report",
        data=latest,
        notes=(tables.RANK_NOTE, *((tables.INDICATOR_PROVISIONAL_NOTE,) if latest["estimate"].any() else ())),
    )


def outcome(ctx: Section, results: indicators.IndicatorResults, number_: int) -> Blocks:
    """One outcome: its text, the partnership's assessment, its indicators' sentences and trend charts."""
    latest = results.latest
    said = sentences(ctx, results)
    item = all_outcomes()[number_ - 1]
    parts = [
        ctx.heading(f"Outcome {number_}", 3),
        Paragraph(item.text, "lead"),
    ]
    assessment = governance.narrative(ctx.returns, ctx.year, f"Outcome {number_}")
    if assessment:
        parts.append(ctx.own_words(assessment, f"Outcome {number_}"))
        ctx.met("OUT-1", f"Indicators › Outcome {number_}")
    else:
        parts.append(
            ctx.missing(
                "OUT-1",
                f"Indicators › Outcome {number_}",
                f"the returns hold no assessment against outcome {number_} for {ctx.year.label}",
            )
        )
    rows = latest[latest["indicator"].isin(item.indicator_ids)]
    parts.append(ctx.bullets([said[i] for i in rows["indicator"]]))
    for r in rows.itertuples():
        ind = get_indicator(r.indicator)
        if not r.shown or ind.outcome_primary != number_:
            continue
        parts.append(trend_chart(ctx, ind, results, said[ind.id]))
    return Blocks(*parts)


def trend_chart(ctx: Section, ind, results: indicators.IndicatorResults, sentence: str) -> Blocks:
    row = results.latest[results.latest["indicator"] == ind.id].iloc[0]
    window = results.windows[ind.id]
    fig = charts.trend_chart(
        window,
        title=wording.chart_title(ind, row, ctx.partnership),
        unit=ind.unit_short,
        source=ctx.national_source,
        breaks="segment",
        labels={"partnership": ctx.partnership.name, "scotland": "Scotland", "peer": "Peer group"},
    )
    data = window.rename(columns={"partnership": ctx.partnership.name, "peer": "peer_group"})
    areas = {"partnership": ctx.partnership.name, "scotland": "Scotland", "peer": "Peer group"}
    plotted = [
        figures.window_value(ind, area, point["year"], point[role])
        for point in window.to_dict("records")
        for role, area in areas.items()
        if not pd.isna(point[role])
    ]
    return ctx.chart(
        fig,
        f"{ind.slug}-trend",
        source=ctx.national_source,
        alt=wording.chart_alt(ind, window, ctx.partnership, sentence),
        data=data,
        caption=wording.trend_caption(ind, window, row),
        unit=ind.unit_short,
        values=plotted,
    )


def not_reported(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    rows = results.latest[~results.latest["shown"]]
    shown = pd.DataFrame(
        {
            "Indicator": rows["indicator"],
            "Title": rows["title"],
            "Why it is not shown": [
                wording.not_shown_reason(r, ctx.partnership, ctx.year) for r in rows.to_dict("records")
            ],
        }
    )
    return ctx.table(shown, "indicators-not-reported", caption="Core indicators not reported, with the reason")


def local_measures(ctx: Section) -> Blocks:
    """The partnership's own measures over the statutory window (reg 3(a)(ii)-(iii): the year and the 5 before it),
    each with its target for the reporting year and whether the year's value met it."""
    window = ctx.year.window()
    table = ctx.returns.tables.get("local_measures")
    rows = table[table["year"].isin([y.start for y in window])] if table is not None else None
    if rows is None or rows[rows["year"] == ctx.year.start].empty:
        return ctx.text("The returns hold no local measures for this year.")
    shown = []
    for measure, group in rows.groupby("measure", sort=False):
        by_year = group.set_index("year")
        this_year = by_year.loc[ctx.year.start] if ctx.year.start in by_year.index else None
        unit = str(group["unit"].iloc[-1])
        row = {"Measure": measure, "Outcome": f"Outcome {group['outcome'].iloc[-1]}", "Unit": unit}
        for year in window:
            value = by_year["value"].get(year.start)
            row[year.label] = "–" if value is None or pd.isna(value) else number(value).of(figure=measure, unit=unit)
        target = None if this_year is None else this_year["target"]
        row["Target"] = "–" if target is None or pd.isna(target) else (
            number(target).of(figure=measure, measure="target", unit=unit)
        )  # fmt: skip
        row["Target met?"] = _target_met(ctx, measure, this_year, unit)
        shown.append(row)
    return ctx.table(
        pd.DataFrame(shown),
        "local-measures",
        caption=f"Local measures, {window[0].label} to {window[-1].label}, with the {ctx.year.label} target",
        data=rows,
        requirement="OUT-2",
        source=ctx.returns_source,
    )


def _target_met(ctx: Section, measure: str, this_year, unit: str):
    """'Met' or 'Not met' for the reporting year's value against its target ('–' without either), as a claim."""
    if this_year is None or pd.isna(this_year["value"]) or pd.isna(this_year["target"]):
        return "–"
    higher = str(this_year["higher_is_better"]).strip().lower() != "no"
    met = this_year["value"] >= this_year["target"] if higher else this_year["value"] <= this_year["target"]
    words = "Met" if met else "Not met"
    claim = claims.judged(
        "indicators", measure, ctx.partnership.name, ctx.year.label, "target", words.lower(), words,
        compared=f"the {ctx.year.label} value with the partnership's target for the year",
        rule="met when the value is at or beyond the target in the measure's direction (higher or lower is better)",
        values=f"value {claims.number(this_year['value'])}; target {claims.number(this_year['target'])}; {unit}",
    )  # fmt: skip
    return claims.Stated(words, claim)


def annex(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    survey, other = tables.annex_tables(results, ctx.partnership, ctx.year)
    values = indicators.annex_values(results, ctx.year)
    caption = f"National indicator annex: {ctx.partnership.name}, {ctx.year.label} report"
    return Blocks(
        ctx.table(
            survey,
            "national-indicator-annex-survey",
            requirement="ANX-1",
            caption=f"{caption}: survey indicators by survey wave",
            data=values[values["basis"] == "survey"],
        ),
        ctx.table(
            other,
            "national-indicator-annex",
            requirement="ANX-1",
            caption=f"{caption}: other indicators by reporting year",
            data=values[values["basis"] != "survey"],
        ),
        ctx.text(tables.annex_note()),
    )
