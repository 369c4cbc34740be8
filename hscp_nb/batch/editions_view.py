"""What a build says about its edition: the title page's edition line, the public "Changes in this edition" part,
``changes.csv`` and the QA page's full list of changes (the register and the comparison are
:mod:`hscp_nb.batch.editions`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd

from hscp_nb.batch import editions
from hscp_nb.batch.plan import Job
from hscp_nb.document.blocks import MIMETYPE, Blocks, Data, Heading, Paragraph, Table, from_json
from hscp_nb.document.model import Part
from hscp_nb.document.values import REVISED, SYMBOL_NOTES
from hscp_nb.present.figures import verdicts
from hscp_nb.present.formats import date, plural

CHANGES_PART = "changes"


def edition_of(job: Job, records: dict[str, dict], inputs: list[dict]) -> dict:
    """This build as an edition. Built from the inputs and code of the latest published edition, it is that edition
    (its number and date, compared with the one before it); otherwise it is the next one, dated today, compared with
    the latest."""
    from hscp_nb import __version__

    status = "provisional" if any(r["provisional"] for r in records.values()) else "final"
    found = editions.editions(job.editions_root or None, job.params.year.slug, job.partnership.slug)
    hashes = [{"what": i["what"], "sha256": i["sha256"]} for i in inputs]
    latest = found[-1] if found else None
    published = (
        latest is not None
        and [(i["what"], i["sha256"]) for i in latest.record["inputs"]] == [(i["what"], i["sha256"]) for i in hashes]
        and latest.record["package_version"] == __version__
        and latest.record.get("code", job.code) == job.code
    )
    baseline = (found[-2] if len(found) > 1 else None) if published else latest
    return {
        "number": latest.number if published else len(found) + 1,
        "date": latest.date if published else dt.date.today().isoformat(),
        "status": latest.status if published else status,
        "published": published,
        "inputs": hashes,
        "code": job.code,
        "replaces": {"number": baseline.number, "date": baseline.date, "status": baseline.status} if baseline else None,
        "previous": baseline,
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


def compare(edition: dict, book, folder: Path) -> list[editions.Change] | None:
    """Compare this build with the latest published edition (None when there is none): write ``changes.csv``, mark
    the revised cells of the report notebook's tables [r] and add its "Changes in this edition" part before the
    about part, so that the notebook, and every writer that renders it, says the same."""
    from hscp_nb.batch.assemble import ABOUT, blocks_cell
    from hscp_nb.document.notebook import read_notebook

    previous = edition["previous"]
    if previous is None:
        return None
    current = {"inputs": edition["inputs"], "status": edition["status"], "code": edition["code"]}
    found = editions.changes(previous, read_notebook(book).values, current)
    editions.write_changes(found, folder / "changes.csv")
    mark_revised(book, {c.id for c in found if c.change == "revised"})
    at = next((i for i, c in enumerate(book.cells) if c.metadata.get("hscp_nb", {}).get("part") == ABOUT), None)
    cell = blocks_cell(public_changes(previous, found), {"id": CHANGES_PART, "title": "Changes in this edition"})
    book.cells.insert(len(book.cells) if at is None else at, cell)
    return found


def mark_revised(book, revised: set[str]) -> None:
    """[r] after every table cell that prints a revised figure (the cells its table declares for that figure), with
    the note that says what [r] means."""
    from hscp_nb.writers.html import render_blocks

    note = next(n for n in SYMBOL_NOTES if n.startswith(REVISED))
    for cell in book.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(MIMETYPE)
            if not payload:
                continue
            touched = False
            for block in payload["blocks"]:
                if block["kind"] != "table":
                    continue
                cells = {tuple(v["cell"]) for v in block.get("values", []) if v["id"] in revised and v.get("cell")}
                if cells:
                    block["rows"] = [[f"{c} {REVISED}" if (r, i) in cells else c for i, c in enumerate(row)]
                                     for r, row in enumerate(block["rows"])]  # fmt: skip
                    block["notes"] = [*block.get("notes", []), *([note] if note not in block.get("notes", []) else [])]
                    touched = True
            if touched:
                output["data"]["text/html"] = render_blocks(from_json(payload))


def turned_verdicts(before: str, after: str) -> str:
    """The conclusions that changed, in words: 'against Scotland now worse (was similar); trend now improved (was
    little change)'; '' when none did. Verdicts read 'against Scotland: similar; trend: worsened'."""
    old, new = verdicts(before), verdicts(after)
    turned = [what for what in new if what in old and old[what] != new[what]]
    return "; ".join(f"{what} now {new[what]} (was {old[what]})" for what in turned)


def public_changes(previous: editions.Edition, found: list[editions.Change]) -> Blocks:
    revised = [c for c in found if c.change == "revised"]
    reasons = Counter(c.reason for c in revised)
    blocks = Blocks(Heading("Changes in this edition", 2))
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
    every = pd.DataFrame([c.row() for c in found], columns=editions.CHANGE_COLUMNS)
    blocks.add(
        Table.from_frame(
            frame,
            editions.REVISIONS_TABLE,
            "Figures revised since the previous edition" if revised else "Figures added or removed",
            data=Data.from_frame(every, labels=[c.replace("_", " ").capitalize() for c in every.columns]),
            notes=tuple(n for n in SYMBOL_NOTES if n.startswith(REVISED)),
        )
    )
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


def publication_check(checks: list[dict], job: Job, today: dt.date | None = None) -> list[dict]:
    """PUB-1 ("published by 31 July") from the register, never assumed: MET when the first edition was published by
    the deadline, LATE when after it, DUE for a report not yet published (overdue once the deadline has passed)."""
    deadline = job.params.year.publication_deadline
    published = editions.editions(job.editions_root or None, job.params.year.slug, job.partnership.slug)
    today = today or dt.date.today()
    out = []
    for check in checks:
        if check["id"] == "PUB-1":
            check = dict(check)
            if not published:
                overdue = f"; overdue since {date(deadline)}" if today > deadline else ""
                check["status"] = "DUE"
                check["detail"] = f"not yet published: due by {date(deadline)}{overdue} (make publish records it)"
            else:
                first = dt.date.fromisoformat(published[0].date)
                late = first > deadline
                check["status"] = "LATE" if late else "MET"
                check["detail"] = (
                    f"first published {date(first)} ({published[0].status} edition), "
                    f"{'after' if late else 'by'} the deadline of {date(deadline)}"
                    + ("; late" if late else "")
                    + f"; {plural(len(published), 'edition')} published"
                )
        out.append(check)
    return out
