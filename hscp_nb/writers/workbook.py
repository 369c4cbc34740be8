"""What a data workbook holds, whatever file format writes it (xlsx, ods): the layout of the Government Analysis
Function's guidance on releasing statistics in spreadsheets, as its reference package gptables lays one out.

- ``Cover``: the title, then headed lines: what the workbook is, the document's facts (reporting year, edition…),
  the status of the figures, the date of this edition, the sources, a contact (from the returns when they give
  one), where the full document is, how the figures are rounded, every symbol the workbook uses (from
  :data:`hscp_nb.document.values.SYMBOLS`, the one registry), and the sample-data warning. No spacer rows: each
  heading is a heading style.
- ``Contents``: one row per sheet, linking to it, with its title.
- ``Notes``: numbered notes (how to read the figures, one definition of each symbol the workbook uses, and every
  table's own notes); a table's title refers as ``[note n]`` to its own notes and to the notes of the symbols it
  uses, and to no other. A table note that defines a symbol gives way to the registry's one definition.
- One sheet per table (``Table 1`` …) and per chart's data (``Chart 1`` …): the title in A1, a line saying what the
  sheet holds, its own source, then one table whose headers carry their units and whose columns carry number
  formats; no cell is left blank: a missing value carries ``[x]``, empty text ``[z]`` (:mod:`hscp_nb.document.values`).
  A table whose report cells carry ``[p]`` or ``[r]`` has the symbol in its title (its figures are provisional or
  revised: the rows its Estimate or Provisional column marks Yes, where it has one); a caption's legend for a symbol
  no workbook cell carries (``(– : locality did not exist)``) is left out.

A writer turns a :class:`Plan` into its file format and decides nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hscp_nb.document.blocks import KINDS, Data, Figure, Table
from hscp_nb.document.model import Document, sample_notice
from hscp_nb.document.values import PROVISIONAL, REVISED, SYMBOLS, cell_value, headers_and_kinds

NAMED_SHEETS = {"revisions": "Revisions"}  # a table the workbook names by what it is, not by its number
ROUNDING = (
    "Figures are stored to the precision the report prints them: money in pounds to 2 decimal places, percentages "
    "and rates to 1 decimal place, counts and years as whole numbers. Totals may differ from the sum of their "
    "rounded parts."
)
TITLE_MARKS = (PROVISIONAL, REVISED)  # a report cell's mark that the sheet's title carries (its cells are numbers)
_SYMBOL = re.compile("|".join(re.escape(symbol) for symbol in SYMBOLS))
_DEFINES = re.compile(r"^\s*(" + "|".join(re.escape(symbol) for symbol in SYMBOLS) + r")(?: marks\b|\s*:)")
_LEGEND = re.compile(r"\s*\((\S+)\s*:\s*[^)]*\)")  # "(– : locality did not exist)" in a caption


@dataclass
class Sheet:
    name: str
    title: str  # with its [note n] references
    lines: list[str]  # under the title: what the sheet holds, its source
    headers: list[str]
    kinds: list[str]
    rows: list[list]
    table_name: str = ""


@dataclass
class Plan:
    title: str
    cover: list[tuple[str, str]]  # (heading, text) under the title
    sheets: list[Sheet] = field(default_factory=list)  # Contents, Notes (when any), then one per table or chart
    subject: str = ""
    creator: str = ""
    keywords: str = ""


def data_sheets(document: Document) -> list[tuple[str, str, Data, tuple[str, ...], str, tuple[str, ...]]]:
    """(sheet name, title, data, notes, source, marks) for every table and chart of the document that carries data,
    in reading order; ``marks``: the symbols of :data:`TITLE_MARKS` that the table's printed cells carry."""
    sheets = []
    tables = charts = 0
    fallback = "; ".join(document.front.sources)
    for part in document.parts:
        for block in part.blocks:
            if getattr(block, "kind", None) not in KINDS:  # prose kinds carry no data and are left out on purpose
                raise TypeError(f"the data workbook writers have no rendering for {type(block).__name__}")
            if isinstance(block, Table) and block.data is not None and block.data.rows:
                tables += block.name not in NAMED_SHEETS
                source = block.source or (f"Sources: {fallback}" if fallback else "")
                name = NAMED_SHEETS.get(block.name, f"Table {tables}")
                marks = tuple(m for m in TITLE_MARKS if any(m in cell for row in block.rows for cell in row))
                sheets.append((name, block.caption, block.data, block.notes, source, marks))
            elif isinstance(block, Figure) and block.data.rows:
                charts += 1
                title = block.caption or block.alt.split(". ")[0]
                source = block.source if block.source.startswith("Source") else f"Source: {block.source}"
                sheets.append((f"Chart {charts}", f"Data for the chart: {title}", block.data, (), source, ()))
    return sheets


def symbols_in(*texts: str) -> set[str]:
    """The symbols of :data:`SYMBOLS` that ``texts`` carry."""
    return {found for text in texts for found in _SYMBOL.findall(str(text))}


def _title(caption: str, marks: tuple[str, ...]) -> str:
    """A sheet's title: the caption without a legend for a symbol that is not the registry's (no workbook cell
    carries it: the workbook writes ``[x]`` where the report prints a dash), then the marks its figures carry."""
    title = _LEGEND.sub(lambda m: m.group(0) if m.group(1) in SYMBOLS else "", caption)
    return title + "".join(f" {mark}" for mark in marks)


def plan(document: Document, companions: tuple[str, ...] = ()) -> Plan:
    """The workbook of ``document``'s data; ``companions`` are the files of the document published beside it."""
    front = document.front
    found = data_sheets(document)
    method = [note for note in front.notes if not _DEFINES.match(note)]
    sheets = []  # (name, title, data, own notes, source, symbols used)
    for name, caption, data, sheet_notes, source, marks in found:
        title = _title(caption, marks)
        own = [note for note in sheet_notes if not _DEFINES.match(note)]  # the registry defines every symbol once
        labels, kinds = headers_and_kinds(data)
        cells = [cell_value(value, kind)[0] for row in data.rows for value, kind in zip(row, kinds)]
        used = symbols_in(title, *labels, *own, *(c for c in cells if isinstance(c, str)))
        sheets.append((name, title, data, own, source, used))
    used_anywhere = symbols_in(*method).union(*(used for *_, used in sheets))
    symbols = [symbol for symbol in SYMBOLS if symbol in used_anywhere]  # the registry's order
    notes: list[str] = [*method, *(SYMBOLS[symbol][1] for symbol in symbols)]
    refs: list[list[int]] = []
    for *_, own, _, used in sheets:
        for note in own:
            if note not in notes:
                notes.append(note)
        refs.append(sorted({notes.index(n) + 1 for n in own} | {notes.index(SYMBOLS[s][1]) + 1 for s in used}))

    cover = [("About this workbook", front.about_data)]
    cover += [(label, value) for label, value in front.facts if value]
    labels_given = {label for label, _ in cover}
    if front.status and "Status of the figures" not in labels_given:
        cover.append(("Status of the figures", front.status))
    if front.created:
        cover.append(("Date of this edition", front.created))
    cover += [("Source", source) for source in front.sources]
    if front.contact or front.partnership:
        cover.append(("Contact", front.contact or f"The performance team of {front.partnership} Health and Social "
                      "Care Partnership"))  # fmt: skip
    if companions:
        cover.append(("The full document", f"Published beside this workbook, in the same folder: "
                      f"{', '.join(companions)}."))  # fmt: skip
    cover += [("Rounding", ROUNDING), ("Symbols", symbols_line(symbols))]
    if document.synthetic:
        cover.append(("Sample data", sample_notice("this workbook")))

    result = Plan(
        title=front.title,
        cover=cover,
        subject=front.description,
        creator=front.partnership or "hscp_nb",
        keywords="; ".join(k for k in ("Health and Social Care Partnership", front.year_label) if k),
    )
    contents = [["Notes", "Notes: how to read the figures, the symbols, and notes the tables refer to"]]
    contents += [[name, _titled(title, r)] for (name, title, *_), r in zip(sheets, refs)]
    result.sheets.append(
        Sheet(
            "Contents",
            "Contents",
            ["This worksheet contains one table. Each sheet name links to its sheet."],
            ["Sheet", "Title"],
            ["text", "text"],
            contents,
            "contents",
        )  # fmt: skip
    )
    result.sheets.append(
        Sheet(
            "Notes",
            "Notes",
            [
                "This worksheet contains one table: how to read the figures, the symbols, and the "
                "notes tables refer to by number."
            ],
            ["Note number", "Note text"],
            ["text", "text"],
            [[f"note {i}", n] for i, n in enumerate(notes, 1)],
            "notes",
        )  # fmt: skip
    )
    for (name, title, data, _, source, _), r in zip(sheets, refs):
        lines = ["This worksheet contains one table."]
        lines.append("Notes on its figures are in the Notes worksheet." if r else
                     "The Notes worksheet says how to read the figures.")  # fmt: skip
        labels, kinds = headers_and_kinds(data)
        result.sheets.append(
            Sheet(
                name,
                _titled(title, r),
                [" ".join(lines)] + ([source] if source else []),
                _unique(labels),
                kinds,
                [list(row) for row in data.rows],
                name,
            )  # fmt: skip
        )
    return result


def symbols_line(symbols: list[str]) -> str:
    """The cover's line of the symbols a workbook uses, each with what it means (from the registry)."""
    said = [f"{symbol}: {SYMBOLS[symbol][0]}" for symbol in symbols]
    return (
        ". ".join([*said, "[note n]: see note n in the Notes worksheet"])
        + ". Each is explained in the Notes worksheet."
    )


def _titled(title: str, refs: list[int]) -> str:
    return title + "".join(f" [note {n}]" for n in refs)


def _unique(headers: list[str]) -> list[str]:
    """Spreadsheet tables need distinct headers: a repeated one gets its position added."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out
