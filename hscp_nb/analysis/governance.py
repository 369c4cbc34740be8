"""Inspections and governance (INS-1, INS-2, GOV-1, GOV-2, OUT-3, OUT-4) from the partnership's returns.

Pure functions; a requirement with no rows for the year is returned as an empty table for the notebook to state.
"""

from __future__ import annotations

import pandas as pd

from hscp_nb.domain.statutory import GRADE_THEMES, GRADE_WORDS
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.returns import LocalReturns


def grade_text(value) -> str:
    """'5 Very good' for a Care Inspectorate grade; 'not graded' for blank."""
    if value is None or pd.isna(value):
        return "not graded"
    return f"{int(value)} {GRADE_WORDS[int(value)]}"


def inspections(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """INS-1: the year's inspections with each graded theme in words and numbers (1–6)."""
    rows = returns.for_year("inspections", year.start).sort_values("date", kind="stable")
    out = []
    for r in rows.to_dict("records"):
        grades = {theme: grade_text(r[key]) for key, theme in GRADE_THEMES.items()}
        out.append(
            {
                "inspection_id": r["inspection_id"],
                "date": r["date"],
                "body": r["body"],
                "service": r["service"],
                "type": r["inspection_type"],
                **grades,
                "lowest_grade": _lowest(r),
                "link": r["link"] or "not published",
            }
        )
    return pd.DataFrame(out)


def _lowest(record: dict):
    values = [record[k] for k in GRADE_THEMES if record[k] is not None and not pd.isna(record[k])]
    return min(values) if values else None


def confirmed_no_inspections(returns: LocalReturns, year: ReportingYear) -> bool:
    """The partnership confirms (About sheet) that no delegated function was inspected in the year."""
    about = returns.for_year("about", year.start)
    return bool((about["no_inspections"] == "Yes").any())


def grade_profile(table: pd.DataFrame) -> dict:
    """How many graded inspections, and how many had every graded theme at 4 (good) or better."""
    graded = table.dropna(subset=["lowest_grade"]) if not table.empty else table
    return {
        "inspections": len(table),
        "graded": len(graded),
        "good_or_better": int((graded["lowest_grade"] >= 4).sum()) if len(graded) else 0,
    }


def recommendations(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """INS-2: recommendations from the year's inspections with action, owner, due date and status."""
    recs = returns.for_year("recommendations", year.start)
    cols = ["inspection_id", "recommendation", "action", "owner", "due_date", "status"]
    return recs[cols].sort_values(["inspection_id"], kind="stable").reset_index(drop=True)


def status_counts(recs: pd.DataFrame) -> dict[str, int]:
    return recs["status"].value_counts().to_dict() if len(recs) else {}


def plan_review(returns: LocalReturns, year: ReportingYear) -> str | None:
    """GOV-1: a statement on whether the strategic commissioning plan was reviewed, why, and what changed."""
    rows = returns.for_year("plan_review", year.start)
    if rows.empty:
        return None
    r = rows.iloc[0]
    if r["reviewed"] == "No":
        return f"The strategic commissioning plan was not reviewed in {year.label}."
    text = f"The strategic commissioning plan was reviewed in {year.label} because: {r['why']}."
    if r["changed"] == "Yes":
        text += f" It was changed: {r['what_changed']}."
    else:
        text += " The review concluded that no change was needed."
    return text


def decisions(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """OUT-4: significant decisions taken outside the strategic plan (Act s36) and the reason for each."""
    return returns.for_year("decisions", year.start)[["date", "decision", "reason"]]


def directions(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    return returns.for_year("directions", year.start)[["reference", "date", "issued_to", "purpose", "amount"]]


def jmc_recommendations(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """GOV-2 (lead-agency model only): joint monitoring committee recommendations and the responses."""
    return returns.for_year("jmc", year.start)[["recommendation", "response", "status"]]


def narrative(returns: LocalReturns, year: ReportingYear, topic: str) -> str | None:
    """The partnership's own text for a topic ('Outcome 3', 'Best value', …) in the year, or None."""
    rows = returns.for_year("narrative", year.start)
    match = rows[rows["topic"] == topic]
    return None if match.empty else str(match["text"].iloc[0])
