"""The MSG reader on files in PHS's dashboard layout, with the quirks PHS's files carry and the mistakes a file can
hold."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook

from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.msg import read_msg
from hscp_nb.inputs.validate import check
from tests.conftest import SAMPLE
from tests.inputs import msg_files as phs


def _read(folder):
    return read_msg(folder, use_cache=False)


def _month(data, code, age, year, month, column, locality="All"):
    rows = data.monthly
    row = rows[(rows["partnership_code"] == code) & (rows["locality"] == locality) & (rows["age_group"] == age)
               & (rows["month"] == pd.Timestamp(year, month, 1))]  # fmt: skip
    assert len(row) == 1
    return row[column].iloc[0]


def test_counts_are_summed_over_where_people_were_treated(tmp_path):
    rows = phs.monthly_rows()
    data = _read(phs.write_folder(tmp_path / "msg", monthly=rows))
    april = [r for r in rows if r["month"] == "2017-04-01" and r["AGE_GROUPS"] == "All Ages"]
    assert len(april) == 2
    assert _month(data, "S37000016", "All Ages", 2017, 4, "One_Admissions") == sum(r["One_Admissions"] for r in april)
    assert pd.isna(_month(data, "S37000016", "All Ages", 2017, 4, "Four_all_beddays"))  # 4 is for 18+ only
    assert data.files == {"MSG 1 to 4": "MSG Tableau 1 to 4.csv", "MSG 5 and 6": "MSG Tableau 5 and 6.csv",
                          "Completeness": "Completeness.csv"}  # fmt: skip


def test_ampersands_comhairle_nan_eilean_siar_blank_rows_and_text_numbers_in_a_workbook(tmp_path):
    monthly = phs.monthly_rows(areas=("Argyll & Bute",), ages=("All Ages",), first=(2024, 4), last=(2025, 3))
    annual = phs.annual_rows(area="Comhairle nan Eilean Siar")
    wb = Workbook()
    ws = wb.active
    ws.title = "MSG 1 to 4"
    ws.append(phs.MONTHLY_HEADER)
    for i, row in enumerate(monthly):
        values = [row.get(c) for c in phs.MONTHLY_HEADER]
        values[6] = f" {values[6]} "  # a number stored as text, with spaces
        ws.append(values)
        if i == 5:
            ws.append([None] * len(phs.MONTHLY_HEADER))  # a blank row
    annual_sheet = wb.create_sheet("MSG 5 and 6")
    annual_sheet.append(phs.ANNUAL_HEADER)
    for row in annual:
        annual_sheet.append([row.get(c) for c in phs.ANNUAL_HEADER])
    path = tmp_path / "msg.xlsx"
    wb.save(path)
    data = read_msg(path, use_cache=False)
    first = [r for r in monthly if r["month"] == "2024-04-01"]
    assert _month(data, "S37000004", "All Ages", 2024, 4, "One_Admissions") == sum(r["One_Admissions"] for r in first)
    assert set(data.annual["partnership_code"]) == {"S37000031"}  # Western Isles
    assert any("dropped 1 blank row" in n for n in data.notes)
    assert any("no 'Completeness' data" in n for n in data.notes)
    assert data.files["MSG 1 to 4"] == "msg.xlsx, sheet MSG 1 to 4"


def test_clackmannanshire_and_stirling_whole_or_as_its_two_councils(tmp_path):
    split = phs.monthly_rows(areas=("Clackmannanshire", "Stirling"), ages=("All Ages",), first=(2024, 4),
                             last=(2025, 3))  # fmt: skip
    data = _read(phs.write_folder(tmp_path / "split", monthly=split, annual=[], completeness=[]))
    april = [r for r in split if r["month"] == "2024-04-01"]
    assert _month(data, "S37000005", "All Ages", 2024, 4, "Two_a") == sum(r["Two_a"] for r in april)
    assert any("summed Clackmannanshire's and Stirling's rows" in n for n in data.notes)

    whole = phs.monthly_rows(areas=("Clackmannanshire & Stirling",), ages=("All Ages",), first=(2024, 4),
                             last=(2025, 3))  # fmt: skip
    data = _read(phs.write_folder(tmp_path / "both", monthly=whole + split, annual=[], completeness=[]))
    own = [r for r in whole if r["month"] == "2024-04-01"]
    assert _month(data, "S37000005", "All Ages", 2024, 4, "Two_a") == sum(r["Two_a"] for r in own)
    assert any("used Clackmannanshire & Stirling's own rows" in n for n in data.notes)


def test_rolling_twelve_month_totals_are_checked_against_the_counts(tmp_path):
    rows = phs.monthly_rows(ages=("All Ages",), first=(2024, 4), last=(2025, 6))
    by_series = {}
    for row in rows:
        series = by_series.setdefault(row["AreaTreated"], [])
        series.append(row)
        row["One_Admissions_R12"] = sum(r["One_Admissions"] for r in series[-12:]) if len(series) >= 12 else None
    wrong = next(r for r in rows if r["month"] == "2025-05-01" and r["AreaTreated"] == "Within HBres")
    wrong["One_Admissions_R12"] += 100
    header = [*phs.MONTHLY_HEADER, "One_Admissions_R12"]
    folder = tmp_path / "msg"
    phs.write_csv(folder / "MSG 1 to 4.csv", header, rows)
    with pytest.raises(InputError) as err:
        _read(folder)
    [problem] = err.value.problems
    line = str(problem)
    assert "MSG 1 to 4.csv" in line and "column 'One_Admissions_R12'" in line and "May 2025" in line
    assert problem.row == rows.index(wrong) + 2  # the header is row 1


def test_rates_are_checked_against_one_population_per_row(tmp_path):
    rows = phs.monthly_rows(ages=("All Ages",), first=(2025, 1), last=(2025, 3))
    for row in rows:
        row["One_rate"] = row["One_Admissions"] * 1000 / 200000
        row["Two_a_rate"] = row["Two_a"] * 1000 / 200000
    rows[2]["Two_a_rate"] *= 1.2
    folder = tmp_path / "msg"
    phs.write_csv(folder / "MSG 1 to 4.csv", [*phs.MONTHLY_HEADER, "One_rate", "Two_a_rate"], rows)
    with pytest.raises(InputError) as err:
        _read(folder)
    [problem] = err.value.problems
    assert problem.row == 4 and problem.column in {"Two_a_rate", "One_rate"}
    rows[2]["Two_a_rate"] /= 1.2
    phs.write_csv(folder / "MSG 1 to 4.csv", [*phs.MONTHLY_HEADER, "One_rate", "Two_a_rate"], rows)
    data = _read(folder)
    assert data.monthly["population"].round().eq(200000).all()


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("Partnership", "Gotham", "one of the 31 partnerships"),
        ("AGE_GROUPS", "over 100", "one of <18, 18-64, 65+, 18+, All Ages"),
        ("AreaTreated", "Abroad", "one of Within HBres, Outwith HBres"),
        ("month", "the spring", "a month"),
        ("Two_a", "lots", "a count"),
        ("Two_a", "-4", "a count"),
        ("Locality", "Atlantis", "a locality of Highland"),
    ],
)
def test_a_bad_cell_is_located_by_file_row_and_column(tmp_path, column, value, expected):
    rows = phs.monthly_rows(ages=("All Ages",), first=(2025, 1), last=(2025, 3))
    rows[3][column] = value
    folder = tmp_path / "msg"
    phs.write_csv(folder / "MSG 1 to 4.csv", phs.MONTHLY_HEADER, rows)
    with pytest.raises(InputError) as err:
        _read(folder)
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (5, column), err.value.summary()
    assert expected in problem.expected and "MSG 1 to 4.csv" in str(problem)


def test_duplicate_rows_conflicting_are_refused_and_exact_ones_dropped(tmp_path):
    rows = phs.monthly_rows(ages=("All Ages",), first=(2025, 1), last=(2025, 3))
    folder = tmp_path / "msg"
    phs.write_csv(folder / "MSG 1 to 4.csv", phs.MONTHLY_HEADER, [*rows, dict(rows[0])])
    assert any("dropped 1 exact duplicate" in n for n in _read(folder).notes)
    phs.write_csv(folder / "MSG 1 to 4.csv", phs.MONTHLY_HEADER, [*rows, {**rows[0], "Two_a": 1}])
    with pytest.raises(InputError, match="rows 2, 8 give different counts"):
        _read(folder)


def test_annual_years_percentages_and_the_provisional_mark(tmp_path):
    annual = phs.annual_rows()
    annual[0]["year"] = "2017-18"
    folder = phs.write_folder(tmp_path / "msg", annual=annual)
    with pytest.raises(InputError, match="2024/25p when provisional"):
        _read(folder)
    annual[0]["year"] = "2017/18"
    data = _read(phs.write_folder(tmp_path / "msg", annual=annual))
    latest = data.annual[data.annual["year_start"] == 2024]
    assert latest["provisional"].all() and not data.annual[data.annual["year_start"] < 2024]["provisional"].any()
    six = data.annual[(data.annual["indicator"] == "6") & (data.annual["year_start"] == 2017)]["value"].iloc[0]
    assert six == pytest.approx(88.0 + 6.0)  # at home: unsupported + supported


def test_completeness_by_board_and_month(tmp_path):
    under = {(2026, 2, "SMR01"): 91.5}
    data = _read(phs.write_folder(tmp_path / "msg", completeness=phs.completeness_rows(under=under)))
    low = data.completeness[data.completeness["percent"] < 95]
    assert low[["board", "source", "month", "percent"]].values.tolist() == [
        ["NHS Highland", "SMR01", pd.Timestamp(2026, 2, 1), 91.5]
    ]
    rows = phs.completeness_rows()
    rows[4]["NHS Board"] = "NHS Narnia"
    with pytest.raises(InputError, match="one of the 14 NHS boards"):
        _read(phs.write_folder(tmp_path / "bad", completeness=rows))


def test_validate_recognises_msg_data(tmp_path):
    checked = check(SAMPLE / "msg")
    assert checked.kind == "MSG data" and "31 partnerships" in checked.summary
    single = phs.write_csv(tmp_path / "MSG Tableau 1 to 4.csv", phs.MONTHLY_HEADER, phs.monthly_rows())
    assert check(single).kind == "MSG data"


def test_the_bundled_sample_has_every_partnership_and_its_localities_from_april_2017(tmp_path):
    from hscp_nb.domain import reference

    data = read_msg(SAMPLE / "msg")
    assert data.synthetic
    assert set(data.monthly["partnership_code"]) == {p.code for p in reference.partnerships()} | {"S92000003"}
    highland = data.monthly[data.monthly["partnership_code"] == "S37000016"]
    assert highland["month"].min() == pd.Timestamp(2017, 4, 1) and highland["month"].max() == pd.Timestamp(2026, 3, 1)
    assert {loc.name for loc in reference.localities("Highland", 2025)} <= set(highland["locality"])
    latest = data.completeness[data.completeness["month"] >= pd.Timestamp(2026, 1, 1)]
    assert (latest["percent"] < 95).all()
    assert data.annual.loc[data.annual["year_start"] == data.annual["year_start"].max(), "provisional"].all()
    # winter peaks and the spring 2020 fall
    all_ages = highland[(highland["locality"] == "All") & (highland["age_group"] == "All Ages")].set_index("month")
    admissions = all_ages["One_Admissions"]
    assert admissions[pd.Timestamp(2020, 4, 1)] < 0.8 * admissions[pd.Timestamp(2019, 4, 1)]
    winter = admissions[admissions.index.month.isin([12, 1])].mean()
    summer = admissions[admissions.index.month.isin([6, 7, 8]) & (admissions.index.year != 2020)].mean()
    assert winter > summer


# ---------------------------------------------------------------------------------------------------- 'All' rows
def _results(data, returns_of):
    from hscp_nb.analysis.msg import results
    from hscp_nb.domain import reference
    from hscp_nb.domain.years import ReportingYear

    found = results(data, returns_of("highland"), reference.resolve_partnership("Highland"), ReportingYear(2025))
    return [(r.measure.code, r.baseline, r.value, r.period, r.verdict, r.target) for r in found]


def test_area_treated_all_rows_are_used_instead_of_their_parts_never_beside_them(tmp_path, returns_of):
    rows = phs.monthly_rows()
    parts = _read(phs.write_folder(tmp_path / "parts", monthly=rows))
    both = _read(phs.write_folder(tmp_path / "both", monthly=phs.with_all_rows(rows)))
    only = _read(phs.write_folder(tmp_path / "only", monthly=phs.with_all_rows(rows, only=True)))
    pd.testing.assert_frame_equal(both.monthly, parts.monthly)
    pd.testing.assert_frame_equal(only.monthly, parts.monthly)
    # counted once: the month's admissions are the parts' sum as written, not twice it
    april = [r for r in rows if r["month"] == "2025-04-01" and r["AGE_GROUPS"] == "All Ages"]
    assert _month(both, "S37000016", "All Ages", 2025, 4, "One_Admissions") == sum(r["One_Admissions"] for r in april)
    assert any("left out the" in n and "AreaTreated" in n for n in both.notes)
    # the MSG 12-month values, baselines and verdicts for Highland 2025/26 are those of the file without them
    assert _results(both, returns_of) == _results(parts, returns_of)
    values = dict((code, value) for code, _, value, *_ in _results(both, returns_of))
    assert values["1a"] is not None


def test_an_all_row_that_is_not_the_sum_of_its_parts_is_refused_naming_the_rows(tmp_path):
    rows = phs.with_all_rows(phs.monthly_rows(ages=("All Ages",), first=(2025, 1), last=(2025, 3)))
    wrong = next(r for r in rows if r["AreaTreated"] == "All" and r["month"] == "2025-02-01")
    wrong["Two_a"] += 3
    folder = tmp_path / "msg"
    phs.write_csv(folder / "MSG 1 to 4.csv", phs.MONTHLY_HEADER, rows)
    with pytest.raises(InputError) as err:
        _read(folder)
    [problem] = err.value.problems
    part_rows = [i + 2 for i, r in enumerate(rows) if r["month"] == "2025-02-01" and r["AreaTreated"] != "All"]
    assert (problem.row, problem.column) == (rows.index(wrong) + 2, "Two_a")  # the header is row 1
    assert problem.found == wrong["Two_a"]
    assert f"rows {part_rows[0]}, {part_rows[1]}" in problem.expected and "MSG 1 to 4.csv" in str(problem)
    assert f"({wrong['Two_a'] - 3:,})" in problem.expected


def test_a_simd_quintile_column_with_all_and_one_to_five(tmp_path, returns_of):
    rows = phs.monthly_rows(first=(2024, 4), last=(2026, 3))
    header = [*phs.MONTHLY_HEADER, "simd_quintile"]
    plain = _read(phs.write_folder(tmp_path / "plain", monthly=rows))
    quintiles = phs.by_simd_quintile(rows)
    for name, monthly in {
        "parts": quintiles,  # quintiles only: added up
        "both": phs.with_all_rows(quintiles, "simd_quintile"),
        "both_ways": phs.with_all_rows(phs.with_all_rows(quintiles, "simd_quintile"), "AreaTreated"),
    }.items():
        folder = phs.write_folder(tmp_path / name)
        phs.write_csv(folder / "MSG Tableau 1 to 4.csv", header, monthly)
        data = _read(folder)
        pd.testing.assert_frame_equal(data.monthly, plain.monthly)
        assert _results(data, returns_of) == _results(plain, returns_of)
    # a quintile that does not add up is refused, on the 'All' row, naming its five quintiles' rows
    monthly = phs.with_all_rows(quintiles, "simd_quintile")
    wrong = next(r for r in monthly if r["simd_quintile"] == "All" and r["month"] == "2025-06-01")
    wrong["One_Admissions"] -= 1
    phs.write_csv(tmp_path / "bad" / "MSG 1 to 4.csv", header, monthly)
    with pytest.raises(InputError) as err:
        _read(tmp_path / "bad")
    [problem] = err.value.problems
    assert (problem.row, problem.column) == (monthly.index(wrong) + 2, "One_Admissions")
    assert "by simd_quintile on rows" in problem.expected
    monthly[0]["simd_quintile"] = "6"
    phs.write_csv(tmp_path / "bad" / "MSG 1 to 4.csv", header, monthly)
    with pytest.raises(InputError, match="SIMD quintile"):
        _read(tmp_path / "bad")


def test_all_rows_in_a_workbook_and_age_group_all(tmp_path):
    rows = phs.monthly_rows(ages=("All Ages", "18+"), first=(2024, 4), last=(2025, 3))
    plain = read_msg(phs.write_workbook(tmp_path / "plain.xlsx", rows, phs.MONTHLY_HEADER), use_cache=False)
    both = phs.with_all_rows(rows)
    for row in both:  # PHS writes 'All' for 'All Ages' in some extracts
        row["AGE_GROUPS"] = "All" if row["AGE_GROUPS"] == "All Ages" else row["AGE_GROUPS"]
    data = read_msg(phs.write_workbook(tmp_path / "both.xlsx", both, phs.MONTHLY_HEADER), use_cache=False)
    pd.testing.assert_frame_equal(data.monthly, plain.monthly)
    assert set(data.monthly["age_group"]) == {"All Ages", "18+"}
    wrong = next(r for r in both if r["AreaTreated"] == "All" and r["AGE_GROUPS"] == "18+")
    wrong["Four_HSC_beddays"] += 10
    with pytest.raises(InputError) as err:
        read_msg(phs.write_workbook(tmp_path / "bad.xlsx", both, phs.MONTHLY_HEADER), use_cache=False)
    [problem] = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("MSG 1 to 4", both.index(wrong) + 2, "Four_HSC_beddays")


def test_simd_quintiles_without_an_all_row_add_up_their_populations(tmp_path):
    rows = phs.by_simd_quintile(phs.monthly_rows(ages=("All Ages",), first=(2025, 1), last=(2025, 3)))
    for row in rows:  # each quintile a fifth of 200,000 people
        row["One_rate"] = row["One_Admissions"] * 1000 / 40000
    folder = tmp_path / "msg"
    phs.write_csv(folder / "MSG 1 to 4.csv", [*phs.MONTHLY_HEADER, "simd_quintile", "One_rate"], rows)
    data = _read(folder)
    assert data.monthly["population"].round().eq(200000).all()
    january = [r for r in rows if r["month"] == "2025-01-01"]
    assert _month(data, "S37000016", "All Ages", 2025, 1, "Two_b") == sum(r["Two_b"] for r in january)
