"""Text widths from the report font's own metrics, and table column widths that never break a word or a number.

Both the charts and the PDF use DejaVu Sans as matplotlib ships it, so the widths here are the widths Typst sets.
Column widths follow the auto table layout of HTML: each column gets at least its longest unbreakable piece (a word
of text, the whole of a number), and the room left over goes to the columns whose text would like more.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points (no kerning: a hair wider than set, never narrower)."""
    widths, fallback = _advances(bold)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size


def _unbreakable(text: str, number: bool) -> list[str]:
    return [text] if number else text.split()


def column_widths(table: Table, available: float, size: float, padding: float) -> list[float] | None:
    """Widths in points that fill ``available``, or None when the table's unbreakable pieces do not fit.

    ``padding`` is a cell's inset on each side. Header cells are set in bold.
    """
    least, most = [], []
    for i, column in enumerate(table.columns):
        number = column.role == "number"
        cells = [row[i] for row in table.rows]
        pieces = [text_width(w, size, bold=True) for w in column.name.split()]
        pieces += [text_width(w, size) for cell in cells for w in _unbreakable(cell, number)]
        whole = [text_width(column.name, size, bold=True)] + [text_width(cell, size) for cell in cells]
        least.append(max(pieces + [0]) + 2 * padding + 0.5)
        most.append(max(whole) + 2 * padding + 0.5)
    if sum(least) > available:
        return None
    if sum(most) <= available:
        spare = available - sum(most)
        return [m + spare * m / sum(most) for m in most]
    spare = available - sum(least)
    wants = [m - n for m, n in zip(most, least)]
    return [n + spare * w / (sum(wants) or 1) for n, w in zip(least, wants)]


# A4 with 2 cm side margins: 170 mm of text width upright, 257 mm on a landscape page.
PORTRAIT_WIDTH_PT = 170 / 25.4 * 72
LANDSCAPE_WIDTH_PT = 257 / 25.4 * 72
CELL_PADDING_PT = 3.5
# (orientation, type size) in order of preference: the first that holds every word and number whole is used.
TABLE_LAYOUTS = (("portrait", 8.5), ("portrait", 8.0), ("landscape", 8.5), ("landscape", 8.0))


def table_layout(table: Table) -> dict:
    """Orientation, type size and column widths (points) of a table: the first of TABLE_LAYOUTS in which no word or
    number has to break. A table too wide even for a landscape page at 8 pt keeps its smallest widths, scaled."""
    for orientation, size in TABLE_LAYOUTS:
        available = PORTRAIT_WIDTH_PT if orientation == "portrait" else LANDSCAPE_WIDTH_PT
        widths = column_widths(table, available, size, CELL_PADDING_PT)
        if widths is not None:
            return {"orientation": orientation, "size": size, "widths": widths, "fits": True}
    orientation, size = TABLE_LAYOUTS[-1]
    equal = LANDSCAPE_WIDTH_PT / len(table.columns)
    return {"orientation": orientation, "size": size, "widths": [equal] * len(table.columns), "fits": False}


def page_plan(blocks) -> tuple[list[bool], bool, dict[int, dict]]:
    """Which blocks of a part go on landscape pages, whether the whole part does, and each table's layout (by the
    block's ``id``): a table that needs a landscape page takes the headings just above it with it; a part whose every
    table needs one (the annex) is landscape whole. The one rule the PDF, Word and ODT writers follow."""
    blocks = list(blocks)
    layouts = {id(b): table_layout(b) for b in blocks if isinstance(b, Table)}
    wide = [isinstance(b, Table) and layouts[id(b)]["orientation"] == "landscape" for b in blocks]
    tables = [w for b, w in zip(blocks, wide) if isinstance(b, Table)]
    whole = bool(tables) and all(tables)
    for i in range(len(blocks) - 1, 0, -1):
        if wide[i] and getattr(blocks[i - 1], "kind", "") == "heading":
            wide[i - 1] = True
    return wide, whole, layouts
