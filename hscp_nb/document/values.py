"""How a declared data value reads in every output, and text that is safe to put in one.

A block's data (:class:`hscp_nb.document.blocks.Data`) declare each column's kind. The rules here turn a value of a
kind into what a writer shows: the spreadsheet number format and the decimals a workbook stores, the same value as
text for the HTML and document writers' "data behind this chart" tables, and the symbol a blank cell carries (the
Government Analysis Function's ``[x]``). Text from a returns workbook that a spreadsheet would run as a formula is
neutralised, and characters XML cannot hold are dropped. Every writer uses these; none formats a number of its own.
"""

from __future__ import annotations

import datetime as dt
import math
import re

# A column kind's spreadsheet number format and the decimals its values are stored to (what the format shows)
NUMBER_FORMATS = {
    "money": ("#,##0.00", 2),
    "percent": ("0.0", 1),
    "number": ("#,##0.0", 1),
    "count": ("#,##0", 0),
    "year": ("0", 0),
}
DATE_FORMAT = "d mmmm yyyy"
# The Analysis Function's shorthand, and every other symbol a table may carry: one definition each, here. A writer
# lists those a file uses (the data workbook's cover and notes) from this registry, never from a copy of its own.
NOT_AVAILABLE, NOT_APPLICABLE = "[x]", "[z]"  # a blank cell carries one of these: no data cell is left empty
REVISED, PROVISIONAL = "[r]", "[p]"  # the Analysis Function's symbols for a revised and a provisional figure
CALENDAR = "(cal)"  # a calendar-year figure shown under a reporting year
SYMBOLS: dict[str, tuple[str, str]] = {  # symbol -> (what it means, in a few words; the note that explains it)
    NOT_AVAILABLE: (
        "not available",
        f"{NOT_AVAILABLE} marks a value that is not available (not published, or not collected for the year).",
    ),
    NOT_APPLICABLE: (
        "not applicable",
        f"{NOT_APPLICABLE} marks a cell to which nothing applies: no reason is needed, no note or comment was given.",
    ),
    PROVISIONAL: (
        "provisional",
        f"{PROVISIONAL} marks a provisional figure: a value PHS marks as an estimate or as provisional, 12 months of "
        "MSG figures that include a month whose hospital records were under 95% complete when PHS extracted them, "
        "or an amount from accounts not yet audited. A later edition may revise it.",
    ),
    REVISED: (
        "revised",
        f"{REVISED} marks a figure revised since the previous edition of this report (its earlier value is in the "
        "Changes in this edition part and in changes.csv).",
    ),
    CALENDAR: (
        "calendar year",
        f"{CALENDAR} marks a calendar-year figure (January to December), shown under the reporting year that starts "
        "in that calendar year.",
    ),
}
SYMBOL_NOTES = tuple(SYMBOLS[s][1] for s in (NOT_AVAILABLE, REVISED, PROVISIONAL))  # the notes a report's tables use
# The provisional mark's meaning where a part's figures can only be provisional one way (the registry's note above
# covers every way, as the data workbook defines it once): said under the first table of the part that prints it,
# the later tables pointing back to it (PROVISIONAL_AGAIN)
PROVISIONAL_NOTES = {
    "indicators": f"{PROVISIONAL} marks a provisional figure: a value PHS marks as an estimate or as provisional. A "
    "later edition may revise it.",
    "finance": f"{PROVISIONAL} marks a provisional figure: an amount from the partnership's accounts for the year, "
    "not yet audited. A later edition may revise it.",
}
PROVISIONAL_AGAIN = f"{PROVISIONAL}: provisional (see the note under the first table of this part)."
MARKS = re.compile(r"\s*\[(?:r|p)\]")  # the marks a printed figure may carry after its value


def unmarked(text: str) -> str:
    """A printed figure without its [r] or [p] mark: what the ledger and the comparison of editions read."""
    return MARKS.sub("", text)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralised(value):
    """Text that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return, and not a
    number) gets a leading apostrophe, which Excel and LibreOffice show as text; anything else is unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value.replace(",", ""))
        return value
    except ValueError:
        return "'" + value


def safe_for_spreadsheets(frame):
    """A copy of ``frame`` whose text cells and column names cannot run as formulas when a CSV is opened."""
    text = [c for c in frame.columns if frame[c].dtype == object]
    safe = frame.copy()
    for column in text:
        safe[column] = safe[column].map(neutralised)
    return safe.rename(columns=lambda c: neutralised(c) if isinstance(c, str) else c)


def xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (a spreadsheet cell may carry them)."""
    return _XML_INVALID.sub("", text)


def cell_value(value, kind: str):
    """A data value as a spreadsheet cell holds it, and the cell's number format (None: the cell's default).

    Missing values (and a lone dash) carry :data:`NOT_AVAILABLE`, empty text :data:`NOT_APPLICABLE`; flags read
    Yes/No; dates are dates; numbers are stored to the decimals their kind shows."""
    if value is None:
        return NOT_AVAILABLE, None
    if isinstance(value, str) and value.strip() in ("", "–"):  # nothing to say (a dash is no Analysis Function symbol)
        return (NOT_APPLICABLE if not value.strip() else NOT_AVAILABLE), None
    if kind == "flag" or isinstance(value, bool):
        return ("Yes" if value else "No") if isinstance(value, bool) else neutralised(xml_text(str(value))), None
    if kind == "date" and isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value), DATE_FORMAT
        except ValueError:
            return neutralised(xml_text(value)), None
    if kind in NUMBER_FORMATS and isinstance(value, int | float):
        number_format, decimals = NUMBER_FORMATS[kind]
        return (round(value, decimals) if decimals else round(value)), number_format
    if isinstance(value, int | float):
        return value, "#,##0.###" if isinstance(value, float) else "0"
    return neutralised(xml_text(str(value))), None


def shown(value, kind: str) -> str:
    """A data value as text, as its spreadsheet cell displays it (``414.158`` money → ``414.16``; 1.08552e+08 count →
    ``108,552,000``; True → ``Yes``; a missing value → ``[x]``)."""
    value, number_format = cell_value(value, kind)
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool | str) or number_format is None:
        return str(value)
    if number_format == "0":
        return str(int(value))
    if number_format == "#,##0.###":
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    decimals = NUMBER_FORMATS[kind][1]
    grouped = "," if number_format.startswith("#,##") else ""
    return f"{value:{grouped}.{decimals}f}"


def headers_and_kinds(data) -> tuple[list[str], list[str]]:
    """A data table's headers (declared labels with units, or the column names) and kinds (``text`` if undeclared)."""
    labels = list(data.labels) if data.labels else list(data.columns)
    kinds = list(data.kinds) if data.kinds else ["text"] * len(labels)
    return labels, kinds


def plain_number(value: float) -> str:
    """A float as a CSV writes it, without binary noise: the shortest decimal within a few parts in 10^14 of it
    (``193065103.73000002`` → ``193065103.73``, ``94.75999999999999`` → ``94.76``, a difference
    ``190.780000000001`` → ``190.78``). A number as entered, of up to 13 significant digits (pounds and pence up to
    £99 billion), reads back exactly; whole floats keep their ``.0``; NaN and infinities as Python writes them."""
    if not math.isfinite(value):
        return repr(value)
    tolerance = max(NOISE_ULPS * math.ulp(value), NOISE_RELATIVE * abs(value))
    for digits in range(1, 18):
        text = f"{value:.{digits}g}"
        if abs(float(text) - value) <= tolerance:
            return repr(float(text))
    return repr(value)


NOISE_ULPS = 16  # arithmetic on a handful of entered figures stays within this
NOISE_RELATIVE = 5e-14  # and a difference of two figures within this (their noise is relative to them, not to it);
# a 13th significant digit is at least 1e-13 of its number, so no digit as entered is lost
