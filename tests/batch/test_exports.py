"""Exports that travel: free text from a returns workbook that a spreadsheet would run as a formula never reaches
an export as a live formula (PUBLISHING.md). Every free-text column of a partnership's returns is rewritten to start
with =, +, - or @, the report is built, and every CSV, the data workbook and the Word file are read back."""

import csv
import shutil

from openpyxl import load_workbook

from hscp_nb import batch
from hscp_nb.inputs.returns_schema import SHEETS
from tests.conftest import RETURNS
from tests.office import check_word, check_workbook, field_instructions, logos

STARTS = ("=", "+", "-", "@")
KEPT = {"partnership"}  # names the partnership the workbook belongs to: it must still resolve


def _attack(value: str, n: int) -> str:
    """Free text made to start like a formula; distinct values stay distinct (keys and cross-references hold)."""
    return [f'=HYPERLINK("https://example.org/x","{value}")', f"+{value}", f"-{value}", f"@SUM({value})"][n % 4]


def _formula_like(text: str) -> bool:
    if not text.startswith(STARTS):
        return False
    try:
        float(text.replace(",", ""))
        return False
    except ValueError:
        return True


def test_formula_text_in_every_free_text_column_builds_and_no_export_carries_a_live_formula(tmp_path):
    returns = tmp_path / "returns"
    shutil.copytree(RETURNS, returns)
    workbook = returns / "orkney-islands.xlsx"
    wb = load_workbook(workbook)
    attacked = 0
    for sheet in SHEETS:
        if sheet.name not in wb.sheetnames:
            continue
        ws = wb[sheet.name]
        headers = [c.value for c in ws[1]]
        for n, column in enumerate(c for c in sheet.columns if c.kind == "text" and c.name not in KEPT):
            if column.header not in headers:
                continue
            i = headers.index(column.header) + 1
            for row in range(2, ws.max_row + 1):
                cell = ws.cell(row=row, column=i)
                if isinstance(cell.value, str) and cell.value.strip():
                    cell.value = _attack(cell.value, n)
                    cell.data_type = "s"  # stored as text, as a returns workbook typed by hand holds it
                    attacked += 1
    wb.save(workbook)
    assert attacked > 40

    jobs = batch.plan(2025, ["Orkney Islands"], returns=returns, output_root=tmp_path / "out")
    [result] = batch.run(jobs, workers=1)
    assert result.status == "built", result.detail
    report = jobs[0].target

    csvs = sorted(report.rglob("*.csv"))
    assert len(csvs) > 30
    seen_attack = False
    for path in csvs:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not _formula_like(cell), (path.name, cell)
                    seen_attack |= cell.startswith("'=HYPERLINK")
    assert seen_attack  # the attack reached the CSVs, neutralised

    wb = check_workbook(report / "report-data.xlsx", sheets_at_least=20)  # no formula cell anywhere
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if _formula_like(t)]
    assert any(t.startswith("'=HYPERLINK") for t in texts)

    charts = len(list((report / "figures").glob("*.svg")))
    doc = check_word(report / "report.docx", pictures=charts + logos(report),
                     title_has="Orkney Islands")  # fmt: skip
    assert {i.split()[0] for i in field_instructions(report / "report.docx")} <= {"PAGE", "NUMPAGES", "TOC", "PAGEREF"}
    body = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert '=HYPERLINK("https://example.org/x"' in body  # shown as the text it is, never as a field
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;https://example.org/x&#34;" in html or "=HYPERLINK(&quot;https://example.org/x" in html
