"""Finance and best value (FIN-1 … FIN-5, BV-1): one total seen by partner, service line, reg 4 matter and locality.

Pure functions of a partnership's validated returns. A mismatch between views is reported by ``reconciliation``,
never hidden or forced to balance.
"""

from __future__ import annotations

import pandas as pd

from hscp_nb.domain.statutory import REG4_LETTERS, REG4_MATTERS
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.returns import LocalReturns

TOLERANCE = 0.005  # half a penny

EXPLAIN_VARIANCE_OVER_PCT = 1.0  # a service line further from plan than this (% of plan) needs a reason in the returns


def lines(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """The year's finance rows with variance in pounds and as % of planned."""
    table = returns.for_year("finance", year.start).copy()
    table["variance"] = (table["actual"] - table["planned"]).round(2)
    table["variance_pct"] = (table["variance"] / table["planned"].where(table["planned"] != 0) * 100).round(1)
    return table


def total(table: pd.DataFrame) -> dict:
    """FIN-1 and FIN-3 at partnership level: planned, actual, under(−)/over(+)spend."""
    planned, actual = round(table["planned"].sum(), 2), round(table["actual"].sum(), 2)
    variance = round(actual - planned, 2)
    return {
        "planned": planned,
        "actual": actual,
        "variance": variance,
        "variance_pct": round(variance / planned * 100, 2) if planned else float("nan"),
        "position": "overspend" if variance > 0 else "underspend" if variance < 0 else "on budget",
    }


def _share(frame: pd.DataFrame, by: str, order: list[str] | None = None) -> pd.DataFrame:
    grouped = frame.groupby(by, sort=False)[["planned", "actual"]].sum()
    if order is not None:
        grouped = grouped.reindex(order, fill_value=0.0)
    grouped = grouped.reset_index()
    whole = grouped["actual"].sum()
    grouped["proportion"] = (grouped["actual"] / whole * 100) if whole else 0.0
    grouped["variance"] = (grouped["actual"] - grouped["planned"]).round(2)
    return grouped


def by_reg4_matter(table: pd.DataFrame) -> pd.DataFrame:
    """FIN-2 (a)–(e): amount and proportion for each statutory matter, all five listed even when nil."""
    out = _share(table, "reg4_matter", list(REG4_MATTERS))
    out.insert(0, "letter", out["reg4_matter"].map(REG4_LETTERS))
    return out


def by_care_group(table: pd.DataFrame) -> pd.DataFrame:
    """FIN-2 (f): amount and proportion for each key care group the partnership identified."""
    return _share(table, "care_group").sort_values("actual", ascending=False, kind="stable").reset_index(drop=True)


def by_partner(table: pd.DataFrame) -> pd.DataFrame:
    return _share(table, "partner")


def set_aside(table: pd.DataFrame) -> dict:
    """The set-aside budget for large hospital services, and its share of total spend."""
    aside = table[table["set_aside"] == "Yes"]
    whole = table["actual"].sum()
    return {
        "planned": round(aside["planned"].sum(), 2),
        "actual": round(aside["actual"].sum(), 2),
        "share": round(aside["actual"].sum() / whole * 100, 1) if whole else float("nan"),
        "lines": len(aside),
    }


def reserves(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """Each reserve's movement in the year, with a total per type (general / earmarked) and overall."""
    rows = returns.for_year("reserves", year.start)[["reserve", "reserve_type", "opening", "added", "used", "closing"]]
    totals = rows.groupby("reserve_type", sort=True)[["opening", "added", "used", "closing"]].sum().reset_index()
    totals["reserve"] = "Total " + totals["reserve_type"].str.lower()
    overall = rows[["opening", "added", "used", "closing"]].sum()
    overall_row = pd.DataFrame([{"reserve": "Total reserves", "reserve_type": "All", **overall.to_dict()}])
    return pd.concat([rows, totals, overall_row], ignore_index=True)


def savings(returns: LocalReturns, year: ReportingYear) -> tuple[pd.DataFrame, dict]:
    """Savings programmes and the year's totals: target, delivered, % delivered, recurring."""
    rows = returns.for_year("savings", year.start)[["programme", "target", "delivered", "recurring"]].copy()
    rows["delivered_pct"] = (rows["delivered"] / rows["target"].where(rows["target"] > 0) * 100).round(1)
    target, delivered = rows["target"].sum(), rows["delivered"].sum()
    summary = {
        "target": round(target, 2),
        "delivered": round(delivered, 2),
        "delivered_pct": round(delivered / target * 100, 1) if target else float("nan"),
        "recurring": round(rows["recurring"].fillna(0).sum(), 2),
    }
    return rows, summary


def six_year(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """FIN-4: for each year of the window, total spend, variance and the reg 4 proportions; a year with no returns is
    listed with a note rather than dropped."""
    out = []
    for reporting in year.window():
        table = lines(returns, reporting)
        if table.empty:
            out.append({"year": reporting.label, "note": "no finance returns for this year"})
            continue
        t = total(table)
        shares = by_reg4_matter(table).set_index("reg4_matter")["proportion"]
        out.append(
            {
                "year": reporting.label,
                "planned": t["planned"],
                "actual": t["actual"],
                "variance": t["variance"],
                "variance_pct": t["variance_pct"],
                **{m: round(shares[m], 1) for m in REG4_MATTERS},
                "note": "",
            }
        )
    return pd.DataFrame(out)


def locality_allocations(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """FIN-5: amount paid to or set aside for each locality, and its share of the locality total."""
    rows = returns.for_year("localities", year.start)[["locality", "spend"]].copy()
    whole = rows["spend"].sum()
    rows["share"] = (rows["spend"] / whole * 100).round(1) if whole else 0.0
    return rows


def accounts(returns: LocalReturns, year: ReportingYear) -> dict | None:
    """The year's totals from the annual accounts (Accounts sheet), or None when the returns give none."""
    rows = returns.for_year("accounts", year.start)
    return None if rows.empty else rows.iloc[0].to_dict()


RECONCILIATION_COLUMNS = ["check", "expected", "found", "difference", "status"]


def reconciliation(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """Every view of the year's money against the independent totals of the annual accounts, one row per check
    (``RECONCILIATION_COLUMNS``; status 'reconciles' or 'differs', to within TOLERANCE):

    - the service lines, and their groupings by partner, reg 4 matter, care group and locality, against the accounts'
      total expenditure (the groupings share the lines, so a line missing from the returns shows in all of them; the
      locality spend comes from its own sheet);
    - the set-aside lines against the accounts' set-aside;
    - the partners' contributions less expenditure against the year's net movement in reserves (added − used);
    - each reserve's opening balance against last year's closing balance.

    Without an Accounts row for the year only the reserve checks remain: the caller must say the totals could not be
    checked (see :func:`accounts`)."""
    table = lines(returns, year)
    books = accounts(returns, year)
    out = []
    if books is not None:
        spent = books["total_expenditure"]
        views = [
            ("Service lines (Finance sheet)", table["actual"].sum()),
            ("By partner", by_partner(table)["actual"].sum()),
            ("By reg 4 matter (a)–(e)", by_reg4_matter(table)["actual"].sum()),
            ("By care group (f)", by_care_group(table)["actual"].sum()),
            ("Locality spend (Localities sheet)", returns.for_year("localities", year.start)["spend"].sum()),
        ]
        out += [
            {"check": f"{name} against total expenditure in the accounts", "expected": spent, "found": found}
            for name, found in views
        ]
        out.append(
            {
                "check": "Set-aside lines against set-aside in the accounts",
                "expected": books["set_aside"],
                "found": set_aside(table)["actual"],
            }
        )
        movements = returns.for_year("reserves", year.start)
        net = float((movements["added"] - movements["used"]).sum())
        income = books["nhs_contribution"] + books["council_contribution"]
        out.append(
            {
                "check": "Partner contributions less expenditure against the net movement in reserves",
                "expected": net,
                "found": income - spent,
            }
        )
    previous = returns.for_year("reserves", year.start - 1).set_index("reserve")["closing"]
    current = returns.for_year("reserves", year.start).set_index("reserve")["opening"]
    for reserve in current.index.intersection(previous.index):
        out.append(
            {
                "check": f"Reserve '{reserve}': opening balance against last year's closing",
                "expected": previous[reserve],
                "found": current[reserve],
            }
        )
    result = pd.DataFrame(out, columns=RECONCILIATION_COLUMNS[:3])
    result["expected"] = result["expected"].astype(float).round(2)
    result["found"] = result["found"].astype(float).round(2)
    result["difference"] = (result["found"] - result["expected"]).round(2)
    result["status"] = result["difference"].abs().le(TOLERANCE).map({True: "reconciles", False: "differs"})
    return result[RECONCILIATION_COLUMNS]
