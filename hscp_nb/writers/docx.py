"""The Word writer: a document's blocks as an editable ``.docx`` that a communications team finishes in Word.

Everything the reader sees is set through named Word styles (``Heading 1``–``4``, ``Title``, ``Caption``,
``Table text``, ``Table heading``, ``Table number``, ``Note``, ``Lead``, ``Not included``, ``Notice``, ``Figure``,
``Key figure``, ``Key figure value``, the character style ``Hyperlink`` and the table style ``Report table``), so a
partnership restyles the report by changing those styles only: no run carries its own font, size or colour. Every
colour is dark enough for 4.5:1 on white (:data:`COLOURS`).

Layout follows the PDF: A4 with 2 cm margins; a header with the partnership and year (and the sample-data notice
when the figures are synthetic); a footer with ``Page n of m`` as PAGE and NUMPAGES fields; a contents field listing
every part with PAGEREF page numbers (Word refreshes it on opening); each part on a new page. Tables are real Word
tables with a repeating header row and rows that never split, their column widths and orientation chosen as for the
PDF (:func:`hscp_nb.document.measure.table_layout`); a table that needs a landscape page gets a landscape section of
its own. Charts are pictures (rendered from the figure's SVG) with their alt text. The language is en-GB throughout
and the core properties carry the title, partnership, year and build time.

The title page is blocks like any other (a title, facts, the sample-data notice, the sources); a facts row without a
value is a Word content control to fill in (a board paper's meeting, author and dates). A short document (a board
paper) has no contents list and its parts run on.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

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
from hscp_nb.document.measure import LANDSCAPE_WIDTH_PT, PORTRAIT_WIDTH_PT, kept_with_next, page_plan
from hscp_nb.document.model import SAMPLE_SHORT, Document
from hscp_nb.document.values import xml_text
from hscp_nb.domain.brand import Brand, Logo

LANGUAGE = "en-GB"
FONT = "Arial"
# Every text colour of the styles, each at least 4.5:1 on white (a test computes them from styles.xml).
COLOURS = {
    "ink": "0B0C0C",  # 19.4:1
    "blue": "12436D",  # 10.3:1
    "muted": "3D3D3D",  # 11.0:1
    "amber": "6B4E00",  # 7.6:1
    "pink": "801650",  # 9.2:1
}
HEADER_FILL = "E8EEF4"
RULE_GREY = "B1B4B6"
PICTURE_PPI = 150  # a 16 cm chart is 950 pixels wide; 20 ms a chart (200 ppi: 40 ms)
# A table of at most this many rows is kept on one page (Word's "keep with next" on its rows).
KEEP_WHOLE_ROWS = 15
# The named styles the writer sets its blocks in (a template lacking one gets the writer's own).
WRITER_STYLES = {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading", "TOC 1",
                 "List Bullet", "Caption", "Note", "Lead", "Not included", "Notice", "Figure", "Table text",
                 "Table heading", "Table number", "Table heading number", "Key figure", "Key figure value", "Hyperlink",
                 "Header", "Footer", "Report table"}  # fmt: skip
# A table cell's paragraph style by (header row?, number column?): numbers are right-aligned, headers bold.
CELL_STYLES = {
    (True, False): "Table heading",
    (True, True): "Table heading number",
    (False, False): "Table text",
    (False, True): "Table number",
}


def render_docx(document: Document, created: dt.datetime | None = None) -> bytes:
    """The document as a Word file (bytes)."""
    import docx

    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    template = document.front.template
    word = docx.Document(template) if template else docx.Document()
    kept: set[str] = set()
    if template:  # a partnership's own paper template: its styles and numbering win, its body is left out
        body = word.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        kept = {style.name for style in word.styles}
    _styles(word, parts_start_pages=document.front.part_per_page, kept=kept)
    if document.brand is not None and not template:  # a partnership's paper template wins for the styles
        _brand_styles(word, document.brand)
    _properties(word, document, created)
    section = word.sections[0]
    _page(section, landscape=False)
    _running_header_footer(section, document)
    writer = _Writer(word, document)
    if document.brand is not None and document.brand.logo is not None:
        _logos(word, section, document.brand.logo)
    for block in document.title_blocks:
        writer.block(block, {})
    if document.contents:
        writer.contents()
    for part in document.parts:
        writer.part(part)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------- XML helpers
def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _replace(parent, tag: str, **attrs):
    """Set ``parent``'s single child ``tag`` to a new element with ``attrs`` (removing any earlier one)."""
    from docx.oxml.ns import qn

    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = _el(tag, **attrs)
    parent.append(element)
    return element


def _field_start(paragraph, instruction: str) -> None:
    """Open a complex field (PAGE, NUMPAGES, TOC, PAGEREF ...) at the end of ``paragraph``: what follows, up to
    :func:`_field_end`, is its cached result."""
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="begin"))
    text = _el("w:instrText")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))


def _field_end(paragraph) -> None:
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))


CONTENTS_UPDATE = (
    "Page numbers appear when the contents are updated: in Word, References › Update Table; in LibreOffice, "
    "Tools › Update › Update All."
)


def _field_runs(paragraph, instruction: str, shown: str = "") -> None:
    """A whole field at the end of ``paragraph``, with ``shown`` as its cached text."""
    _field_start(paragraph, instruction)
    if shown:
        paragraph.add_run(shown)
    _field_end(paragraph)


# ------------------------------------------------------------------------------------------------- styles
def _colour(style, name: str) -> None:
    _replace(style.element.get_or_add_rPr(), "w:color", val=COLOURS[name])


def _styles(word, parts_start_pages: bool = True, kept: set[str] = frozenset()) -> None:
    """The report's look, all in named styles; text defaults to Arial 11 pt, en-GB. Styles named in ``kept`` (those
    a partnership's template defines) are used as they are, and the template's defaults stand."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = word.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _replace(defaults, "w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA")  # en-GB, whatever the template
    for lang in styles.element.iter(qn("w:lang")):
        if lang.getparent() is not defaults:
            lang.getparent().remove(lang)
    if kept:
        _missing_styles(word, kept, parts_start_pages)
        _readable_colours(word)
        return
    _replace(defaults, "w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)

    normal = styles["Normal"]
    normal.font.size = Pt(11)
    _colour(normal, "ink")
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    def paragraph_style(name, base="Normal", size=None, bold=None, italic=None, colour=None, after=None, before=None):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.quick_style = True
        # the built-in styles bring theme fonts and colours of their own: the report's replace them
        rpr = style.element.get_or_add_rPr()
        for tag in ("w:rFonts", "w:color"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
        if size is not None:
            style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        _colour(style, colour or "ink")
        if after is not None:
            style.paragraph_format.space_after = Pt(after)
        if before is not None:
            style.paragraph_format.space_before = Pt(before)
        return style

    title = paragraph_style("Title", size=26, bold=True, colour="blue", after=12)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    paragraph_style("Subtitle", size=14, bold=True, italic=False, colour="muted", after=6)
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
        style = paragraph_style(
            f"Heading {level}", size=size, bold=True, italic=False, colour="blue", before=14, after=6
        )
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = parts_start_pages  # a report's parts start a page
    # (Word's own TOC Heading is based on Heading 1, whose page break would leave the contents alone on a page)
    paragraph_style("TOC Heading", size=14, bold=True, colour="blue", before=18, after=6)
    styles["TOC Heading"].paragraph_format.page_break_before = False
    toc = paragraph_style("TOC 1", after=4)
    toc.paragraph_format.tab_stops.add_tab_stop(Pt(PORTRAIT_WIDTH_PT), alignment=2, leader=1)  # right, dots
    paragraph_style("List Bullet")
    caption = paragraph_style("Caption", size=10, bold=True, colour="ink", before=10, after=4)
    caption.paragraph_format.keep_with_next = True
    paragraph_style("Note", size=9, colour="muted", after=4)
    # an outcome's statement stays with what follows it, as its heading does
    paragraph_style("Lead", italic=True).paragraph_format.keep_with_next = True
    not_included = paragraph_style("Not included")
    pbdr = not_included.element.get_or_add_pPr()
    border = _replace(pbdr, "w:pBdr")
    border.append(_el("w:left", val="single", sz="24", space="6", color=COLOURS["pink"]))
    not_included.paragraph_format.left_indent = Pt(8)
    notice = paragraph_style("Notice", size=10, bold=True, colour="amber", after=6)
    notice.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    figure = paragraph_style("Figure", before=10, after=2)
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.keep_together = True
    paragraph_style("Table text", size=8.5, after=0)
    styles["Table text"].paragraph_format.line_spacing = 1.0
    paragraph_style("Table heading", base="Table text", bold=True)
    paragraph_style("Table number", base="Table text").paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph_style("Table heading number", base="Table heading").paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph_style("Key figure", size=9, colour="muted", after=0)
    value = styles.add_style("Key figure value", WD_STYLE_TYPE.CHARACTER)
    value.font.size = Pt(16)
    value.font.bold = True
    _colour(value, "blue")
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    _colour(link, "blue")
    for name in ("Header", "Footer"):
        paragraph_style(name, size=8.5, colour="muted", after=0)
    _table_style(word)


LARGE_STYLES = ("Title", "Heading 1", "Heading 2", "TOC Heading")  # 14 pt bold or more: large text, 3:1 on white
ACCENT_STYLES = ("Heading 3", "Heading 4", "Key figure value", "Hyperlink")  # smaller: 4.5:1 on white


def _brand_styles(word, brand: Brand) -> None:
    """The partnership's look in the named styles (its colours already checked for their use on white:
    :mod:`hscp_nb.domain.brand`): body text in its text colour and base font, large headings in its heading colour,
    smaller headings, key figures and links in its accent, headings in its heading font, the tables' header rows in
    its tint. Word has the font by name: the reader's computer needs it installed (the PDF embeds it)."""
    from docx.oxml.ns import qn

    styles = word.styles
    if brand.base_family:
        defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        family = brand.base_family
        _replace(defaults, "w:rFonts", ascii=family, hAnsi=family, cs=family, eastAsia=family)
    colours = {"Normal": brand.text, **dict.fromkeys(LARGE_STYLES, brand.heading),
               **dict.fromkeys(ACCENT_STYLES, brand.accent)}  # fmt: skip
    for name, colour in colours.items():
        _replace(styles[name].element.get_or_add_rPr(), "w:color", val=colour.lstrip("#"))
    if brand.heading_family:
        family = brand.heading_family
        for name in (*LARGE_STYLES, "Heading 3", "Heading 4"):
            _replace(styles[name].element.get_or_add_rPr(), "w:rFonts", ascii=family, hAnsi=family, cs=family)
    for shading in styles["Report table"].element.iter(qn("w:shd")):
        shading.set(qn("w:fill"), brand.tint.lstrip("#"))


def _logos(word, section, logo: Logo) -> None:
    """The logo at the head of the title page (1.8 cm high) and of every page's header (0.8 cm), its alt text on
    both."""
    from docx.shared import Cm

    from hscp_nb.writers.pdf import logo_png

    png, ratio = logo_png(logo)
    first = word.element.body[0]
    paragraph = word.add_paragraph(style="Figure")
    first.addprevious(paragraph._p)
    header = section.header.paragraphs[0].insert_paragraph_before(style="Header")
    for where, height in ((paragraph, 1.8), (header, 0.8)):
        shape = where.add_run().add_picture(io.BytesIO(png), width=Cm(height * ratio), height=Cm(height))
        shape._inline.docPr.set("descr", logo.alt)
        shape._inline.docPr.set("name", f"Logo: {logo.name}")


def contrast_on_white(hex_colour: str) -> float:
    """WCAG contrast ratio of a text colour (``"1D70B8"``) on white."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)


def _readable_colours(word) -> None:
    """A template's text colours below 4.5:1 on white (WCAG AA) become the writer's ink: the paper is published."""
    from docx.oxml.ns import qn

    for colour in word.styles.element.iter(qn("w:color")):
        value = colour.get(qn("w:val"))
        if value and value != "auto" and len(value) == 6 and contrast_on_white(value) < 4.5:
            colour.set(qn("w:val"), COLOURS["ink"])
            for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
                colour.attrib.pop(qn(theme), None)


def _missing_styles(word, kept: set[str], parts_start_pages: bool) -> None:
    """With a template: add only the styles the writer needs and the template lacks, each as the writer's own
    (taken from a document styled the writer's way), so the template's look is never overridden."""
    import copy

    import docx

    own = docx.Document()
    _styles(own, parts_start_pages)
    for style in own.styles:
        if style.name not in kept and style.name in WRITER_STYLES:
            word.styles.element.append(copy.deepcopy(style.element))


def _table_style(word) -> None:
    """``Report table``: thin grey rules, a shaded bold header row, cell margins of 3.5 pt."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    style = word.styles.add_style("Report table", WD_STYLE_TYPE.TABLE)
    style.base_style = word.styles["Normal Table"]
    style.quick_style = True
    element = style.element
    tblpr = element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = _el("w:tblPr")
        element.append(tblpr)
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color=RULE_GREY))
    tblpr.append(borders)
    margins = _el("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(f"w:{side}", w="70", type="dxa"))
    tblpr.append(margins)
    first = _el("w:tblStylePr", type="firstRow")
    rpr = _el("w:rPr")
    rpr.append(_el("w:b"))
    first.append(rpr)
    tcpr = _el("w:tcPr")
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=HEADER_FILL))
    first.append(tcpr)
    element.append(first)


# ------------------------------------------------------------------------------------------------- document
def _properties(word, document: Document, created: dt.datetime) -> None:
    front = document.front
    props = word.core_properties
    props.title = front.title
    props.subject = front.description
    props.author = front.partnership or "hscp_nb"
    props.last_modified_by = "hscp_nb"
    props.category = front.category
    props.keywords = "; ".join(
        k for k in ("Health and Social Care Partnership", front.partnership, front.year_label) if k
    )
    props.comments = SAMPLE_SHORT if document.synthetic else ""
    props.language = LANGUAGE
    props.created = props.modified = created.replace(tzinfo=None)
    props.revision = 1
    settings = word.settings.element
    _replace(settings, "w:themeFontLang", val=LANGUAGE)
    if document.contents:
        # Word fills the contents field's page numbers on opening (LibreOffice does so when it lays out the pages)
        settings.insert(0, _el("w:updateFields", val="true"))


def _page(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm

    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1)


def _running_header_footer(section, document: Document) -> None:
    header = section.header.paragraphs[0]
    header.style = "Header"
    header.text = document.front.running_title
    if document.synthetic:
        section.header.add_paragraph(SAMPLE_SHORT, style="Notice")
    footer = section.footer.paragraphs[0]
    footer.style = "Footer"
    footer.add_run("Page ")
    _field_runs(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field_runs(footer, "NUMPAGES", "1")


class _Writer:
    def __init__(self, word, document: Document):
        self.word = word
        # python-docx finds a style by name among all 170 on every call (2 s a report); the ids are looked up once
        self.style_ids = {s.name: s.style_id for s in word.styles}
        self.document = document
        self.landscape = False
        self.bookmark_id = 0
        self.figure_id = 0
        levels = [b.level for p in document.parts for b in p.blocks if isinstance(b, Heading)]
        self.shift = (min(levels) - 1) if levels else 0  # the parts' headings become Heading 1
        self.bookmark = ""  # the current part's, set on its first heading
        self.first_of_part = False
        self.keep_next = False  # the paragraphs being written stay on the page of what follows them
        self.new_section_here = False  # a section break (new page) was just made: no page break of a heading's own

    # ---------------------------------------------------------------------------------------- front matter
    def _facts(self, rows: list[tuple[str, str | None]]) -> None:
        """A two-column table of the title page's facts; a row without a value is a field to fill in Word."""
        from docx.shared import Pt

        if not rows:
            return
        table = self.word.add_table(rows=len(rows), cols=2)
        table.style = "Report table"
        self._look(table, header=False)
        widths = [Pt(130), Pt(PORTRAIT_WIDTH_PT - 130)]
        table.autofit = False
        for column, width in zip(table.columns, widths):  # the grid, which LibreOffice reads (Word reads the cells)
            column.width = width
        for row, (label, value) in zip(table.rows, rows):
            self._cant_split(row)
            for cell, width in zip(row.cells, widths):
                cell.width = width
            self._style(row.cells[0].paragraphs[0], "Table heading")
            row.cells[0].paragraphs[0].add_run(label)
            paragraph = row.cells[1].paragraphs[0]
            self._style(paragraph, "Table text")
            if value is None:
                self._content_control(paragraph, label)
            else:
                paragraph.add_run(value)
        self._para()

    def _content_control(self, paragraph, label: str) -> None:
        """A Word content control to fill in: a date picker for a date, plain text otherwise."""
        sdt = _el("w:sdt")
        pr = _el("w:sdtPr")
        pr.append(_el("w:alias", val=label))
        pr.append(_el("w:tag", val=re.sub(r"\W+", "-", label.lower()).strip("-")))
        pr.append(_el("w:showingPlcHdr"))
        if "date" in label.lower():
            date = _el("w:date")
            date.append(_el("w:dateFormat", val="d MMMM yyyy"))
            date.append(_el("w:lid", val=LANGUAGE))
            pr.append(date)
            prompt = "Choose a date"
        else:
            pr.append(_el("w:text"))
            prompt = f"Enter {label.lower()}"
        sdt.append(pr)
        content = _el("w:sdtContent")
        run = _el("w:r")
        text = _el("w:t")
        text.text = prompt
        run.append(text)
        content.append(run)
        sdt.append(content)
        paragraph._p.append(sdt)

    def contents(self) -> None:
        """The contents list: a TOC field whose entries (the parts) carry PAGEREF fields to the parts' bookmarks."""
        self._para("Contents", "TOC Heading")
        parts = self.document.contents
        for i, part in enumerate(parts):
            paragraph = self._para(style="TOC 1")
            if i == 0:
                _field_start(paragraph, 'TOC \\o "1-1" \\h \\z \\u')  # the whole list is the TOC field's result
            paragraph.add_run(part.title)
            paragraph.add_run("\t")
            _field_runs(paragraph, f"PAGEREF {_bookmark(part.id)} \\h")
            if i == len(parts) - 1:
                _field_end(paragraph)
        # The field's page numbers are Word's to fill (it offers to on opening); a program that does not update
        # fields shows none, and the PDF's would not be Word's pages, so the reader is told how to fill them.
        self._para(CONTENTS_UPDATE, "Note")

    # ---------------------------------------------------------------------------------------- the parts
    def part(self, part) -> None:
        """A part's blocks; a table that needs a landscape page gets a landscape section with the headings just above
        it, and a part whose every table needs one (the annex) is landscape whole."""
        blocks = list(part.blocks)
        if not blocks:
            return
        wide, landscape_part, layouts = page_plan(blocks)
        self.bookmark = _bookmark(part.id)
        self.first_of_part = True
        for block, landscape, kept in zip(blocks, wide, kept_with_next(blocks)):
            self._orientation(landscape_part or landscape)
            self.keep_next = kept  # a heading's opening text, kept with the chart or table it introduces
            self.block(block, layouts)
            self.keep_next = self.new_section_here = False

    def block(self, block, layouts) -> None:
        if isinstance(block, Title):
            if block.eyebrow:
                self._para(block.eyebrow, "Subtitle")
            self._para(block.text, "Title")
        elif isinstance(block, Facts):
            self._facts(list(block.rows))
        elif isinstance(block, Notice):
            self._para(block.text, "Notice")
        elif isinstance(block, Heading):
            self._heading(block.text, block.level, toc=block.outlined)
        elif isinstance(block, Paragraph):
            style = {"lead": "Lead", "not-included": "Not included"}.get(block.style, "Normal")
            self._para(block.text, style)
        elif isinstance(block, BulletList):
            for item in block.items:
                self._linked(self._para(style="List Bullet"), item, block.links)
        elif isinstance(block, Note):
            self._para(block.text, "Note")
        elif isinstance(block, KeyFigures):
            self._key_figures(block)
        elif isinstance(block, Figure):
            self._figure(block)
        elif isinstance(block, Table):
            self._table(block, layouts[id(block)])
        else:
            raise TypeError(f"the Word writer has no rendering for {type(block).__name__}")

    def _heading(self, text: str, level: int, toc: bool = True) -> None:
        word_level = max(1, min(4, level - self.shift)) if toc else level
        paragraph = self._para(text, f"Heading {word_level}")
        if self.new_section_here:
            paragraph.paragraph_format.page_break_before = False  # the section break already starts a page
        if self.first_of_part and toc:
            _bookmark_paragraph(paragraph, self.bookmark, self._next_bookmark_id())
            self.first_of_part = False

    def _next_bookmark_id(self) -> int:
        self.bookmark_id += 1
        return self.bookmark_id

    def _orientation(self, landscape: bool) -> None:
        from docx.enum.section import WD_SECTION

        if landscape == self.landscape:
            return
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape)
        self.landscape = landscape
        self.new_section_here = True

    # ---------------------------------------------------------------------------------------- kinds
    def _key_figures(self, block: KeyFigures) -> None:
        from docx.shared import Pt

        items = list(block.items)
        per_row = min(3, len(items))
        table = self.word.add_table(rows=(len(items) + per_row - 1) // per_row, cols=per_row)
        table.style = "Report table"
        self._look(table, header=False)
        width = Pt(self._text_width() / per_row)
        for n, item in enumerate(items):
            cell = table.rows[n // per_row].cells[n % per_row]
            cell.width = width
            label = cell.paragraphs[0]
            self._style(label, "Key figure")
            label.add_run(item.label)
            value = self._para(style="Key figure", container=cell)
            value.add_run(item.value, style="Key figure value")
            if item.detail:
                self._para(item.detail, "Key figure", container=cell)
        for row in table.rows:
            self._cant_split(row)
        self._para()

    def _figure(self, block: Figure) -> None:
        from docx.shared import Pt

        from hscp_nb.writers.pdf import svg_to_png

        png, width_pt = svg_to_png(block.svg, PICTURE_PPI)
        paragraph = self._para(style="Figure")
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Pt(min(width_pt, self._text_width())))
        self.figure_id += 1
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", block.alt)  # the alt text screen readers read
        doc_pr.set("name", f"Figure {self.figure_id}: {block.name}")
        if block.caption:
            self._para(block.caption, "Caption").paragraph_format.keep_with_next = False

    def _table(self, block: Table, layout: dict) -> None:
        """A real Word table: the header row repeats on every page, no row splits, a table of up to
        KEEP_WHOLE_ROWS rows stays on one page. Written as one piece of XML (python-docx's cell-by-cell calls took
        0.7 s a report)."""
        if block.caption:
            self._para(block.caption, "Caption")
        scale = min(1.0, self._text_width() / sum(layout["widths"]))
        widths = [round(w * scale * 20) for w in layout["widths"]]  # twentieths of a point
        number = [c.role == "number" for c in block.columns]
        keep = len(block.rows) <= KEEP_WHOLE_ROWS
        rows = []
        for r, values in enumerate([[c.name for c in block.columns], *block.rows]):
            keep_next = "<w:keepNext/>" if keep and r < len(block.rows) else ""
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle '
                f'w:val="{self.style_ids[CELL_STYLES[r == 0, is_number]]}"/>{keep_next}</w:pPr>'
                f'<w:r><w:t xml:space="preserve">{_xml_text(value)}</w:t></w:r></w:p></w:tc>'
                for value, is_number, width in zip(values, number, widths)
            )
            header = "<w:tblHeader/>" if r == 0 else ""
            rows.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{cells}</w:tr>")
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        xml = (
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{self.style_ids["Report table"]}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
            f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
        )
        self.word.element.body.sectPr.addprevious(parse_xml(xml))
        for note in block.notes:
            self._para(note, "Note")
        if not block.notes:
            self._para(style="Note")  # Word needs a paragraph between two tables

    # ---------------------------------------------------------------------------------------- helpers
    def _linked(self, paragraph, text: str, links) -> None:
        """``text`` as runs of ``paragraph``, a link's words a hyperlink in the ``Hyperlink`` style: an address as
        it is, a file's name relative to the Word file's folder (where the files it names are published)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml.ns import qn

        for words, target in linked(text, links):
            if not target:
                paragraph.add_run(xml_text(words))
                continue
            hyperlink = _el("w:hyperlink", history=1)
            hyperlink.set(qn("r:id"), paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
            run = paragraph.add_run(xml_text(words), style="Hyperlink")._r
            hyperlink.append(run)  # moves the run into the hyperlink
            paragraph._p.append(hyperlink)

    def _style(self, paragraph, name: str):
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self.style_ids[name]
        return paragraph

    def _para(self, text: str = "", style: str = "Normal", container=None):
        paragraph = (container or self.word).add_paragraph()
        if text:
            paragraph.add_run(xml_text(text))
        paragraph = self._style(paragraph, style)
        if self.keep_next and container is None:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _text_width(self) -> float:
        return LANDSCAPE_WIDTH_PT if self.landscape else PORTRAIT_WIDTH_PT

    @staticmethod
    def _look(table, header: bool) -> None:
        look = _replace(table._tbl.tblPr, "w:tblLook", val="0420" if header else "0400")
        for name, on in (("firstRow", header), ("lastRow", False), ("firstColumn", False), ("lastColumn", False),
                         ("noHBand", True), ("noVBand", True)):  # fmt: skip
            look.set(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{name}", "1" if on else "0")

    @staticmethod
    def _cant_split(row) -> None:
        _replace(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(xml_text(text))


def _bookmark(part_id: str) -> str:
    """A part's bookmark name (Word allows letters, digits and underscores, 40 at most, starting with a letter)."""
    return ("_Toc_" + re.sub(r"\W", "_", part_id))[:40]


def _bookmark_paragraph(paragraph, name: str, number: int) -> None:
    start = _el("w:bookmarkStart", id=number, name=name)
    end = _el("w:bookmarkEnd", id=number)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)
