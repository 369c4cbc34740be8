"""The MSG indicators of one partnership and year: the monthly series, 12-month totals, the baseline, the objective
and whether it was met, the direction of travel, and the months whose hospital records were incomplete; and every
partnership's rates per 1,000 people for the benchmarking pack.

Everything is computed from the reader's tidy tables (:mod:`hscp_nb.inputs.msg`) and judged by
:mod:`hscp_nb.domain.rules`; the views only format what is returned here.
"""

from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hscp_nb.domain import msg, reference, rules
from hscp_nb.domain.msg import BASELINE_YEAR, COMPLETE_PERCENT, MsgIndicator
from hscp_nb.domain.years import ReportingYear


def month_label(month: pd.Timestamp) -> str:
    return f"{month:%B %Y}"


def year_months(year: ReportingYear) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(year.start, 4, 1), periods=12, freq="MS")


_AREAS: list = [None, {}]  # the latest monthly table read (a weak reference) and its rows' positions by area


def _area_rows(monthly: pd.DataFrame) -> dict[tuple, np.ndarray]:
    """The positions of ``monthly``'s rows by (partnership_code, locality, age_group), in the table's order: found
    once for a table, not by comparing the whole table's columns for each series (14 series a report, each of which
    took longer than the rest of its measure's analysis). Kept for the latest table only: a kernel reads one."""
    held, areas = _AREAS
    if held is None or held() is not monthly:
        areas = monthly.groupby(["partnership_code", "locality", "age_group"], sort=False).indices
        _AREAS[:] = [weakref.ref(monthly), areas]
    return areas


def monthly_series(data, code: str, m: MsgIndicator, locality: str = "All") -> pd.DataFrame:
    """month, numerator, denominator, value of one measure for one area (``code``: a partnership or Scotland)."""
    positions = _area_rows(data.monthly).get((code, locality, m.age_group), np.array([], dtype=int))
    rows = data.monthly.take(positions).sort_values("month")
    numerator = rows[m.numerator].astype(float)
    denominator = rows[m.denominator].astype(float) if m.denominator else pd.Series(np.nan, index=rows.index)
    value = numerator / denominator * 100 if m.denominator else numerator
    return pd.DataFrame({"month": rows["month"].to_numpy(), "numerator": numerator.to_numpy(),
                         "denominator": denominator.to_numpy(), "value": value.to_numpy(),
                         "population": rows["population"].to_numpy()})  # fmt: skip


def rolling_twelve(series: pd.DataFrame, m: MsgIndicator) -> pd.Series:
    """The 12-month total (a percentage: of the 12 months' counts) ending each month; NaN until 12 months are in."""
    numerator = series["numerator"].rolling(12, min_periods=12).sum()
    if m.denominator:
        return numerator / series["denominator"].rolling(12, min_periods=12).sum() * 100
    return numerator


@dataclass(frozen=True)
class Twelve:
    """A measure over 12 months: its value, the last month, the months counted and the label of the period."""

    value: float | None
    end: pd.Timestamp | None
    months: int
    label: str

    @property
    def complete(self) -> bool:
        return self.months == 12


def twelve_months(series: pd.DataFrame, m: MsgIndicator, year: ReportingYear) -> Twelve:
    """The reporting year's value: its 12 months, or when the data end inside the year, the 12 months to the latest
    month (labelled so); None when the data hold no month of the year."""
    # masks over numpy columns rather than filtered frames: this runs for every measure, report and baseline
    months, wanted = series["month"].to_numpy(), year_months(year)
    inside = np.isin(months, wanted.to_numpy())
    if not inside.any() or series["numerator"][inside].isna().all():
        return Twelve(None, None, 0, year.label)
    end = pd.Timestamp(months[inside].max())
    in_window = (months > (end - pd.DateOffset(months=12)).to_datetime64()) & (months <= end.to_datetime64())
    window = series[in_window]
    numerator = window["numerator"].sum(min_count=1)
    value = numerator / window["denominator"].sum() * 100 if m.denominator else numerator
    label = year.label if end == wanted[-1] else f"12 months to {month_label(end)}"
    return Twelve(None if pd.isna(value) else float(value), end, int(window["numerator"].notna().sum()), label)


def annual_series(data, code: str, m: MsgIndicator) -> pd.DataFrame:
    """year_start, year_label, provisional, value, source_row of an annual measure (5, 6) for one area."""
    rows = data.annual[(data.annual["partnership_code"] == code) & (data.annual["indicator"] == m.code)
                       & (data.annual["age_group"] == m.age_group)]  # fmt: skip
    return rows.sort_values("year_start").reset_index(drop=True)


def incomplete_months(data, partnership: reference.Partnership, year: ReportingYear,
                      sources=tuple(msg.COMPLETENESS_SOURCES)) -> pd.DataFrame:  # fmt: skip
    """source, month, percent of every month of the reporting year whose records for the partnership's NHS board
    were under 95% complete (PHS's threshold)."""
    table = data.completeness
    rows = table[(table["board"] == partnership.health_board) & table["source"].isin(sources)
                 & table["month"].isin(year_months(year)) & (table["percent"] < COMPLETE_PERCENT)]  # fmt: skip
    return rows[["source", "month", "percent", "source_row"]].sort_values(["source", "month"]).reset_index(drop=True)


def incomplete_flags(data, partnership: reference.Partnership, year: ReportingYear, m: MsgIndicator,
                     months) -> np.ndarray:  # fmt: skip
    """For each of ``months``: whether it is a month of the reporting year whose records, in a source ``m`` is counted
    from, were under 95% complete (:func:`incomplete_months`), so that its figure is likely to rise. The run charts
    draw these months open, on a dashed line."""
    if data.completeness.empty or not m.completeness:
        return np.zeros(len(months), dtype=bool)
    under = incomplete_months(data, partnership, year, m.completeness)
    if under.empty:
        return np.zeros(len(months), dtype=bool)
    return pd.to_datetime(pd.Series(months)).isin(set(under["month"])).to_numpy()


def objective_rows(returns, m: MsgIndicator) -> dict[int, dict]:
    """Each year's objective row of ``m`` (year start → row), from the returns' MSG objectives sheet."""
    table = returns.tables.get("msg_objectives")
    if table is None or table.empty:
        return {}
    return {int(r["year"]): r for r in table[table["indicator"] == m.code].to_dict("records")}


def _given(value) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def baseline_year(row: dict) -> ReportingYear:
    """An objective row's baseline year: 2017/18 unless the returns name another."""
    return ReportingYear(int(row["baseline_year"])) if _given(row.get("baseline_year")) else BASELINE_YEAR


def _targets(rows: dict[int, dict], baseline_of) -> dict[int, float]:
    """The value each year's objective asks for (year start → value), from :func:`objective_rows`;
    ``baseline_of(year)``: the measure's value in a baseline year, or None."""
    targets = {}
    for start, row in rows.items():
        target = rules.objective_target(
            row.get("objective"), row.get("objective_kind"), baseline_of(baseline_year(row))
        )
        if target is not None:
            targets[start] = target
    return targets


def _monthly_baseline(series: pd.DataFrame, m: MsgIndicator):
    known: dict[int, float | None] = {}  # every year's objective asks for the same baseline: computed once

    def baseline_of(year: ReportingYear) -> float | None:
        if year.start not in known:
            base = twelve_months(series, m, year)
            known[year.start] = base.value if base.complete else None
        return known[year.start]

    return baseline_of


def _annual_baseline(series: pd.DataFrame):
    def baseline_of(year: ReportingYear) -> float | None:
        rows = series[series["year_start"] == year.start]["value"]
        return float(rows.iloc[0]) if len(rows) else None

    return baseline_of


@dataclass(frozen=True)
class Judgement:
    """An MSG value judged against the objective of its own year: the one verdict the table, the charts, their alt
    text, the ledger and the benchmarking pack all print.

    ``value_year``: the year the value is for (2024/25 for indicator 5 in a 2025/26 report when PHS's latest year is
    2024/25); ``objective_year``: the year whose objective judged it, always ``value_year`` (a year without one is
    'no objective' for that year); ``margin``: |value − target|; ``to_come``: what the hospital records still to
    come could add (:func:`hscp_nb.domain.msg.records_to_come`, 0 when complete); ``caveat``:
    :data:`hscp_nb.domain.msg.RECORDS_CAVEAT` when they could turn the verdict, and/or (joined by '; ')
    :func:`hscp_nb.domain.msg.close_caveat` when the value is provisional and nearer the objective than its printed
    precision (:func:`hscp_nb.domain.msg.too_close`), else ''."""

    verdict: str  # rules.MET | NOT_MET | NO_OBJECTIVE | NO_DATA
    value_year: ReportingYear
    objective_year: ReportingYear
    target: float | None
    margin: float | None
    caveat: str = ""
    to_come: float = 0.0


def judge(value, value_year: ReportingYear, targets: dict[int, float], higher_is_better: bool,
          to_come: float = 0.0, provisional: bool = False, unit: str = "count") -> Judgement:  # fmt: skip
    """``value`` (for ``value_year``) against the objective of that same year (``targets``: year start → the value
    each year's objective asks for), by :func:`hscp_nb.domain.rules.objective_verdict`, with the completeness caveat
    of :func:`hscp_nb.domain.msg.records_could_turn` and, for a ``provisional`` value nearer the objective than one
    unit of its printed precision (``unit``), that of :func:`hscp_nb.domain.msg.too_close`. The one place an MSG
    verdict is decided."""
    target = targets.get(value_year.start)
    verdict = rules.objective_verdict(value, target, higher_is_better)
    judged = verdict in (rules.MET, rules.NOT_MET)
    margin = abs(float(value) - target) if judged else None
    turns = judged and msg.records_could_turn(float(value), target, to_come, higher_is_better)
    close = judged and msg.too_close(float(value), target, provisional, unit)
    caveat = "; ".join(([msg.RECORDS_CAVEAT] if turns else []) + ([msg.close_caveat(unit)] if close else []))
    return Judgement(verdict, value_year, value_year, target, margin, caveat, to_come)


def records_to_come(data, partnership: reference.Partnership, series: pd.DataFrame, m: MsgIndicator,
                    end: pd.Timestamp | None) -> float:  # fmt: skip
    """What the hospital records still to come could add to a count's 12 months to ``end``: for each month under
    95% complete in a source the measure is counted from (the least complete source of the month),
    :func:`hscp_nb.domain.msg.records_to_come` of its count. 0 for a percentage (more records move its numerator
    and denominator both) or a measure not counted from hospital records."""
    if end is None or m.denominator or not m.completeness:
        return 0.0
    window = pd.date_range(end - pd.DateOffset(months=11), end, freq="MS")
    table = data.completeness
    rows = table[(table["board"] == partnership.health_board) & table["source"].isin(m.completeness)
                 & table["month"].isin(window) & (table["percent"] < COMPLETE_PERCENT)]  # fmt: skip
    if rows.empty:
        return 0.0
    least = rows.groupby("month")["percent"].min()
    counts = series.set_index("month")["numerator"]
    return float(sum(msg.records_to_come(counts.get(month, 0.0), share) for month, share in least.items()
                     if pd.notna(counts.get(month))))  # fmt: skip


@dataclass(frozen=True)
class MsgResult:
    """One measure of the MSG table, unformatted. The objective (as set, its kind) is that of the value's own year,
    the one :attr:`judgement` used."""

    measure: MsgIndicator
    baseline_label: str
    baseline: float | None
    objective: float | None  # as the returns give it, for the value's year
    objective_kind: str | None
    value: float | None
    period: str  # what ``value`` covers: '2025/26', '12 months to December 2025', '2024/25'
    provisional: bool  # a provisional year (5, 6) or a month under 95% complete inside the period (1 to 4)
    judgement: Judgement
    travel: str  # rules.direction_of_travel verdict since the baseline
    latest: str  # the latest period in the data ('March 2026', '2024/25'; provisional: see ``provisional``)
    direction: str  # Increase | Decrease: the desired direction
    comment: str

    @property
    def verdict(self) -> str:
        return self.judgement.verdict

    @property
    def target(self) -> float | None:
        """The value the objective of the value's year asks for."""
        return self.judgement.target


def results(data, returns, partnership: reference.Partnership, year: ReportingYear) -> list[MsgResult]:
    """One result per MSG measure for the partnership and reporting year, in the objectives return's order. Each value
    is judged against the objective of its own year (:func:`judge`); its direction and baseline year are that row's
    (or the reporting year's when the value's year has none), its comment the reporting year's."""
    out = []
    incomplete = incomplete_months(data, partnership, year)
    for m in msg.MSG_INDICATORS:
        rows = objective_rows(returns, m)
        to_come = 0.0
        if m.monthly:
            series = monthly_series(data, partnership.code, m)
            baseline_of = _monthly_baseline(series, m)
            now = twelve_months(series, m, year)
            value, period, value_year = now.value, now.label, year
            months = incomplete[incomplete["source"].isin(m.completeness)]
            provisional = bool(now.end is not None and len(months) and (months["month"] <= now.end).any())
            shown = series[series["month"] <= year_months(year)[-1]]
            latest = month_label(shown["month"].max()) if len(shown) else "no data"
            to_come = records_to_come(data, partnership, series, m, now.end)
        else:
            series = annual_series(data, partnership.code, m)
            baseline_of = _annual_baseline(series)
            upto = series[(series["year_start"] <= year.start) & series["value"].notna()]
            last = upto.iloc[-1] if len(upto) else None
            value = float(last["value"]) if last is not None else None
            period = last["year_label"] if last is not None else year.label
            provisional = bool(last is not None and last["provisional"])
            latest = "no data" if last is None else last["year_label"]
            value_year = ReportingYear(int(last["year_start"])) if last is not None else year
        row = rows.get(value_year.start) or rows.get(year.start) or {}
        direction = row.get("direction") or ("Increase" if m.higher_is_better else "Decrease")
        judged = dataclasses.replace(m, higher_is_better=direction == "Increase")
        base_year = baseline_year(row)
        baseline = baseline_of(base_year)
        judgement = judge(value, value_year, _targets(rows, baseline_of), judged.higher_is_better, to_come,
                          provisional, m.unit)  # fmt: skip
        objective = rows.get(value_year.start, {})
        points = [(base_year.label, base_year.start, baseline), (period, value_year.start, value)]
        travel = (rules.direction_of_travel(points, judged).verdict if value_year.start > base_year.start
                  else rules.NO_DATA)  # fmt: skip
        out.append(MsgResult(
            measure=m, baseline_label=base_year.label, baseline=baseline,
            objective=objective.get("objective") if _given(objective.get("objective")) else None,
            objective_kind=objective.get("objective_kind"), value=value, period=period, provisional=provisional,
            judgement=judgement, travel=travel, latest=latest, direction=direction,
            comment=rows.get(year.start, {}).get("comment") or "",
        ))  # fmt: skip
    return out


def chart_series(data, partnership: reference.Partnership, m: MsgIndicator, returns) -> pd.DataFrame:
    """What a measure's run chart plots: each month's value, the rolling 12 months, and the objective of each year
    that has one (as a 12-month value, on the rolling line's scale)."""
    series = monthly_series(data, partnership.code, m)
    series["rolling_12_months"] = rolling_twelve(series, m).to_numpy()
    targets = _targets(objective_rows(returns, m), _monthly_baseline(series, m))
    fy = series["month"].map(lambda d: d.year if d.month >= 4 else d.year - 1)
    series["objective"] = fy.map(targets).astype(float)
    return series[["month", "value", "rolling_12_months", "objective"]]


def annual_chart_series(data, partnership: reference.Partnership, m: MsgIndicator, returns) -> pd.DataFrame:
    """year (its label), year_start, value, provisional and each year's objective of an annual measure (5, 6)."""
    series = annual_series(data, partnership.code, m)
    targets = _targets(objective_rows(returns, m), _annual_baseline(series))
    return pd.DataFrame(
        {
            "year": series["year_label"],
            "year_start": series["year_start"],
            "value": series["value"].astype(float),
            "provisional": series["provisional"],
            "objective": series["year_start"].map(targets),
        }
    )


# ------------------------------------------------------------------------------------------------ benchmarking
def rates(data, year: ReportingYear) -> pd.DataFrame:
    """Every partnership's (and Scotland's) 12-month total of each monthly measure with a population, as a rate per
    1,000 people of its age group: partnership_code, code, value, numerator, population, period, rank (1 = best by
    the measure's direction, among the partnerships). Populations are those PHS's own rates imply."""
    out = []
    codes = sorted(data.monthly["partnership_code"].unique())
    for m in msg.MSG_INDICATORS:
        if not m.monthly or m.denominator:
            continue
        for code in codes:
            series = monthly_series(data, code, m)
            now = twelve_months(series, m, year)
            if now.value is None or now.end is None:
                continue
            population = series.loc[series["month"] == now.end, "population"]
            population = float(population.iloc[0]) if len(population) and pd.notna(population.iloc[0]) else None
            if not population:
                continue
            out.append({"partnership_code": code, "code": m.code, "numerator": now.value, "population": population,
                        "value": now.value / population * 1000, "period": now.label})  # fmt: skip
    table = pd.DataFrame(out, columns=["partnership_code", "code", "numerator", "population", "value", "period"])
    table["rank"] = np.nan
    partnerships = table["partnership_code"] != reference.SCOTLAND_CODE
    for code, rows in table[partnerships].groupby("code"):
        m = msg.msg_indicator(code)
        table.loc[rows.index, "rank"] = rules.rank(rows["value"], m)
    return table


def yearly(data, code: str, m: MsgIndicator, first_year: int, last_year: int) -> pd.DataFrame:
    """year, value of one area's measure for each financial year in the range: indicators 1 to 4 as 12-month rates
    per 1,000 people (3b as its percentage), so that partnerships of any size compare; 5 and 6 as published."""
    out = []
    if not m.monthly:
        series = annual_series(data, code, m)
        for row in series[series["year_start"].between(first_year, last_year)].itertuples():
            out.append({"year": row.year_label + ("p" if row.provisional else ""), "value": float(row.value)})
        return pd.DataFrame(out, columns=["year", "value"])
    series = monthly_series(data, code, m)
    for start in range(first_year, last_year + 1):
        year = ReportingYear(start)
        now = twelve_months(series, m, year)
        if now.value is None or not now.complete:
            continue
        if m.denominator:
            out.append({"year": year.label, "value": now.value})
            continue
        population = series.loc[series["month"] == now.end, "population"]
        if len(population) and pd.notna(population.iloc[0]) and population.iloc[0]:
            out.append({"year": year.label, "value": now.value / float(population.iloc[0]) * 1000})
    return pd.DataFrame(out, columns=["year", "value"])
