"""Exports that travel: no CSV cell or workbook cell written from free text can run as a formula."""

import pandas as pd
from openpyxl import Workbook

from hscp_nb.document.values import neutralised, safe_for_spreadsheets
from hscp_nb.present.export import export_table

ATTACKS = ['=HYPERLINK("http://example.invalid","click")', "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1+1"]


def test_formula_text_is_neutralised_and_numbers_and_plain_text_are_kept():
    for attack in ATTACKS:
        assert neutralised(attack) == "'" + attack
    for kept in ["-2.5", "+4.1", "-1,200", "Care homes", "", None, 3.5, "£-1m"]:
        assert neutralised(kept) == kept


def test_a_table_csv_carries_no_live_formula(tmp_path):
    frame = pd.DataFrame({"reason": ATTACKS, "value": [1.0, -2.0, 3.0, 4.0, 5.0], "=name": ["a"] * 5})
    export_table(frame, tmp_path, "lines")
    text = (tmp_path / "lines.csv").read_text()
    lines = text.splitlines()
    assert lines[0].startswith("reason,value,'=name")
    for line in lines[1:]:
        assert not line.lstrip('"').startswith(("=", "+", "-", "@", "\t")), line
    back = pd.read_csv(tmp_path / "lines.csv")
    assert list(back["value"]) == [1.0, -2.0, 3.0, 4.0, 5.0]  # numbers stay numbers


def test_openpyxl_would_store_raw_formula_text_as_a_formula_but_not_the_neutralised_one():
    wb = Workbook()
    ws = wb.active
    ws.append(list(safe_for_spreadsheets(pd.DataFrame({"x": ATTACKS}))["x"]) + ["=1+1"])
    kinds = [cell.data_type for cell in ws[1]]
    assert kinds[:-1] == ["s"] * len(ATTACKS) and kinds[-1] == "f"
