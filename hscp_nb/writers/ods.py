"""The data workbook as an OpenDocument spreadsheet (``.ods``): the same layout as the Excel workbook
(:mod:`hscp_nb.writers.workbook`: cover, contents with links, numbered notes, one table per sheet with units in its
headers and a number format per column), for partnerships and readers who work in LibreOffice.

Each data table is a named database range with a header row (ODF's counterpart of an Excel table); title cells take
a heading cell style; a number column carries an ODF number style with the decimals the report prints, a date
column a date style. odfpy writes the package.
"""

from __future__ import annotations

import datetime as dt
import io

from hscp_nb.document.model import Document
from hscp_nb.document.values import NUMBER_FORMATS, cell_value, neutralised, shown, xml_text
from hscp_nb.writers.workbook import Plan, Sheet, plan

INK = "#0B0C0C"


def render_ods(document: Document) -> bytes:
    """The document's data workbook as ODS (bytes)."""
    writer = _Writer(plan(document))
    out = io.BytesIO()
    writer.doc.write(out)
    return out.getvalue()


class _Writer:
    def __init__(self, layout: Plan):
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import DatabaseRanges

        self.doc = OpenDocumentSpreadsheet()
        self.layout = layout
        self.ranges = DatabaseRanges()
        self.column_styles: dict[float, object] = {}
        self._styles()
        self._properties()
        self._cover()
        for sheet in layout.sheets:
            self._sheet(sheet)
        self.doc.spreadsheet.addElement(self.ranges)

    def _styles(self) -> None:
        from odf.number import DateStyle, Day, Month, NumberStyle, Text, Year
        from odf.number import Number as NumberElement
        from odf.style import DefaultStyle, Style, TableCellProperties, TextProperties

        default = DefaultStyle(family="table-cell")
        default.addElement(TextProperties(fontname="Arial", fontsize="10pt", language="en", country="GB", color=INK))
        self.doc.styles.addElement(default)

        def cell_style(name, size=None, bold=False, wrap=False, data_style=None, parent=None):
            attributes = {"name": name, "family": "table-cell"}
            if data_style is not None:
                attributes["datastylename"] = data_style
            style = Style(**attributes)
            text = {}
            if size:
                text["fontsize"] = f"{size}pt"
            if bold:
                text["fontweight"] = "bold"
            if text:
                style.addElement(TextProperties(**text))
            if wrap:
                style.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
            self.doc.styles.addElement(style)
            return style

        from odf.style import TableRowProperties

        self.row_style = Style(name="ro1", family="table-row")
        self.row_style.addElement(TableRowProperties(useoptimalrowheight="true"))  # wrapped text shown whole
        self.doc.automaticstyles.addElement(self.row_style)
        self.title = cell_style("Heading 1", 14, bold=True)  # runs across the sheet's columns, as in Excel
        self.cover_title = cell_style("Cover title", 14, bold=True, wrap=True)
        self.heading = cell_style("Heading 2", 12, bold=True)
        self.header = cell_style("Column heading", bold=True, wrap=True)
        self.text = cell_style("Text", wrap=True)
        self.formats = {}
        for kind, (_, decimals) in NUMBER_FORMATS.items():
            number_style = NumberStyle(name=f"N-{kind}")
            grouping = "false" if kind in {"year", "percent"} else "true"
            number_style.addElement(NumberElement(decimalplaces=decimals, minintegerdigits=1, grouping=grouping))
            self.doc.styles.addElement(number_style)
            self.formats[kind] = cell_style(f"Value {kind}", data_style=number_style)
        general = NumberStyle(name="N-general")
        general.addElement(NumberElement(decimalplaces=3, minintegerdigits=1, grouping="true"))
        self.doc.styles.addElement(general)
        self.formats["general"] = cell_style("Value", data_style=general)
        date_style = DateStyle(name="D-long")
        date_style.addElement(Day())
        date_style.addElement(Text(text=" "))
        date_style.addElement(Month(textual="true", style="long"))
        date_style.addElement(Text(text=" "))
        date_style.addElement(Year(style="long"))
        self.doc.styles.addElement(date_style)
        self.formats["date"] = cell_style("Value date", data_style=date_style)

    def _properties(self) -> None:
        from odf.dc import Description, Language, Subject, Title
        from odf.meta import Keyword, UserDefined

        self.doc.meta.addElement(Title(text=xml_text(self.layout.title + " — data")))
        if self.layout.subject:
            self.doc.meta.addElement(Description(text=xml_text(self.layout.subject)))
        self.doc.meta.addElement(Subject(text="Data workbook"))
        self.doc.meta.addElement(Language(text="en-GB"))
        for keyword in self.layout.keywords.split("; "):
            if keyword:
                self.doc.meta.addElement(Keyword(text=keyword))
        from hscp_nb import DATA_WORKBOOK_CATEGORY

        self.doc.meta.addElement(UserDefined(name="Category", text=DATA_WORKBOOK_CATEGORY))

    def _column_style(self, width_cm: float):
        from odf.style import Style, TableColumnProperties

        width = round(width_cm, 1)
        if width not in self.column_styles:
            style = Style(name=f"co{len(self.column_styles) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width}cm"))
            self.doc.automaticstyles.addElement(style)
            self.column_styles[width] = style
        return self.column_styles[width]

    def _text_cell(self, row, text: str, style, link: str = ""):
        from odf.table import TableCell
        from odf.text import A, P

        text = neutralised(xml_text(str(text)))
        cell = TableCell(valuetype="string", stylename=style)
        paragraph = P()
        if link:
            paragraph.addElement(A(href=link, text=text))
        else:
            paragraph.addText(text)
        cell.addElement(paragraph)
        row.addElement(cell)

    def _row(self, table):
        from odf.table import TableRow

        row = TableRow(stylename=self.row_style)
        table.addElement(row)
        return row

    def _cover(self) -> None:
        from odf.table import Table, TableColumn

        table = Table(name="Cover")
        table.addElement(TableColumn(stylename=self._column_style(16.5)))  # the printed page's width
        self._text_cell(self._row(table), self.layout.title, self.cover_title)
        for heading, text in self.layout.cover:
            self._text_cell(self._row(table), heading, self.heading)
            self._text_cell(self._row(table), text, self.text)
        self.doc.spreadsheet.addElement(table)

    def _sheet(self, sheet: Sheet) -> None:
        from odf.table import DatabaseRange, Table, TableCell, TableColumn
        from odf.text import P
        from openpyxl.utils import get_column_letter

        table = Table(name=sheet.name)
        widths = [max(3.0, min(12.0, len(str(h)) * 0.22 + 0.6)) for h in sheet.headers]
        for row in sheet.rows:
            for i, value in enumerate(row):
                if isinstance(value, str):
                    widths[i] = max(widths[i], min(12.0, len(value) * 0.2 + 0.4))
        for width in widths:
            table.addElement(TableColumn(stylename=self._column_style(width)))
        self._text_cell(self._row(table), sheet.title, self.title)
        for line in sheet.lines:
            self._text_cell(self._row(table), line, None)
        header_row = 2 + len(sheet.lines)
        row = self._row(table)
        for header in sheet.headers:
            self._text_cell(row, header, self.header)
        for values in sheet.rows or [[None] * len(sheet.headers)]:
            row = self._row(table)
            for i, (value, kind) in enumerate(zip(values, sheet.kinds)):
                stored, number_format = cell_value(value, kind)
                link = f"#'{stored}'.A1" if sheet.name == "Contents" and i == 0 else ""  # to the sheet named
                if isinstance(stored, dt.datetime):
                    cell = TableCell(valuetype="date", datevalue=stored.date().isoformat(),
                                     stylename=self.formats["date"])  # fmt: skip
                    cell.addElement(P(text=shown(value, kind)))
                    row.addElement(cell)
                elif isinstance(stored, int | float) and not isinstance(stored, bool):
                    style = self.formats.get(kind if kind in NUMBER_FORMATS else "general")
                    cell = TableCell(valuetype="float", value=stored, stylename=style)
                    row.addElement(cell)
                else:
                    self._text_cell(row, stored, self.text, link)
        self.doc.spreadsheet.addElement(table)
        last = header_row + max(1, len(sheet.rows))
        quoted = f"'{sheet.name}'"
        self.ranges.addElement(
            DatabaseRange(
                name=sheet.table_name.replace(" ", "_"),
                containsheader="true",
                targetrangeaddress=f"{quoted}.A{header_row}:{quoted}.{get_column_letter(len(sheet.headers))}{last}",
            )
        )
