from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hscp_nb.domain.errors import InputError
from hscp_nb.domain.years import ReportingYear, parse_year, year_label_basis

starts = st.integers(min_value=2000, max_value=2098)


@given(starts)
def test_every_spelling_of_a_year_parses_to_the_same_year(start):
    year = ReportingYear(start)
    for spelling in (start, str(start), year.label, year.slug, f"{start}/{start + 1}"):
        assert parse_year(spelling) == year
    if start != 2020:  # PHS '2021' (2020/21) reads as the start year 2021, as the command line promises
        assert parse_year(year.phs_code) == year


def test_the_one_ambiguous_phs_code_reads_as_a_start_year():
    assert parse_year("2021") == ReportingYear(2021)
    assert parse_year("2020/21") == ReportingYear(2020)


@given(starts)
def test_dates_and_deadline(start):
    year = ReportingYear(start)
    assert year.start_date == date(start, 4, 1)
    assert year.end_date == date(start + 1, 3, 31)
    assert (year.end_date - year.start_date).days in (364, 365)
    # four months after the year ends
    assert year.publication_deadline == date(start + 1, 7, 31)


@given(st.integers(min_value=2016, max_value=2098))
def test_window_is_year_and_five_preceding_floored_at_2016(start):
    window = ReportingYear(start).window()
    assert window[-1].start == start
    assert window[0].start == max(2016, start - 5)
    assert len(window) == min(6, start - 2015)
    assert [y.start for y in window] == list(range(window[0].start, start + 1))


@given(st.integers(min_value=2014, max_value=2098))
def test_survey_wave_is_latest_biennial_wave_not_after_the_year(start):
    wave = ReportingYear(start).survey_wave()
    assert wave.start <= start < wave.start + 2
    assert (wave.start - 2013) % 2 == 0


def test_known_windows_from_the_spec():
    assert [y.label for y in parse_year(2018).window()] == ["2016/17", "2017/18", "2018/19"]
    assert parse_year(2021).window()[0].label == "2016/17"
    assert [y.label for y in parse_year(2025).window()] == [
        "2020/21",
        "2021/22",
        "2022/23",
        "2023/24",
        "2024/25",
        "2025/26",
    ]
    assert parse_year(2024).survey_wave().label == "2023/24"
    assert parse_year(2016).survey_wave().label == "2015/16"
    assert parse_year(2023).calendar_proxy() == 2023


@pytest.mark.parametrize("bad", ["2021/23", "twenty", "", "21", "2199", "1850"])
def test_bad_years_are_input_errors(bad):
    with pytest.raises(InputError) as err:
        parse_year(bad)
    assert "reporting year" in str(err.value)


def test_year_label_basis():
    assert year_label_basis("2022/23") == (2022, "financial")
    assert year_label_basis(" 2022 ") == (2022, "calendar")


def test_years_of_a_run_all_a_range_a_list_or_one():
    from hscp_nb.domain.years import parse_years

    assert [y.start for y in parse_years("all", 2025)] == list(range(2016, 2026))
    assert [y.label for y in parse_years("2019-2021", 2025)] == ["2019/20", "2020/21", "2021/22"]
    assert [y.label for y in parse_years("2024 - 2025", 2025)] == ["2024/25", "2025/26"]
    assert [y.label for y in parse_years("2021-22", 2025)] == ["2021/22"]  # one year, written as its label
    assert [y.start for y in parse_years("2025,2017,2016-2017", 2025)] == [2016, 2017, 2025]


@pytest.mark.parametrize(
    "asked, found, says",
    [
        ("2025-2019", "2025-2019", "from the earlier year to the later, such as 2019-2025"),
        ("2015", "2015/16", "from 2016/17 to 2025/26, the latest financial year in core.xlsx"),
        ("2014-2020", "2014-2020", "from 2016/17 to 2025/26"),
        ("2026", "2026/27", "from 2016/17 to 2025/26"),
        ("2019-2026", "2019-2026", "or 'all'"),
    ],
)
def test_a_reversed_or_out_of_range_request_is_one_problem(asked, found, says):
    from hscp_nb.domain.years import parse_years

    with pytest.raises(InputError) as err:
        parse_years(asked, 2025, latest_in="core.xlsx")
    [problem] = err.value.problems
    assert problem.found == found and says in problem.expected and problem.column == "year"
