"""The document steps that print a report's publishing history: the edition line on the title page, ``[r]`` after
every revised figure in the report's tables, the public "Changes in this edition" part, and the QA page's full list
of changes. Each takes a document and returns a new one (nothing is edited in place)."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pandas as pd

from hscp_nb.document.blocks import Blocks, Data, Heading, Paragraph, Table
from hscp_nb.document.model import Document, Part
from hscp_nb.document.values import REVISED, SYMBOL_NOTES
from hscp_nb.editions.compare import CHANGE_COLUMNS, Change
from hscp_nb.editions.register import Edition, Stamp
from hscp_nb.present.figures import verdicts
from hscp_nb.present.formats import date, plural

CHANGES_PART = Part("changes", "Changes in this edition")  # the public part (the QA page's list has its own id)
REVISIONS_TABLE = "revisions"  # the changes part's table; the data workbook names its sheet Revisions
EDITION_FACT, STATUS_FACT = "Edition", "Status of the figures"


def with_edition_line(document: Document, stamp: Stamp) -> Document:
    """The title page's facts with the edition line first; the figures' status, which the front matter called its
    edition, follows under its own label."""
    facts = ((EDITION_FACT, stamp.line()),) + tuple(
        (label, value) if label != EDITION_FACT else (STATUS_FACT, value) for label, value in document.front.facts
    )
    return dataclasses.replace(document, front=dataclasses.replace(document.front, facts=facts))


def mark_revised(document: Document, found: list[Change]) -> Document:
    """[r] after every table cell that prints a revised figure (the cells its table declares for that figure), with
    the note that says what [r] means."""
    revised = {c.id for c in found if c.change == "revised"}
    note = next(n for n in SYMBOL_NOTES if n.startswith(REVISED))

    def marked(block):
        cells = {v.cell for v in getattr(block, "values", ()) if v.id in revised and v.cell}
        if not isinstance(block, Table) or not cells:
            return block
        rows = tuple(tuple(f"{c} {REVISED}" if (r, i) in cells else c for i, c in enumerate(row))
                     for r, row in enumerate(block.rows))  # fmt: skip
        notes = block.notes if note in block.notes else (*block.notes, note)
        return dataclasses.replace(block, rows=rows, notes=notes)

    parts = [dataclasses.replace(p, blocks=Blocks([marked(b) for b in p.blocks])) for p in document.parts]
    return dataclasses.replace(document, parts=parts)


def with_changes_part(document: Document, previous: Edition, found: list[Change], before: str) -> Document:
    """The public "Changes in this edition" part, placed before the part ``before`` (at the end without it)."""
    part = dataclasses.replace(CHANGES_PART, blocks=public_changes(previous, found))
    at = next((i for i, p in enumerate(document.parts) if p.id == before), len(document.parts))
    return dataclasses.replace(document, parts=[*document.parts[:at], part, *document.parts[at:]])


def turned_verdicts(before: str, after: str) -> str:
    """The conclusions that changed, in words: 'against Scotland now worse (was similar); trend now improved (was
    little change)'; '' when none did. Verdicts read 'against Scotland: similar; trend: worsened'."""
    old, new = verdicts(before), verdicts(after)
    turned = [what for what in new if what in old and old[what] != new[what]]
    return "; ".join(f"{what} now {new[what]} (was {old[what]})" for what in turned)


def public_changes(previous: Edition, found: list[Change]) -> Blocks:
    revised = [c for c in found if c.change == "revised"]
    reasons = Counter(c.reason for c in revised)
    blocks = Blocks(Heading(CHANGES_PART.title, 2))
    if not found:
        blocks.add(Paragraph(f"No figure changed since the {previous.name} of {date(previous.date)}."))
        return blocks
    if len(reasons) == 1:
        why = f"why: {next(iter(reasons))}"
    else:
        why = "; ".join(f"{reason}: {n}" for reason, n in reasons.most_common())
    blocks.add(
        Paragraph(
            f"This edition replaces the {previous.status} {previous.name} of {date(previous.date)}. "
            f"{plural(len(revised), 'figure')} the report prints changed ({why}). In the table below and in the "
            f"report's tables, {REVISED} marks a revised figure."
        )
    )
    for c in revised:
        turned = turned_verdicts(c.verdict_previous, c.verdict_new)
        if turned:
            blocks.add(Paragraph(f"{c.figure}, {c.area}, {c.period}: {turned}."))
    shown = revised or found
    frame = pd.DataFrame(
        [{"Figure": c.figure, "Area": c.area, "Period": c.period, "Previous": c.previous or "–",
          "New": f"{c.new} {REVISED}" if c.change == "revised" else c.new or "–", "Why": c.reason} for c in shown]
    )  # fmt: skip
    every = pd.DataFrame([c.row() for c in found], columns=CHANGE_COLUMNS)
    blocks.add(
        Table.from_frame(
            frame,
            REVISIONS_TABLE,
            "Figures revised since the previous edition" if revised else "Figures added or removed",
            data=Data.from_frame(every, labels=[c.replace("_", " ").capitalize() for c in every.columns]),
            notes=tuple(n for n in SYMBOL_NOTES if n.startswith(REVISED)),
        )
    )
    return blocks


def qa_part(found: list[Change] | None) -> Part:
    """The QA page's full list: every figure changed, added or removed, with previous, new and the reason."""
    blocks = Blocks(Heading("Changes since the last edition", 2))
    if found is None:
        blocks.add(Paragraph("No edition of this report has been published yet: nothing to compare with."))
    elif not found:
        blocks.add(Paragraph("No figure changed since the last published edition."))
    else:
        rows = [{"Change": c.change, "Section": c.section, "Figure": c.figure, "Area": c.area, "Period": c.period,
                 "Previous": c.previous or "–", "New": c.new or "–", "Reason": c.reason,
                 "Verdict before": c.verdict_previous or "–", "Verdict now": c.verdict_new or "–"}
                for c in found]  # fmt: skip
        blocks.add(Table.from_frame(pd.DataFrame(rows), "changes", "Every figure changed, added or removed"))
    return Part("changes", "Changes since the last edition", blocks)
