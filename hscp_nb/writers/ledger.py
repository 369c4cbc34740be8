"""The figure ledger, ``figures.csv``: one row for every number the document prints, as its blocks declare them
(:class:`hscp_nb.document.blocks.Value`). The next edition compares itself with this file."""

from __future__ import annotations

import csv
import io

from hscp_nb.document.blocks import KINDS, LEDGER_COLUMNS
from hscp_nb.document.model import Document
from hscp_nb.document.values import neutralised, plain_number

LEDGER_FILE = "figures.csv"


def render_ledger(document: Document) -> str:
    """CSV text (UTF-8, a header row, then each figure; values unrounded but without binary noise (``94.76``, not
    ``94.75999999999999``), ``printed`` as the document prints it)."""
    return ledger_csv(document, "figure ledger", LEDGER_COLUMNS, document.values)


def ledger_csv(document: Document, what: str, columns: tuple[str, ...], rows) -> str:
    """A ledger's CSV text: ``columns`` of each of ``rows`` (numbers without binary noise, text that a spreadsheet
    would run as a formula neutralised), after refusing a block kind this writer does not know."""
    for part in document.parts:
        for block in part.blocks:
            if type(block) not in KINDS.values():
                raise TypeError(f"{what}: no rendering for {type(block).__name__} (block kind {block.kind!r})")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for item in rows:
        cells = [getattr(item, column) for column in columns]
        writer.writerow(["" if cell is None else plain_number(cell) if isinstance(cell, float) else neutralised(cell)
                         for cell in cells])  # fmt: skip
    return out.getvalue()


def read_ledger(path) -> list[dict]:
    """The rows of a figure ledger written by :func:`render_ledger` (a published edition's), with ``printed`` as the
    document printed it (the apostrophe that kept a spreadsheet from running it as a formula taken off)."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["printed"] = _as_printed(row["printed"])
    return rows


def _as_printed(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and neutralised(cell[1:]) == cell else cell
