"""Localities (LOC-1 … LOC-3, FIN-5): engagement, budget share against population share, locality indicators.

A locality that existed in only some years of the window (boundary or name changes) is shown in those years only,
with the reason, never silently mapped onto another.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import reference
from .indicators import aggregate
from .returns import LocalReturns
from .years import ReportingYear

LOCALITY_INDICATORS = ("NI-12", "NI-13", "NI-14", "NI-15", "NI-16")


def engagement(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """LOC-1 and LOC-2: each locality's engagement arrangements and the assessment of their contribution."""
    return returns.for_year("localities", year.start)[["locality", "engagement", "contribution"]]


def shares(returns: LocalReturns, year: ReportingYear) -> pd.DataFrame:
    """LOC-3: per locality and window year, share of population, share of spend and spend per head (long table)."""
    out = []
    for reporting in year.window():
        rows = returns.for_year("localities", reporting.start)
        if rows.empty:
            continue
        pop, spend = rows["population"].sum(), rows["spend"].sum()
        for r in rows.itertuples():
            out.append({"year": reporting.label, "locality": r.locality, "population": r.population, "spend": r.spend,
                        "population_share": round(r.population / pop * 100, 1) if pop else np.nan,
                        "spend_share": round(r.spend / spend * 100, 1) if spend else np.nan,
                        "spend_per_head": round(r.spend / r.population, 0) if r.population else np.nan})
    return pd.DataFrame(out, columns=["year", "locality", "population", "spend", "population_share", "spend_share",
                                      "spend_per_head"])


def share_matrix(long: pd.DataFrame, year: ReportingYear) -> pd.DataFrame:
    """Spend share by locality (rows) and window year (columns); '–' where the locality did not exist that year."""
    if long.empty:
        return pd.DataFrame()
    wide = long.pivot(index="locality", columns="year", values="spend_share")
    years = [y.label for y in year.window() if y.label in wide.columns]
    wide = wide[years]
    latest = years[-1]
    order = sorted(wide.index, key=lambda n: (pd.isna(wide.at[n, latest]), n))
    return wide.loc[order].reset_index()


def boundary_changes(partnership: reference.Partnership, year: ReportingYear) -> list[str]:
    """Plain-English notes on localities that began or ended within the window."""
    first, last = year.window()[0].start, year.start
    notes = []
    for loc in reference.localities(partnership):
        began = loc.first_year is not None and first < loc.first_year <= last
        ended = loc.last_year is not None and first <= loc.last_year < last
        if began:
            notes.append(f"{loc.name} exists from {ReportingYear(loc.first_year).label}: {loc.note}.")
        if ended:
            notes.append(f"{loc.name} exists until {ReportingYear(loc.last_year).label}: {loc.note}.")
    if partnership.code == "S37000027":
        notes.append("South Ayrshire renamed its six localities in May 2024; the new names are not yet in the reference "
                      "lookup, so the earlier names are used for every year.")
    return notes


def indicator_comparison(locality_table: pd.DataFrame | None, partnership: reference.Partnership,
                         year: ReportingYear) -> pd.DataFrame:
    """Locality values of the locality-level indicators in the reporting year, against the partnership and Scotland.

    Uses the financial year; where the locality extract lacks it, the latest earlier year, which is then named."""
    if locality_table is None:
        return pd.DataFrame()
    rows = locality_table[(locality_table["partnership_code"] == partnership.code)
                          & (locality_table["time_period"] == "Annual") & (locality_table["period_basis"] == "financial")]
    out = []
    for ind_id in LOCALITY_INDICATORS:
        ind = reference.indicator(ind_id)
        these = rows[(rows["indicator"] == ind_id) & (rows["year_start"] <= year.start)]
        if these.empty:
            continue
        latest = these["year_start"].max()
        at = these[these["year_start"] == latest]
        whole = at[at["locality"] == "All"]
        for r in at[at["locality"] != "All"].itertuples():
            out.append({"indicator": ind_id, "title": ind.title, "unit": ind.unit, "year": ReportingYear(int(latest)).label,
                        "locality": r.locality, "value": r.value, "numerator": r.numerator, "denominator": r.denominator,
                        "partnership": whole["value"].iloc[0] if len(whole) else aggregate(at[at["locality"] != "All"], ind),
                        "scotland": r.scotland_value, "higher_is_better": ind.higher_is_better})
    return pd.DataFrame(out)


def locality_vs_partnership(row) -> str:
    """'higher' / 'lower' / 'similar' wording with the indicator's direction spelt out."""
    if pd.isna(row["value"]) or pd.isna(row["partnership"]):
        return "no data"
    diff = (row["value"] - row["partnership"]) / row["partnership"]
    if abs(diff) < 0.05:
        return "similar"
    higher = diff > 0
    better = higher == bool(row["higher_is_better"])
    return f"{'higher' if higher else 'lower'} ({'better' if better else 'worse'})"

