import numpy as np
import pandas as pd
import pytest

from hscp_nb.analysis import indicators
from hscp_nb.domain import reference
from hscp_nb.domain.years import parse_year
from hscp_nb.present import tables, wording

NI12 = reference.indicator("NI-12")
NI3 = reference.indicator("NI-3")
NI1 = reference.indicator("NI-1")
HIGHLAND = reference.resolve_partnership("Highland")


def test_window_floor_and_points(core_suite):
    annual = core_suite.table[(core_suite.table.indicator == "NI-12") & (core_suite.table.time_period == "Annual")]
    points = indicators.window_points(NI12, parse_year(2018), annual)
    assert [p.year_label for p in points] == ["2016/17", "2017/18", "2018/19"]
    points = indicators.window_points(NI12, parse_year(2025), annual)
    assert [p.window_year for p in points] == list(range(2020, 2026))
    # 2025/26 financial-year rows are estimates: calendar 2025 stands in
    assert points[-1].year_label == "2025" and points[-1].stand_in
    ni11 = core_suite.table[(core_suite.table.indicator == "NI-11") & (core_suite.table.time_period == "Annual")]
    ni11_points = indicators.window_points(reference.indicator("NI-11"), parse_year(2021), ni11)
    assert {p.basis for p in ni11_points} == {"calendar"}


@pytest.mark.parametrize(
    "year, waves",
    [
        (2016, ["2015/16"]),
        (2018, ["2015/16", "2017/18"]),
        (2024, ["2019/20", "2021/22", "2023/24"]),
        (2025, ["2019/20", "2021/22", "2023/24", "2025/26"]),
    ],
)
def test_survey_wave_choice(core_suite, year, waves):
    annual = core_suite.table[(core_suite.table.indicator == "NI-3")]
    points = indicators.window_points(NI3, parse_year(year), annual)
    assert [p.year_label for p in points] == waves


def test_peer_values_come_from_summed_counts_and_none_for_surveys():
    rows = pd.DataFrame({"numerator": [10.0, 30.0], "denominator": [1000.0, 1000.0], "value": [1000.0, 3000.0]})
    assert indicators.aggregate(rows, NI12) == pytest.approx(2000.0)
    skewed = pd.DataFrame({"numerator": [10.0, 90.0], "denominator": [1000.0, 9000.0], "value": [1000.0, 1000.0]})
    assert indicators.aggregate(skewed, NI12) == pytest.approx(1000.0)  # not the mean of rates weighted equally
    survey = pd.DataFrame({"numerator": [np.nan, np.nan], "denominator": [np.nan, np.nan], "value": [80.0, 90.0]})
    assert np.isnan(indicators.aggregate(survey, NI1))


def test_peer_values_leave_out_peers_without_a_value_and_need_every_remaining_count():
    NI11 = reference.indicator("NI-11")  # age-standardised: population-weighted
    gap = pd.DataFrame({"numerator": [10.0, np.nan], "denominator": [1000.0, 500.0], "value": [1000.0, np.nan]})
    assert indicators.aggregate(gap, NI12) == pytest.approx(1000.0)  # the peer without a value is left out
    short = pd.DataFrame({"numerator": [10.0, np.nan], "denominator": [1000.0, 500.0], "value": [1000.0, 2000.0]})
    assert np.isnan(indicators.aggregate(short, NI12))  # a peer with a value but no count: no summed value
    weighted = pd.DataFrame({"numerator": [np.nan] * 3, "denominator": [100.0, 300.0, 50.0],
                             "value": [400.0, 800.0, np.nan]})  # fmt: skip
    assert indicators.aggregate(weighted, NI11) == pytest.approx(700.0)
    assert np.isnan(indicators.aggregate(gap.iloc[:0], NI12))
    assert np.isnan(indicators.aggregate(gap.assign(value=np.nan), NI12))


def test_window_rows_are_the_partnership_scotland_and_peers_of_each_period(core_suite):
    annual = indicators.annual_rows(core_suite.table)
    rows = annual[annual["indicator"] == "NI-12"]
    window = indicators.series(rows, NI12, HIGHLAND, parse_year(2021))
    peers = {p.code for p in reference.peer_group(HIGHLAND)}
    for point in window.itertuples():
        at = rows[(rows["year_label"] == point.year) & (rows["period_basis"] == point.basis)]
        own = at[at["partnership_code"] == HIGHLAND.code]
        np.testing.assert_equal(
            [point.partnership, point.lower_ci, point.upper_ci, point.estimate],
            [own["value"].iloc[0], own["lower_ci"].iloc[0], own["upper_ci"].iloc[0], own["estimate"].iloc[0]],
        )
        assert point.scotland == at.loc[at["partnership_code"] == reference.SCOTLAND_CODE, "value"].iloc[0]
        assert point.peer == indicators.aggregate(at[at["partnership_code"].isin(peers)], NI12)


def test_latest_covers_all_23_with_reasons_and_lists_worsening(core_suite):
    res = indicators.results(core_suite.table, HIGHLAND, parse_year(2021))
    latest = res.latest
    assert list(latest.indicator) == [f"NI-{n}" for n in range(1, 24)]
    assert set(latest[~latest.shown].indicator) == {"NI-10", "NI-21", "NI-22", "NI-23"}
    ni20 = latest.set_index("indicator").loc["NI-20"]
    assert ni20.latest_year == "2019/20"
    assert "suspended" in wording.caveat_text(ni20, reference.indicator("NI-20"))
    messages = wording.key_messages(latest, HIGHLAND, parse_year(2021))
    worse = latest[latest.trend == "worsened"]
    assert f"Got worse ({len(worse)})" in messages[2]
    for ind in worse.indicator:
        assert ind in messages[2]
    assert latest[latest.indicator.isin([f"NI-{n}" for n in range(1, 10)])].peer.isna().all()


def test_suspended_ni20_is_shown_when_its_data_fall_in_the_window(core_suite):
    early = indicators.latest_rows(core_suite.table, HIGHLAND, parse_year(2018)).set_index("indicator")
    late = indicators.latest_rows(core_suite.table, HIGHLAND, parse_year(2025)).set_index("indicator")
    assert early.loc["NI-20", "shown"]
    assert not late.loc["NI-20", "shown"] and late.loc["NI-20", "not_shown"] == "suspended"
    assert "Suspended" in wording.not_shown_reason(late.loc["NI-20"], HIGHLAND, parse_year(2025))


def test_annex_has_one_layout_for_every_partnership(core_suite):
    year = parse_year(2021)
    layouts = set()
    for name in ["Highland", "Orkney Islands", "Glasgow City", "Clackmannanshire and Stirling"]:
        p = reference.resolve_partnership(name)
        survey, other = tables.annex_tables(indicators.results(core_suite.table, p, year), p, year)
        layouts.add((tuple(survey.columns), tuple(survey.Indicator), tuple(other.columns), tuple(other.Indicator)))
    assert len(layouts) == 1
    survey_columns, survey_rows, columns, rows = layouts.pop()
    assert survey_columns[3:7] == ("2015/16", "2017/18", "2019/20", "2021/22")
    assert columns[3:9] == ("2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22")
    assert len(survey_rows) + len(rows) == 23


def test_every_annex_value_sits_under_its_own_period(core_suite):
    """The 2023 report: the 2017/18 wave is in force at the window's start (2018/19); it must appear under 2017/18,
    never under 2018/19, and NI-11's calendar values are marked."""
    year = parse_year(2023)
    res = indicators.results(core_suite.table, HIGHLAND, year)
    survey, other = tables.annex_tables(res, HIGHLAND, year)
    table = core_suite.table
    own = table[(table.partnership_code == HIGHLAND.code) & (table.time_period == "Annual") & (table.locality == "All")]
    ni1 = survey.set_index("Indicator").loc["NI-1"]
    assert "2018/19" not in survey.columns
    for wave in ["2017/18", "2019/20", "2021/22", "2023/24"]:
        value = own[(own.indicator == "NI-1") & (own.year_label == wave)].value.iloc[0]
        assert ni1[wave] == f"{value:.1f}%"
    ni11 = other.set_index("Indicator").loc["NI-11"]
    value = own[(own.indicator == "NI-11") & (own.year_label == "2019")].value.iloc[0]
    assert ni11["2019/20"] == f"{value:,.1f} (cal)"


def test_survey_lines_are_broken_at_the_2023_24_change(core_suite):
    res = indicators.results(core_suite.table, HIGHLAND, parse_year(2025))
    window = res.windows["NI-3"]
    assert window.set_index("year")["segment"].to_dict() == {"2019/20": 0, "2021/22": 0, "2023/24": 1, "2025/26": 1}
    assert res.windows["NI-1"]["segment"].eq(0).all()
    row = res.latest.set_index("indicator").loc["NI-3"]
    assert "broken at 2023/24" in wording.trend_caption(NI3, window, row)
