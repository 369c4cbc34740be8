"""The rules every verdict uses, in one place: the report, the benchmarking pack, the explorer and the localities
section all call these, and the report's method notes are written from these same constants.

- **Comparison** of a value with a reference (Scotland, the peer group, the partnership for a locality, the first
  year of a trend): 'better', 'worse' or 'similar' by the indicator's own direction.
- **Direction of travel** over the statutory window, never across a break in series.
- **Ranks** among the partnerships: 1 = best, ties share the best rank, with the number ranked.
- **Periods**: which data year stands for each reporting year (survey waves, calendar years, the calendar-year
  stand-in PHS advises for an incomplete latest financial year).
- **Peer groups**: which aggregate is honest for which indicator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from hscp_nb.domain.reference import Indicator
from hscp_nb.domain.years import SURVEY_BREAK_WAVE, ReportingYear

# --------------------------------------------------------------------------------------------------- comparison
SIMILAR_POINTS = 1.0  # indicators in %: a difference under 1 percentage point is 'similar'
SIMILAR_RELATIVE = 0.03  # rates: a difference under 3% of the reference value is 'similar'
SURVEY_CI_LEVEL = 0.95  # PHS publishes 95% confidence intervals for the survey indicators

BETTER, WORSE, SIMILAR, NO_DATA = "better", "worse", "similar", "no data"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def compare(value, reference, ind: Indicator, lower_ci=None, upper_ci=None) -> str:
    """``value`` against ``reference``: 'better', 'worse', 'similar' or 'no data'.

    Similar when the reference lies inside the value's 95% confidence interval (survey indicators), when the
    difference is under SIMILAR_POINTS (percentages) or SIMILAR_RELATIVE of the reference (rates), or when the
    indicator has no direction."""
    if _missing(value) or _missing(reference):
        return NO_DATA
    if not _missing(lower_ci) and not _missing(upper_ci) and lower_ci <= reference <= upper_ci:
        return SIMILAR
    difference = value - reference
    if ind.unit == "percentage":
        small = abs(difference) < SIMILAR_POINTS
    else:
        small = abs(difference) < SIMILAR_RELATIVE * abs(reference)
    if small or ind.higher_is_better is None:
        return SIMILAR
    return BETTER if (difference > 0) == ind.higher_is_better else WORSE


# --------------------------------------------------------------------------------------------- direction of travel
IMPROVED, WORSENED, LITTLE_CHANGE, NOT_COMPARABLE = "improved", "worsened", "little change", "not comparable"
TRAVEL = {BETTER: IMPROVED, WORSE: WORSENED, SIMILAR: LITTLE_CHANGE, NO_DATA: NO_DATA}


def segment(ind: Indicator, data_year: int) -> int:
    """Which comparable stretch of a series a data year belongs to: 1 from the 2023/24 survey wording change on for
    the indicators it affected, else 0. Values of different segments are never joined or compared."""
    return int(ind.series_break and data_year >= SURVEY_BREAK_WAVE)


@dataclass(frozen=True)
class Travel:
    """A direction of travel with its basis: the two periods compared and their values, and whether earlier values
    of the window were left out because they lie before a break in series (``since_break``)."""

    verdict: str  # improved | worsened | little change | not comparable | no data
    first_label: str = ""
    last_label: str = ""
    first_value: float | None = None
    last_value: float | None = None
    since_break: bool = False


def direction_of_travel(points: list[tuple[str, int, float]], ind: Indicator, latest_ci=(None, None)) -> Travel:
    """Change from the first to the latest value of the window, within the latest comparable segment, by
    :func:`compare`: for a survey indicator, 'little change' when the first value lies inside the latest value's 95%
    confidence interval (``latest_ci``: its lower and upper limits), as against Scotland.

    ``points``: (period label, data year, value) oldest first; missing values are skipped."""
    usable = [p for p in points if not _missing(p[2])]
    if not usable:
        return Travel(NO_DATA)
    latest_segment = segment(ind, usable[-1][1])
    comparable = [p for p in usable if segment(ind, p[1]) == latest_segment]
    if len(comparable) < 2:
        return Travel(NOT_COMPARABLE if len(usable) >= 2 else NO_DATA)
    first, last = comparable[0], comparable[-1]
    since_break = len(comparable) < len(usable)
    verdict = TRAVEL[compare(last[2], first[2], ind, *latest_ci)]
    return Travel(verdict, first[0], last[0], first[2], last[2], since_break)


# -------------------------------------------------------------------------------------------------------- ranks
def rank(values: pd.Series, ind: Indicator) -> pd.Series:
    """Rank of each value, 1 = best by the indicator's direction; ties share the best rank ('min'); NaN where the
    indicator has no direction or the value is missing. The number ranked is ``rank(...).notna().sum()``."""
    if ind.higher_is_better is None:
        return pd.Series(float("nan"), index=values.index)
    return values.rank(ascending=not ind.higher_is_better, method="min")


# ------------------------------------------------------------------------------------------------------ periods
@dataclass(frozen=True)
class Point:
    """Which data row stands for one reporting year of the window.

    ``window_year``: the reporting year it stands for; ``year_label``/``basis``: the row's own period; ``stand_in``:
    a calendar year used in place of an incomplete latest financial year; ``estimated``: PHS marks the value as an
    estimate; ``segment``: see :func:`segment`."""

    window_year: int
    year_label: str
    basis: str  # survey | calendar | financial
    data_year: int
    stand_in: bool = False
    estimated: bool = False
    segment: int = 0


def window_points(ind: Indicator, year: ReportingYear, available: dict[tuple[str, str], bool]) -> list[Point]:
    """The periods shown for ``ind`` in the report for ``year``.

    ``available`` maps (year label, basis) of the indicator's annual rows to whether any is an estimate. Survey
    indicators show every wave in the window plus the one in force at its start (under its own wave label);
    calendar indicators the calendar year each reporting year starts in; financial indicators each reporting year,
    with the calendar year standing in for the latest one when its financial-year data are missing or estimated and
    the indicator allows it ('financial or calendar')."""
    window = year.window()
    points = []
    if ind.period == "survey":
        for wave in year.survey_waves():
            if (wave.label, "survey") in available:
                points.append(
                    Point(
                        max(wave.start, window[0].start),
                        wave.label,
                        "survey",
                        wave.start,
                        estimated=available[(wave.label, "survey")],
                        segment=segment(ind, wave.start),
                    )
                )
        return points
    for reporting in window:
        calendar = (str(reporting.start), "calendar")
        if ind.period == "calendar":
            if calendar in available:
                points.append(
                    Point(reporting.start, calendar[0], "calendar", reporting.start, estimated=available[calendar])
                )
            continue
        financial = (reporting.label, "financial")
        incomplete = financial not in available or available[financial]
        if ind.period == "financial or calendar" and reporting == year and incomplete and calendar in available:
            points.append(
                Point(
                    reporting.start,
                    calendar[0],
                    "calendar",
                    reporting.start,
                    stand_in=True,
                    estimated=available[calendar],
                )
            )
        elif financial in available:
            points.append(
                Point(reporting.start, reporting.label, "financial", reporting.start, estimated=available[financial])
            )
    return points


def available_periods(rows: pd.DataFrame) -> dict[tuple[str, str], bool]:
    """(year label, basis) → any estimate, from an indicator's annual rows (any area)."""
    if rows.empty:
        return {}
    return rows.groupby(["year_label", "period_basis"]).estimate.any().to_dict()


# -------------------------------------------------------------------------------------------------- peer groups
def peer_aggregate_method(ind: Indicator) -> str:
    """How a peer group's (or Scotland's, when recomputed) value is formed for ``ind``:

    'counts': summed numerators over summed denominators; 'population-weighted': an age-standardised rate, which
    counts cannot rebuild, weighted by each partnership's population (the denominator PHS gives); 'none': a survey
    percentage, for which PHS publishes no counts or weights, so no peer value is given."""
    if ind.is_survey:
        return "none"
    if "EASR" in ind.unit or "age-standardised" in ind.definition.lower():
        return "population-weighted"
    return "counts"


# ------------------------------------------------------------------------------------------------ MSG objectives
MET, NOT_MET, NO_OBJECTIVE = "met", "not met", "no objective"
PERCENT_CHANGE = "% change from baseline"


def objective_target(objective, kind: str | None, baseline) -> float | None:
    """The value an MSG objective asks for: the number itself, or the baseline moved by the % change given
    (−5 with a baseline of 10,000 asks for 9,500). None when no objective was set or the baseline is unknown."""
    if _missing(objective):
        return None
    if kind == PERCENT_CHANGE:
        return None if _missing(baseline) else float(baseline) * (1 + float(objective) / 100)
    return float(objective)


def objective_verdict(value, target, higher_is_better: bool) -> str:
    """'met' when ``value`` is at or beyond ``target`` in the desired direction, 'not met' when short of it, 'no
    objective' when none was set, 'no data' when there is no value to judge."""
    if _missing(target):
        return NO_OBJECTIVE
    if _missing(value):
        return NO_DATA
    return MET if (value >= target if higher_is_better else value <= target) else NOT_MET
