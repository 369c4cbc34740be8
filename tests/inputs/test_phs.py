import pandas as pd
import pytest
from openpyxl import Workbook

from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.phs import CORE_SUITE_HEADER, read_core_suite, read_locality_extract

HEADER = CORE_SUITE_HEADER


def _workbook(tmp_path, rows, header=HEADER, sheet="Data", name="core.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def row(year="2022/23", period="Annual", partnership="Glasgow City", indicator="NI12", num=100, den=1000, rate=10000.0):
    return [
        "x",
        year,
        period,
        partnership,
        indicator,
        "No",
        num,
        den,
        rate,
        int(indicator[2:]) if indicator[2:].isdigit() else None,
        None,
        None,
    ]


def test_tolerates_blank_rows_spaces_text_numbers_old_names_and_exact_duplicates(tmp_path):
    rows = [
        row(),
        [None] * 12,
        row(partnership=" Edinburgh City ", num="1,200", den=" 10000 ", rate="12000"),
        row(partnership="S37000014"),  # Fife's superseded code
        row(),  # exact duplicate
        row(year="2022", partnership="Scotland", period=None),
        row(indicator="NI1", year="2023/24", num=None, den=None, rate=90.1),
        row(partnership="Scotland"),
        row(indicator="NI1", year="2023/24", partnership="Scotland", num=None, den=None, rate=90.3),
    ]
    data = read_core_suite(_workbook(tmp_path, rows), use_cache=False)
    table = data.table
    assert len(table) == 7
    edinburgh = table[table.partnership_code == "S37000012"].iloc[0]
    assert edinburgh.numerator == 1200 and edinburgh.denominator == 10000 and edinburgh.value == 12000
    assert "S37000032" in set(table.partnership_code)
    assert set(table.period_basis) == {"financial", "calendar", "survey"}
    assert table[table.partnership_code == "S92000003"].time_period.iloc[0] == "Annual"
    assert any("blank" in n for n in data.notes) and any("duplicate" in n for n in data.notes)
    assert any("Edinburgh City" in n for n in data.notes)


def test_refuses_what_it_cannot_trust_and_lists_every_problem(tmp_path):
    rows = [
        row(partnership="Atlantis"),
        row(indicator="NI99"),
        row(rate="high"),
        row(year="22-23x"),
        row(partnership="Angus", rate=5.0),
        row(partnership="Angus", rate=6.0),  # conflicting duplicate
    ]
    with pytest.raises(InputError) as err:
        read_core_suite(_workbook(tmp_path, rows), use_cache=False)
    problems = err.value.problems
    by_column = {p.column: p for p in problems}
    assert by_column["Partnership"].row == 2 and by_column["Partnership"].found == "Atlantis"
    assert by_column["Indicator"].row == 3
    assert by_column["Rate"].row == 4 and by_column["Rate"].found == "high"
    assert by_column["Year"].row == 5
    assert len(problems) == 4  # the conflicting duplicate is reported once the cells themselves are sound

    with pytest.raises(InputError) as err:
        read_core_suite(_workbook(tmp_path, rows[4:], name="dups.xlsx"), use_cache=False)
    assert "conflict" in str(err.value) and "rows 2, 3" in str(err.value)


def test_missing_sheet_and_missing_column_are_named(tmp_path):
    with pytest.raises(InputError) as err:
        read_core_suite(_workbook(tmp_path, [row()], sheet="Sheet1"), use_cache=False)
    assert "sheet named 'Data'" in str(err.value)
    header = [h for h in HEADER if h != "Rate"]
    with pytest.raises(InputError) as err:
        read_core_suite(_workbook(tmp_path, [row()[:-4]], header=header, name="b.xlsx"), use_cache=False)
    assert err.value.problems[0].column == "Rate" and err.value.problems[0].row == 1


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_core_suite(tmp_path / "absent.xlsx")


def test_sample_core_suite_shape(core_suite):
    table = core_suite.table
    assert core_suite.synthetic
    assert table.partnership_code.nunique() == 32
    ni11 = table[table.indicator == "NI-11"]
    assert set(ni11.period_basis) == {"calendar"}
    assert table[table.indicator == "NI-20"].year_start.max() == 2019
    assert {"financial", "calendar"} <= set(table[table.indicator == "NI-12"].period_basis)
    assert set(table[table.indicator == "NI-19"].time_period) == {"Annual", "Q1", "Q2", "Q3", "Q4"}
    waves = sorted(table[table.indicator == "NI-3"].year_start.unique())
    assert waves == [2015, 2017, 2019, 2021, 2023, 2025]


def test_sample_scotland_is_the_sum_of_partnerships(core_suite):
    table = core_suite.table
    annual = table[(table.indicator == "NI-12") & (table.period_basis == "financial") & (table.time_period == "Annual")]
    for _, group in annual.groupby("year_start"):
        scot = group[group.partnership_code == "S92000003"].iloc[0]
        parts = group[group.partnership_code != "S92000003"]
        assert scot.numerator == parts.numerator.sum()
        assert scot.denominator == parts.denominator.sum()
        assert scot.value == pytest.approx(parts.numerator.sum() / parts.denominator.sum() * 1e5, abs=0.5)


def test_sample_pandemic_pattern(core_suite):
    table = core_suite.table
    scot = table[
        (table.partnership_code == "S92000003") & (table.period_basis == "financial") & (table.time_period == "Annual")
    ]
    value = scot.set_index(["indicator", "year_start"]).value
    for falls in ["NI-12", "NI-13", "NI-19"]:
        assert value[falls, 2020] < 0.9 * value[falls, 2019]
    for rises in ["NI-14", "NI-15"]:
        assert value[rises, 2020] > value[rises, 2019]


def test_locality_extract(locality_extract):
    table = locality_extract.table
    ab = table[(table.partnership_code == "S37000004") & (table.locality != "All") & (table.indicator == "NI-12")]
    assert ab[ab.year_start == 2021].locality.nunique() == 8
    assert ab[ab.year_start == 2022].locality.nunique() == 4
    glasgow = table[(table.partnership_code == "S37000034") & (table.indicator == "NI-13") & (table.year_start == 2021)]
    assert glasgow[glasgow.locality != "All"].numerator.sum() == glasgow[glasgow.locality == "All"].numerator.iloc[0]
    assert glasgow.scotland_value.notna().all()


def test_locality_extract_csv_and_unknown_locality(tmp_path):
    frame = pd.DataFrame(
        [
            {
                "Indicator1": "NI12",
                "Year1": "2021/22",
                "Data1": "Annual",
                "Partnership1": "Moray",
                "Locality": "Moray Nowhere",
                "Numerator": 1,
                "Denominator": 10,
                "Value": 10000,
                "Scotland": 11000,
                "LA_Code": "S12000020",
                "LowerCI": None,
                "UpperCI": None,
            }
        ]
    )
    path = tmp_path / "loc.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError) as err:
        read_locality_extract(path, use_cache=False)
    assert err.value.problems[0].column == "Locality" and "Moray East" in err.value.problems[0].expected
