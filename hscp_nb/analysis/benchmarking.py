"""Benchmarking beyond the report: funnel plots, peer-group comparison, position among the 31, run charts.

Pure functions of the tidy PHS table. Funnel limits follow Spiegelhalter (2005) "Funnel plots for comparing
institutional performance", Statistics in Medicine 24:1185-1202: exact binomial or Poisson limits with the
interpolation of his appendix, and, when the spread is over-dispersed, an additive random-effects widening.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from hscp_nb.analysis.indicators import annual_rows, scale_of, window_points
from hscp_nb.domain import reference, rules
from hscp_nb.domain.years import ReportingYear

FUNNEL_INDICATORS = ("NI-11", "NI-12", "NI-13", "NI-14", "NI-15", "NI-16", "NI-19")
BINOMIAL = {"NI-14", "NI-15", "NI-17", "NI-18"}  # numerator is a subset of the denominator
LEVELS = (0.95, 0.998)
QUARTERLY_INDICATORS = ("NI-12", "NI-13", "NI-14", "NI-16", "NI-19")


def exact_limit(p: float, target: float, n, model: str):
    """The exact control limit at probability ``p`` for a proportion/rate ``target`` (per unit) with size ``n``
    (a number or an array).

    Spiegelhalter (2005) appendix: r = the p-quantile of the count; α = (F(r) − p) / (F(r) − F(r−1)); the limit is
    (r − α) / n."""
    n = np.asarray(n, dtype=float)
    if model == "binomial":
        size = np.round(n)
        r = stats.binom.ppf(p, size, target)
        above, below = stats.binom.cdf(r, size, target), stats.binom.cdf(r - 1, size, target)
    else:
        mean = target * n
        r = stats.poisson.ppf(p, mean)
        above, below = stats.poisson.cdf(r, mean), stats.poisson.cdf(r - 1, mean)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(above > below, (above - p) / (above - below), 0.0)
    limit = (r - alpha) / n
    return float(limit) if limit.ndim == 0 else limit


LEVEL_NAMES = {0.95: "95", 0.998: "99_8"}  # column suffixes: lower_95, upper_99_8, …


@dataclass
class Funnel:
    """Funnel-plot data for one indicator and period.

    ``points``: partnership_code, partnership, numerator, denominator, value, z, and for each level the lower and
    upper limit at the point's own denominator (``lower_95``, ``upper_95``, ``lower_99_8``, ``upper_99_8``) and
    whether the value lies outside them (``outside_95``, ``outside_99_8``): the very limits the curves draw.
    ``curve``: denominator and the same limits over a range of sizes, for drawing."""

    indicator: str
    year_label: str
    basis: str
    target: float  # Scotland, in the indicator's unit
    model: str  # "binomial" | "poisson"
    overdispersed: bool
    phi: float
    tau2: float
    points: pd.DataFrame
    curve: pd.DataFrame
    scale: float = 1.0


def limits(sizes, theta: float, level: float, model: str, tau2: float, overdispersed: bool) -> tuple:
    """(lower, upper) control limits per unit at ``level`` for sizes ``sizes``: exact binomial or Poisson limits
    (Spiegelhalter 2005), or, when over-dispersed, normal limits widened by the additive random effect τ²."""
    sizes = np.asarray(sizes, dtype=float)
    tail = (1 - level) / 2
    if overdispersed:
        variance = theta * (1 - theta) if model == "binomial" else theta
        half = stats.norm.ppf(1 - tail) * np.sqrt(variance / sizes + tau2)
        return theta - half, theta + half
    return exact_limit(tail, theta, sizes, model), exact_limit(1 - tail, theta, sizes, model)


def funnel(table: pd.DataFrame, indicator_id: str, year: ReportingYear) -> Funnel | None:
    """Funnel-plot data for the 31 partnerships at the latest point of ``year``'s window (None when no counts)."""
    ind = reference.indicator(indicator_id)
    rows = annual_rows(table)
    rows = rows[rows["indicator"] == ind.id]
    points_ = window_points(ind, year, rows)
    if not points_:
        return None
    point = points_[-1]
    at = rows[(rows["year_label"] == point.year_label) & (rows["period_basis"] == point.basis)]
    scot = at[at["partnership_code"] == reference.SCOTLAND_CODE]
    parts = at[at["partnership_code"] != reference.SCOTLAND_CODE].dropna(subset=["numerator", "denominator", "value"])
    if scot.empty or len(parts) < 10:
        return None
    scale = scale_of(ind)
    target = float(scot["value"].iloc[0])
    theta = target / scale
    model = "binomial" if ind.id in BINOMIAL else "poisson"
    n = parts["denominator"].to_numpy(float)
    y = parts["value"].to_numpy(float) / scale
    variance = theta * (1 - theta) if model == "binomial" else theta
    s2 = variance / n
    z = (y - theta) / np.sqrt(s2)
    # Spiegelhalter 2005 §5: winsorise z at the 10th/90th centiles, φ = mean z², test I·φ against χ²(I−1)
    low, high = np.percentile(z, [10, 90])
    zw = np.clip(z, low, high)
    count = len(z)
    phi = float(np.mean(zw**2))
    overdispersed = bool(count * phi > stats.chi2.ppf(0.95, count - 1))
    tau2 = 0.0
    if overdispersed:
        w = 1 / s2
        tau2 = max(0.0, (count * phi - (count - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    sizes = np.geomspace(max(n.min() * 0.5, 1), n.max() * 1.5, 120)
    curve = pd.DataFrame({"denominator": sizes})
    names = {p.code: p.name for p in reference.partnerships()}
    out = pd.DataFrame(
        {
            "partnership_code": parts["partnership_code"].to_numpy(),
            "partnership": parts["partnership_code"].map(names).to_numpy(),
            "numerator": parts["numerator"].to_numpy(),
            "denominator": n,
            "value": y * scale,
            "z_unadjusted": z,
            # the z that matches the limits drawn: widened by the random effect τ² where over-dispersed
            "z": (y - theta) / np.sqrt(s2 + tau2) if overdispersed else z,
        }
    )
    for level, suffix in LEVEL_NAMES.items():
        lower, upper = limits(sizes, theta, level, model, tau2, overdispersed)
        curve[f"lower_{suffix}"], curve[f"upper_{suffix}"] = lower * scale, upper * scale
        # Each point is judged against the drawn limit at its own denominator, so the chart and the verdict agree.
        lower, upper = limits(n, theta, level, model, tau2, overdispersed)
        out[f"lower_{suffix}"], out[f"upper_{suffix}"] = lower * scale, upper * scale
        out[f"outside_{suffix}"] = (y < lower) | (y > upper)
    return Funnel(ind.id, point.year_label, point.basis, target, model, overdispersed, phi, tau2, out, curve, scale)


def peer_comparison(latest: pd.DataFrame, decimals=None) -> pd.DataFrame:
    """Each shown indicator of ``latest`` (:attr:`~hscp_nb.analysis.indicators.IndicatorResults.latest`) with a peer
    value: the partnership, its family-group value and Scotland, the difference
    from the group as % of the group value (``better_pct`` positive = better by the indicator's direction), the
    verdict of :func:`hscp_nb.domain.rules.compare` (the same one the report prints), and the gap a reader works
    out from the printed values (``gap``, positive = better, in ``gap_unit``): percentage points for a percentage,
    % of the group value for a rate, from the two values rounded as printed (``decimals(unit)``: the indicator's
    printed decimals; unrounded without it). The verdict is the rule's, on the unrounded values."""
    rows = []
    for r in latest[latest["shown"]].to_dict("records"):
        ind = reference.indicator(r["indicator"])
        if pd.isna(r["peer"]) or r["peer"] == 0 or ind.higher_is_better is None:
            continue
        diff = (r["value"] - r["peer"]) / abs(r["peer"]) * 100
        places = decimals(ind.unit) if decimals else None
        value, peer = (r["value"], r["peer"]) if places is None else (_printed(r["value"], places),
                                                                     _printed(r["peer"], places))  # fmt: skip
        points = ind.unit == "percentage"
        gap = value - peer if points else ((value - peer) / abs(peer) * 100 if peer else diff)
        rows.append(
            {
                "indicator": r["indicator"],
                "title": r["title"],
                "year": r["latest_year"],
                "value": r["value"],
                "peer_group": r["peer"],
                "scotland": r["scotland"],
                "difference_pct": round(diff, 1),
                "better_pct": round(diff if ind.higher_is_better else -diff, 1),
                "gap": round(gap if ind.higher_is_better else -gap, 1) + 0.0,  # + 0.0: no '-0.0'
                "gap_unit": "points" if points else "% of group value",
                # computed here from the two values, by the one rule the report prints (not copied from ``latest``)
                "verdict": rules.compare(r["value"], r["peer"], ind, r.get("lower_ci"), r.get("upper_ci")),
            }
        )
    return pd.DataFrame(rows)


def _printed(value: float, places: int) -> float:
    """``value`` as a reader sees it printed to ``places`` decimals (as :func:`hscp_nb.present.formats.number`
    rounds: the magnitude, then the sign)."""
    return float(np.sign(value)) * round(abs(float(value)), places)


def positions(table: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """For each shown indicator of ``latest`` (the indicators' latest values), every partnership's rank (1 = best) at
    that latest period."""
    names = {p.code: p.name for p in reference.partnerships()}
    out = []
    annual = annual_rows(table)
    for r in latest[latest["shown"]].to_dict("records"):
        ind = reference.indicator(r["indicator"])
        if ind.higher_is_better is None:
            continue
        at = annual[
            (annual["indicator"] == ind.id)
            & (annual["year_label"] == r["latest_year"])
            & (annual["period_basis"] == r["latest_basis"])
            & (annual["partnership_code"] != reference.SCOTLAND_CODE)
        ]
        values = at.set_index("partnership_code")["value"]
        ranks = rules.rank(values, ind)
        for code, rank in ranks.dropna().items():
            out.append(
                {
                    "indicator": ind.id,
                    "title": ind.title,
                    "year": r["latest_year"],
                    "partnership_code": code,
                    "partnership": names.get(code, code),
                    "value": float(values[code]),
                    "rank": int(rank),
                    "ranked": int(ranks.notna().sum()),
                }
            )
    return pd.DataFrame(out)


def quarterly_series(
    table: pd.DataFrame, indicator_id: str, partnership: reference.Partnership, year: ReportingYear
) -> pd.DataFrame:
    """Quarterly values over the window for one partnership (and Scotland), oldest first."""
    first = year.window()[0].start
    rows = table[
        (table["indicator"] == indicator_id)
        & (table["period_basis"] == "financial")
        & table["time_period"].isin(["Q1", "Q2", "Q3", "Q4"])
        & (table["year_start"].between(first, year.start))
    ]
    own = rows[rows["partnership_code"] == partnership.code].copy()
    scot = rows[rows["partnership_code"] == reference.SCOTLAND_CODE].set_index(["year_start", "time_period"])["value"]
    own["scotland"] = [scot.get((y, q), np.nan) for y, q in zip(own["year_start"], own["time_period"])]
    own["quarter"] = own["year_label"] + " " + own["time_period"]
    return own.sort_values(["year_start", "time_period"])[
        ["quarter", "year_label", "time_period", "numerator", "denominator", "value", "scotland", "estimate"]
    ].reset_index(drop=True)


def run_chart_rules(values: list[float] | np.ndarray) -> pd.DataFrame:
    """PHS run-chart rules against the median: a shift is 6 or more consecutive points on one side of the median
    (points on the median neither count nor break it); a trend is 5 or more consecutive points all rising or all
    falling (a repeated value neither counts nor breaks it)."""
    values = np.asarray(values, dtype=float)
    median = float(np.median(values))
    shift = np.zeros(len(values), dtype=bool)
    run: list[int] = []
    side = 0
    for i, v in enumerate(values):
        s = int(np.sign(v - median))
        if s == 0:
            continue
        if s != side:
            if len(run) >= 6:
                shift[run[0] : run[-1] + 1] = True  # median points inside the run are marked, not counted
            run, side = [], s
        run.append(i)
    if len(run) >= 6:
        shift[run[0] : run[-1] + 1] = True
    trend = np.zeros(len(values), dtype=bool)
    run, direction = [0] if len(values) else [], 0
    for i in range(1, len(values)):
        step = int(np.sign(values[i] - values[run[-1]]))
        if step == 0:
            continue
        if step != direction:
            if len(run) >= 5:
                trend[run[0] : run[-1] + 1] = True  # repeated values inside the run are marked, not counted
            run, direction = [run[-1]], step
        run.append(i)
    if len(run) >= 5:
        trend[run[0] : run[-1] + 1] = True
    return pd.DataFrame({"value": values, "median": median, "shift": shift, "trend": trend})
