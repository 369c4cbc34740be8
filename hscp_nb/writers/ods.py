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
PAGE_CM = (21.0, 29.7)  # A4
MARGIN_CM = 1.5
PRINTED_CM = {False: PAGE_CM[0] - 2 * MARGIN_CM, True: PAGE_CM[1] - 2 * MARGIN_CM}  # width printed: upright, landscape
CHAR_CM = 0.19  # the width of an average character of Arial at 10pt (a table's text is 10pt)
TEXT_CM = 8.0  # the widest a column of a wide table gets: longer text wraps in its cell


def render_ods(document: Document) -> bytes:
    """The document's data workbook as ODS (bytes)."""
    writer = _Writer(plan(document))
    out = io.BytesIO()
    writer.doc.write(out)
    return out.getvalue()


def _header_width(header: str) -> float:
    """A column's width for its header (cm): its longest word whole, the header on at most three lines."""
    longest = max((len(word) for word in header.split()), default=0)
    return max(2.5, min(12.0, max(longest, len(header) / 3) * 0.22 + 0.6))


class _Writer:
    def __init__(self, layout: Plan):
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import DatabaseRanges

        self.doc = OpenDocumentSpreadsheet()
        self.layout = layout
        self.ranges = DatabaseRanges()
        self.column_styles: dict[float, object] = {}
        self.row_heights: dict[float, object] = {}
        self._styles()
        self._pages()
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
        self.wrapped_title = cell_style("Heading 1 wrapped", 14, bold=True, wrap=True, parent=None)
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

    def _pages(self) -> None:
        """An upright and a landscape A4 page, each fitting the sheet's width; a table style for each."""
        from odf.namespaces import STYLENS
        from odf.style import (
            Footer,
            FooterStyle,
            Header,
            HeaderFooterProperties,
            HeaderStyle,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            RegionCenter,
            Style,
            TableProperties,
        )
        from odf.text import P, PageNumber, SheetName

        self.page_styles = {}
        for landscape in (False, True):
            name = "Landscape" if landscape else "Upright"
            layout = PageLayout(name=f"{name} page")
            width, height = (PAGE_CM[1], PAGE_CM[0]) if landscape else PAGE_CM
            properties = PageLayoutProperties(
                pagewidth=f"{width}cm", pageheight=f"{height}cm", printorientation="landscape" if landscape
                else "portrait", margintop=f"{MARGIN_CM}cm", marginbottom=f"{MARGIN_CM}cm",
                marginleft=f"{MARGIN_CM}cm", marginright=f"{MARGIN_CM}cm", printpageorder="ttb",
            )  # fmt: skip
            properties.setAttrNS(STYLENS, "scale-to-X", "1")  # one page wide (ODF 1.3); as many pages down as needed
            properties.setAttrNS(STYLENS, "scale-to-Y", "0")
            properties.setAttrNS(STYLENS, "first-page-number", "continue")  # numbered on across the two page styles
            layout.addElement(properties)
            for region, margin in ((HeaderStyle(), "marginbottom"), (FooterStyle(), "margintop")):
                region.addElement(HeaderFooterProperties(minheight="0.6cm", **{margin: "0.25cm"}))
                layout.addElement(region)
            self.doc.automaticstyles.addElement(layout)
            page = MasterPage(name=name, pagelayoutname=layout)
            header, footer = Header(), Footer()
            line = P()
            line.addElement(SheetName(text="???"))
            region = RegionCenter()
            region.addElement(line)
            header.addElement(region)
            line = P(text="Page ")
            line.addElement(PageNumber(text="1"))
            region = RegionCenter()
            region.addElement(line)
            footer.addElement(region)
            page.addElement(header)
            page.addElement(footer)
            self.doc.masterstyles.addElement(page)
            table_style = Style(name=f"ta-{name.lower()}", family="table", masterpagename=name)
            table_style.addElement(TableProperties(display="true"))
            self.doc.automaticstyles.addElement(table_style)
            self.page_styles[landscape] = table_style

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

    @staticmethod
    def _column_width(width_cm: float) -> float:
        return round(width_cm, 1)

    def _column_style(self, width_cm: float):
        from odf.style import Style, TableColumnProperties

        width = self._column_width(width_cm)
        if width not in self.column_styles:
            style = Style(name=f"co{len(self.column_styles) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width}cm"))
            self.doc.automaticstyles.addElement(style)
            self.column_styles[width] = style
        return self.column_styles[width]

    def _text_cell(self, row, text: str, style, link: str = "", span: int = 1):
        from odf.table import CoveredTableCell, TableCell
        from odf.text import A, P

        text = neutralised(xml_text(str(text)))
        attributes = {"numbercolumnsspanned": span} if span > 1 else {}
        cell = TableCell(valuetype="string", stylename=style, **attributes)
        paragraph = P()
        if link:
            paragraph.addElement(A(href=link, text=text))
        else:
            paragraph.addText(text)
        cell.addElement(paragraph)
        row.addElement(cell)
        for _ in range(span - 1):
            row.addElement(CoveredTableCell())

    def _row(self, table, height_cm: float = 0.0):
        from odf.table import TableRow

        row = TableRow(stylename=self._row_height(height_cm) if height_cm else self.row_style)
        table.addElement(row)
        return row

    def _row_height(self, height_cm: float):
        """A row style of a fixed height (LibreOffice's optimal height leaves out a cell that spans columns)."""
        from odf.style import Style, TableRowProperties

        height = round(height_cm, 2)
        if height not in self.row_heights:
            style = Style(name=f"ro{len(self.row_heights) + 2}", family="table-row")
            style.addElement(TableRowProperties(rowheight=f"{height}cm", useoptimalrowheight="false"))
            self.doc.automaticstyles.addElement(style)
            self.row_heights[height] = style
        return self.row_heights[height]

    def _line(self, table, text: str, style, size: float, span_cm: float, columns: int, landscape: bool) -> None:
        """A title or line above a table: left to run on over the empty cells to its right when it fits the page
        (and the table), else wrapped across the table's columns in one cell, its row as tall as its lines."""
        wide = len(text) * CHAR_CM * size / 10 * (1.1 if style is self.title else 1.0)
        if wide <= max(span_cm, PRINTED_CM[landscape]) or columns == 1:
            self._text_cell(self._row(table), text, style)
            return
        lines = -(-wide * 1.1 // span_cm)  # a little over the estimate: words do not break mid-line
        height = lines * size * 1.3 / 72 * 2.54 + 0.15
        wrapped = self.wrapped_title if style is self.title else self.text
        self._text_cell(self._row(table, height), text, wrapped, span=columns)

    def _cover(self) -> None:
        from odf.table import Table, TableColumn

        table = Table(name="Cover", stylename=self.page_styles[False])
        table.addElement(TableColumn(stylename=self._column_style(16.5)))  # the printed page's width
        self._text_cell(self._row(table), self.layout.title, self.cover_title)
        for heading, text in self.layout.cover:
            self._text_cell(self._row(table), heading, self.heading)
            # as tall as its lines: LibreOffice's optimal height can fall a line short, and the next row overlaps
            lines = max(1, -(-len(str(text)) * CHAR_CM * 1.1 // 16.5))
            self._text_cell(self._row(table, round(lines * 10 * 1.3 / 72 * 2.54 + 0.15, 2)), text, self.text)
        self.doc.spreadsheet.addElement(table)

    def _sheet(self, sheet: Sheet) -> None:
        from odf.table import DatabaseRange, Table, TableCell, TableColumn
        from odf.text import P
        from openpyxl.utils import get_column_letter

        widths = [_header_width(str(h)) for h in sheet.headers]  # a header wraps onto up to three lines
        widest = TEXT_CM if len(widths) > 3 else 2 * TEXT_CM  # a table of a few columns gives its text more room
        for row in sheet.rows:
            for i, (value, kind) in enumerate(zip(row, sheet.kinds)):
                widths[i] = max(widths[i], min(widest, len(shown(value, kind)) * 0.2 + 0.4))
        span = sum(self._column_width(w) for w in widths)
        landscape = span > PRINTED_CM[False]
        table = Table(name=sheet.name, stylename=self.page_styles[landscape])
        for width in widths:
            table.addElement(TableColumn(stylename=self._column_style(width)))
        self._line(table, sheet.title, self.title, 14, span, len(widths), landscape)
        for line in sheet.lines:
            self._line(table, line, None, 10, span, len(widths), landscape)
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
