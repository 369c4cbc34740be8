"""What every Word file and data workbook hscp_nb writes must be, read back with python-docx and openpyxl (the
report's and the board paper's alike): PUBLISHING.md's pages and spreadsheets rules."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

ALLOWED_FIELDS = {"PAGE", "NUMPAGES", "TOC", "PAGEREF"}


def contrast(hex_colour: str) -> float:
    """Contrast ratio of a text colour against white."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def field_instructions(path) -> list[str]:
    """Every field instruction in the document's body, headers and footers."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)
        )
    simple = re.findall(r'<w:fldSimple [^>]*w:instr="([^"]*)"', xml)
    return [t.strip() for t in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)] + simple


def logos(report) -> int:
    """The pictures a report's Word body holds besides its charts: the partnership's logo on the title page when its
    build had a brand (the manifest records the brand's digest)."""
    import json

    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    return 1 if manifest.get("parameters", {}).get("brand") else 0


def check_word(path, *, pictures: int, title_has: str) -> Document:
    doc = Document(path)
    # A4, each section upright or landscape
    for section in doc.sections:
        size = sorted([round(section.page_width / Mm(1)), round(section.page_height / Mm(1))])
        assert size == [210, 297], (path, size)
    # page n of m in the footer, as fields
    footer_fields = "".join(r._r.xml for p in doc.sections[0].footer.paragraphs for r in p.runs)
    assert " PAGE " in footer_fields and " NUMPAGES " in footer_fields
    instructions = field_instructions(path)
    assert {i.split()[0] for i in instructions} <= ALLOWED_FIELDS, instructions  # no field made from data text
    # alt text on every picture
    shapes = doc.inline_shapes
    assert len(shapes) == pictures
    for shape in shapes:
        alt = shape._inline.docPr.get("descr", "")
        assert 40 <= len(alt) <= 350, alt  # one or two sentences; the data sit in the workbook
    # en-GB: the one language, set in the defaults; no run or style sets another
    styles = doc.styles.element
    langs = [e.get(qn("w:val")) for e in styles.iter(qn("w:lang"))] + [
        e.get(qn("w:val")) for e in doc.element.body.iter(qn("w:lang"))
    ]
    assert langs and set(langs) == {"en-GB"}, set(langs)
    props = doc.core_properties
    assert props.language == "en-GB" and title_has in props.title and props.author
    assert props.created and abs(props.created.replace(tzinfo=None) - dt.datetime.now()) < dt.timedelta(days=2)
    # real tables: header row repeats, no row splits
    assert doc.tables
    for table in doc.tables:
        rows = table._tbl.findall(qn("w:tr"))
        for row in rows:
            trpr = row.find(qn("w:trPr"))
            assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None
    headed = [
        t for t in doc.tables if t._tbl.findall(qn("w:tr"))[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    ]
    assert headed
    # restyled through styles only: no run carries its own font, size or colour
    for run in doc.element.body.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is not None:
            assert all(rpr.find(qn(t)) is None for t in ("w:color", "w:sz", "w:rFonts")), rpr.xml
    # every text colour of the styles used reaches 4.5:1 on white
    used = {e.get(qn("w:val")) for e in doc.element.body.iter(qn("w:pStyle"))} | {
        e.get(qn("w:val")) for e in doc.element.body.iter(qn("w:rStyle"))
    }
    for style in doc.styles:
        if style.style_id in used or style.name in {"Normal", "Header", "Footer"}:
            rpr = style.element.find(qn("w:rPr"))
            colour = rpr.find(qn("w:color")) if rpr is not None else None
            if colour is not None and colour.get(qn("w:val")) != "auto":
                assert contrast(colour.get(qn("w:val"))) >= 4.5, (style.name, colour.get(qn("w:val")))
    return doc


def check_workbook(path, *, sheets_at_least: int) -> object:
    wb = load_workbook(path)
    names = wb.sheetnames
    assert names[:2] == ["Cover", "Contents"] and "Notes" in names, names
    assert wb.properties.title and wb.properties.language == "en-GB"
    data = [n for n in names if n not in {"Cover", "Contents"}]
    assert len(data) >= sheets_at_least
    links = {c.hyperlink.location.split("!")[0].strip("'") for c in wb["Contents"]["A"] if c.hyperlink}
    assert links == set(data), set(data) ^ links
    for name in names:
        sheet = wb[name]
        assert not sheet.merged_cells.ranges, name
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)  # no live formula anywhere
        if name == "Cover":
            continue
        assert isinstance(sheet["A1"].value, str) and sheet["A1"].value.strip(), name
        assert len(sheet.tables) == 1, name
        table = next(iter(sheet.tables.values()))
        first, last = table.ref.split(":")
        header_row = int(re.sub(r"\D", "", first))
        headers = [c.value for c in sheet[header_row] if c.value is not None]
        assert all("_" not in h for h in headers), (name, headers)  # readers' headers, not code names
        for row in sheet.iter_rows(min_row=header_row + 1, max_row=int(re.sub(r"\D", "", last))):
            assert any(c.value is not None for c in row), (name, row[0].row)  # no blank rows in a table
            for cell in row:
                if isinstance(cell.value, float):
                    assert cell.number_format != "General", (name, cell.coordinate)
                    assert len(repr(cell.value)) <= 16, (name, cell.coordinate, cell.value)
                assert not isinstance(cell.value, bool), (name, cell.coordinate)  # flags read Yes/No
    return wb
