"""The inspections and governance section's views: inspections, recommendations, NI-17 context, the strategic plan
review, significant decisions, directions, the joint monitoring committee (lead agency), delivery principles and
publication."""

from __future__ import annotations

import re

import pandas as pd

from hscp_nb.analysis import governance, indicators
from hscp_nb.document.blocks import Blocks
from hscp_nb.domain.statutory import GRADE_LABELS, GRADE_THEMES
from hscp_nb.present import claims, wording
from hscp_nb.present.formats import Printed, count, date, money_column, plural, said, table_unit
from hscp_nb.present.section import Section


def introduction(ctx: Section) -> Blocks:
    """What the section covers, in the words of the partnership's model of integration."""
    return ctx.text(wording.governance_introduction(ctx.partnership))


def _grades(table: pd.DataFrame, theme: str, label: str) -> list:
    """Each inspection's grade for a theme, declared for the ledger as that service's grade ('–' when ungraded)."""
    out = []
    for grade, service in zip(table[theme], table["service"]):
        if pd.isna(grade):
            out.append("–")
            continue
        text = str(int(grade)) if isinstance(grade, int | float) else str(grade)  # 5, or '5 Very good'
        number = re.match(r"\d+", text)
        out.append(
            Printed(text, int(number.group()) if number else None, "grade").of(
                figure=f"Inspection of {service}: grade", measure=label
            )
            if number
            else text
        )
    return out


def inspections(ctx: Section) -> Blocks:
    table = governance.inspections(ctx.returns, ctx.year)
    if table.empty and governance.confirmed_no_inspections(ctx.returns, ctx.year):
        ctx.met("INS-1", "Inspections", "the partnership confirms there were none")
        none = Printed("no", 0, "count", figure="Number of inspections")  # the summary says so too
        return ctx.text(said(f"There were {none} inspections of delegated functions in {ctx.year.label}.", none))
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
            **{GRADE_LABELS[key]: _grades(table, theme, GRADE_LABELS[key]) for key, theme in GRADE_THEMES.items()},
            "Report": table["link"],
        }
    )
    n = {
        "inspections": count(profile["inspections"], "inspection").of(figure="Number of inspections"),
        "graded": count(profile["graded"]).of(figure="Number of inspections graded"),
        "good": count(profile["good_or_better"]).of(figure="Number of inspections graded good or better throughout"),
    }
    text = ctx.text(
        said(f"{n['inspections']} in {ctx.year.label}; {n['graded']} graded, of which {n['good']} had every graded "
             "theme at 4 (good) or better on the Care Inspectorate 1–6 scale.", *n.values())
    )  # fmt: skip
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
        return ctx.text(f"With no inspections in {ctx.year.label}, there were no recommendations to act on.")
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
    status = {k: count(v).of(figure=f"Recommendations {k.lower()}") for k, v in counts.items()}
    return Blocks(
        ctx.text(
            said(
                "Status of recommendations: " + ", ".join(f"{n} {k.lower()}" for k, n in status.items()) + ".",
                *status.values(),
            )
        ),  # fmt: skip
        ctx.table(
            shown,
            "inspection-recommendations",
            caption="Recommendations and the action taken",
            data=recs,
            requirement="INS-2",
            quoted=("Recommendation", "Action taken"),
        ),
    )


def ni17_context(ctx: Section) -> Blocks:
    latest = indicators.latest_rows(
        ctx.national.table[ctx.national.table["indicator"] == "NI-17"], ctx.partnership, ctx.year
    )
    row = latest[latest["indicator"] == "NI-17"].iloc[0]
    return ctx.text("Context: " + wording.sentence(row, ctx.partnership, ctx.year))


def plan_review(ctx: Section) -> Blocks:
    text = governance.plan_review(ctx.returns, ctx.year)
    if text is None:
        return ctx.missing(
            "GOV-1", "Governance › strategic plan", "the returns do not say whether the plan was reviewed"
        )
    ctx.met("GOV-1", "Governance › strategic plan")
    concluded = "no change was needed"
    if concluded in text:  # the partnership's own conclusion, from its returns' Plan review sheet
        review = claims.judged(
            "governance", "Strategic commissioning plan review", ctx.partnership.name, ctx.year.label,
            "plan review", "no change", concluded, compared="the plan against the partnership's review",
            rule="as the partnership's returns record it (Plan review sheet, 'Changed': No)", values="Changed: No",
        )  # fmt: skip
        return ctx.text(said(text, review))
    return ctx.text(text)


def decisions(ctx: Section) -> Blocks:
    rows = governance.decisions(ctx.returns, ctx.year)
    ctx.met("OUT-4", "Governance › significant decisions", plural(len(rows), "decision"))
    if rows.empty:
        return ctx.text(
            f"No significant decisions were taken outside the strategic plan in {ctx.year.label} (Act s36)."
        )
    shown = pd.DataFrame({"Date": rows["date"].map(date), "Decision": rows["decision"], "Reason": rows["reason"]})
    taken = count(len(rows), "significant decision").of(figure="Number of significant decisions")
    return Blocks(
        ctx.text(said(f"{taken} taken outside the strategic plan (Act s36):", taken)),
        ctx.table(
            shown,
            "significant-decisions",
            caption=f"Significant decisions outside the strategic plan, {ctx.year.label}",
            data=rows,
            quoted=("Decision", "Reason"),
        ),
    )


def directions(ctx: Section) -> Blocks:
    rows = governance.directions(ctx.returns, ctx.year)
    if rows.empty:
        return ctx.text("No directions are recorded for the year.")
    shown = pd.DataFrame(
        {
            "Reference": rows["reference"],
            "Date": rows["date"].map(date),
            "Issued to": rows["issued_to"],
            "Purpose": rows["purpose"],
            **money_column(rows["amount"], "Amount", table_unit(rows["amount"])),
        }
    )
    return ctx.table(shown, "directions", caption=f"Directions issued, {ctx.year.label}", data=rows)


def jmc(ctx: Section) -> Blocks:
    if not ctx.partnership.is_lead_agency:
        ctx.not_applicable("GOV-2", "applies only to the lead-agency model (Highland)")
        return Blocks()
    rows = governance.jmc_recommendations(ctx.returns, ctx.year)
    body = ctx.partnership.governing_body
    heading = ctx.heading(f"{body} recommendations (lead-agency model)", 3)
    if rows.empty:
        return Blocks(
            heading,
            ctx.missing(
                "GOV-2",
                f"Governance › {body}",
                f"no {body} recommendations recorded for the year",
            ),
        )
    shown = rows.rename(columns={"recommendation": "Recommendation", "response": "Response", "status": "Status"})
    return Blocks(
        heading,
        ctx.table(
            shown,
            "jmc-recommendations",
            requirement="GOV-2",
            caption=f"{body} recommendations and responses, {ctx.year.label}",
            quoted=("Recommendation", "Response"),
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
    return ctx.own_words(text, "Delivery principles")


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
