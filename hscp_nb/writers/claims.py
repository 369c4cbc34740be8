"""The claims ledger, ``claims.csv``: one row for every verdict the document's words state, with its basis (what
was compared, the rule, the values, the caveat), as its blocks declare them (:class:`hscp_nb.document.blocks.Claim`).
The figures those verdicts are about are rows of ``figures.csv`` under the identifier before the ``#``."""

from __future__ import annotations

from hscp_nb.document.blocks import CLAIM_COLUMNS
from hscp_nb.document.model import Document
from hscp_nb.writers.ledger import ledger_csv


def render_claims(document: Document) -> str:
    """CSV text (UTF-8, a header row, then each claim as stated)."""
    return ledger_csv(document, "claims ledger", CLAIM_COLUMNS, document.claims)


CLAIMS_FILE = "claims.csv"


def read_claims(path) -> list[dict]:
    """The rows of a claims ledger written by :func:`render_claims`, with ``stated`` as the document stated it (the
    apostrophe that kept a spreadsheet from running it as a formula taken off)."""
    import csv

    from hscp_nb.writers.ledger import _as_printed

    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["stated"] = _as_printed(row["stated"])
    return rows
