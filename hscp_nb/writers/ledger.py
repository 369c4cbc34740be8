"""The figure ledger, ``figures.csv``: one row for every number the document prints, as its blocks declare them
(:class:`hscp_nb.document.blocks.Value`). The next edition compares itself with this file."""

from __future__ import annotations

import csv
import io

from hscp_nb.document.blocks import KINDS, LEDGER_COLUMNS
from hscp_nb.document.model import Document
from hscp_nb.document.values import neutralised, plain_number


def render_ledger(document: Document) -> str:
    """CSV text (UTF-8, a header row, then each figure; values unrounded but without binary noise (``94.76``, not
    ``94.75999999999999``), ``printed`` as the document prints it)."""
    for part in document.parts:
        for block in part.blocks:
            if type(block) not in KINDS.values():
                raise TypeError(f"figure ledger: no rendering for {type(block).__name__} (block kind {block.kind!r})")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEDGER_COLUMNS)
    for value in document.values:
        row = [getattr(value, column) for column in LEDGER_COLUMNS]
        writer.writerow(["" if cell is None else plain_number(cell) if isinstance(cell, float) else neutralised(cell)
                         for cell in row])  # fmt: skip
    return out.getvalue()
