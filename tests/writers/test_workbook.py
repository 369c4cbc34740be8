"""The data workbook's layout (hscp_nb/writers/workbook.py) as the xlsx and ods writers give it: one definition of
each symbol, the cover listing every symbol the workbook uses, no blank cell, notes only for what a table uses, the
contact; the ODS's printed pages; CSVs and the ledger without binary float noise."""

import io
import re
import zipfile

import pandas as pd

from hscp_nb.document.blocks import Blocks, Data, Heading, Table, Value
from hscp_nb.document.model import Document, FrontMatter, Part

SYMBOL_TEXT = re.compile(r"\[[a-z]\]|\(cal\)")


def _table(name, caption, frame, data, notes=()):
    return Table.from_frame(frame, name, caption, data=data, notes=notes)


def _document(contact="") -> Document:
    """Tables as the sections make them: finance with [p] on its amounts and the finance note, the MSG objectives
    with the MSG view's own [p] note, locality shares with a dash legend, blank text and missing values."""
    finance_note = (
        "[p] marks a provisional figure: PHS marks the value as an estimate, or the accounts it comes from are not "
        "yet audited. A later edition may revise it."
    )
    msg_note = (
        "[p] marks a provisional figure: a year PHS marks as provisional (indicators 5 and 6), or 12 months that "
        "include a month whose hospital records were under 95% complete when PHS extracted them."
    )
    finance = pd.DataFrame({"Partner": ["NHS board", "Council"], "Actual": ["£1.00m [p]", "£2.00m [p]"]})
    finance_data = Data(("partner", "actual", "note"), (("NHS board", 1e6, ""), ("Council", 2e6, "")),
                        ("Partner", "Actual spend (£)", "Note"), ("text", "money", "text"))  # fmt: skip
    msg = pd.DataFrame({"Indicator": ["MSG 1a"], "Value": ["18,439 [p]"]})
    msg_data = Data(("code", "value", "comment"), (("MSG 1a", 18439.0, ""),), ("MSG indicator", "Value", "Comment"),
                    ("text", "count", "text"))  # fmt: skip
    shares = pd.DataFrame({"Locality": ["Nairn"], "2020/21": ["–"], "2021/22": ["14.0%"]})
    shares_data = Data(("year", "locality", "share"), (("2021/22", "Nairn", 14.0),), ("Year", "Locality", "Share"),
                       ("text", "text", "percent"))  # fmt: skip
    summary = pd.DataFrame({"Indicator": ["NI-11", "NI-12"], "Peer": ["400.4", "–"]})
    summary_data = Data(("indicator", "peer", "not_shown"), (("NI-11", 400.4, ""), ("NI-12", None, "")),
                        ("Indicator", "Peer group", "Why it is not shown"), ("text", "number", "text"))  # fmt: skip
    blocks = Blocks(
        Heading("Finance", 2),
        _table("summary", "Core indicators", summary, summary_data),
        _table("spend", "Spend by partner, 2025/26", finance, finance_data, (finance_note,)),
        _table(
            "shares", "Share of spend by locality over the window (– : locality did not exist)", shares, shares_data
        ),  # fmt: skip
        _table("msg", "MSG indicators against Highland's objectives", msg, msg_data, (msg_note,)),
    )
    front = FrontMatter(title="Test report", partnership="Highland", year_label="2025/26", contact=contact,
                        notes=("Calendar-year indicators are marked (cal).",))  # fmt: skip
    return Document(front, [Part("finance", "Finance", blocks)])


def _xlsx(document):
    from openpyxl import load_workbook

    from hscp_nb.writers.xlsx import render_workbook

    return load_workbook(io.BytesIO(render_workbook(document)))


def _notes(wb) -> dict[int, str]:
    rows = list(wb["Notes"].iter_rows(min_row=4, values_only=True))
    return {int(number.split()[1]): text for number, text in rows if number}


def _table_cells(sheet):
    """The cells of the sheet's one Excel table (its header row first)."""
    (table,) = sheet.tables.values()
    return [[cell.value for cell in row] for row in sheet[table.ref]]


def test_p_is_defined_once_whichever_tables_define_it():
    notes = _notes(_xlsx(_document())).values()
    definitions = [n for n in notes if n.startswith("[p]")]
    assert len(definitions) == 1, definitions
    assert "hospital records" in definitions[0] and "not yet audited" in definitions[0]  # both meanings in one


def test_the_cover_lists_every_symbol_the_workbook_uses():
    wb = _xlsx(_document())
    used = set()
    for sheet in wb.worksheets[1:]:
        if sheet.title == "Notes":
            continue
        for row in sheet.iter_rows(values_only=True):
            used |= {s for cell in row if isinstance(cell, str) for s in SYMBOL_TEXT.findall(cell)}
    used |= {s for n in _notes(wb).values() if not SYMBOL_TEXT.match(n) for s in SYMBOL_TEXT.findall(n)}
    cover = [row[0] for row in wb["Cover"].iter_rows(values_only=True)]
    symbols = cover[cover.index("Symbols") + 1]
    assert {"[x]", "[z]", "[p]", "(cal)"} <= used
    for symbol in used:
        assert f"{symbol}: " in symbols, symbol
    assert "[r]" not in used and "[r]" not in symbols  # no revision in a first edition: not listed
    definitions = {SYMBOL_TEXT.match(n).group(0) for n in _notes(wb).values() if SYMBOL_TEXT.match(n)}
    assert definitions == used  # each symbol used explained once in the notes, and no other


def test_no_cell_of_a_table_is_blank():
    wb = _xlsx(_document())
    for name in ("Table 1", "Table 2", "Table 4"):
        header, *rows = _table_cells(wb[name])
        assert all(cell is not None and cell != "" for row in rows for cell in row), (name, rows)
    _, *rows = _table_cells(wb["Table 1"])
    assert rows == [["NI-11", 400.4, "[z]"], ["NI-12", "[x]", "[z]"]]  # missing value, and nothing that applies


def test_notes_refer_only_to_symbols_a_table_uses():
    wb = _xlsx(_document())
    notes = _notes(wb)
    for sheet in wb.worksheets[3:]:
        title = sheet["A1"].value
        refs = {int(n) for n in re.findall(r"\[note (\d+)\]", title)}
        cells = {
            s for row in _table_cells(sheet)[1:] for c in row if isinstance(c, str) for s in SYMBOL_TEXT.findall(c)
        }
        cells |= set(SYMBOL_TEXT.findall(re.sub(r"\[note \d+\]", "", title)))
        explained = {SYMBOL_TEXT.match(notes[n]).group(0) for n in refs if SYMBOL_TEXT.match(notes[n])}
        assert explained == cells, (sheet.title, explained, cells)
    shares = wb["Table 3"]["A1"].value
    assert "–" not in shares and "did not exist" not in shares  # the legend of a dash no cell carries
    assert "[p]" in wb["Table 2"]["A1"].value and "[p]" in wb["Table 4"]["A1"].value  # provisional, said in the title


def test_the_cover_gives_the_contact_from_the_returns():
    wb = _xlsx(_document(contact="The performance team: performance.team@example.org"))
    cover = [row[0] for row in wb["Cover"].iter_rows(values_only=True)]
    assert cover[cover.index("Contact") + 1] == "The performance team: performance.team@example.org"
    assert cover.count("Status of the figures") <= 1


def test_the_contact_is_read_from_the_about_sheet_of_the_returns(tmp_path):
    from openpyxl import load_workbook

    from hscp_nb import batch
    from hscp_nb.inputs.returns import read_returns

    (job,) = batch.plan(2025, ["Highland"], output_root=tmp_path)
    about = load_workbook(job.params.returns_file, read_only=True)["About"]
    header, *rows = list(about.iter_rows(values_only=True))
    row = next(r for r in rows if r[header.index("Year")] in (2025, "2025", "2025/26"))
    expected = row[header.index("Contact")]
    assert expected and "@" in expected
    assert read_returns(job.params.returns_file, job.partnership).contact(2025) == expected
    assert read_returns(job.params.returns_file, job.partnership).contact(1999) == ""


def test_the_window_year_column_says_it_is_the_start_of_the_reporting_year_it_stands_for():
    from hscp_nb.domain import reference, rules
    from hscp_nb.domain.years import ReportingYear
    from hscp_nb.present.data_columns import COLUMNS

    header, kind = COLUMNS["window_year"]
    assert kind == "year" and "starts in" in header and "2020 = 2020/21" in header
    year = ReportingYear(2025)
    labels = [y.label for y in year.window()]
    survey = next(i for i in reference.indicators() if i.period == "survey")
    waves = {(w.label, "survey"): False for w in year.survey_waves()}
    for point in rules.window_points(survey, year, waves):  # a wave before the window stands for its first year
        assert ReportingYear(point.window_year).label in labels
        assert point.window_year >= year.window()[0].start
    financial = next(i for i in reference.indicators() if i.period == "financial")
    available = {(y.label, "financial"): False for y in year.window()}
    for point in rules.window_points(financial, year, available):
        assert point.window_year == int(point.year_label[:4])  # 2021/22 → 2021: the year it starts in


# ----------------------------------------------------------------------------------------------------------- ODS
def test_every_ods_sheet_prints_one_page_wide_landscape_when_wide_and_titles_wrap_not_cut():
    import dataclasses

    from hscp_nb.writers.ods import PRINTED_CM, render_ods
    from tests.blocks_sample import sample_document, wide_table

    document = sample_document()
    document.parts[0].blocks.append(wide_table(14))
    long = "A caption that says at length what the table holds, where it comes from and how to read it. " * 3
    document.parts[0].blocks.append(dataclasses.replace(wide_table(2), caption=long))
    data = render_ods(document)
    archive = zipfile.ZipFile(io.BytesIO(data))
    content, styles = archive.read("content.xml").decode(), archive.read("styles.xml").decode()
    layouts = dict(re.findall(r'<style:page-layout style:name="([^"]+)"><style:page-layout-properties ([^>]*)/?>',
                              styles))  # fmt: skip
    masters = dict(re.findall(r'<style:master-page style:name="([^"]+)" style:page-layout-name="([^"]+)"', styles))
    table_masters = dict(re.findall(r'<style:style style:name="([^"]+)" style:family="table" '
                                    r'style:master-page-name="([^"]+)"', content))  # fmt: skip
    sheets = re.findall(r'<table:table table:name="([^"]+)" table:style-name="([^"]+)"', content)
    assert len(sheets) == content.count("<table:table ")  # every sheet has a page style
    orientation = {}
    for name, style in sheets:
        properties = layouts[masters[table_masters[style]]]
        assert 'style:scale-to-X="1"' in properties, name  # fits the page's width
        orientation[name] = re.search(r'style:print-orientation="(\w+)"', properties).group(1)
    assert orientation["Cover"] == "portrait"
    wide = [n for n, _ in sheets if n.startswith("Table")][-2]
    assert orientation[wide] == "landscape"
    widths = [float(w) for w in re.findall(r'style:column-width="([\d.]+)cm"', content)]
    assert max(widths) <= 16.5 and PRINTED_CM[True] > PRINTED_CM[False]  # no column wider than the cover's
    # a title longer than its table and the page spans the table's columns and wraps, so no page cuts it
    long_title = re.findall(r'table:number-columns-spanned="(\d+)"[^>]*>(?:<text:p>)([^<]*)', content)
    assert long_title and all(int(span) > 1 for span, _ in long_title)


def test_the_ods_prints_every_sheet_one_page_wide_in_libreoffice(tmp_path):
    """Converted by LibreOffice, the wide sheet prints on one page across: the title's last words and the table's
    last column are on the same page as its first column."""
    import shutil
    import subprocess

    import pytest

    from hscp_nb.writers.ods import render_ods
    from tests.blocks_sample import sample_document, wide_table

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    document = sample_document()
    document.parts[0].blocks.append(wide_table(14))
    (tmp_path / "book.ods").write_bytes(render_ods(document))
    command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "book.ods")]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(tmp_path / "book.pdf").pages]
    annex = [p for p in pages if "Emergency admission rate per 100,000" in p]  # the wide table's pages
    assert len(annex) == 1 and "NI-1" in annex[0] and "2025/26" in annex[0]  # first and last column, one page
    assert len(pages) < 12  # not a page for each slice of a sheet's columns


# ------------------------------------------------------------------------------------------------- CSV numbers
def test_csvs_and_the_ledger_carry_no_binary_float_noise(tmp_path):
    from hscp_nb.document.values import plain_number
    from hscp_nb.present.export import export_table
    from hscp_nb.writers.ledger import render_ledger

    noisy = [193065103.73000002, 94.75999999999999, 0.1 + 0.2, 2020.0, 608193781.14, 10006.78 - 9816.0, 1 / 3]
    export_table(pd.DataFrame({"value": noisy, "mixed": ["text", *noisy[1:]]}), tmp_path, "t")
    text = (tmp_path / "t.csv").read_text()
    assert "193065103.73," in text and "94.76," in text and "0.3," in text and ",94.76\n" in text
    assert "0000000" not in text and "9999999" not in text
    written = [float(plain_number(value)) for value in noisy]
    assert written[:-1] == [193065103.73, 94.76, 0.3, 2020.0, 608193781.14, 190.78]  # as entered, exactly
    assert all(abs(w - v) <= 1e-13 * abs(v) for w, v in zip(written, noisy))  # noise only
    assert plain_number(608193781.14) == "608193781.14" and plain_number(2020.0) == "2020.0"
    assert plain_number(12345678901.21) == "12345678901.21"  # 13 significant digits, every one kept
    value = Value("a/b", "finance", "Total", "", "Highland", "2025/26", 94.75999999999999, "£94.76")
    document = Document(FrontMatter(title="t"), [Part("p", "P", Blocks(_ledger_table(value)))])
    ledger = render_ledger(document)
    assert ",94.76," in ledger and "94.7599" not in ledger


def _ledger_table(value):
    frame = pd.DataFrame({"What": ["Total"], "Amount": ["£94.76"]})
    return Table.from_frame(frame, "t", "Total", values=(value,))
