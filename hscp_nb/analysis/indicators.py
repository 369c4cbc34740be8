"""Indicators and outcomes (OUT-1, OUT-2, ANX-1): every core indicator in the same shape, as numbers and verdicts.

For each indicator: the statutory window (partnership, Scotland, peer group), rank among the 31, direction of travel
and the comparison with Scotland and the peer group, all by the rules of :mod:`hscp_nb.domain.rules`. Pure functions
of the tidy PHS table; sentences are written in :mod:`hscp_nb.present.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hscp_nb.domain import reference, rules
from hscp_nb.domain.reference import Indicator
from hscp_nb.domain.years import ReportingYear

WINDOW_COLUMNS = [
    "window_year", "year", "basis", "data_year", "segment", "stand_in", "estimate",
    "partnership", "lower_ci", "upper_ci", "scotland", "peer",
]  # fmt: skip


def scale_of(ind: Indicator) -> float:
    """What numerator / denominator is multiplied by to give the indicator's unit."""
    if ind.unit == "percentage":
        return 100.0
    if "100,000" in ind.unit:
        return 1e5
    if "1,000" in ind.unit:
        return 1e3
    return 1.0


def annual_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Partnership-level annual rows (no quarters or months, no localities)."""
    return table[(table["time_period"] == "Annual") & (table["locality"] == "All")]


def window_points(ind: Indicator, year: ReportingYear, rows: pd.DataFrame) -> list[rules.Point]:
    """The periods shown for ``ind`` in the report for ``year``, from the indicator's annual rows (any area)."""
    return rules.window_points(ind, year, rules.available_periods(rows))


def aggregate(rows: pd.DataFrame, ind: Indicator) -> float:
    """One value for several partnerships, by :func:`hscp_nb.domain.rules.peer_aggregate_method`: summed numerators
    over summed denominators; for an age-standardised rate the population-weighted mean; for a survey indicator
    none (NaN)."""
    method = rules.peer_aggregate_method(ind)
    if method == "none":
        return np.nan
    # numpy on the columns, not DataFrame.dropna: the same sums, a tenth of the time (called for every period shown)
    value = rows["value"].to_numpy(dtype=float)
    kept = ~np.isnan(value)
    numerator, denominator = (
        rows["numerator"].to_numpy(dtype=float)[kept],
        rows["denominator"].to_numpy(dtype=float)[kept],
    )
    if not kept.any():
        return np.nan
    denominators = not np.isnan(denominator).any() and denominator.sum() > 0
    if method == "counts" and denominators and not np.isnan(numerator).any():
        return float(numerator.sum() / denominator.sum() * scale_of(ind))
    if method == "population-weighted" and denominators:
        return float(np.average(value[kept], weights=denominator))
    return np.nan


def series(rows: pd.DataFrame, ind: Indicator, partnership: reference.Partnership, year: ReportingYear) -> pd.DataFrame:
    """The window for one indicator from its annual rows: one row per period shown (columns ``WINDOW_COLUMNS``):
    the partnership's value and 95% CI, Scotland, the peer group, and each period's label, basis and flags."""
    points = window_points(ind, year, rows)
    peers = {p.code for p in reference.peer_group(partnership)}
    # Masks over numpy columns, made once: filtering the frame for each period took most of the section's analysis.
    year_label, basis = rows["year_label"].to_numpy(), rows["period_basis"].to_numpy()
    code = rows["partnership_code"].to_numpy()
    own_rows, scotland_rows = code == partnership.code, code == reference.SCOTLAND_CODE
    peer_rows = np.isin(code, list(peers))
    estimate, value = rows["estimate"].to_numpy(), rows["value"].to_numpy()
    lower, upper = rows["lower_ci"].to_numpy(), rows["upper_ci"].to_numpy()
    out = []
    for point in points:
        at = (year_label == point.year_label) & (basis == point.basis)
        own, scot = np.flatnonzero(at & own_rows), np.flatnonzero(at & scotland_rows)
        first = own[0] if len(own) else None
        out.append({
            "window_year": point.window_year, "year": point.year_label, "basis": point.basis,
            "data_year": point.data_year, "segment": point.segment, "stand_in": point.stand_in,
            "estimate": bool(estimate[first]) if first is not None else False,
            "partnership": value[first] if first is not None else np.nan,
            "lower_ci": lower[first] if first is not None else np.nan,
            "upper_ci": upper[first] if first is not None else np.nan,
            "scotland": value[scot[0]] if len(scot) else np.nan,
            "peer": aggregate(rows.iloc[np.flatnonzero(at & peer_rows)], ind),
        })  # fmt: skip
    return pd.DataFrame(out, columns=WINDOW_COLUMNS)


@dataclass
class IndicatorResults:
    """Each indicator's latest value with its verdicts (``latest``: one row per indicator, see :func:`latest_rows`)
    and each indicator's window series."""

    latest: pd.DataFrame
    windows: dict[str, pd.DataFrame]


def results(table: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear) -> IndicatorResults:
    """The latest values and window series of all 23 indicators for one partnership and report."""
    windows: dict[str, pd.DataFrame] = {}
    latest = latest_rows(table, partnership, year, windows)
    return IndicatorResults(latest, windows)


def latest_rows(
    table: pd.DataFrame,
    partnership: reference.Partnership,
    year: ReportingYear,
    windows: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Each core indicator's latest value with its comparisons, rank and trend: one row per indicator (all 23, in
    number order). Columns:

    indicator, number, title, unit, unit_short, status, outcomes; ``shown`` (a value in the window) and, when not,
    ``not_shown`` ('not reported' | 'suspended' | 'no data'); for shown ones: latest_year, latest_basis,
    value, lower_ci, upper_ci, scotland, peer, rank, ranked, trend, trend_from, trend_to (the periods the trend
    compares), trend_from_value, trend_to_value, trend_since_break (earlier values left out: they precede the survey
    break), vs_scotland, vs_peer,
    stand_in, estimate, first_year (first period shown), series_break (the indicator has the 2023/24 break),
    segments (how many comparable stretches the window holds).

    ``windows``, when given, receives each indicator's window series."""
    rows = []
    windows = {} if windows is None else windows
    annual = annual_rows(table)
    # Split once: filtering the whole table for each indicator took a tenth of the section's time.
    by_indicator = dict(tuple(annual.groupby("indicator", sort=False)))
    for ind in reference.indicators():
        annual_ind = by_indicator.get(ind.id, annual.iloc[:0])
        base = {"indicator": ind.id, "number": ind.number, "title": ind.title, "unit": ind.unit,
                "unit_short": ind.unit_short, "status": ind.status, "outcomes": _outcomes_of(ind)}  # fmt: skip
        window = series(annual_ind, ind, partnership, year) if ind.status != "not reported" else pd.DataFrame()
        windows[ind.id] = window
        if window.empty or window["partnership"].isna().all():
            not_shown = "no data" if ind.status == "reported" else ind.status
            rows.append({**base, "shown": False, "not_shown": not_shown})
            continue
        shown = window[window["partnership"].notna()]  # a mask, not dropna: a third of the time
        latest = shown.iloc[-1]
        at = annual_ind[
            (annual_ind["year_label"] == latest["year"])
            & (annual_ind["period_basis"] == latest["basis"])
            & (annual_ind["partnership_code"] != reference.SCOTLAND_CODE)
        ]
        ranks = rules.rank(at.set_index("partnership_code")["value"], ind)
        ci = (latest["lower_ci"], latest["upper_ci"])
        travel = rules.direction_of_travel(
            list(zip(window["year"], window["data_year"], window["partnership"])), ind, ci
        )  # fmt: skip
        rows.append({
            **base, "shown": True, "not_shown": "",
            "latest_year": latest["year"], "latest_basis": latest["basis"], "value": latest["partnership"],
            "lower_ci": latest["lower_ci"], "upper_ci": latest["upper_ci"],
            "scotland": latest["scotland"], "peer": latest["peer"],
            "rank": ranks.get(partnership.code, np.nan), "ranked": int(ranks.notna().sum()),
            "trend": travel.verdict, "trend_from": travel.first_label, "trend_to": travel.last_label,
            "trend_from_value": travel.first_value, "trend_to_value": travel.last_value,
            "trend_since_break": travel.since_break,
            "vs_scotland": rules.compare(latest["partnership"], latest["scotland"], ind, *ci),
            "vs_peer": rules.compare(latest["partnership"], latest["peer"], ind, *ci),
            "stand_in": bool(latest["stand_in"]), "estimate": bool(latest["estimate"]),
            "first_year": window["year"].iloc[0], "series_break": ind.series_break,
            "segments": int(shown["segment"].nunique()),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _outcomes_of(ind: Indicator) -> str:
    return ", ".join(str(o.number) for o in reference.outcomes() if ind.id in o.indicator_ids)


def annex_values(results_: IndicatorResults, year: ReportingYear) -> pd.DataFrame:
    """Every value of the national-indicator annex under its own period: one row per indicator and period shown
    (indicator, year (its own label), basis, window_year, stand_in, value). Survey waves keep their wave label."""
    out = []
    for ind in reference.indicators():
        window = results_.windows.get(ind.id)
        if window is None or window.empty:
            continue
        for point in window.dropna(subset=["partnership"]).itertuples():
            out.append({"indicator": ind.id, "year": point.year, "basis": point.basis, "window_year": point.window_year,
                        "stand_in": point.stand_in, "value": point.partnership})  # fmt: skip
    return pd.DataFrame(out, columns=["indicator", "year", "basis", "window_year", "stand_in", "value"])
