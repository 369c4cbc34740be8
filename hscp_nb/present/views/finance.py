"""The finance and best value section's views: the headline, regulation 4 matters, partners and service lines, set
aside, reserves, savings, six years of spend, locality allocations, best value and the reconciliation with the annual
accounts."""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis import finance, governance
from hscp_nb.document.blocks import Blocks, KeyFigure, KeyFigures
from hscp_nb.domain.statutory import REG4_MATTERS
from hscp_nb.present import charts
from hscp_nb.present.formats import money, money_unit, percent, plural
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
        if text:  # the part's own "Best value" heading stands over the first: no second heading of the same name
            parts += [ctx.heading(topic, 4) if topic != "Best value" else None, ctx.text(text)]
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
