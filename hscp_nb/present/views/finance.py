"""The finance and best value section's views: the headline, regulation 4 matters, partners and service lines, set
aside, reserves, savings, six years of spend, locality allocations, best value and the reconciliation with the annual
accounts."""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis import finance, governance
from hscp_nb.document.blocks import Blocks, KeyFigure
from hscp_nb.domain.statutory import REG4_MATTERS
from hscp_nb.present import charts, claims
from hscp_nb.present.formats import (
    count,
    in_sentence,
    money,
    money_column,
    money_unit,
    number,
    percent,
    plural,
    said,
    table_unit,
)
from hscp_nb.present.section import Section


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
    spent = money(t["actual"], unit).of(figure="Total spend")
    planned = money(t["planned"], unit).of(figure="Total planned spend")
    gap = money(abs(t["variance"]), unit).of(figure=f"Total {t['position']}")
    share = percent(abs(t["variance_pct"])).of(figure=f"Total {t['position']} as % of plan")
    figures = (
        KeyFigure("Total spend", spent, said(f"against {planned} planned", planned)),
        KeyFigure(t["position"].capitalize(), gap, said(f"{share} of plan", share)),
    )
    position = f"an {t['position']} of {gap}"
    stated = claims.variance(
        "finance",
        "Total spend",
        ctx.partnership.name,
        ctx.year.label,
        t["planned"],
        t["actual"],
        position,
        caveat="unaudited accounts" if provisional else "",
    )
    return Blocks(
        ctx.key_figures(figures),
        ctx.text(
            said(f"In {ctx.year.label} {ctx.partnership.name} spent {spent} against a planned {planned}: "
                 f"{position} ({share} of plan).{provisional}", spent, planned, gap, share, stated)
        ),
    )  # fmt: skip


def reg4(ctx: Section) -> Blocks:
    table = finance.lines(ctx.returns, ctx.year)
    matters = finance.by_reg4_matter(table)
    unit = table_unit(matters["planned"], matters["actual"])
    shown = pd.DataFrame(
        {
            "Reg 4 matter": [f"({letter}) {m}" for letter, m in zip(matters["letter"], matters["reg4_matter"])],
            **money_column(matters["planned"], "Planned", unit),
            **money_column(matters["actual"], "Actual", unit),
            "Proportion": matters["proportion"].map(percent),
        }
    )
    spent = matters["actual"].map(lambda v: money(v, unit))
    fig = charts.horizontal_bars(
        matters.assign(label=shown["Reg 4 matter"], text=shown["Proportion"] + " · " + spent),
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
    group_table = pd.DataFrame(
        {
            "Key care group (f)": groups["care_group"],
            **money_column(groups["actual"], "Actual", table_unit(groups["actual"])),
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
        ctx.chart(
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
    unit = table_unit(partners["planned"], partners["actual"])
    p_shown = pd.DataFrame(
        {
            "Partner": partners["partner"],
            **money_column(partners["planned"], "Planned", unit),
            **money_column(partners["actual"], "Actual", unit),
            "Proportion": partners["proportion"].map(percent),
        }
    )
    lines = table.sort_values("actual", ascending=False, kind="stable")
    unit = table_unit(lines["planned"], lines["actual"], lines["variance"])
    l_shown = pd.DataFrame(
        {
            "Service line": lines["service_line"],
            "Partner": lines["partner"],
            **money_column(lines["planned"], "Planned", unit),
            **money_column(lines["actual"], "Actual", unit),
            **money_column(lines["variance"], "Under(−)/over(+)spend", unit, signed=True),
            "% of plan": lines["variance_pct"].map(lambda v: percent(v, signed=True)),
            "Reason": lines["variance_reason"].fillna("–"),
        }
    )
    threshold = percent(finance.EXPLAIN_VARIANCE_OVER_PCT).of(figure="Variance a service line must explain (rule)")
    unexplained = lines[
        (lines["variance_pct"].abs() > finance.EXPLAIN_VARIANCE_OVER_PCT) & lines["variance_reason"].isna()
    ]
    unexplained_count = count(len(unexplained), "service line").of(figure="Service lines off plan without a reason")
    warn = (
        ctx.text(
            said(
                f"{unexplained_count} differ from plan by more than {threshold} without a reason in the returns: "
                + ", ".join(unexplained["service_line"]),
                unexplained_count,
                threshold,
            )
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
    over_pct, under_pct = (
        percent(line["variance_pct"], signed=True).of(figure=line["service_line"], measure="% of plan")
        for line in (over, under)
    )
    n_lines = count(len(lines)).of(figure="Number of service lines")
    largest = [
        claims.variance("finance", line["service_line"], ctx.partnership.name, ctx.year.label, line["planned"],
                        line["actual"], f"{word}: {line['service_line']}")
        for word, line in (("Largest overspend", over), ("largest underspend", under))
    ]  # fmt: skip
    alt = said(
        f"Bar chart of each of {n_lines} service lines' under- or overspend as a percentage of plan. Largest "
        f"overspend: {over['service_line']}, {over_pct}; largest underspend: {under['service_line']}, {under_pct}. "
        "The table above holds every line.",
        *largest,
    )
    return Blocks(
        ctx.table(p_shown, "spend-by-partner", caption=f"Spend by partner, {ctx.year.label}", data=partners),
        ctx.table(
            l_shown,
            "spend-by-service-line",
            caption=f"Planned and actual spend by service line, {ctx.year.label}",
            data=lines,
            requirement="FIN-3",
            quoted=("Reason",),
        ),
        warn,
        ctx.chart(
            fig,
            "service-line-variance",
            source=ctx.returns_source,
            alt=alt,
            data=lines[["service_line", "planned", "actual", "variance", "variance_pct"]],
            caption="Under- and overspend by service line, % of plan",
            values=[n_lines, over_pct, under_pct],
        ),
    )


def set_aside(ctx: Section) -> Blocks:
    table = finance.lines(ctx.returns, ctx.year)
    s = finance.set_aside(table)
    if s["lines"] == 0:
        return ctx.text("The returns identify no set-aside budget for large hospital services this year.")
    unit = money_unit([s["actual"]])
    planned = money(s["planned"], unit).of(figure="Set-aside budget: planned")
    actual = money(s["actual"], unit).of(figure="Set-aside budget: actual")
    share = percent(s["share"]).of(figure="Set-aside budget: share of total spend")
    return ctx.text(
        said(f"Set-aside budget for large hospital services: planned {planned}, actual {actual} ({share} of total "
             "spend).", planned, actual, share)
    )  # fmt: skip


def reserves(ctx: Section) -> Blocks:
    table = finance.reserves(ctx.returns, ctx.year)
    if table.empty or len(table) <= 1:
        return ctx.text("The returns hold no reserves for this year.")
    movements = ["opening", "added", "used", "closing"]
    unit = table_unit(*(table[c] for c in movements))
    shown = pd.DataFrame(
        {
            "Reserve": table["reserve"],
            "Type": table["reserve_type"],
            **{k: v for c in movements for k, v in money_column(table[c], c.title(), unit).items()},
        }
    )
    return ctx.table(
        shown,
        "reserves",
        caption=f"Reserves: opening, added, used and closing, {ctx.year.label}",
        data=table,
        quoted=("Reserve",),
    )


def savings(ctx: Section) -> Blocks:
    rows, s = finance.savings(ctx.returns, ctx.year)
    if rows.empty:
        return ctx.text("The returns hold no savings programme for this year.")
    unit = table_unit(rows["target"], rows["delivered"], rows["recurring"])
    shown = pd.DataFrame(
        {
            "Programme": rows["programme"],
            **money_column(rows["target"], "Target", unit),
            **money_column(rows["delivered"], "Delivered", unit),
            "% delivered": rows["delivered_pct"].map(percent),
            **money_column(rows["recurring"], "Recurring", unit),
        }
    )
    unit = money_unit([s["target"], s["delivered"], s["recurring"]])  # the sentence's totals: one unit of their own
    delivered = money(s["delivered"], unit).of(figure="Savings delivered")
    target = money(s["target"], unit).of(figure="Savings target")
    share = percent(s["delivered_pct"]).of(figure="Savings delivered as % of target")
    recurring = money(s["recurring"], unit).of(figure="Savings recurring in future years")
    text = ctx.text(
        said(f"Savings delivered: {delivered} of a {target} target ({share}); {recurring} recurs in future years.",
             delivered, target, share, recurring)
    )  # fmt: skip
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

    def column(name: str) -> pd.Series:  # a window with no finance returns at all has none of the amounts
        return table.get(name, pd.Series(float("nan"), index=table.index))

    unit = table_unit(column("planned"), column("actual"), column("variance"))
    shown = pd.DataFrame(
        {
            "Year": table["year"],
            **money_column(column("planned"), "Planned", unit),
            **money_column(column("actual"), "Actual", unit),
            **money_column(column("variance"), "Under(−)/over(+)spend", unit, signed=True),
            "% of plan": column("variance_pct").map(lambda v: percent(v, signed=True)),
            **{f"({chr(97 + i)}) %": column(m).map(percent) for i, m in enumerate(REG4_MATTERS)},
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
        matters = count(len(REG4_MATTERS)).of(figure="Number of regulation 4 matters")
        start, end = percent(first[largest]), percent(last[largest])
        moved = f"stayed at {end}" if start == end else f"went from {start} to {end}"  # as printed, not unrounded
        alt = (
            f"Line chart of the share of spend on each of the {matters} regulation 4 matters by year, "
            f"{first['year']} to {last['year']}. The largest, {in_sentence(largest)}, {moved}. "
            "The six-year table holds every value."
        )
        parts.append(
            ctx.chart(
                fig,
                "reg4-proportions-trend",
                alt=alt,
                data=long,
                caption="Regulation 4 proportions by year",
                source=ctx.returns_source,
                values=[matters],
            )
        )
    return Blocks(*parts)


def locality_allocations(ctx: Section) -> Blocks:
    rows = finance.locality_allocations(ctx.returns, ctx.year)
    if rows.empty:
        return ctx.missing(
            "FIN-5", "Finance › locality allocations", f"the returns hold no locality spend for {ctx.year.label}"
        )
    shown = pd.DataFrame(
        {
            "Locality": rows["locality"],
            **money_column(rows["spend"], "Spend", table_unit(rows["spend"])),
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
        if text:  # the part's own "Best value" heading stands over the first: no second heading of the same name
            parts += [ctx.heading(topic, 4) if topic != "Best value" else None, ctx.own_words(text, topic)]
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
    unit = table_unit(checks["expected"], checks["found"])
    shown = pd.DataFrame(
        {
            "Check": checks["check"],
            **money_column(checks["expected"], "Expected", unit),
            **money_column(checks["found"], "Found", unit),
            "Difference (£)": checks["difference"].map(lambda v: number(v, 2)),  # to the penny, whatever the unit
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
        total = money(books["total_expenditure"], unit).of(figure="Total expenditure in the annual accounts")
        parts.append(
            ctx.text(
                said(f"Every view of the money agrees with the annual accounts{source} to the penny: total "
                     f"expenditure {total}.", total)
            )
        )  # fmt: skip
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
