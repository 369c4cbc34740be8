"""Views: what each notebook cell shows. Each function takes the section context, asks the section modules for the
figures, formats them for reading, exports charts and tables, records the requirement ids it meets (or states what
is missing), and returns document blocks. Views format; they do not compute statistics.
"""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis import finance, governance, indicators, localities
from hscp_nb.document.blocks import Blocks, KeyFigure, KeyFigures, Paragraph
from hscp_nb.domain.reference import indicator as get_indicator
from hscp_nb.domain.reference import outcomes as all_outcomes
from hscp_nb.inputs.returns_schema import GRADE_LABELS, GRADE_THEMES, REG4_MATTERS
from hscp_nb.present import charts, tables, wording
from hscp_nb.present.formats import date, indicator_value, money, money_unit, number, percent, plural
from hscp_nb.present.section import Section


# ====================================================================================================== indicators
def indicator_results(ctx: Section) -> indicators.IndicatorResults:
    return indicators.results(ctx.national.table, ctx.partnership, ctx.year)


def sentences(ctx: Section, results: indicators.IndicatorResults) -> dict[str, str]:
    """Each indicator's plain-English sentence, written once per section."""
    return {r["indicator"]: wording.sentence(r, ctx.partnership, ctx.year) for r in results.summary.to_dict("records")}


def key_messages(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    return Blocks(
        ctx.heading("Key messages", 3), ctx.bullets(wording.key_messages(results.summary, ctx.partnership, ctx.year))
    )


def summary_table(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    summary = results.summary
    window = ctx.year.window()
    ctx.met(
        "OUT-2",
        "Indicators › summary table",
        f"{int(summary['shown'].sum())} indicators with data, window {window[0].label}–{window[-1].label}",
    )
    return ctx.table(
        tables.summary_table(summary, ctx.partnership, ctx.year),
        "indicator-summary",
        caption=f"Core integration indicators, {ctx.partnership.name}, latest year in the {ctx.year.label} report",
        data=summary,
    )


def outcome(ctx: Section, results: indicators.IndicatorResults, number_: int) -> Blocks:
    """One outcome: its text, the partnership's assessment, its indicators' sentences and trend charts."""
    summary = results.summary
    said = sentences(ctx, results)
    item = all_outcomes()[number_ - 1]
    parts = [
        ctx.heading(f"Outcome {number_}", 3),
        Paragraph(item.text, "lead"),
    ]
    assessment = governance.narrative(ctx.returns, ctx.year, f"Outcome {number_}")
    if assessment:
        parts.append(ctx.text(assessment))
        ctx.met("OUT-1", f"Indicators › Outcome {number_}")
    else:
        parts.append(
            ctx.missing(
                "OUT-1",
                f"Indicators › Outcome {number_}",
                f"the returns hold no assessment against outcome {number_} for {ctx.year.label}",
            )
        )
    rows = summary[summary["indicator"].isin(item.indicator_ids)]
    parts.append(ctx.bullets([said[i] for i in rows["indicator"]]))
    for r in rows.itertuples():
        ind = get_indicator(r.indicator)
        if not r.shown or ind.outcome_primary != number_:
            continue
        parts.append(trend_figure(ctx, ind, results, said[ind.id]))
    return Blocks(*parts)


def trend_figure(ctx: Section, ind, results: indicators.IndicatorResults, sentence: str) -> Blocks:
    row = results.summary[results.summary["indicator"] == ind.id].iloc[0]
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
    return ctx.figure(
        fig,
        f"{ind.slug}-trend",
        source=ctx.national_source,
        alt=wording.chart_alt(ind, window, ctx.partnership, sentence),
        data=data,
        caption=wording.trend_caption(ind, window, row),
        unit=ind.unit_short,
    )


def not_reported(ctx: Section, results: indicators.IndicatorResults) -> Blocks:
    rows = results.summary[~results.summary["shown"]]
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
    rows = ctx.returns.for_year("local_measures", ctx.year.start)
    if rows.empty:
        return ctx.text("The returns hold no local measures for this year.")
    shown = pd.DataFrame(
        {
            "Measure": rows["measure"],
            "Outcome": rows["outcome"],
            "Value": rows["value"].map(number),
            "Unit": rows["unit"],
            "Target": rows["target"].map(number),
            "Higher is better": rows["higher_is_better"],
        }
    )
    return ctx.table(
        shown,
        "local-measures",
        caption=f"Local measures, {ctx.year.label}",
        data=rows,
        requirement="OUT-2",
        source=ctx.returns_source,
    )


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


# ====================================================================================================== finance
def finance_headline(ctx: Section) -> Blocks:
    table = finance.lines(ctx.returns, ctx.year)
    if table.empty:
        return ctx.missing("FIN-1", "Finance", f"the returns hold no finance lines for {ctx.year.label}")
    t = finance.total(table)
    unit = money_unit([t["actual"]])
    ctx.met("FIN-1", "Finance › total spend", money(t["actual"], unit))
    ctx.met("FIN-3", "Finance › under/overspend", f"{t['position']} {money(abs(t['variance']), unit)}")
    status = ctx.returns.for_year("about", ctx.year.start)["accounts_status"].iloc[0]
    provisional = " These are unaudited figures: this is a provisional edition." if status == "Unaudited" else ""
    figures = KeyFigures(
        (
            KeyFigure("Total spend", money(t["actual"], unit), f"against {money(t['planned'], unit)} planned"),
            KeyFigure(t["position"].capitalize(), money(abs(t["variance"]), unit),
                      f"{percent(abs(t['variance_pct']))} of plan"),
        )
    )  # fmt: skip
    return Blocks(
        figures,
        ctx.text(
            f"In {ctx.year.label} {ctx.partnership.name} spent {money(t['actual'], unit)} against a planned "
            f"{money(t['planned'], unit)}: an {t['position']} of {money(abs(t['variance']), unit)} "
            f"({percent(abs(t['variance_pct']))} of plan).{provisional}"
        ),
    )


def reg4(ctx: Section) -> Blocks:
    table = finance.lines(ctx.returns, ctx.year)
    matters = finance.by_reg4_matter(table)
    unit = money_unit(matters["actual"])
    shown = pd.DataFrame(
        {
            "Reg 4 matter": [f"({letter}) {m}" for letter, m in zip(matters["letter"], matters["reg4_matter"])],
            "Actual": matters["actual"].map(lambda v: money(v, unit)),
            "Proportion": matters["proportion"].map(percent),
            "Planned": matters["planned"].map(lambda v: money(v, unit)),
        }
    )
    fig = charts.horizontal_bars(
        matters.assign(label=shown["Reg 4 matter"], text=shown["Proportion"] + " · " + shown["Actual"]),
        label="label",
        value="proportion",
        value_text="text",
        title=f"Where the money went in {ctx.year.label}: share of spend by statutory matter",
        xlabel="% of total actual spend",
        source=ctx.returns_source,
    )
    alt = (
        "Bar chart of the share of total spend on each regulation 4 matter: "
        + "; ".join(f"{matter}: {p}" for matter, p in zip(shown["Reg 4 matter"], shown["Proportion"]))
        + "."
    )
    groups = finance.by_care_group(table)
    gunit = money_unit(groups["actual"])
    group_table = pd.DataFrame(
        {
            "Key care group (f)": groups["care_group"],
            "Actual": groups["actual"].map(lambda v: money(v, gunit)),
            "Proportion": groups["proportion"].map(percent),
        }
    )
    return Blocks(
        ctx.table(
            shown,
            "reg4-matters",
            caption=f"Spend by regulation 4 matter, {ctx.year.label}",
            data=matters,
            requirement="FIN-2",
        ),
        ctx.figure(
            fig,
            "reg4-matters-share",
            alt=alt,
            data=matters,
            caption="Share of spend by regulation 4 matter",
            source=ctx.returns_source,
        ),
        ctx.table(group_table, "care-groups", caption=f"Spend by key care group, {ctx.year.label}", data=groups),
    )


def partners_and_lines(ctx: Section) -> Blocks:
    table = finance.lines(ctx.returns, ctx.year)
    partners = finance.by_partner(table)
    unit = money_unit(table["actual"])
    p_shown = pd.DataFrame(
        {
            "Partner": partners["partner"],
            "Planned": partners["planned"].map(lambda v: money(v, unit)),
            "Actual": partners["actual"].map(lambda v: money(v, unit)),
            "Proportion": partners["proportion"].map(percent),
        }
    )
    lines = table.sort_values("actual", ascending=False, kind="stable")
    l_shown = pd.DataFrame(
        {
            "Service line": lines["service_line"],
            "Partner": lines["partner"],
            "Planned": lines["planned"].map(lambda v: money(v, unit)),
            "Actual": lines["actual"].map(lambda v: money(v, unit)),
            "Under(−)/over(+)spend": lines["variance"].map(lambda v: money(v, unit, signed=True)),
            "% of plan": lines["variance_pct"].map(lambda v: percent(v, signed=True)),
            "Reason": lines["variance_reason"].fillna("–"),
        }
    )
    unexplained = lines[(lines["variance_pct"].abs() > 1) & lines["variance_reason"].isna()]
    warn = (
        ctx.text(
            f"{plural(len(unexplained), 'service line')} differ from plan by more than 1% without a reason in the "
            "returns: " + ", ".join(unexplained["service_line"])
        )
        if len(unexplained)
        else None
    )
    fig = charts.variance_chart(
        lines.assign(label=lines["service_line"]),
        label="label",
        value="variance_pct",
        title=f"Budget against actual by service line, {ctx.year.label}",
        source=ctx.returns_source,
    )
    over, under = lines.loc[lines["variance_pct"].idxmax()], lines.loc[lines["variance_pct"].idxmin()]
    alt = (
        f"Bar chart of each of {len(lines)} service lines' under- or overspend as a percentage of plan. Largest "
        f"overspend: {over['service_line']}, {percent(over['variance_pct'], signed=True)}; largest underspend: "
        f"{under['service_line']}, {percent(under['variance_pct'], signed=True)}. The table above holds every line."
    )
    return Blocks(
        ctx.table(p_shown, "spend-by-partner", caption=f"Spend by partner, {ctx.year.label}", data=partners),
        ctx.table(
            l_shown,
            "spend-by-service-line",
            caption=f"Planned and actual spend by service line, {ctx.year.label}",
            data=lines,
            requirement="FIN-3",
        ),
        warn,
        ctx.figure(
            fig,
            "service-line-variance",
            source=ctx.returns_source,
            alt=alt,
            data=lines[["service_line", "planned", "actual", "variance", "variance_pct"]],
            caption="Under- and overspend by service line, % of plan",
        ),
    )


def set_aside(ctx: Section) -> Blocks:
    table = finance.lines(ctx.returns, ctx.year)
    s = finance.set_aside(table)
    if s["lines"] == 0:
        return ctx.text("The returns identify no set-aside budget for large hospital services this year.")
    unit = money_unit([s["actual"]])
    return ctx.text(
        f"Set-aside budget for large hospital services: planned {money(s['planned'], unit)}, actual "
        f"{money(s['actual'], unit)} ({percent(s['share'])} of total spend)."
    )


def reserves(ctx: Section) -> Blocks:
    table = finance.reserves(ctx.returns, ctx.year)
    if table.empty or len(table) <= 1:
        return ctx.text("The returns hold no reserves for this year.")
    unit = money_unit(table[["opening", "closing"]].to_numpy().ravel())
    shown = pd.DataFrame(
        {
            "Reserve": table["reserve"],
            "Type": table["reserve_type"],
            **{c.title(): table[c].map(lambda v: money(v, unit)) for c in ["opening", "added", "used", "closing"]},
        }
    )
    return ctx.table(
        shown, "reserves", caption=f"Reserves: opening, added, used and closing, {ctx.year.label}", data=table
    )


def savings(ctx: Section) -> Blocks:
    rows, s = finance.savings(ctx.returns, ctx.year)
    if rows.empty:
        return ctx.text("The returns hold no savings programme for this year.")
    unit = money_unit(rows["target"])
    shown = pd.DataFrame(
        {
            "Programme": rows["programme"],
            "Target": rows["target"].map(lambda v: money(v, unit)),
            "Delivered": rows["delivered"].map(lambda v: money(v, unit)),
            "% delivered": rows["delivered_pct"].map(percent),
            "Recurring": rows["recurring"].map(lambda v: money(v, unit)),
        }
    )
    text = ctx.text(
        f"Savings delivered: {money(s['delivered'], unit)} of a {money(s['target'], unit)} target "
        f"({percent(s['delivered_pct'])}); {money(s['recurring'], unit)} recurs in future years."
    )
    return Blocks(
        text,
        ctx.table(
            shown, "savings", caption=f"Savings programmes, {ctx.year.label}", data=rows, kinds={"target": "money"}
        ),
    )


def six_year(ctx: Section) -> Blocks:
    table = finance.six_year(ctx.returns, ctx.year)
    missing_years = table[table["note"] != ""]["year"].tolist()
    have = table[table["note"] == ""]
    unit = money_unit(have["actual"]) if len(have) else (1e6, "m")
    shown = pd.DataFrame(
        {
            "Year": table["year"],
            "Actual": table.get("actual", pd.Series(dtype=float)).map(lambda v: money(v, unit)),
            "Under(−)/over(+)spend": table.get("variance", pd.Series(dtype=float)).map(
                lambda v: money(v, unit, signed=True)
            ),
            "% of plan": table.get("variance_pct", pd.Series(dtype=float)).map(lambda v: percent(v, signed=True)),
            **{
                f"({chr(97 + i)}) %": table.get(m, pd.Series(dtype=float)).map(percent)
                for i, m in enumerate(REG4_MATTERS)
            },
            "Note": table["note"],
        }
    )
    parts = [
        ctx.table(
            shown,
            "finance-six-year",
            caption="Spend, variance and regulation 4 proportions over the window",
            data=table,
            unit="% of actual spend",  # the regulation 4 matters' columns
        )
    ]
    if missing_years:
        parts.append(
            ctx.missing("FIN-4", "Finance › six-year comparison", "no finance returns for " + ", ".join(missing_years))
        )
    else:
        ctx.met("FIN-4", "Finance › six-year comparison")
    if len(have) >= 2:
        long = have.melt(id_vars=["year"], value_vars=list(REG4_MATTERS), var_name="matter", value_name="proportion")
        fig = charts.grouped_lines(
            long,
            x="year",
            series="matter",
            value="proportion",
            ylabel="% of total spend",
            title="Shares of spend by statutory matter over the window",
            source=ctx.returns_source,
        )
        first, last = have.iloc[0], have.iloc[-1]
        largest = max(REG4_MATTERS, key=lambda m: last[m])
        alt = (
            f"Line chart of the share of spend on each of the {len(REG4_MATTERS)} regulation 4 matters by year, "
            f"{first['year']} to {last['year']}. The largest, {largest}, went from {percent(first[largest])} to "
            f"{percent(last[largest])}. The six-year table holds every value."
        )
        parts.append(
            ctx.figure(
                fig,
                "reg4-proportions-trend",
                alt=alt,
                data=long,
                caption="Regulation 4 proportions by year",
                source=ctx.returns_source,
            )
        )
    return Blocks(*parts)


def locality_allocations(ctx: Section) -> Blocks:
    rows = finance.locality_allocations(ctx.returns, ctx.year)
    if rows.empty:
        return ctx.missing(
            "FIN-5", "Finance › locality allocations", f"the returns hold no locality spend for {ctx.year.label}"
        )
    unit = money_unit(rows["spend"])
    shown = pd.DataFrame(
        {
            "Locality": rows["locality"],
            "Spend": rows["spend"].map(lambda v: money(v, unit)),
            "Share": rows["share"].map(percent),
        }
    )
    return ctx.table(
        shown,
        "locality-allocations",
        caption=f"Amount paid to or set aside for each locality, {ctx.year.label}",
        data=rows,
        requirement="FIN-5",
    )


def best_value(ctx: Section) -> Blocks:
    parts = []
    for topic in ("Best value", "Efficiency opportunities", "Financial performance"):
        text = governance.narrative(ctx.returns, ctx.year, topic)
        if text:
            parts += [ctx.heading(topic, 4), ctx.text(text)]
    if governance.narrative(ctx.returns, ctx.year, "Best value"):
        ctx.met("BV-1", "Finance › best value")
    else:
        parts.append(
            ctx.missing("BV-1", "Finance › best value", "the returns hold no best value assessment for this year")
        )
    return Blocks(*parts)


def reconciliation(ctx: Section) -> Blocks:
    checks = finance.reconciliation(ctx.returns, ctx.year)
    books = finance.accounts(ctx.returns, ctx.year)
    unit = money_unit(checks["expected"]) if len(checks) else (1e6, "m")
    shown = pd.DataFrame(
        {
            "Check": checks["check"],
            "Expected": checks["expected"].map(lambda v: money(v, unit)),
            "Found": checks["found"].map(lambda v: money(v, unit)),
            "Difference (£)": checks["difference"].map(lambda v: f"{v:,.2f}"),
            "Status": checks["status"],
        }
    )
    differing = checks[checks["status"] != "reconciles"]
    parts = []
    if books is None:
        parts.append(
            ctx.missing(
                "FIN-1",
                "Finance › reconciliation",
                f"the returns give no totals from the annual accounts for {ctx.year.label}, so the "
                "finance lines could not be checked against them",
            )
        )
    elif len(differing):
        parts.append(
            ctx.missing(
                "FIN-1",
                "Finance › reconciliation",
                f"{plural(len(differing), 'check')} against the annual accounts "
                f"{'does' if len(differing) == 1 else 'do'} not reconcile: "
                + "; ".join(f"{c} (difference £{d:,.2f})" for c, d in zip(differing["check"], differing["difference"])),
            )
        )
    else:
        source = f" ({books['source']})" if books.get("source") else ""
        parts.append(
            ctx.text(
                f"Every view of the money agrees with the annual accounts{source} to the penny: "
                f"total expenditure {money(books['total_expenditure'], unit)}."
            )
        )
    if len(checks):
        parts.append(
            ctx.table(
                shown,
                "finance-reconciliation",
                data=checks,
                caption="Reconciliation of the finance views with the annual accounts",
            )
        )
    return Blocks(*parts)


# ====================================================================================================== localities
def locality_engagement(ctx: Section) -> Blocks:
    rows = localities.engagement(ctx.returns, ctx.year)
    if rows.empty:
        return Blocks(
            ctx.missing("LOC-1", "Localities", "the returns hold no localities for this year"),
            ctx.missing("LOC-2", "Localities", "the returns hold no localities for this year"),
        )
    shown = rows.rename(
        columns={
            "locality": "Locality",
            "engagement": "Engagement arrangements",
            "contribution": "Contribution to services",
        }
    )
    ctx.met("LOC-2", "Localities › engagement table")
    return ctx.table(
        shown,
        "locality-engagement",
        caption=f"How each locality is consulted and involved, {ctx.year.label}",
        requirement="LOC-1",
    )


def locality_shares(ctx: Section) -> Blocks:
    long = localities.shares(ctx.returns, ctx.year)
    if long.empty:
        return ctx.missing("LOC-3", "Localities", "the returns hold no locality spend in the window")
    matrix = localities.share_matrix(long, ctx.year)
    shown = matrix.rename(columns={"locality": "Locality"})
    for column in shown.columns[1:]:
        shown[column] = shown[column].map(percent)
    parts = [
        ctx.table(
            shown,
            "locality-spend-share",
            caption="Share of spend by locality over the window (– : locality did not exist)",
            data=long,
            requirement="LOC-3",
        )
    ]
    window_years = [y.label for y in ctx.year.window()]
    missing = [y for y in window_years if y not in set(long["year"])]
    if missing:
        parts.append(ctx.text("No locality returns for " + ", ".join(missing) + "."))
    latest = long[long["year"] == ctx.year.label]
    if len(latest):
        fig = charts.dumbbell(
            latest,
            label="locality",
            first="population_share",
            second="spend_share",
            first_label="Population share",
            second_label="Spend share",
            xlabel="% of partnership total",
            title=f"Spend share against population share by locality, {ctx.year.label}",
            source=ctx.returns_source,
        )
        gaps = latest.assign(gap=latest["spend_share"] - latest["population_share"])
        most = gaps.loc[gaps["gap"].abs().idxmax()]
        alt = (
            f"Dot chart comparing each of {len(latest)} localities' share of population and share of spend, "
            f"{ctx.year.label}. The widest gap: {most['locality']}, population {percent(most['population_share'])}, "
            f"spend {percent(most['spend_share'])}. The table above holds every locality."
        )
        parts.append(
            ctx.figure(
                fig,
                "locality-spend-vs-population",
                source=ctx.returns_source,
                alt=alt,
                data=latest,
                caption="Spend share against population share",
            )
        )
    return Blocks(*parts)


def locality_boundaries(ctx: Section) -> Blocks:
    notes = wording.locality_changes(ctx.partnership, localities.locality_changes(ctx.partnership, ctx.year))
    if not notes:
        return ctx.text("The locality boundaries and names did not change within the window.")
    return Blocks(ctx.text("Locality changes within the window:"), ctx.bullets(notes))


def locality_indicators(ctx: Section) -> Blocks:
    extract = ctx.locality_data.table if ctx.locality_data else None
    table = localities.indicator_comparison(extract, ctx.national.table, ctx.partnership, ctx.year)
    if table.empty:
        return ctx.text("No locality-level indicator data are available for this partnership and year.")
    parts = []
    for ind_id, group in table.groupby("indicator", sort=False):
        ind = get_indicator(ind_id)

        def shown_in_unit(values, unit=ind.unit):
            return values.map(lambda value: indicator_value(value, unit))

        shown = pd.DataFrame({
            "Locality": group["locality"], "Value": shown_in_unit(group["value"]),
            ctx.partnership.name: shown_in_unit(group["partnership"]),
            "Scotland": shown_in_unit(group["scotland"]),
            "Against partnership": [wording.against_partnership(v, x, p, ind) for v, x, p
                                    in zip(group["vs_partnership"], group["value"], group["partnership"])],
        })  # fmt: skip
        parts.append(
            ctx.table(
                shown,
                f"{ind.slug}-localities",
                caption=f"{ind.id} {ind.title} ({ind.unit_short}) by locality, {group['year'].iloc[0]}",
                data=group,
                unit=ind.unit_short,
                source=f"{ctx.locality_source} {ctx.national_source}",
            )
        )
        parts += [ctx.text(note) for note in wording.locality_source_notes(group, ctx.partnership, ind)]
    return Blocks(*parts)


# ====================================================================================================== governance
def inspections(ctx: Section) -> Blocks:
    table = governance.inspections(ctx.returns, ctx.year)
    if table.empty and governance.confirmed_no_inspections(ctx.returns, ctx.year):
        ctx.met("INS-1", "Inspections", "the partnership confirms there were none")
        return ctx.text(f"There were no inspections of delegated functions in {ctx.year.label}.")
    if table.empty:
        return ctx.missing(
            "INS-1",
            "Inspections",
            f"the returns list no inspection for {ctx.year.label} and do not confirm that there were none "
            "(About sheet, 'No inspections this year')",
        )
    profile = governance.grade_profile(table)
    shown = pd.DataFrame(
        {
            "Date": table["date"].map(date),
            "Body": table["body"],
            "Service": table["service"],
            "Type": table["type"],
            **{GRADE_LABELS[key]: table[theme] for key, theme in GRADE_THEMES.items()},
            "Report": table["link"],
        }
    )
    text = ctx.text(
        f"{plural(profile['inspections'], 'inspection')} in {ctx.year.label}; {profile['graded']} graded, of which "
        f"{profile['good_or_better']} had every graded theme at 4 (good) or better on the Care Inspectorate 1–6 scale."
    )
    return Blocks(
        text,
        ctx.table(
            shown,
            "inspections",
            caption=f"Inspections of delegated functions, {ctx.year.label}",
            data=table,
            requirement="INS-1",
        ),
    )


def recommendations(ctx: Section) -> Blocks:
    insp = governance.inspections(ctx.returns, ctx.year)
    recs = governance.recommendations(ctx.returns, ctx.year)
    if insp.empty and governance.confirmed_no_inspections(ctx.returns, ctx.year):
        ctx.met("INS-2", "Inspections › recommendations", "no inspections, so no recommendations")
        return Blocks()
    if insp.empty:
        return ctx.missing(
            "INS-2", "Inspections › recommendations", "no inspection recorded for the year, so no recommendations"
        )
    if recs.empty:
        ctx.met("INS-2", "Inspections › recommendations", "no recommendations made")
        return ctx.text("The inspections in the year made no recommendations.")
    counts = governance.status_counts(recs)
    shown = recs.rename(
        columns={
            "inspection_id": "Inspection",
            "recommendation": "Recommendation",
            "action": "Action taken",
            "owner": "Owner",
            "due_date": "Due",
            "status": "Status",
        }
    )
    shown["Due"] = shown["Due"].map(date)
    return Blocks(
        ctx.text("Status of recommendations: " + ", ".join(f"{v} {k.lower()}" for k, v in counts.items()) + "."),
        ctx.table(
            shown,
            "inspection-recommendations",
            caption="Recommendations and the action taken",
            data=recs,
            requirement="INS-2",
        ),
    )


def ni17_context(ctx: Section) -> Blocks:
    summary = indicators.summarise(
        ctx.national.table[ctx.national.table["indicator"] == "NI-17"], ctx.partnership, ctx.year
    )
    row = summary[summary["indicator"] == "NI-17"].iloc[0]
    return ctx.text("Context: " + wording.sentence(row, ctx.partnership, ctx.year))


def plan_review(ctx: Section) -> Blocks:
    text = governance.plan_review(ctx.returns, ctx.year)
    if text is None:
        return ctx.missing(
            "GOV-1", "Governance › strategic plan", "the returns do not say whether the plan was reviewed"
        )
    ctx.met("GOV-1", "Governance › strategic plan")
    return ctx.text(text)


def decisions(ctx: Section) -> Blocks:
    rows = governance.decisions(ctx.returns, ctx.year)
    ctx.met("OUT-4", "Governance › significant decisions", plural(len(rows), "decision"))
    if rows.empty:
        return ctx.text(
            f"No significant decisions were taken outside the strategic plan in {ctx.year.label} (Act s36)."
        )
    shown = pd.DataFrame({"Date": rows["date"].map(date), "Decision": rows["decision"], "Reason": rows["reason"]})
    return Blocks(
        ctx.text(f"{plural(len(rows), 'significant decision')} taken outside the strategic plan (Act s36):"),
        ctx.table(
            shown,
            "significant-decisions",
            caption=f"Significant decisions outside the strategic plan, {ctx.year.label}",
            data=rows,
        ),
    )


def directions(ctx: Section) -> Blocks:
    rows = governance.directions(ctx.returns, ctx.year)
    if rows.empty:
        return ctx.text("No directions are recorded for the year.")
    unit = money_unit(rows["amount"].fillna(0))
    shown = pd.DataFrame(
        {
            "Reference": rows["reference"],
            "Date": rows["date"].map(date),
            "Issued to": rows["issued_to"],
            "Purpose": rows["purpose"],
            "Amount": rows["amount"].map(lambda v: money(v, unit)),
        }
    )
    return ctx.table(shown, "directions", caption=f"Directions issued, {ctx.year.label}", data=rows)


def jmc(ctx: Section) -> Blocks:
    if not ctx.partnership.is_lead_agency:
        ctx.not_applicable("GOV-2", "applies only to the lead-agency model (Highland)")
        return Blocks()
    rows = governance.jmc_recommendations(ctx.returns, ctx.year)
    heading = ctx.heading("Joint monitoring committee recommendations (lead-agency model)", 3)
    if rows.empty:
        return Blocks(
            heading,
            ctx.missing(
                "GOV-2",
                "Governance › joint monitoring committee",
                "no joint monitoring committee recommendations recorded for the year",
            ),
        )
    shown = rows.rename(columns={"recommendation": "Recommendation", "response": "Response", "status": "Status"})
    return Blocks(
        heading,
        ctx.table(
            shown,
            "jmc-recommendations",
            requirement="GOV-2",
            caption=f"Integration Joint Monitoring Committee recommendations and responses, {ctx.year.label}",
        ),
    )


def delivery_principles(ctx: Section) -> Blocks:
    text = governance.narrative(ctx.returns, ctx.year, "Delivery principles")
    if not text:
        return ctx.missing(
            "OUT-3",
            "Governance › delivery principles",
            "the returns hold no assessment against the integration delivery principles",
        )
    ctx.met("OUT-3", "Governance › delivery principles")
    return ctx.text(text)


def publication(ctx: Section) -> Blocks:
    about = ctx.returns.for_year("about", ctx.year.start).iloc[0]
    deadline = ctx.year.publication_deadline
    edition = (
        "provisional edition (unaudited accounts)"
        if about["accounts_status"] == "Unaudited"
        else "final edition (audited accounts)"
    )
    ctx.met("PUB-1", "Title page and this statement", f"deadline {date(deadline)}; {edition}")
    return ctx.text(
        f"This report must be published by {date(deadline)} (four months after the year ends; Act s42) and "
        f"copies sent to {ctx.partnership.health_board} and {', '.join(ctx.partnership.council_areas)} Council"
        f"{'s' if len(ctx.partnership.council_areas) > 1 else ''}. It is the {edition}."
    )
