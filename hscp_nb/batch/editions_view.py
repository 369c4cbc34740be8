"""What a build says about its edition: the title page's edition line, the public "Changes in this edition" part,
``changes.csv`` and the QA page's full list of changes (the register and the comparison are
:mod:`hscp_nb.batch.editions`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd

from hscp_nb.batch import editions
from hscp_nb.batch.plan import Job
from hscp_nb.document.blocks import Blocks, Heading, Paragraph, Table
from hscp_nb.document.model import Document, Part
from hscp_nb.present.formats import date, plural

CHANGES_PART = "changes"


def edition_of(job: Job, records: dict[str, dict], inputs: list[dict]) -> dict:
    """This build as an edition: its number if published, its date and status, and the edition it would replace."""
    status = "provisional" if any(r["provisional"] for r in records.values()) else "final"
    previous = editions.latest(job.editions_root or None, job.params.year.slug, job.partnership.slug)
    return {
        "number": previous.number + 1 if previous else 1,
        "date": dt.date.today().isoformat(),
        "status": status,
        "inputs": [{"what": i["what"], "sha256": i["sha256"]} for i in inputs],
        "replaces": {"number": previous.number, "date": previous.date, "status": previous.status} if previous else None,
        "previous": previous,
    }


def edition_line(edition: dict) -> str:
    """'Second edition, 14 October 2026. Replaces the provisional edition of 28 July 2026.'"""
    text = f"{editions.ordinal_word(edition['number'])} edition ({edition['status']}), {date(edition['date'])}."
    replaced = edition["replaces"]
    if replaced:
        text += f" Replaces the {replaced['status']} edition of {date(replaced['date'])}."
    return text


def with_edition(facts: tuple, edition: dict) -> tuple:
    """The title page's facts with the edition line before the figures' status."""
    return (("Edition", edition_line(edition)),) + tuple(
        (label, value) if label != "Edition" else ("Status of the figures", value) for label, value in facts
    )


def compare(edition: dict, document: Document, folder: Path) -> list[editions.Change] | None:
    """Compare this build with the latest published edition (None when there is none): write ``changes.csv`` and
    add the public "Changes in this edition" part before the about part."""
    previous = edition["previous"]
    if previous is None:
        return None
    found = editions.changes(previous, document.values, {"inputs": edition["inputs"], "status": edition["status"]})
    editions.write_changes(found, folder / "changes.csv")
    mark_revised(document, {c.id for c in found if c.change == "revised"})
    at = next((i for i, p in enumerate(document.parts) if p.id == "about"), len(document.parts))
    document.parts.insert(at, Part(CHANGES_PART, "Changes in this edition", public_changes(previous, found)))
    return found


REVISED = " [r]"


def mark_revised(document: Document, revised: set[str]) -> None:
    """[r] after every table cell that prints a revised figure (the cells its table declares for that figure)."""
    for part in document.parts:
        for i, block in enumerate(part.blocks):
            if block.kind != "table":
                continue
            printed = {v.printed for v in block.values if v.id in revised}
            if printed:
                rows = tuple(tuple(cell + REVISED if cell in printed else cell for cell in row) for row in block.rows)
                part.blocks[i] = dataclasses.replace(block, rows=rows)


def _verdict_changed(change: editions.Change) -> bool:
    return change.change == "revised" and change.verdict_previous != change.verdict_new


def public_changes(previous: editions.Edition, found: list[editions.Change]) -> Blocks:
    revised = [c for c in found if c.change == "revised"]
    reasons = Counter(c.reason for c in revised)
    blocks = Blocks(Heading("Changes in this edition", 2))
    if not found:
        blocks.add(Paragraph(f"No figure changed since the {previous.name} of {date(previous.date)}."))
        return blocks
    why = "; ".join(f"{plural(n, 'figure')}: {reason}" for reason, n in reasons.most_common())
    blocks.add(
        Paragraph(
            f"This edition replaces the {previous.status} {previous.name} of {date(previous.date)}. "
            f"{plural(len(revised), 'figure')} the report prints changed ({why}). In the table below and in the "
            "report's tables, [r] marks a revised figure."
        )
    )
    turned = [c for c in revised if _verdict_changed(c)]
    for c in turned:
        blocks.add(
            Paragraph(
                f"{c.figure}, {c.area}, {c.period}: the conclusion changed from “{c.verdict_previous}” to "
                f"“{c.verdict_new}”."
            )
        )
    if revised:
        frame = pd.DataFrame(
            [
                {
                    "Figure": c.figure,
                    "Area": c.area,
                    "Period": c.period,
                    "Previous": c.previous,
                    "New": c.new + " [r]",
                    "Why": c.reason,
                }
                for c in revised
            ]  # fmt: skip
        )
        blocks.add(Table.from_frame(frame, "revised-figures", "Figures revised since the previous edition"))
    return blocks


def qa_part(found: list[editions.Change] | None) -> Part:
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
