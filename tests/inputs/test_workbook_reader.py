"""Workbooks are read by calamine with openpyxl's answers, and by openpyxl where calamine would read differently."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.files import CalamineWorkbook, open_workbook
from hscp_nb.inputs.returns import read_returns
from tests.conftest import CORE_SUITE, LOCALITY_EXTRACT, RETURNS


def _cells(rows) -> list[tuple]:
    """Rows as (type, value) pairs, without the blank rows and columns past the last value: openpyxl also gives
    those a sheet's formatting reaches, and every reader skips them."""
    rows = [tuple(r) for r in rows]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    rows = [r + (None,) * (width - len(r)) for r in rows]
    while width and all(r[width - 1] is None for r in rows):
        width -= 1
    return [tuple((type(v).__name__, v) for v in r[:width]) for r in rows]


def _same_as_openpyxl(path: Path) -> None:
    expected, read = load_workbook(path, read_only=True, data_only=True), open_workbook(path, "a workbook")
    assert isinstance(read, CalamineWorkbook)
    assert read.sheetnames == expected.sheetnames
    assert read.properties.category == expected.properties.category
    for name in expected.sheetnames:
        assert _cells(read[name].iter_rows(values_only=True)) == _cells(expected[name].iter_rows(values_only=True))
        assert _cells(read[name].iter_rows(values_only=True, max_row=2)) == _cells(
            expected[name].iter_rows(values_only=True, max_row=2)
        )
    read.close()


@pytest.mark.parametrize("path", [CORE_SUITE, LOCALITY_EXTRACT, *sorted(RETURNS.glob("*.xlsx"))], ids=lambda p: p.stem)
def test_every_sample_workbook_reads_as_openpyxl_reads_it(path):
    _same_as_openpyxl(path)


def test_odd_cells_read_as_openpyxl_reads_them(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Odd"
    ws["C3"] = "header"  # the sheet starts at C3: rows and columns before it are blank
    values = [1, 1.0, 1.5, -0.0, 2**60, 1e20, "", "  spaced ", True, False, dt.date(2021, 4, 1),
              dt.datetime(2021, 4, 1, 13, 5), dt.time(9, 30), "£1,234", "NHS Highland"]  # fmt: skip
    for i, value in enumerate(values, start=4):
        ws.cell(row=i, column=4, value=value)
    wb.properties.category = "a category"
    wb.save(tmp_path / "odd.xlsx")
    _same_as_openpyxl(tmp_path / "odd.xlsx")
    rows = list(open_workbook(tmp_path / "odd.xlsx", "a workbook")["Odd"].iter_rows(values_only=True))
    assert rows[2][2] == "header" and rows[4][3] == 1 and isinstance(rows[4][3], int)  # 1.0 is saved as 1
    assert rows[13][3] == dt.datetime(2021, 4, 1)


def _with_error_cell(source: Path, target: Path, sheet: str, column: str, row: int) -> None:
    """``source`` with one cell turned into an error value (#N/A), as Excel saves a failed lookup."""
    wb = load_workbook(source)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=987654.25)
    wb.save(target)
    buffer = io.BytesIO()
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            data = re.sub(rb'(<c r="[A-Z]+\d+"[^>]*?) t="n"><v>987654.25</v>', rb'\1 t="e"><v>#N/A</v>', data)
            dst.writestr(item, data)
    target.write_bytes(buffer.getvalue())


def test_an_error_cell_is_read_by_openpyxl_and_refused_where_it_stands(tmp_path):
    """calamine reads #N/A as a blank: such a workbook is read by openpyxl, and the cell is refused by name."""
    path = tmp_path / "highland.xlsx"
    _with_error_cell(RETURNS / "highland.xlsx", path, "Finance", "Actual spend (£)", 3)
    with zipfile.ZipFile(path) as package:
        assert sum(b't="e"><v>#N/A</v>' in package.read(n) for n in package.namelist()) == 1
    assert not isinstance(open_workbook(path, "a workbook"), CalamineWorkbook)
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    lines = [str(p) for p in err.value.problems]
    where = "sheet 'Finance' › row 3 › column 'Actual spend (£)'"
    assert any(where in line and "#N/A" in line for line in lines), lines


def test_a_damaged_workbook_is_still_named_as_damaged(tmp_path):
    path = tmp_path / "damaged.xlsx"
    shutil.copy(RETURNS / "highland.xlsx", path)
    with zipfile.ZipFile(RETURNS / "highland.xlsx") as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/workbook.xml":
                dst.writestr(item, src.read(item.filename))
    with pytest.raises(InputError, match="damaged workbook"):
        open_workbook(path, "a workbook")


def test_a_sheet_cut_short_is_named(tmp_path):
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(RETURNS / "highland.xlsx") as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet4.xml" else data)
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    assert "cut.xlsx" in str(err.value) and "a damaged sheet" in str(err.value)
