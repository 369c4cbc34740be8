"""Odd files a hostile or unlucky user gives any reader: each gets one located line saying what the file is and
what to do, never a library's exception name."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from openpyxl import load_workbook

from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.params import ReportParams
from hscp_nb.inputs.phs import read_core_suite
from hscp_nb.inputs.returns import read_returns
from tests.conftest import RETURNS


def _highland(tmp_path, edit=None):
    target = tmp_path / "highland.xlsx"
    shutil.copy(RETURNS / "highland.xlsx", target)
    if edit:
        wb = load_workbook(target)
        edit(wb)
        wb.save(target)
    return target


def _formula_in_finance(wb) -> None:
    """A formula as openpyxl or pandas writes one: no saved value."""
    ws = wb["Finance"]
    header = [c.value for c in ws[1]]
    ws.cell(row=3, column=header.index("Actual spend (£)") + 1, value="=1000+234.5")


def _only_problem(err) -> str:
    assert len(err.value.problems) == 1, err.value.summary()
    return str(err.value.problems[0])


def test_a_password_protected_workbook_is_named_as_encrypted(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _highland(tmp_path)
    locked = tmp_path / "locked.xlsx"
    with open(plain, "rb") as source, open(locked, "wb") as out:
        OOXMLFile(source).encrypt("secret", out)
    with pytest.raises(InputError) as err:
        read_returns(locked, use_cache=False)
    line = _only_problem(err)
    assert "locked.xlsx" in line and "password-protected (encrypted)" in line and "remove the password" in line
    assert "BadZipFile" not in line
    with pytest.raises(InputError, match="password-protected"):
        read_core_suite(locked, use_cache=False)


def test_a_formula_never_calculated_is_located_and_explained(tmp_path):
    path = _highland(tmp_path, _formula_in_finance)
    with pytest.raises(InputError) as err:
        read_returns(path, use_cache=False)
    line = _only_problem(err)
    assert "sheet 'Finance' › row 3 › column 'Actual spend (£)'" in line
    assert "a formula that was never calculated" in line
    assert "open the workbook in Excel or LibreOffice and save" in line
    assert "expected an amount in pounds" not in line


def test_a_formula_with_its_saved_value_reads_as_that_value(tmp_path):
    path = _highland(tmp_path, _formula_in_finance)
    # what Excel does on saving: the formula keeps its result beside it
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if b"<f>1000+234.5</f>" in data:
                data = data.replace(b"<f>1000+234.5</f><v></v>", b"<f>1000+234.5</f><v>1234.5</v>")
                assert b"<v>1234.5</v>" in data
            dst.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    finance = read_returns(path, use_cache=False)["finance"]
    assert finance.loc[finance["row"] == 3, "actual"].iloc[0] == 1234.5


@pytest.mark.parametrize("reader", ["returns", "parameters", "core suite"])
def test_dev_null_is_said_to_be_a_device_not_missing(reader):
    with pytest.raises(InputError) as err:
        if reader == "returns":
            read_returns("/dev/null", use_cache=False)
        elif reader == "parameters":
            ReportParams.build(partnership="Highland", year=2025, returns="/dev/null").check_files()
        else:
            read_core_suite("/dev/null", use_cache=False)
    line = _only_problem(err)
    assert "/dev/null" not in line or "null" in line
    assert "a character device, not a file" in line and "no such file" not in line


def test_an_empty_file_is_said_to_be_empty(tmp_path):
    empty = tmp_path / "returns.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"an empty file \(0 bytes\)"):
        read_returns(empty, use_cache=False)


def test_bidirectional_controls_are_dropped_from_free_text_and_noted(tmp_path):
    override = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: 'evil' would display reversed
    isolate = "\u2067"

    def text(wb):
        ws = wb["Narrative"]
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index("Text") + 1, value=f"We met {override}97%{isolate} of targets.\u202c")

    returns = read_returns(_highland(tmp_path, text), use_cache=False)
    narrative = returns["narrative"]
    cell = narrative.loc[narrative["row"] == 2, "text"].iloc[0]
    assert cell == "We met 97% of targets."
    assert not any(ch in "".join(narrative["text"]) for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert any("sheet 'Narrative', row 2, column 'Text': removed 3 bidirectional control character(s)" in n
               for n in returns.notes)  # fmt: skip
