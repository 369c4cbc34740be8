"""The two documents beside every report (PUBLISHING.md): the public report's "About this report" appendix, in plain
words, and the QA page for the performance team and auditors, which holds the compliance list, the reading notes,
the inputs with their SHA-256 and the timings. Both are document blocks, set by the same writers as the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from hscp_nb.document.blocks import Blocks, BulletList, Heading, Paragraph, Table
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.domain import reference
from hscp_nb.domain.requirements import PUBLIC_TOPICS
from hscp_nb.present import claims
from hscp_nb.present.formats import cells, date, plural
from hscp_nb.present.wording import method_notes

MET, MISSING = "MET", "MISSING"


def file_date(path: str) -> str:
    """The date a file was last written, as the report prints dates; for a folder (PHS's MSG data), the date of its
    newest file."""
    folder = Path(path)
    files = [f for f in folder.rglob("*") if f.is_file()] if folder.is_dir() else [folder]
    return date(dt.date.fromtimestamp(max(f.stat().st_mtime for f in files or [folder])))


def source_line(item: dict) -> str:
    """An input as the title page and "About this report" list it: what it is, the file (or how its folder is
    described, ``item["described"]``) and its date."""
    path = Path(item["path"])
    if path.is_dir():
        described = item.get("described") or "the files in the folder"
        return f"{item['what']}: {described} “{path.name}”, newest file dated {file_date(item['path'])}"
    return f"{item['what']}: {path.name}, file dated {file_date(item['path'])}"


def words_of(blocks) -> str:
    """Every word a reader sees in ``blocks`` (text, list items, key figures, captions, alt text, table headers,
    cells and notes, title-page facts), one line each: what the glossary is matched against."""
    out = []
    for block in blocks:
        out += [getattr(block, name, "") for name in ("text", "caption", "alt")]
        for item in getattr(block, "items", ()):
            out += [item] if isinstance(item, str) else [item.label, item.value, item.detail]
        out += [c.name for c in getattr(block, "columns", ())] + list(getattr(block, "notes", ()))
        out += [str(cell) for row in getattr(block, "rows", ()) for cell in row if cell]
    return "\n".join(w for w in out if w)


def glossary_blocks(used: str) -> Blocks:
    """ "Words used in this report": each glossary term (:func:`hscp_nb.domain.reference.glossary`) that ``used``
    contains, with its plain explanation; nothing when it uses none. An explanation's words such as 'inside' define,
    not judge: they are declared as rule statements."""
    from hscp_nb.document.claim_check import phrases

    entries = {term: f"{term}: {plain}" for term, plain in reference.glossary_used(used)}
    if not entries:
        return Blocks()
    defining = {f"word-{reference.slugify(term)}": entry for term, entry in entries.items() if phrases(entry)}
    stated = claims.method(defining.values(), "Words used in this report", names=defining)
    return Blocks(Heading("Words used in this report", 3), BulletList(tuple(entries.values()), claims=stated))


def _table(rows: list[dict], name: str, caption: str) -> Table:
    return Table.from_frame(cells(pd.DataFrame(rows)), name, caption)


def about_blocks(checks: list[dict], inputs: list[dict], used: str = "") -> Blocks:
    """The public appendix: where the figures come from, how to read them, where each statutory requirement is
    answered (and, plainly, what this edition does not include), and the words used in this report that a reader may
    not know: those of the glossary found in ``used`` (the report's words before this appendix) or in the appendix's
    own."""
    where = [
        {"Requirement": c["requirement"],
         "Where this report answers it": c["where"] if c["status"] == MET else "Not included in this edition"}
        for c in checks
    ]  # fmt: skip
    missing = [c for c in checks if c["status"] != MET]
    gaps = (
        Paragraph(
            "This edition does not yet include "
            + "; ".join(PUBLIC_TOPICS[c["id"]] for c in missing)
            + ". It will be added when the information is available."
        )
        if missing
        else None
    )
    about = Blocks(
        Heading("About this report", 2),
        Heading("Where the figures come from", 3),
        BulletList(tuple(source_line(i) for i in inputs)),
        Heading("How to read the figures", 3),
        BulletList(tuple(method_notes()), claims=claims.method(method_notes())),
        Heading("Where each statutory requirement is answered", 3),
        gaps,
        _table(where, "requirements", "Statutory requirements and where this report answers them"),
    )
    return about.add(glossary_blocks(f"{used}\n{words_of(about)}"))


def qa_document(front: FrontMatter, checks: list[dict], records: dict[str, dict], inputs: list[dict], timings: dict,
                extra: tuple[Part, ...] = (), document: Document | None = None) -> Document:  # fmt: skip
    """qa.html's content: the compliance list (met or missing, and why), validation and reading notes, inputs with
    SHA-256, ``extra`` parts (the changes since the last edition, the summary's readability), timings."""
    met = sum(c["status"] == MET for c in checks)
    summary = (
        f"For the performance team and auditors; not part of the published report. Built {front.created} with "
        f"hscp_nb {front.version}. {met} of {plural(len(checks), 'statutory requirement')} are met."
    )
    compliance = [
        {"Id": c["id"], "Requirement": c["requirement"], "Status": c["status"], "Where": c["where"] or "–",
         "Detail": c["detail"] or "–"}
        for c in checks
    ]  # fmt: skip
    reading = sorted({n for r in records.values() for n in r.get("reading_notes", [])})
    validation = [
        f"{e['requirement']} ({r['title']}): {e['detail']}"
        for r in records.values()
        for e in r["evidence"]
        if e["status"] == "missing"
    ]
    files = [{"Input": i["what"], "File": i["path"], "File dated": file_date(i["path"]), "SHA-256": i["sha256"]}
             for i in inputs]  # fmt: skip
    steps = [{"Step": step, "Seconds": f"{seconds:.2f}"} for step, seconds in timings.items()]

    if document is not None:
        from hscp_nb.document import coverage

        missing = coverage.unledgered(document)
        summary += (
            f" The figure ledger (figures.csv) holds {plural(len(document.values), 'figure')}; "
            f"{plural(coverage.checked(document), 'number')} in the report's text were found in it"
            + (
                f", and {len(missing)} were not: " + "; ".join(f"{n} ({w})" for w, n, _ in missing[:20])
                if missing
                else ", and none is missing from it."
            )  # fmt: skip
        )

    def notes(items):
        return BulletList(tuple(items)) if items else Paragraph("None.")

    page = FrontMatter(
        title=f"Quality assurance: {front.partnership}, {front.year_label}",
        category="Quality assurance page",
        partnership=front.partnership,
        year_label=front.year_label,
        synthetic=front.synthetic,
        created=front.created,
        version=front.version,
        contents=False,
        stem="qa",
    )
    return Document(
        page,
        [
            Part(
                "summary",
                "Summary",
                Blocks(Paragraph(summary)),
            ),  # fmt: skip
            Part(
                "compliance",
                "Compliance list",
                Blocks(
                    Heading("Compliance list", 2),
                    _table(compliance, "compliance", "Statutory requirements: met or missing, where and why"),
                ),
            ),  # fmt: skip
            Part("validation", "Validation notes", Blocks(Heading("Validation notes", 2), notes(validation))),
            Part("reading", "Reading notes", Blocks(Heading("Reading notes", 2), notes(reading))),
            Part(
                "inputs", "Inputs", Blocks(Heading("Inputs", 2), _table(files, "inputs", "Inputs with their SHA-256"))
            ),
            *extra,
            Part("timings", "Timings", Blocks(Heading("Timings", 2), _table(steps, "timings", "Seconds per step"))),
        ],
    )


def claims_part(documents: dict[str, Document]) -> Part:
    """The claims check of each public document (the report, its summary): what the QA page says of each."""
    return Part(
        "claims",
        "Claims check",
        Blocks(
            Heading("Claims check", 2),
            BulletList(tuple(f"{name}: {claims_line(document)}" for name, document in documents.items())),
        ),
    )


def claims_line(document: Document) -> str:
    """What the claims check found (:mod:`hscp_nb.document.claim_check`), in one sentence for the QA page."""
    from hscp_nb.document import claim_check

    untied = claim_check.untied(document)
    contradicted = claim_check.contradictions(document)
    text = (
        f"The claims ledger (claims.csv) holds {plural(len(document.claims), 'stated verdict')}; "
        f"{plural(claim_check.tied(document), 'comparative or directional phrase')} in its words were tied to one, "
        f"and {len(untied)} were not"
    )
    text += ": " + "; ".join(f"“{u.phrase}” ({u.where})" for u in untied[:20]) + "." if untied else "."
    if contradicted:
        text += (
            " Claims stated with two verdicts: "
            + "; ".join(f"{claim_id} ({', '.join(sorted(found))})" for claim_id, found in contradicted)
            + "."
        )
    else:
        text += " No claim is stated with two different verdicts."
    return text


def readability_part(readability) -> Part:
    """The plain-English summary's readability (:mod:`hscp_nb.document.readability`)."""
    return Part(
        "readability",
        "Summary readability",
        Blocks(
            Heading("Summary readability", 2),
            Paragraph(f"summary.html: {readability.line()}"),
            Paragraph(f"Longest sentence: “{readability.longest}”"),
        ),
    )
