"""What a data workbook holds, whatever file format writes it (xlsx, ods): the layout of the Government Analysis
Function's guidance on releasing statistics in spreadsheets, as its reference package gptables lays one out.

- ``Cover``: the title, then headed lines: what the workbook is, the document's facts (reporting year, edition…),
  the status of the figures, the date of this edition, the sources, a contact, where the full document is, how the
  figures are rounded, the symbols used, and the sample-data warning. No spacer rows: each heading is a heading
  style.
- ``Contents``: one row per sheet, linking to it, with its title.
- ``Notes``: numbered notes (how to read the figures, the symbols, and every table's own notes); a table's title
  refers to its notes as ``[note n]``.
- One sheet per table (``Table 1`` …) and per chart's data (``Chart 1`` …): the title in A1, a line saying what the
  sheet holds, its own source, then one table whose headers carry their units and whose columns carry number
  formats; a blank cell carries ``[x]`` (:mod:`hscp_nb.document.values`).

A writer turns a :class:`Plan` into its file format and decides nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hscp_nb.document.blocks import KINDS, Data, Figure, Table
from hscp_nb.document.model import Document, sample_notice
from hscp_nb.document.values import NOT_AVAILABLE, SYMBOL_NOTES, headers_and_kinds

NAMED_SHEETS = {"revisions": "Revisions"}  # a table the workbook names by what it is, not by its number
ROUNDING = (
    "Figures are stored to the precision the report prints them: money in pounds to 2 decimal places, percentages "
    "and rates to 1 decimal place, counts and years as whole numbers. Totals may differ from the sum of their "
    "rounded parts."
)
SYMBOLS = f"{NOT_AVAILABLE}: not available. [note n]: see note n in the Notes worksheet."


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


def data_sheets(document: Document) -> list[tuple[str, str, Data, tuple[str, ...], str]]:
    """(sheet name, title, data, notes, source) for every table and chart of the document that carries data, in
    reading order."""
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
                sheets.append((name, block.caption, block.data, block.notes, source))
            elif isinstance(block, Figure) and block.data.rows:
                charts += 1
                title = block.caption or block.alt.split(". ")[0]
                source = block.source if block.source.startswith("Source") else f"Source: {block.source}"
                sheets.append((f"Chart {charts}", f"Data for the chart: {title}", block.data, (), source))
    return sheets


def plan(document: Document, companions: tuple[str, ...] = ()) -> Plan:
    """The workbook of ``document``'s data; ``companions`` are the files of the document published beside it."""
    front = document.front
    found = data_sheets(document)
    notes: list[str] = [*front.notes, *SYMBOL_NOTES]
    refs: list[list[int]] = []
    for _, _, _, sheet_notes, _ in found:
        refs.append([])
        for note in sheet_notes:
            if note not in notes:
                notes.append(note)
            refs[-1].append(notes.index(note) + 1)

    cover = [("About this workbook", front.about_data)]
    cover += [(label, value) for label, value in front.facts if value]
    if front.status:
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
    cover += [("Rounding", ROUNDING), ("Symbols", SYMBOLS)]
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
    contents += [[name, _titled(title, r)] for (name, title, _, _, _), r in zip(found, refs)]
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
    for (name, title, data, _, source), r in zip(found, refs):
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
