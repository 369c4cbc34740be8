"""Localities (LOC-1 … LOC-3, FIN-5): engagement, budget share against population share, locality indicators.

A locality that existed in only some years of the window (boundary or name changes) is shown in those years only,
with the reason, never silently mapped onto another.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hscp_nb.analysis.indicators import aggregate
from hscp_nb.domain import reference, rules
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.returns import LocalReturns

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
            out.append(
                {
                    "year": reporting.label,
                    "locality": r.locality,
                    "population": r.population,
                    "spend": r.spend,
                    "population_share": round(r.population / pop * 100, 1) if pop else np.nan,
                    "spend_share": round(r.spend / spend * 100, 1) if spend else np.nan,
                    "spend_per_head": round(r.spend / r.population, 0) if r.population else np.nan,
                }
            )
    return pd.DataFrame(
        out, columns=["year", "locality", "population", "spend", "population_share", "spend_share", "spend_per_head"]
    )


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


def locality_changes(partnership: reference.Partnership, year: ReportingYear) -> list[tuple[reference.Locality, str]]:
    """Localities that began ('began') or ended ('ended') within the window."""
    first, last = year.window()[0].start, year.start
    out = []
    for loc in reference.localities(partnership):
        if loc.first_year is not None and first < loc.first_year <= last:
            out.append((loc, "began"))
        if loc.last_year is not None and first <= loc.last_year < last:
            out.append((loc, "ended"))
    return out


COMPARISON_COLUMNS = [
    "indicator", "title", "unit", "year", "locality", "value", "numerator", "denominator", "partnership",
    "partnership_source", "partnership_estimate", "extract_total", "differs", "scotland", "vs_partnership",
]  # fmt: skip


def indicator_comparison(
    locality_table: pd.DataFrame | None,
    national_table: pd.DataFrame,
    partnership: reference.Partnership,
    year: ReportingYear,
) -> pd.DataFrame:
    """Locality values of the locality-level indicators, against the partnership and Scotland (``COMPARISON_COLUMNS``).

    The year is the reporting year's financial year or, where the locality extract lacks it, its latest earlier one.
    The partnership and Scotland values are the Core Suite's, as everywhere else in the report
    (``partnership_source`` 'Core Suite'); only where the Core Suite has no value for that year is the extract's
    partnership total used ('locality extract'). ``extract_total`` is the extract's own partnership total and
    ``differs`` says whether it differs from the Core Suite's at all; ``partnership_estimate`` whether PHS marks the
    Core Suite value as an estimate."""
    if locality_table is None:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    rows = locality_table[
        (locality_table["partnership_code"] == partnership.code)
        & (locality_table["time_period"] == "Annual")
        & (locality_table["period_basis"] == "financial")
    ]
    core = national_table[
        (national_table["time_period"] == "Annual")
        & (national_table["locality"] == "All")
        & (national_table["period_basis"] == "financial")
    ]
    out = []
    for ind_id in LOCALITY_INDICATORS:
        ind = reference.indicator(ind_id)
        these = rows[(rows["indicator"] == ind_id) & (rows["year_start"] <= year.start)]
        if these.empty:
            continue
        latest = int(these["year_start"].max())
        at = these[these["year_start"] == latest]
        whole = at[at["locality"] == "All"]
        extract_total = float(whole["value"].iloc[0]) if len(whole) else aggregate(at[at["locality"] != "All"], ind)
        core_at = core[(core["indicator"] == ind_id) & (core["year_start"] == latest)]
        own_rows = core_at[core_at["partnership_code"] == partnership.code]
        own = own_rows["value"]
        scot = core_at[core_at["partnership_code"] == reference.SCOTLAND_CODE]["value"]
        shown, source = (float(own.iloc[0]), "Core Suite") if len(own) else (extract_total, "locality extract")
        differs = bool(len(own)) and not np.isnan(extract_total) and not np.isclose(extract_total, shown, rtol=1e-9)
        estimate = bool(own_rows["estimate"].iloc[0]) if len(own_rows) else False
        for r in at[at["locality"] != "All"].itertuples():
            scotland = float(scot.iloc[0]) if len(scot) else r.scotland_value
            out.append({
                "indicator": ind_id, "title": ind.title, "unit": ind.unit, "year": ReportingYear(latest).label,
                "locality": r.locality, "value": r.value, "numerator": r.numerator, "denominator": r.denominator,
                "partnership": shown, "partnership_source": source, "partnership_estimate": estimate,
                "extract_total": extract_total, "differs": differs,
                "scotland": scotland, "vs_partnership": rules.compare(r.value, shown, ind),
            })  # fmt: skip
    return pd.DataFrame(out, columns=COMPARISON_COLUMNS)
