"""The one place for every rule: comparisons, direction of travel, ranks, periods and peer aggregation."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hscp_nb.domain import reference, rules
from hscp_nb.domain.years import parse_year

NI12 = reference.indicator("NI-12")
NI3 = reference.indicator("NI-3")
NI1 = reference.indicator("NI-1")


def test_rank_ties_share_the_best_rank_and_follow_direction():
    values = pd.Series({"a": 10.0, "b": 12.0, "c": 12.0, "d": 15.0})
    assert rules.rank(values, NI12).to_dict() == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert rules.rank(values, NI1).to_dict() == {"a": 4, "b": 2, "c": 2, "d": 1}
    assert rules.rank(values, reference.indicator("NI-23")).isna().all()


@pytest.mark.parametrize(
    "value, reference_value, ind, expected",
    [
        (11000, 12000, NI12, "better"),  # admissions lower than the reference: lower is better
        (13000, 12000, NI12, "worse"),
        (12300, 12000, NI12, "similar"),  # under 3% of the reference
        (10200, 10000, NI12, "similar"),  # the case: 2% is similar everywhere, pack included
        (72.0, 70.0, NI1, "better"),
        (70.8, 70.0, NI1, "similar"),  # under 1 point
        (65.0, 70.0, NI1, "worse"),
        (float("nan"), 70.0, NI1, "no data"),
    ],
)
def test_compare_uses_the_indicators_own_direction(value, reference_value, ind, expected):
    assert rules.compare(value, reference_value, ind) == expected


def test_a_confidence_interval_containing_the_reference_is_similar():
    assert rules.compare(75.0, 72.0, NI1) == "better"
    assert rules.compare(75.0, 72.0, NI1, 71.5, 78.5) == "similar"
    assert rules.compare(75.0, 72.0, NI1, 73.0, 77.0) == "better"


@given(st.floats(1, 1e6), st.floats(1, 1e6))
def test_compare_is_antisymmetric_for_a_directed_indicator(a, b):
    forward, backward = rules.compare(a, b, NI12), rules.compare(b, a, NI12)
    flip = {"better": "worse", "worse": "better", "similar": "similar"}
    # similar is judged against the reference, so the two directions may differ only at the threshold's edge
    if forward != "similar" and backward != "similar":
        assert backward == flip[forward]


def test_direction_of_travel_never_crosses_the_survey_break():
    assert rules.direction_of_travel(
        [("2019/20", 2019, 80.0), ("2021/22", 2021, 70.0), ("2023/24", 2023, 60.0)], NI3
    ) == rules.Travel("not comparable")
    travel = rules.direction_of_travel([("2021/22", 2021, 80.0), ("2023/24", 2023, 60.0), ("2025/26", 2025, 65.0)], NI3)
    assert travel == rules.Travel("improved", "2023/24", "2025/26", 60.0, 65.0, since_break=True)
    # NI-1 has no break: compared across the whole window
    points = [("2021/22", 2021, 80.0), ("2023/24", 2023, 60.0), ("2025/26", 2025, 65.0)]
    assert rules.direction_of_travel(points, NI1) == rules.Travel("worsened", "2021/22", "2025/26", 80.0, 65.0)
    assert rules.direction_of_travel([("2021/22", 2021, math.nan)], NI1).verdict == "no data"


def test_period_rules_come_from_the_reference_data():
    periods = {i.id: i.period for i in reference.indicators()}
    assert {i for i, p in periods.items() if p == "survey"} == {f"NI-{n}" for n in range(1, 10)}
    assert {i for i, p in periods.items() if p == "calendar"} == {"NI-11", "NI-18"}
    assert {i for i, p in periods.items() if p == "financial or calendar"} == {f"NI-{n}" for n in range(12, 17)}
    assert {i.id for i in reference.indicators() if i.series_break} == {"NI-2", "NI-3", "NI-4", "NI-5", "NI-7", "NI-9"}
    with pytest.raises(ValueError):
        reference.period_of("fortnightly")


def test_calendar_year_stands_in_only_for_an_incomplete_latest_financial_year():
    year = parse_year(2023)
    complete = {("2023/24", "financial"): False, ("2023", "calendar"): False, ("2022/23", "financial"): False}
    assert rules.window_points(NI12, year, complete)[-1].year_label == "2023/24"
    estimated = {**complete, ("2023/24", "financial"): True}
    last = rules.window_points(NI12, year, estimated)[-1]
    assert (last.year_label, last.basis, last.stand_in) == ("2023", "calendar", True)
    # NI-17 is financial only: no stand-in, the estimate is shown as such
    assert rules.window_points(reference.indicator("NI-17"), year, estimated)[-1].year_label == "2023/24"


def test_survey_waves_keep_their_own_label_and_segment():
    available = {(label, "survey"): False for label in ["2017/18", "2019/20", "2021/22", "2023/24"]}
    points = rules.window_points(NI3, parse_year(2023), available)
    assert [p.year_label for p in points] == ["2017/18", "2019/20", "2021/22", "2023/24"]
    assert [p.segment for p in points] == [0, 0, 0, 1]


def test_peer_aggregation_method():
    assert rules.peer_aggregate_method(NI12) == "counts"
    assert rules.peer_aggregate_method(reference.indicator("NI-11")) == "population-weighted"
    assert rules.peer_aggregate_method(NI1) == "none"
