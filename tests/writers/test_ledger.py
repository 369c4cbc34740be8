"""The figure ledger, ``figures.csv``: a printed form a spreadsheet would run as a formula is written with an
apostrophe and read back without it; every other printed form is read back as written."""

import csv

from hscp_nb.document.blocks import Blocks, Paragraph, Value
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.writers.ledger import LEDGER_FILE, read_ledger, render_ledger

PRINTED = {
    "negative-amount": "-£1.2m",  # not a number: neutralised
    "formula": "=SUM(A1:A3)",  # neutralised
    "at": "@cmd",  # neutralised
    "negative-number": "-12.5",  # a number: kept
    "thousands": "-1,234",  # a number with a comma: kept
    "percent": "12.4%",
    "quoted": "'as printed",  # an apostrophe the document itself prints
    "blank": "",
}


def _document():
    values = tuple(Value(ident, "finance", ident, "", "Highland", "2025/26", 94.75999999999999, printed, "", "s", "")
                   for ident, printed in PRINTED.items())  # fmt: skip
    return Document(FrontMatter(title="x"), [Part("finance", "Finance", Blocks(Paragraph("figures", values=values)))])


def test_a_neutralised_printed_form_is_written_with_an_apostrophe_and_read_back_without_it(tmp_path):
    text = render_ledger(_document())
    written = {row["id"]: row["printed"] for row in csv.DictReader(text.splitlines())}
    assert written["negative-amount"] == "'-£1.2m" and written["formula"] == "'=SUM(A1:A3)"
    assert written["at"] == "'@cmd"
    assert written["negative-number"] == "-12.5" and written["thousands"] == "-1,234"
    assert written["quoted"] == "'as printed" and written["percent"] == "12.4%"
    (tmp_path / LEDGER_FILE).write_text(text, encoding="utf-8")
    rows = read_ledger(tmp_path / LEDGER_FILE)
    assert {row["id"]: row["printed"] for row in rows} == PRINTED
    assert [row["id"] for row in rows] == list(PRINTED)
    assert rows[0]["area"] == "Highland" and rows[0]["value"] == "94.76"  # without binary noise
