"""Indicators and outcomes (OUT-1, OUT-2, ANX-1): every core indicator in the same shape.

For each indicator: the statutory window (partnership, Scotland, peer group), rank among the 31 (1 = best by the
indicator's own direction), direction of travel over the window and against Scotland, data caveats, and a
plain-English sentence. Pure functions of the tidy PHS table; nothing here reads files or draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import reference
from .formatting import indicator_value, ordinal
from .reference import CALENDAR_PROXY_INDICATORS, SURVEY_BREAK_INDICATORS, Indicator
from .years import SURVEY_BREAK_WAVE, ReportingYear

LITTLE_CHANGE_POINTS = 1.0  # percentage points, for indicators in %
LITTLE_CHANGE_RELATIVE = 0.03  # 3 %, for rates


def scale_of(ind: Indicator) -> float:
    """What numerator / denominator is multiplied by to give the indicator's unit."""
    if ind.unit == "percentage":
        return 100.0
    if "100,000" in ind.unit:
        return 1e5
    if "1,000" in ind.unit:
        return 1e3
    return 1.0


@dataclass(frozen=True)
class Point:
    """Which data row stands for one reporting year of the window, and why."""

    window_year: int
    year_label: str
    basis: str
    caveat: str = ""


def window_points(ind: Indicator, year: ReportingYear, available: pd.DataFrame) -> list[Point]:
    """The data years shown for ``ind`` in the report for ``year``: survey waves, calendar years or financial years.

    ``available`` is the indicator's annual rows (any area) with ``year_label``, ``period_basis`` and ``estimate``.
    """
    window = year.window()
    have = available.groupby(["year_label", "period_basis"]).estimate.any().to_dict()
    points = []
    if ind.is_survey:
        for wave in year.survey_waves():
            if (wave.label, "survey") in have:
                caveat = ""
                if ind.id in SURVEY_BREAK_INDICATORS and wave.start >= SURVEY_BREAK_WAVE:
                    caveat = "question wording changed in 2023/24: not comparable with earlier waves"
                points.append(Point(max(wave.start, window[0].start), wave.label, "survey", caveat))
        return points
    for reporting in window:
        calendar = str(reporting.calendar_proxy())
        if ind.id == "NI-11" or ind.id == "NI-18":
            if (calendar, "calendar") in have:
                points.append(Point(reporting.start, calendar, "calendar", "calendar-year data (Jan–Dec)"))
            continue
        fy = (reporting.label, "financial")
        latest = reporting == year
        if ind.id in CALENDAR_PROXY_INDICATORS and latest and (fy not in have or have[fy]) and (calendar, "calendar") in have:
            points.append(Point(reporting.start, calendar, "calendar",
                                f"calendar year {calendar} used as a proxy for {reporting.label}, whose financial-year "
                                "data are incomplete (PHS guidance)"))
        elif fy in have:
            points.append(Point(reporting.start, reporting.label, "financial",
                                "includes estimated values" if have[fy] else ""))
    return points


def aggregate(rows: pd.DataFrame, ind: Indicator) -> float:
    """One value for several areas: summed numerators over summed denominators where the rate is a plain ratio;
    denominator-weighted mean for age-standardised NI-11; plain mean for survey percentages (no counts published)."""
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return np.nan
    if ind.id != "NI-11" and rows["numerator"].notna().all() and rows["denominator"].notna().all() and rows["denominator"].sum() > 0:
        return float(rows["numerator"].sum() / rows["denominator"].sum() * scale_of(ind))
    if rows["denominator"].notna().all() and rows["denominator"].sum() > 0:
        return float(np.average(rows["value"], weights=rows["denominator"]))
    return float(rows["value"].mean())


def series(table: pd.DataFrame, ind: Indicator, partnership: reference.Partnership, year: ReportingYear) -> pd.DataFrame:
    """The window for one indicator: partnership, Scotland and peer-group values with CIs and caveats."""
    rows = table[(table["indicator"] == ind.id) & (table["time_period"] == "Annual") & (table["locality"] == "All")]
    points = window_points(ind, year, rows)
    peers = {p.code for p in reference.peer_group(partnership)}
    out = []
    for point in points:
        at = rows[(rows["year_label"] == point.year_label) & (rows["period_basis"] == point.basis)]
        own = at[at["partnership_code"] == partnership.code]
        scot = at[at["partnership_code"] == reference.SCOTLAND_CODE]
        out.append({
            "window_year": point.window_year,
            "year": point.year_label,
            "basis": point.basis,
            "partnership": own["value"].iloc[0] if len(own) else np.nan,
            "lower_ci": own["lower_ci"].iloc[0] if len(own) else np.nan,
            "upper_ci": own["upper_ci"].iloc[0] if len(own) else np.nan,
            "scotland": scot["value"].iloc[0] if len(scot) else np.nan,
            "peer": aggregate(at[at["partnership_code"].isin(peers)], ind),
            "estimate": bool(own["estimate"].iloc[0]) if len(own) else False,
            "caveat": point.caveat,
        })
    return pd.DataFrame(out, columns=["window_year", "year", "basis", "partnership", "lower_ci", "upper_ci", "scotland",
                                      "peer", "estimate", "caveat"])


def rank_among_partnerships(values: pd.Series, ind: Indicator) -> pd.Series:
    """Rank of each partnership's value, 1 = best by the indicator's direction; ties share the best rank."""
    if ind.higher_is_better is None:
        return pd.Series(np.nan, index=values.index)
    return values.rank(ascending=not ind.higher_is_better, method="min")


def compare(first: float, second: float, ind: Indicator) -> str:
    """'better', 'worse' or 'similar': ``second`` against ``first`` by the indicator's own direction."""
    if np.isnan(first) or np.isnan(second):
        return "no data"
    change = second - first
    small = abs(change) < LITTLE_CHANGE_POINTS if ind.unit == "percentage" else abs(change) < LITTLE_CHANGE_RELATIVE * abs(first)
    if small or ind.higher_is_better is None:
        return "similar"
    return "better" if (change > 0) == ind.higher_is_better else "worse"


TREND_WORDS = {"better": "improved", "worse": "worsened", "similar": "little change", "no data": "no data"}


def direction_of_travel(window: pd.DataFrame, ind: Indicator) -> tuple[str, str]:
    """(trend word, the years compared) over the window, respecting the 2023/24 survey break."""
    usable = window.dropna(subset=["partnership"])
    if ind.id in SURVEY_BREAK_INDICATORS and len(usable):
        latest_wave = int(usable["year"].iloc[-1][:4])
        if latest_wave >= SURVEY_BREAK_WAVE:
            usable = usable[usable["year"].str[:4].astype(int) >= SURVEY_BREAK_WAVE]
            if len(usable) < 2:
                return "not comparable", "2023/24 break in series"
    if len(usable) < 2:
        return "no data", ""
    first, last = usable.iloc[0], usable.iloc[-1]
    return TREND_WORDS[compare(first["partnership"], last["partnership"], ind)], f"{first['year']} to {last['year']}"


def against_scotland(latest: pd.Series, ind: Indicator) -> str:
    """'better', 'worse' or 'similar' than Scotland; for survey values, similar when Scotland is inside the 95% CI."""
    if pd.isna(latest["partnership"]) or pd.isna(latest["scotland"]):
        return "no data"
    if ind.is_survey and not pd.isna(latest["lower_ci"]) and latest["lower_ci"] <= latest["scotland"] <= latest["upper_ci"]:
        return "similar"
    return compare(latest["scotland"], latest["partnership"], ind)


@dataclass
class IndicatorResults:
    """The summary (one row per indicator) and each indicator's window series, computed once per report."""

    summary: pd.DataFrame
    windows: dict[str, pd.DataFrame]


def results(table: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear) -> IndicatorResults:
    """Summary and window series of all 23 indicators for one partnership and report."""
    windows: dict[str, pd.DataFrame] = {}
    summary = summarise(table, partnership, year, windows)
    return IndicatorResults(summary, windows)


def summarise(table: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear,
              windows: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per core indicator (all 23, in number order) with the facts the report prints about it.

    ``windows``, when given, receives each indicator's window series."""
    rows = []
    windows = {} if windows is None else windows
    annual = table[(table["time_period"] == "Annual") & (table["locality"] == "All")]
    # Split once: filtering the whole table for each indicator took a tenth of the section's time.
    by_indicator = dict(tuple(annual.groupby("indicator", sort=False)))
    for ind in reference.indicators():
        annual_ind = by_indicator.get(ind.id, annual.iloc[:0])
        base = {"indicator": ind.id, "number": ind.number, "title": ind.title, "unit": ind.unit,
                "unit_short": ind.unit_short, "status": ind.status, "outcomes": _outcomes_of(ind)}
        window = series(annual_ind, ind, partnership, year) if ind.status != "not reported" else pd.DataFrame()
        windows[ind.id] = window
        if window.empty or window["partnership"].isna().all():
            reason = ind.not_reported_reason or f"No data for {partnership.name} in the {year.label} window."
            if ind.status == "suspended":
                reason += " No value falls in this report's window."
            rows.append({**base, "reason": reason, "sentence": f"{ind.id} {ind.title}: {reason}"})
            continue
        latest = window.dropna(subset=["partnership"]).iloc[-1]
        at = annual_ind[(annual_ind["year_label"] == latest["year"]) & (annual_ind["period_basis"] == latest["basis"])
                        & (annual_ind["partnership_code"] != reference.SCOTLAND_CODE)]
        ranks = rank_among_partnerships(at.set_index("partnership_code")["value"], ind)
        rank = ranks.get(partnership.code, np.nan)
        trend, span = direction_of_travel(window, ind)
        vs = against_scotland(latest, ind)
        caveats = list(dict.fromkeys(c for c in window["caveat"] if c))
        if ind.is_survey:
            caveats.insert(0, f"biennial survey, waves {window['year'].iloc[0]}–{window['year'].iloc[-1]}")
        if latest["estimate"]:
            caveats.append("latest value is an estimate")
        if ind.status == "suspended":
            caveats.append("suspended nationally after 2019/20")
        if ind.id == "NI-14":
            caveats.append("titled per 1,000 population but computed per 1,000 discharges")
        row = {**base, "latest_year": latest["year"], "value": latest["partnership"], "scotland": latest["scotland"],
               "peer": latest["peer"], "lower_ci": latest["lower_ci"], "upper_ci": latest["upper_ci"],
               "rank": rank, "ranked": int(ranks.notna().sum()), "trend": trend, "trend_span": span, "vs_scotland": vs,
               "vs_peer": compare(latest["peer"], latest["partnership"], ind), "caveats": "; ".join(caveats),
               "reason": ""}
        row["sentence"] = sentence(ind, row, partnership)
        rows.append(row)
    return pd.DataFrame(rows)


def _outcomes_of(ind: Indicator) -> str:
    return ", ".join(str(o.number) for o in reference.outcomes() if ind.id in o.indicator_ids)


def sentence(ind: Indicator, row: dict, partnership: reference.Partnership) -> str:
    """'Emergency admission rate was 12,345 per 100,000 in 2021/22, worse than Scotland (11,651); it improved …'"""
    value = indicator_value(row["value"], ind.unit)
    scot = indicator_value(row["scotland"], ind.unit)
    unit = "" if ind.unit == "percentage" else f" {ind.unit_short}"
    vs = {"better": "better than", "worse": "worse than", "similar": "similar to"}.get(row["vs_scotland"], "compared with")
    text = f"{ind.title} ({ind.id}) was {value}{unit} in {row['latest_year']}, {vs} Scotland ({scot})"
    if not pd.isna(row["rank"]):
        text += f", {ordinal(int(row['rank']))} of {int(row['ranked'])} partnerships (1st = best)"
    trend = row["trend"]
    if trend in {"improved", "worsened"}:
        text += f"; it {trend} from {row['trend_span']}"
    elif trend == "little change":
        text += f"; little change from {row['trend_span']}"
    elif trend == "not comparable":
        text += "; no trend shown because the 2023/24 survey wording changed"
    return text + "."


def key_messages(summary: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear) -> list[str]:
    """Plain-English headlines, including the explicit list of indicators that got worse."""
    reported = summary[summary["reason"] == ""]
    better = reported[reported["vs_scotland"] == "better"]
    worse_than_scot = reported[reported["vs_scotland"] == "worse"]
    similar = reported[reported["vs_scotland"] == "similar"]
    improved = reported[reported["trend"] == "improved"]
    worsened = reported[reported["trend"] == "worsened"]
    name = lambda frame: ", ".join(f"{r.indicator} {r.title}" for r in frame.itertuples())  # noqa: E731
    messages = [
        f"Of the {len(reported)} indicators with data for {partnership.name} in the {year.label} report, "
        f"{len(better)} were better than Scotland, {len(similar)} similar and {len(worse_than_scot)} worse.",
        f"Improved over the window ({len(improved)}): {name(improved) or 'none'}.",
        f"Getting worse over the window ({len(worsened)}): {name(worsened) or 'none'}.",
        f"Worse than Scotland in the latest year ({len(worse_than_scot)}): {name(worse_than_scot) or 'none'}.",
    ]
    not_reported = summary[summary["reason"] != ""]
    if len(not_reported):
        messages.append(f"Not reported ({len(not_reported)}): {', '.join(not_reported['indicator'])}; reasons in the table.")
    return messages


def annex(results_: IndicatorResults, year: ReportingYear) -> pd.DataFrame:
    """The national-indicator annex (ANX-1): one fixed layout for every partnership, all 23 indicators, one column per
    window year (survey waves under the year they start, the wave in force at the window's start under its first year)."""
    columns = [y.label for y in year.window()]
    summary = results_.summary
    out = []
    for ind in reference.indicators():
        row = {"Indicator": ind.id, "Title": ind.title, "Unit": ind.unit_short}
        info = summary[summary["indicator"] == ind.id].iloc[0]
        values = {c: "–" for c in columns}
        if ind.status != "not reported":
            for point in results_.windows[ind.id].itertuples():
                label = ReportingYear(point.window_year).label
                if label in values and not pd.isna(point.partnership):
                    values[label] = indicator_value(point.partnership, ind.unit) + (" (c)" if point.basis == "calendar" and ind.id in CALENDAR_PROXY_INDICATORS else "")
        row.update(values)
        reported = info["reason"] == ""
        row["Scotland (latest)"] = indicator_value(info.get("scotland"), ind.unit) if reported else "–"
        row["Rank of 31"] = str(int(info["rank"])) if reported and not pd.isna(info.get("rank")) else "–"
        row["Trend"] = info.get("trend", "") if reported else "–"
        row["Note"] = info["caveats"] if reported else info["reason"]
        out.append(row)
    return pd.DataFrame(out)


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The indicator summary formatted for reading (text statuses, no colour needed)."""
    out = []
    for r in summary.itertuples():
        if r.reason:
            out.append({"Indicator": r.indicator, "Title": r.title, "Latest": "–", "Value": "–", "Scotland": "–",
                        "Peer group": "–", "Rank (1 = best)": "–", "Trend over window": "not reported",
                        "Against Scotland": "–", "Notes": r.reason})
            continue
        out.append({
            "Indicator": r.indicator, "Title": r.title, "Latest": r.latest_year,
            "Value": indicator_value(r.value, r.unit), "Scotland": indicator_value(r.scotland, r.unit),
            "Peer group": indicator_value(r.peer, r.unit),
            "Rank (1 = best)": f"{int(r.rank)} of {int(r.ranked)}" if not pd.isna(r.rank) else "–",
            "Trend over window": r.trend, "Against Scotland": r.vs_scotland, "Notes": r.caveats,
        })
    return pd.DataFrame(out)


def outcome_groups() -> list[tuple[reference.Outcome, list[Indicator]]]:
    """The 9 outcomes with the indicators mapped to each (an indicator can serve several outcomes)."""
    by_id = {i.id: i for i in reference.indicators()}
    return [(o, [by_id[i] for i in o.indicator_ids if i in by_id]) for o in reference.outcomes()]


def chart_title(ind: Indicator, row: pd.Series, partnership: reference.Partnership) -> str:
    """A headline that says what the chart shows."""
    vs = {"better": "better than", "worse": "worse than", "similar": "similar to"}.get(row["vs_scotland"], "against")
    return f"{ind.title}: {partnership.name} {vs} Scotland in {row['latest_year']}"


def chart_alt(ind: Indicator, window: pd.DataFrame, partnership: reference.Partnership, row: pd.Series) -> str:
    """Alt text that carries the chart's whole message and its numbers."""
    parts = [f"{y}: {indicator_value(v, ind.unit)}" for y, v in zip(window["year"], window["partnership"]) if not pd.isna(v)]
    return (f"Line chart of {ind.title} ({ind.unit}) for {partnership.name}, Scotland and its peer group. "
            f"{partnership.name}: {'; '.join(parts)}. {row['sentence']}")
