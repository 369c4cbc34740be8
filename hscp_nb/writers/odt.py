"""The OpenDocument text writer: a document's blocks as ``.odt`` (GOV.UK's open standard for sharing documents), for
partnerships and readers who work in LibreOffice. It follows the Word writer's rules through named paragraph styles
(``Title``, ``Subtitle``, ``Heading 1``–``4`` with outline levels, ``Caption``, ``Note``, ``Lead``, ``Not
included``, ``Notice``, ``Table text``, ``Table heading``, ``Table number``, ``Key figure``), so a partnership
restyles it by its styles: A4 with 2 cm margins; a running header (and the sample-data notice); a footer ``Page n of
m``; a contents index of the parts whose page numbers show on opening (page references to the parts' headings); each
part on a new page; real tables whose header row repeats on every page and whose rows never split, widths and
orientation from :func:`hscp_nb.document.measure.page_plan`, a table that needs a landscape page on a landscape
master page; pictures of the charts with their alt text as ``svg:title`` and ``svg:desc``; en-GB throughout. odfpy
writes the package (manifest, styles, content) so that only the document's own structure is built here. A list's
links are links in the text style ``Internet link``.
"""

from __future__ import annotations

import io
import struct

from hscp_nb.document.blocks import (
    BulletList,
    Facts,
    Figure,
    Heading,
    KeyFigures,
    Note,
    Notice,
    Paragraph,
    Table,
    Title,
    linked,
)
from hscp_nb.document.measure import LANDSCAPE_WIDTH_PT, PORTRAIT_WIDTH_PT, page_plan
from hscp_nb.document.model import SAMPLE_SHORT, Document
from hscp_nb.document.values import xml_text
from hscp_nb.domain.brand import Brand

FONT = "Arial"
INK, BLUE, MUTED, AMBER, PINK = "#0B0C0C", "#12436D", "#3D3D3D", "#6B4E00", "#801650"  # each ≥ 4.5:1 on white
HEADER_FILL, RULE = "#E8EEF4", "0.5pt solid #B1B4B6"
PICTURE_PPI = 150
PORTRAIT, LANDSCAPE = "Standard", "Landscape"


def render_odt(document: Document) -> bytes:
    """The document as an OpenDocument text file (bytes)."""
    writer = _Writer(document)
    for block in document.title_blocks:
        writer.block(block, {})
    if document.contents:
        writer.contents()
    for part in document.parts:
        writer.part(part)
    out = io.BytesIO()
    writer.doc.write(out)
    return out.getvalue()


def _pt(points: float) -> str:
    return f"{points:.2f}pt"


class _Writer:
    def __init__(self, document: Document):
        from odf.opendocument import OpenDocumentText

        self.document = document
        self.doc = OpenDocumentText()
        self.front = document.front
        self.landscape = False
        self.pending_master = ""  # the next paragraph or table starts this master page
        self.figure_count = 0
        self.table_count = 0
        self.auto = 0
        self.bookmarks: dict[int, str] = {}  # a part's contents entry refers to the bookmark on its first heading
        self.bookmark = ""  # the next outlined heading carries this bookmark
        levels = [b.level for p in document.parts for b in p.blocks if isinstance(b, Heading)]
        self.shift = (min(levels) - 1) if levels else 0
        self._look(document.brand)
        self._styles()
        self._pages()
        self._properties()
        if document.brand is not None and document.brand.logo is not None:
            self._title_logo()

    def _look(self, brand: Brand | None) -> None:
        """The colours and fonts the styles take: a partnership's brand (each colour already checked for its use on
        white, :mod:`hscp_nb.domain.brand`: large headings 3:1, smaller ones, key figures and links 4.5:1), or the
        toolkit's own. LibreOffice has the fonts by name: the reader's computer needs them (the PDF embeds them)."""
        self.ink, self.heading, self.accent, self.fill = INK, BLUE, BLUE, HEADER_FILL
        self.font = self.heading_font = FONT
        self.logo = None
        if brand is not None:
            self.ink, self.heading, self.accent, self.fill = brand.text, brand.heading, brand.accent, brand.tint
            self.font = brand.base_family or FONT
            self.heading_font = brand.heading_family or self.font
            self.logo = brand.logo

    def _logo_frame(self, height_cm: float, name: str):
        from odf.draw import Frame, Image
        from odf.svg import Desc
        from odf.svg import Title as SvgTitle

        from hscp_nb.writers.pdf import logo_png

        png, ratio = logo_png(self.logo)
        href = self.doc.addPicture(f"Pictures/logo-{name}.png", "image/png", png)
        frame = Frame(name=f"Logo ({name}): {self.logo.name}", anchortype="as-char",
                      width=f"{height_cm * ratio:.2f}cm", height=f"{height_cm:.2f}cm")  # fmt: skip
        frame.addElement(Image(href=href))
        frame.addElement(SvgTitle(text=xml_text(self.logo.alt)))
        frame.addElement(Desc(text=xml_text(self.logo.alt)))
        return frame

    def _title_logo(self) -> None:
        paragraph = self._para("", "Figure")
        paragraph.addElement(self._logo_frame(1.8, "title"))

    # ---------------------------------------------------------------------------------------------- styles
    def _styles(self) -> None:
        from odf.style import DefaultStyle, ParagraphProperties, Style, TextProperties

        styles = self.doc.styles
        default = DefaultStyle(family="paragraph")
        default.addElement(TextProperties(fontname=self.font, fontfamily=self.font, fontsize="11pt", language="en",
                                          country="GB", color=self.ink))  # fmt: skip
        styles.addElement(default)
        from odf.style import FontFace

        for font in dict.fromkeys((self.font, self.heading_font)):
            self.doc.fontfacedecls.addElement(FontFace(name=font, fontfamily=font, fontfamilygeneric="swiss"))

        def paragraph(name, size=11.0, bold=False, italic=False, colour=None, before=0.0, after=6.0, **extra):
            style = Style(name=name, family="paragraph", parentstylename="Standard" if name != "Standard" else None)
            text = {"fontsize": _pt(size), "color": colour or self.ink}
            if colour in (self.heading, self.accent) and bold and self.heading_font != self.font:  # headings
                text["fontname"] = self.heading_font
            if bold:
                text["fontweight"] = "bold"
            if italic:
                text["fontstyle"] = "italic"
            style.addElement(TextProperties(**text))
            style.addElement(ParagraphProperties(margintop=_pt(before), marginbottom=_pt(after), **extra))
            styles.addElement(style)
            return style

        paragraph("Standard")
        paragraph("Title", 26, bold=True, colour=self.heading, after=12)
        paragraph("Subtitle", 14, bold=True, colour=MUTED)
        for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
            extra = {"keepwithnext": "always"}
            if level == 1 and self.front.part_per_page:
                extra["breakbefore"] = "page"
            colour = self.heading if level <= 2 else self.accent  # 14 pt bold and over: large text, 3:1
            style = paragraph(f"Heading {level}", size, bold=True, colour=colour, before=14, **extra)
            style.setAttribute("defaultoutlinelevel", str(level))
        paragraph("Sources heading", 14, bold=True, colour=self.heading, before=14, keepwithnext="always")
        paragraph("Contents heading", 14, bold=True, colour=self.heading, before=18)
        contents_entry = paragraph("Contents 1", after=4)
        from odf.style import TabStop, TabStops

        stops = TabStops()
        stops.addElement(TabStop(position=_pt(PORTRAIT_WIDTH_PT), type="right", leaderstyle="dotted", leadertext="."))
        contents_entry.getElementsByType(ParagraphProperties)[0].addElement(stops)
        paragraph("Caption", 10, bold=True, before=10, after=4, keepwithnext="always")
        paragraph("Note", 9, colour=MUTED, after=4)
        paragraph("Lead", italic=True, keepwithnext="always")
        paragraph("Not included", borderleft=f"3pt solid {PINK}", paddingleft="6pt", marginleft="8pt")
        paragraph("Notice", 10, bold=True, colour=AMBER)
        paragraph("Figure", before=10, after=2, keepwithnext="always")
        paragraph("List Bullet", after=3)
        paragraph("Table text", 8.5, after=0)
        paragraph("Table heading", 8.5, bold=True, after=0)
        paragraph("Table number", 8.5, after=0, textalign="end")
        paragraph("Table heading number", 8.5, bold=True, after=0, textalign="end")
        paragraph("Key figure", 9, colour=MUTED, after=0)
        paragraph("Key figure value", 16, bold=True, colour=self.accent, after=0)
        paragraph("Header", 8.5, colour=MUTED, after=0)
        paragraph("Footer", 8.5, colour=MUTED, after=0)
        link = Style(name="Internet link", family="text")  # LibreOffice's own name for a link's characters
        link.addElement(TextProperties(color=self.accent, textunderlinestyle="solid", textunderlinewidth="auto",
                                       textunderlinecolor="font-color"))  # fmt: skip
        styles.addElement(link)

        from odf.style import ListLevelProperties
        from odf.text import ListLevelStyleBullet, ListStyle

        bullets = ListStyle(name="Bullets")
        level = ListLevelStyleBullet(level=1, bulletchar="•")
        level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.4cm"))
        bullets.addElement(level)
        styles.addElement(bullets)

        from odf.style import TableCellProperties

        for name, fill in (("Cell", None), ("HeaderCell", self.fill)):
            cell = Style(name=name, family="table-cell")
            properties = {"border": RULE, "padding": "2.6pt"}
            if fill:
                properties["backgroundcolor"] = fill
            cell.addElement(TableCellProperties(**properties))
            self.doc.automaticstyles.addElement(cell)
        from odf.style import TableRowProperties

        row = Style(name="Row", family="table-row")
        row.addElement(TableRowProperties(keeptogether="always"))  # a row never splits across pages
        self.doc.automaticstyles.addElement(row)

    def _pages(self) -> None:
        """Portrait and landscape A4 master pages with the running header and ``Page n of m``."""
        from odf.style import Footer, Header, MasterPage, PageLayout, PageLayoutProperties
        from odf.text import P, PageCount, PageNumber

        for master, landscape in ((PORTRAIT, False), (LANDSCAPE, True)):
            layout = PageLayout(name=f"{master} layout")
            layout.addElement(PageLayoutProperties(
                pagewidth="297mm" if landscape else "210mm", pageheight="210mm" if landscape else "297mm",
                printorientation="landscape" if landscape else "portrait", margintop="1.2cm", marginbottom="1.2cm",
                marginleft="2cm", marginright="2cm"))  # fmt: skip
            self.doc.automaticstyles.addElement(layout)
            page = MasterPage(name=master, pagelayoutname=layout)
            header = Header()
            if self.logo is not None:
                logo = P(stylename="Header")
                logo.addElement(self._logo_frame(0.8, f"header-{master}".lower()))
                header.addElement(logo)
            header.addElement(P(stylename="Header", text=xml_text(self.front.running_title)))
            if self.document.synthetic:
                header.addElement(P(stylename="Notice", text=SAMPLE_SHORT))
            page.addElement(header)
            footer = Footer()
            line = P(stylename="Footer", text="Page ")
            line.addElement(PageNumber(selectpage="current", text="1"))
            line.addText(" of ")
            line.addElement(PageCount(text="1"))
            footer.addElement(line)
            page.addElement(footer)
            self.doc.masterstyles.addElement(page)

    def _properties(self) -> None:
        from odf.dc import Description, Language, Subject, Title
        from odf.meta import Keyword

        front = self.front
        self.doc.meta.addElement(Title(text=xml_text(front.title)))
        if front.description:
            self.doc.meta.addElement(Description(text=xml_text(front.description)))
        self.doc.meta.addElement(Subject(text=front.category))
        self.doc.meta.addElement(Language(text="en-GB"))
        for keyword in ("Health and Social Care Partnership", front.partnership, front.year_label):
            if keyword:
                self.doc.meta.addElement(Keyword(text=keyword))

    def _auto(self, family: str, master: str = "", **properties):
        """An automatic style (a table's or column's own widths; a paragraph that starts a master page)."""
        from odf.style import ParagraphProperties, Style, TableColumnProperties, TableProperties

        self.auto += 1
        attributes = {"name": f"A{self.auto}", "family": family}
        if master:
            attributes["masterpagename"] = master
        if family == "paragraph":
            attributes["parentstylename"] = properties.pop("parent")
        style = Style(**attributes)
        element = {"table": TableProperties, "table-column": TableColumnProperties,
                   "paragraph": ParagraphProperties}[family]  # fmt: skip
        if properties:
            style.addElement(element(**properties))
        self.doc.automaticstyles.addElement(style)
        return style

    # ---------------------------------------------------------------------------------------------- blocks
    def _para(self, text: str = "", style: str = "Standard", container=None):
        from odf.text import P

        if self.pending_master and container is None:
            style = self._auto("paragraph", self.pending_master, parent=style)
            self.pending_master = ""
        paragraph = P(stylename=style, text=xml_text(text))
        (container if container is not None else self.doc.text).addElement(paragraph)
        return paragraph

    @staticmethod
    def _linked(paragraph, text: str, links):
        """``text`` in ``paragraph``, a link's words a link in the ``Internet link`` style. A file's name is written
        from the package (``../report.pdf``): ODF resolves a relative link from inside the .odt file, so that is
        the file beside it."""
        from odf.text import A

        for words, target in linked(text, links):
            if not target:
                paragraph.addText(xml_text(words))
                continue
            relative = ":" not in target and not target.startswith(("/", "#"))
            anchor = A(href=f"../{target}" if relative else target, type="simple", stylename="Internet link")
            anchor.addText(xml_text(words))
            paragraph.addElement(anchor)
        return paragraph

    def contents(self) -> None:
        """A contents index of the parts' level-1 headings, its entries written in advance, each with its page
        number as a page reference to a bookmark on the part's heading: LibreOffice and Word lay the page numbers
        out on opening (and in a PDF export) without the index being updated; updating it writes them afresh."""
        from odf.text import (
            BookmarkRef,
            IndexBody,
            IndexEntryPageNumber,
            IndexEntryTabStop,
            IndexEntryText,
            IndexTitle,
            IndexTitleTemplate,
            P,
            Tab,
            TableOfContent,
            TableOfContentEntryTemplate,
            TableOfContentSource,
        )

        toc = TableOfContent(name="Contents", protected="true")
        source = TableOfContentSource(outlinelevel=1)
        source.addElement(IndexTitleTemplate(stylename="Contents heading", text="Contents"))
        entry = TableOfContentEntryTemplate(outlinelevel=1, stylename="Contents 1")
        entry.addElement(IndexEntryText())
        entry.addElement(IndexEntryTabStop(type="right", leaderchar="."))
        entry.addElement(IndexEntryPageNumber())
        source.addElement(entry)
        toc.addElement(source)
        body = IndexBody()
        title = IndexTitle(name="Contents heading")
        title.addElement(P(stylename="Contents heading", text="Contents"))
        body.addElement(title)
        for i, part in enumerate(self.document.contents, 1):
            entry = P(stylename="Contents 1", text=xml_text(part.title))
            entry.addElement(Tab())
            entry.addElement(BookmarkRef(referenceformat="page", refname=f"part-{i}", text="?"))  # laid out: its page
            self.bookmarks[id(part)] = f"part-{i}"
            body.addElement(entry)
        toc.addElement(body)
        self.doc.text.addElement(toc)

    def part(self, part) -> None:
        blocks = list(part.blocks)
        if not blocks:
            return
        wide, landscape_part, layouts = page_plan(blocks)
        self.bookmark = self.bookmarks.get(id(part), "")
        for block, landscape in zip(blocks, wide):
            self._orientation(landscape_part or landscape)
            self.block(block, layouts)

    def _orientation(self, landscape: bool) -> None:
        if landscape != self.landscape:
            self.pending_master = LANDSCAPE if landscape else PORTRAIT
            self.landscape = landscape

    def block(self, block, layouts) -> None:
        from odf.text import Bookmark, H, List, ListItem, P, Span

        if isinstance(block, Title):
            if block.eyebrow:
                self._para(block.eyebrow, "Subtitle")
            self._para(block.text, "Title")
        elif isinstance(block, Facts):
            rows = [(label, value if value is not None else "(to be filled in)") for label, value in block.rows]
            self._grid(rows, [130.0, PORTRAIT_WIDTH_PT - 130.0], header=False, name="Facts")
        elif isinstance(block, Notice):
            self._para(block.text, "Notice")
        elif isinstance(block, Heading):
            if not block.outlined:
                self._para(block.text, "Sources heading")
                return
            level = max(1, min(4, block.level - self.shift))
            style = f"Heading {level}"
            if self.pending_master:
                style = self._auto("paragraph", self.pending_master, parent=style, breakbefore="auto")
                self.pending_master = ""
            heading = H(outlinelevel=level, stylename=style, text=xml_text(block.text))
            if self.bookmark:  # where the contents entry's page number points
                heading.addElement(Bookmark(name=self.bookmark))
                self.bookmark = ""
            self.doc.text.addElement(heading)
        elif isinstance(block, Paragraph):
            self._para(block.text, {"lead": "Lead", "not-included": "Not included"}.get(block.style, "Standard"))
        elif isinstance(block, BulletList):
            items = List(stylename="Bullets")
            for item in block.items:
                entry = ListItem()
                entry.addElement(self._linked(P(stylename="List Bullet"), item, block.links))
                items.addElement(entry)
            if self.pending_master:
                self._para("", "Standard")
            self.doc.text.addElement(items)
        elif isinstance(block, Note):
            self._para(block.text, "Note")
        elif isinstance(block, KeyFigures):
            per_row = min(3, len(block.items))
            width = self._width() / per_row
            rows = [list(block.items[i : i + per_row]) for i in range(0, len(block.items), per_row)]
            table = self._table_element("Key figures", [width] * per_row)
            for items in rows:
                row = self._row(table)
                for item in items:
                    cell = self._cell(row)
                    cell.addElement(P(stylename="Key figure", text=xml_text(item.label)))
                    value = P(stylename="Key figure value")
                    value.addElement(Span(text=xml_text(item.value)))
                    cell.addElement(value)
                    if item.detail:
                        cell.addElement(P(stylename="Key figure", text=xml_text(item.detail)))
                for _ in range(per_row - len(items)):
                    self._cell(row)
            self.doc.text.addElement(table)
        elif isinstance(block, Figure):
            self._figure(block)
        elif isinstance(block, Table):
            self._data_table(block, layouts[id(block)])
        else:
            raise TypeError(f"the ODT writer has no rendering for {type(block).__name__}")

    def _width(self) -> float:
        return LANDSCAPE_WIDTH_PT if self.landscape else PORTRAIT_WIDTH_PT

    def _table_element(self, name: str, widths: list[float]):
        from odf.table import Table as OdfTable
        from odf.table import TableColumn

        self.table_count += 1
        style = self._auto("table", self.pending_master, width=_pt(sum(widths)), align="left")
        self.pending_master = ""
        table = OdfTable(name=f"{name} {self.table_count}"[:60], stylename=style)
        for width in widths:
            table.addElement(TableColumn(stylename=self._auto("table-column", columnwidth=_pt(width))))
        return table

    def _row(self, parent):
        from odf.table import TableRow

        row = TableRow(stylename="Row")
        parent.addElement(row)
        return row

    def _cell(self, row, header: bool = False):
        from odf.table import TableCell

        cell = TableCell(stylename="HeaderCell" if header else "Cell", valuetype="string")
        row.addElement(cell)
        return cell

    def _grid(self, rows, widths, header: bool, name: str) -> None:
        from odf.text import P

        table = self._table_element(name, widths)
        for label, value in rows:
            row = self._row(table)
            self._cell(row).addElement(P(stylename="Table heading", text=xml_text(label)))
            self._cell(row).addElement(P(stylename="Table text", text=xml_text(value)))
        self.doc.text.addElement(table)

    def _data_table(self, block: Table, layout: dict) -> None:
        """A real table: the header row repeats on every page (``table:table-header-rows``), no row splits."""
        from odf.table import TableHeaderRows
        from odf.text import P

        if block.caption:
            self._para(block.caption, "Caption")
        scale = min(1.0, self._width() / sum(layout["widths"]))
        table = self._table_element(block.name, [w * scale for w in layout["widths"]])
        number = [c.role == "number" for c in block.columns]
        head = TableHeaderRows()
        row = self._row(head)
        for column, is_number in zip(block.columns, number):
            style = "Table heading number" if is_number else "Table heading"
            self._cell(row, header=True).addElement(P(stylename=style, text=xml_text(column.name)))
        table.addElement(head)
        for values in block.rows:
            row = self._row(table)
            for value, is_number in zip(values, number):
                self._cell(row).addElement(P(stylename="Table number" if is_number else "Table text",
                                             text=xml_text(value)))  # fmt: skip
        self.doc.text.addElement(table)
        for note in block.notes:
            self._para(note, "Note")

    def _figure(self, block: Figure) -> None:
        """The chart as a picture (drawn from its SVG), its alt text as the frame's title and description."""
        from odf.draw import Frame, Image
        from odf.svg import Desc
        from odf.svg import Title as SvgTitle

        from hscp_nb.writers.pdf import svg_to_png

        png, width_pt = svg_to_png(block.svg, PICTURE_PPI)
        pixels_wide, pixels_high = struct.unpack(">II", png[16:24])
        width = min(width_pt, self._width())
        height = width * pixels_high / pixels_wide
        self.figure_count += 1
        href = self.doc.addPicture(f"Pictures/figure-{self.figure_count}.png", "image/png", png)
        paragraph = self._para("", "Figure")
        frame = Frame(name=f"Figure {self.figure_count}: {block.name}", anchortype="as-char", width=_pt(width),
                      height=_pt(height))  # fmt: skip
        frame.addElement(Image(href=href))
        frame.addElement(SvgTitle(text=xml_text(block.alt)))
        frame.addElement(Desc(text=xml_text(block.alt)))
        paragraph.addElement(frame)
        if block.caption:
            self._para(block.caption, "Note")
