"""The claims ledger, ``claims.csv``: one row for every verdict the document's words state, with its basis (what
was compared, the rule, the values, the caveat), as its blocks declare them (:class:`hscp_nb.document.blocks.Claim`).
The figures those verdicts are about are rows of ``figures.csv`` under the identifier before the ``#``."""

from __future__ import annotations

import csv
import io

from hscp_nb.document.blocks import CLAIM_COLUMNS, KINDS
from hscp_nb.document.model import Document
from hscp_nb.document.values import neutralised


def render_claims(document: Document) -> str:
    """CSV text (UTF-8, a header row, then each claim as stated)."""
    for part in document.parts:
        for block in part.blocks:
            if type(block) not in KINDS.values():
                raise TypeError(f"claims ledger: no rendering for {type(block).__name__} (block kind {block.kind!r})")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS)
    for claim in document.claims:
        writer.writerow([neutralised(getattr(claim, column)) for column in CLAIM_COLUMNS])
    return out.getvalue()
