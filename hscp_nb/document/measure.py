"""Text widths from the report font's own metrics, and table column widths that never break a word or a number.

Both the charts and the PDF use DejaVu Sans as matplotlib ships it, so the widths here are the widths Typst sets.
Each column gets at least its longest unbreakable piece (a word of text, the whole of a number); the room left over
goes where it shortens the tallest row most, so that no text column is squeezed into a ribbon of one word a line
while a number column keeps room it does not need.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from hscp_nb.document.blocks import Table


def font_dir() -> Path:
    """The folder of the DejaVu fonts matplotlib ships: the one font of the charts and the PDF, on any machine."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    from fontTools.ttLib import TTFont

    font = TTFont(font_dir() / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    return widths, widths.get(ord("0"), 0.6)


@lru_cache(maxsize=8192)  # a table's words recur in every layout tried and every line-filling: 5x fewer sums
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points (no kerning: a hair wider than set, never narrower)."""
    widths, fallback = _advances(bold)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size


# Where the Unicode line-breaking rules (UAX #14, which Typst, LibreOffice and Word follow) let a line end inside a
# run of non-spaces: after a slash that a letter follows ("improved/", "www.example.org/") and after a hyphen that a
# letter follows ("calendar-"). Never before a digit, so "2019/20", "NI-12" and "orkn-2025-02" stay whole.
_BREAK_INSIDE = re.compile(r"(?<=/)(?=[^\W\d_])|(?<=-)(?=[^\W\d_])")


def unbreakable(text: str, number: bool = False) -> list[str]:
    """The pieces of a cell no line may break: a number whole, text by its words and the break points above."""
    if number:
        return [text]
    return [piece for word in text.split() for piece in _BREAK_INSIDE.split(word)]


def column_widths(table: Table, available: float, size: float, padding: float) -> list[float] | None:
    """Widths in points that fill ``available``, or None when the table's unbreakable pieces do not fit.

    ``padding`` is a cell's inset on each side. Header cells are set in bold. Every column is at least as wide as
    its longest unbreakable piece. When every cell fits on one line the room left over is shared in proportion to
    the columns' widths; when not, it goes where it makes the table shortest (:func:`_shortest`)."""
    inset = 2 * padding + 0.5
    least, most, natural = [], [], []
    for i, column in enumerate(table.columns):
        number = column.role == "number"
        cells = [row[i] for row in table.rows]
        pieces = [text_width(w, size, bold=True) for w in unbreakable(column.name)]
        pieces += [text_width(w, size) for cell in cells for w in unbreakable(cell, number)]
        whole = [text_width(column.name, size, bold=True)] + [text_width(cell, size) for cell in cells]
        least.append(max(pieces + [0]) + inset)
        most.append(max(whole + pieces + [0]) + inset)
        natural.append(whole)
    if sum(least) > available:
        return None
    if sum(most) <= available:
        spare = available - sum(most)
        return [m + spare * m / sum(most) for m in most]
    return _shortest(np.array(natural).T, np.array(least), np.array(most), available, inset)


# The room above the columns' least widths is handed out in this many equal steps
WIDTH_STEPS = 48


def _shortest(natural, least, most, available: float, inset: float) -> list[float]:
    """Widths between ``least`` and ``most`` that add up to ``available`` and make the table about as short as it
    can be: step by step, the room goes to the column whose widening shortens the table most. A row is as tall as
    its tallest cell, and a cell about its one-line width (``natural``, rows by columns, the header row first) over
    its column's width, in lines, at least one. The table's height is convex in the widths, so the steps find
    nearly its least; a text column that would run to many lines draws the room a number column does not need.
    About 4 ms for the annex's 13 columns."""
    natural = np.hstack([natural, np.zeros((len(natural), 1))])  # a column of nothing: every row has a second
    least, most = np.append(least, 0.0), np.append(most, 0.0)
    widths = least.astype(float).copy()
    step = (available - widths.sum()) / WIDTH_STEPS
    columns = np.arange(natural.shape[1])
    for _ in range(WIDTH_STEPS):
        lines = np.maximum(1, natural / (widths - inset))
        ranked = np.sort(lines, axis=1)
        # a row's height without each column in turn: its tallest cell, or the second tallest beside the tallest
        others = np.where(lines.argmax(axis=1)[:, None] == columns, ranked[:, -2:-1], ranked[:, -1:])
        wider = np.maximum(1, natural / (widths + step - inset))
        heights = np.maximum(wider, others).sum(axis=0)  # the table's height were each column in turn one step wider
        heights[widths + step > most + 1e-9] = np.inf
        if np.isinf(heights).all():
            break
        widths[int(np.argmin(heights))] += step
    widths = widths[:-1]
    left = available - widths.sum()
    if left > 1e-9:  # every column reached its one-line width: share what is left as the one-line case does
        widths += left * widths / widths.sum()
    return widths.tolist()


def tallest_cell_lines(table: Table, widths: list[float], size: float, padding: float) -> int:
    """How many lines the tallest cell of ``table`` takes at ``widths`` (filled greedily, as a typesetter would)."""
    inset = 2 * padding + 0.5
    tallest = 1
    for i, column in enumerate(table.columns):
        room = widths[i] - inset
        for cell, bold in [(column.name, True)] + [(row[i], False) for row in table.rows]:
            tallest = max(tallest, _lines(unbreakable(cell, column.role == "number" and not bold), room, size, bold))
    return tallest


def _lines(pieces: list[str], room: float, size: float, bold: bool) -> int:
    space = text_width(" ", size, bold)
    lines, filled = 1, 0.0
    for piece in pieces:
        width = text_width(piece, size, bold)
        if filled and filled + space + width > room + 1e-6:
            lines, filled = lines + 1, width
        else:
            filled += (space if filled else 0) + width
    return lines


def table_height(table: Table, layout: dict) -> float:
    """About how tall ``table`` is set at its ``layout`` (points): each row its tallest cell's lines at LINE_PITCH,
    with the rows' insets and rules. Generous: a line is pitched wider than Typst sets it."""
    size, widths = layout["size"], layout["widths"]
    inset = 2 * CELL_PADDING_PT + 0.5
    rows = [([c.name for c in table.columns], True)] + [(row, False) for row in table.rows]
    lines = 0
    for cells, bold in rows:
        lines += max(_lines(unbreakable(str(cell), column.role == "number" and not bold), width - inset, size, bold)
                     for cell, column, width in zip(cells, table.columns, widths))  # fmt: skip
    return lines * size * LINE_PITCH + len(rows) * (2 * TABLE_ROW_INSET_PT + 0.5)


def is_short(table: Table, layout: dict) -> bool:
    """Whether ``table`` is surely under half its page's text height (report.typ's test of a table that moves whole
    to the next page rather than run on): its generous estimate, SHORT_MARGIN times over, still is. Typst then need
    not set the table once more to measure it (half of a report's PDF time)."""
    page = PORTRAIT_HEIGHT_PT if layout["orientation"] == "portrait" else LANDSCAPE_HEIGHT_PT
    return table_height(table, layout) * SHORT_MARGIN < page / 2


# A4 with 2 cm side margins: 170 mm of text width upright, 257 mm on a landscape page; the text height between the
# 2.2 cm top and bottom margins is 253 mm upright.
PORTRAIT_WIDTH_PT = 170 / 25.4 * 72
LANDSCAPE_WIDTH_PT = 257 / 25.4 * 72
PORTRAIT_HEIGHT_PT = 253 / 25.4 * 72
LANDSCAPE_HEIGHT_PT = 166 / 25.4 * 72  # 210 mm less the 2.2 cm margins
TABLE_ROW_INSET_PT = 2.6  # report.typ's row-inset: above and below a row's text
SHORT_MARGIN = 1.3
CELL_PADDING_PT = 3.5
# (orientation, type size) in order of preference: the first that holds every word and number whole, and sets no
# cell in more than MOST_LINES lines, is used; when none does, the fewest lines of those that hold every piece whole.
TABLE_LAYOUTS = (("portrait", 8.5), ("portrait", 8.0), ("landscape", 8.5), ("landscape", 8.0))
MOST_LINES = 6


def table_layout(table: Table) -> dict:
    """Orientation, type size and column widths (points) of a table: the first of TABLE_LAYOUTS in which no word or
    number has to break and no cell runs past MOST_LINES lines, else the one with the shortest tallest cell. A table
    too wide even for a landscape page at 8 pt keeps its smallest widths, scaled."""
    layout = _layout(table.columns, table.rows)
    return layout | {"widths": list(layout["widths"])}


@lru_cache(maxsize=256)  # the PDF, Word and ODT writers lay out the same tables: measured once (about 40 ms a report)
def _layout(columns, rows) -> dict:
    table = Table("", "", columns, rows)
    fitting = []
    for orientation, size in TABLE_LAYOUTS:
        available = PORTRAIT_WIDTH_PT if orientation == "portrait" else LANDSCAPE_WIDTH_PT
        widths = column_widths(table, available, size, CELL_PADDING_PT)
        if widths is None:
            continue
        layout = {"orientation": orientation, "size": size, "widths": widths, "fits": True}
        lines = tallest_cell_lines(table, widths, size, CELL_PADDING_PT)
        if lines <= MOST_LINES:
            return layout
        fitting.append((lines, len(fitting), layout))
    if fitting:
        return min(fitting)[2]
    orientation, size = TABLE_LAYOUTS[-1]
    equal = LANDSCAPE_WIDTH_PT / len(table.columns)
    return {"orientation": orientation, "size": size, "widths": [equal] * len(table.columns), "fits": False}


# Type size (points) of each kind of text block and of each heading level, as report.typ sets them. A line takes
# 1.35 of its size (13 pt for 9.5 pt text, measured on the PDF), a paragraph or list is followed by 0.9 of it and a
# heading by about half (more above it, except at the top of a page). Estimates, within a tenth of what Typst sets:
# enough to tell a short run of text from a long one.
TEXT_SIZES = {"paragraph": 9.5, "list": 9.5, "note": 8.5}
HEADING_SIZES = {1: 20.0, 2: 15.0, 3: 12.0}
LIST_INDENT_PT = 12
LINE_PITCH, SPACING, HEADING_SPACING = 1.35, 0.9, 0.5


def text_height(block, width: float) -> float | None:
    """About how tall a heading, paragraph, list or note is, in points, set ``width`` wide; None for other blocks."""
    kind = getattr(block, "kind", "")
    if kind == "heading":
        size = HEADING_SIZES.get(block.level, 10.5)
        return _lines(unbreakable(block.text), width, size, True) * size * LINE_PITCH + size * HEADING_SPACING
    if kind not in TEXT_SIZES:
        return None
    size = TEXT_SIZES[kind]
    texts, room = (block.items, width - LIST_INDENT_PT) if kind == "list" else ([block.text], width)
    return sum(_lines(unbreakable(t), room, size, False) for t in texts) * size * LINE_PITCH + size * SPACING


def page_plan(blocks) -> tuple[list[bool], bool, dict[int, dict]]:
    """Which blocks of a part go on landscape pages, whether the whole part does, and each table's layout (by the
    block's ``id``). The one rule the PDF, Word and ODT writers follow:

    - a part whose every table needs a landscape page (the annex) is landscape whole;
    - a table that needs one takes the headings just above it with it, so that no heading is left at the foot of an
      upright page;
    - and when the text above it opens a page (the part's start, or just after a landscape page) and would fill
      less than half of it, that text goes onto the landscape page too, rather than leave an upright page mostly
      empty before it."""
    blocks = list(blocks)
    layouts = {id(b): table_layout(b) for b in blocks if isinstance(b, Table)}
    wide = [isinstance(b, Table) and layouts[id(b)]["orientation"] == "landscape" for b in blocks]
    tables = [w for b, w in zip(blocks, wide) if isinstance(b, Table)]
    whole = bool(tables) and all(tables)
    for i, block in enumerate(blocks):
        if not (wide[i] and isinstance(block, Table)):
            continue
        start = i
        while start > 0 and not wide[start - 1] and text_height(blocks[start - 1], PORTRAIT_WIDTH_PT) is not None:
            start -= 1
        opens_page = start == 0 or wide[start - 1]
        if not (
            opens_page and sum(text_height(b, PORTRAIT_WIDTH_PT) for b in blocks[start:i]) < PORTRAIT_HEIGHT_PT / 2
        ):
            start = i
            while start > 0 and getattr(blocks[start - 1], "kind", "") == "heading":
                start -= 1
        for j in range(start, i):
            wide[j] = True
    return wide, whole, layouts


# A heading's run of text is kept with what follows it only while it stays this short: a longer run may break
KEPT_RUN_PT = PORTRAIT_HEIGHT_PT / 3


def kept_with_next(blocks) -> list[bool]:
    """Which text blocks must be set on the same page as the block after them, so that a heading and the text that
    opens its section (an outcome's wording, a sentence, a list) never stand at the foot of a page with the chart or
    table they introduce on the next. After each heading, the run of paragraphs, lists and notes up to the first
    other block is kept together and with that block (a chart, a table); when the run ends at the next heading or
    the part's end, its last block is free. A run taller than KEPT_RUN_PT keeps only its first block (the lead)
    with the one after it. Headings themselves always keep with what follows (the template and Word do that)."""
    blocks = list(blocks)
    kept = [False] * len(blocks)
    for i, block in enumerate(blocks):
        if getattr(block, "kind", "") != "heading":
            continue
        end = i + 1
        while end < len(blocks) and blocks[end].kind in TEXT_SIZES:
            end += 1
        run = range(i + 1, end)
        if not run:
            continue
        ends_free = end == len(blocks) or blocks[end].kind == "heading"
        last = end - 1 if ends_free else end
        if sum(text_height(blocks[j], PORTRAIT_WIDTH_PT) for j in run) > KEPT_RUN_PT:
            last = min(last, i + 2)
        for j in range(i + 1, last):
            kept[j] = True
    return kept
