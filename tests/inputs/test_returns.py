import shutil

import pytest
from openpyxl import load_workbook

from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.returns import read_returns
from hscp_nb.inputs.returns_schema import SHEETS
from hscp_nb.inputs.returns_template import write_template
from tests.conftest import RETURNS


def test_every_sample_returns_workbook_is_valid(returns_of):
    for path in sorted(RETURNS.glob("*.xlsx")):
        returns = returns_of(path.stem)
        assert returns.synthetic
        assert returns.years() == list(range(2016, 2026))
    assert len(list(RETURNS.glob("*.xlsx"))) == 31


def test_template_has_instructions_and_a_drop_down_on_every_categorical_column(tmp_path):
    path = write_template(tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Instructions"
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        ranges = {str(r).split(":")[0] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
        for i, column in enumerate(sheet.columns, start=1):
            if column.choices:
                assert f"{ws.cell(row=1, column=i).column_letter}2" in ranges, (sheet.name, column.header)


def test_blank_template_reports_missing_about_row(tmp_path):
    path = write_template(tmp_path / "blank.xlsx", partnership="Highland")
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    assert {p.column for p in err.value.problems} == {"Year", "Accounts status", "Synthetic data"}


def test_corrupted_returns_give_one_clear_line_per_problem(tmp_path):
    path = tmp_path / "moray.xlsx"
    shutil.copy(RETURNS / "moray.xlsx", path)
    wb = load_workbook(path)
    wb["Finance"]["H5"] = "about a million"
    del wb["Savings"]
    wb["Localities"]["B3"] = "Moray Central"
    reserves = wb["Reserves"]
    reserves.append([c.value for c in reserves[2]])
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    problems = {(p.sheet, p.row, p.column) for p in err.value.problems}
    duplicate_row = reserves.max_row
    assert problems == {
        ("Savings", None, None),
        ("Finance", 5, "Actual spend (£)"),
        ("Localities", 3, "Locality"),
        ("Reserves", duplicate_row, "Reserve"),
    }
    lines = err.value.summary().splitlines()
    assert len(lines) == 5
    assert any("found 'about a million'" in line and "row 5" in line for line in lines)


def test_rules_beyond_one_cell(tmp_path):
    path = tmp_path / "angus.xlsx"
    shutil.copy(RETURNS / "angus.xlsx", path)
    wb = load_workbook(path)
    wb["Reserves"]["G2"] = wb["Reserves"]["G2"].value + 10  # closing no longer balances
    wb["JMC recommendations"].append(["2021/22", "A recommendation", "A response", "Complete"])
    wb["Recommendations"]["B2"] = "NO-SUCH-ID"
    wb["Inspections"]["G2"] = 7  # grade out of range
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    text = str(err.value)
    assert "opening + added − used" in text
    assert "lead-agency model" in text
    assert "Inspection ID listed on the Inspections sheet" in text
    assert "grade, a whole number from 1 to 6" in text


def test_wrong_partnership_for_the_file():
    with pytest.raises(InputError, match="returns of Fife"):
        read_returns(RETURNS / "angus.xlsx", "Fife")


def test_highland_has_jmc_recommendations_and_no_one_else(returns_of):
    assert len(returns_of("highland")["jmc"]) > 0
    assert len(returns_of("glasgow-city")["jmc"]) == 0


def test_msg_objectives_are_validated_cell_by_cell(tmp_path):
    import shutil

    from openpyxl import load_workbook

    from hscp_nb.domain.errors import InputError
    from hscp_nb.inputs.returns import read_returns
    from tests.conftest import RETURNS

    path = tmp_path / "highland.xlsx"
    shutil.copy(RETURNS / "highland.xlsx", path)
    wb = load_workbook(path)
    ws = wb["MSG objectives"]
    header = [c.value for c in ws[1]]
    ws.append(dict(zip(range(1, 8), ["2025/26", "7", 5, "Number", None, "Decrease", None])))
    ws.append(dict(zip(range(1, 8), ["2024/25", "1a", -5, None, None, "Decrease", None])))
    ws.append(dict(zip(range(1, 8), ["2023/24", "2b", -5, "% change from baseline", "2016/17", "Sideways", None])))
    ws.append(dict(zip(range(1, 8), ["2025/26", "1a", -3, "% change from baseline", None, "Decrease", "again"])))
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    found = {(p.sheet, p.row, p.column) for p in err.value.problems}
    last = ws.max_row
    assert header == ["Year", "Indicator", "Objective", "Objective is", "Baseline year", "Desired direction", "Comment"]
    assert {
        ("MSG objectives", last - 3, "Indicator"),  # no indicator 7
        ("MSG objectives", last - 2, "Objective is"),  # an objective without saying what kind
        ("MSG objectives", last - 1, "Baseline year"),  # before PHS's MSG data begin
        ("MSG objectives", last - 1, "Desired direction"),
        ("MSG objectives", last, "Indicator"),  # 1a in 2025/26 twice
    } <= found, err.value.summary()
