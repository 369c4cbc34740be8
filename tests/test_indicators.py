import numpy as np
import pandas as pd
import pytest

from hscp_nb import indicators, reference
from hscp_nb.years import parse_year

NI12 = reference.indicator("NI-12")
NI3 = reference.indicator("NI-3")
NI1 = reference.indicator("NI-1")
HIGHLAND = reference.resolve_partnership("Highland")


def test_rank_ties_share_the_best_rank_and_follow_direction():
    values = pd.Series({"a": 10.0, "b": 12.0, "c": 12.0, "d": 15.0})
    lower_better = indicators.rank_among_partnerships(values, NI12)
    assert lower_better.to_dict() == {"a": 1, "b": 2, "c": 2, "d": 4}
    higher_better = indicators.rank_among_partnerships(values, NI1)
    assert higher_better.to_dict() == {"a": 4, "b": 2, "c": 2, "d": 1}
    assert indicators.rank_among_partnerships(values, reference.indicator("NI-23")).isna().all()


@pytest.mark.parametrize("first, second, ind, expected", [
    (12000, 11000, NI12, "better"),   # admissions fell: lower is better
    (12000, 13000, NI12, "worse"),
    (12000, 12200, NI12, "similar"),  # under 3%
    (70.0, 72.0, NI1, "better"),
    (70.0, 70.8, NI1, "similar"),     # under 1 point
    (70.0, 65.0, NI1, "worse"),
])
def test_direction_uses_the_indicators_own_direction(first, second, ind, expected):
    assert indicators.compare(first, second, ind) == expected


def _window(years, values, unit_break=False):
    return pd.DataFrame({"year": years, "partnership": values})


def test_survey_break_limits_the_trend_to_waves_after_2023():
    window = _window(["2019/20", "2021/22", "2023/24"], [80.0, 70.0, 60.0])
    assert indicators.direction_of_travel(window, NI3) == ("not comparable", "2023/24 break in series")
    window = _window(["2021/22", "2023/24", "2025/26"], [80.0, 60.0, 65.0])
    assert indicators.direction_of_travel(window, NI3) == ("improved", "2023/24 to 2025/26")
    # NI-1 has no break: compared across the whole window
    assert indicators.direction_of_travel(window.assign(partnership=[80.0, 60.0, 65.0]), NI1)[0] == "worsened"


def test_window_floor_and_points(core_suite):
    annual = core_suite.table[(core_suite.table.indicator == "NI-12") & (core_suite.table.time_period == "Annual")]
    points = indicators.window_points(NI12, parse_year(2018), annual)
    assert [p.year_label for p in points] == ["2016/17", "2017/18", "2018/19"]
    points = indicators.window_points(NI12, parse_year(2025), annual)
    assert [p.window_year for p in points] == list(range(2020, 2026))
    # 2025/26 financial-year rows are estimates: calendar 2025 stands in, with the reason
    assert points[-1].year_label == "2025" and "proxy" in points[-1].caveat
    ni11 = core_suite.table[(core_suite.table.indicator == "NI-11") & (core_suite.table.time_period == "Annual")]
    assert {p.basis for p in indicators.window_points(reference.indicator("NI-11"), parse_year(2021), ni11)} == {"calendar"}


@pytest.mark.parametrize("year, waves", [
    (2016, ["2015/16"]), (2018, ["2015/16", "2017/18"]), (2024, ["2019/20", "2021/22", "2023/24"]),
    (2025, ["2019/20", "2021/22", "2023/24", "2025/26"]),
])
def test_survey_wave_choice(core_suite, year, waves):
    annual = core_suite.table[(core_suite.table.indicator == "NI-3")]
    points = indicators.window_points(NI3, parse_year(year), annual)
    assert [p.year_label for p in points] == waves
    assert points[0].window_year == parse_year(year).window()[0].start


def test_peer_and_scotland_aggregate_by_summing_counts():
    rows = pd.DataFrame({"numerator": [10.0, 30.0], "denominator": [1000.0, 1000.0], "value": [1000.0, 3000.0]})
    assert indicators.aggregate(rows, NI12) == pytest.approx(2000.0)
    skewed = pd.DataFrame({"numerator": [10.0, 90.0], "denominator": [1000.0, 9000.0], "value": [1000.0, 1000.0]})
    assert indicators.aggregate(skewed, NI12) == pytest.approx(1000.0)  # not the mean of rates weighted equally
    survey = pd.DataFrame({"numerator": [np.nan, np.nan], "denominator": [np.nan, np.nan], "value": [80.0, 90.0]})
    assert indicators.aggregate(survey, NI1) == 85.0


def test_summary_covers_all_23_with_reasons_and_lists_worsening(core_suite):
    res = indicators.results(core_suite.table, HIGHLAND, parse_year(2021))
    summary = res.summary
    assert list(summary.indicator) == [f"NI-{n}" for n in range(1, 24)]
    not_reported = summary[summary.reason != ""]
    assert set(not_reported.indicator) == {"NI-10", "NI-21", "NI-22", "NI-23"}
    ni20 = summary.set_index("indicator").loc["NI-20"]
    assert ni20.latest_year == "2019/20" and "suspended" in ni20.caveats
    messages = indicators.key_messages(summary, HIGHLAND, parse_year(2021))
    worse = summary[summary.trend == "worsened"]
    assert f"Getting worse over the window ({len(worse)})" in messages[2]
    for ind in worse.indicator:
        assert ind in messages[2]
    glasgow_rank = summary.set_index("indicator").loc["NI-12", "rank"]
    assert 1 <= glasgow_rank <= 31


def test_suspended_ni20_is_shown_when_its_data_fall_in_the_window(core_suite):
    early = indicators.summarise(core_suite.table, HIGHLAND, parse_year(2018)).set_index("indicator")
    late = indicators.summarise(core_suite.table, HIGHLAND, parse_year(2025)).set_index("indicator")
    assert early.loc["NI-20", "reason"] == "" and "suspended" in early.loc["NI-20", "caveats"]
    assert "Suspended" in late.loc["NI-20", "reason"]


def test_annex_has_one_layout_for_every_partnership(core_suite):
    year = parse_year(2021)
    layouts = set()
    for name in ["Highland", "Orkney Islands", "Glasgow City", "Clackmannanshire and Stirling"]:
        p = reference.resolve_partnership(name)
        annex = indicators.annex(indicators.results(core_suite.table, p, year), year)
        layouts.add((tuple(annex.columns), tuple(annex.Indicator)))
    assert len(layouts) == 1
    columns, rows = layouts.pop()
    assert columns[3:9] == ("2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22")
    assert len(rows) == 23
