"""The public report's "About this report" part, in plain words: where the figures come from, how to read them,
where each statutory requirement is answered, and the words a reader may not know."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from hscp_nb.document.blocks import Blocks, BulletList, Heading, Paragraph, Table
from hscp_nb.document.model import Part
from hscp_nb.domain import reference
from hscp_nb.domain.requirements import PUBLIC_TOPICS, Check
from hscp_nb.inputs.files import InputFile
from hscp_nb.present import claims
from hscp_nb.present.formats import cells, date
from hscp_nb.present.wording import method_notes

ABOUT = Part("about", "About this report")


def file_date(path: str | Path) -> str:
    """The date a file was last written, as the report prints dates; for a folder (PHS's MSG data), the date of its
    newest file."""
    folder = Path(path)
    files = [f for f in folder.rglob("*") if f.is_file()] if folder.is_dir() else [folder]
    return date(dt.date.fromtimestamp(max(f.stat().st_mtime for f in files or [folder])))


def source_line(item: InputFile) -> str:
    """An input as the title page and "About this report" list it: what it is, the file (or how its folder is
    described) and its date."""
    if item.path.is_dir():
        described = item.described or "the files in the folder"
        return f"{item.what}: {described} “{item.path.name}”, newest file dated {file_date(item.path)}"
    return f"{item.what}: {item.path.name}, file dated {file_date(item.path)}"


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


def table(rows: list[dict], name: str, caption: str) -> Table:
    return Table.from_frame(cells(pd.DataFrame(rows)), name, caption)


def about_blocks(checks: list[Check], inputs: list[InputFile], used: str = "") -> Blocks:
    """The public appendix: where the figures come from, how to read them, where each statutory requirement is
    answered (and, plainly, what this edition does not include), and the words used in this report that a reader may
    not know: those of the glossary found in ``used`` (the report's words before this appendix) or in the appendix's
    own."""
    answered = "Where this report answers it"
    where = [{"Requirement": c.requirement, answered: c.where if c.met else "Not included in this edition"}
             for c in checks]  # fmt: skip
    missing = [c for c in checks if not c.met]
    gaps = (
        Paragraph(
            "This edition does not yet include "
            + "; ".join(PUBLIC_TOPICS[c.id] for c in missing)
            + ". It will be added when the information is available."
        )
        if missing
        else None
    )
    about = Blocks(
        Heading(ABOUT.title, 2),
        Heading("Where the figures come from", 3),
        BulletList(tuple(source_line(i) for i in inputs)),
        Heading("How to read the figures", 3),
        BulletList(tuple(method_notes()), claims=claims.method(method_notes())),
        Heading("Where each statutory requirement is answered", 3),
        gaps,
        table(where, "requirements", "Statutory requirements and where this report answers them"),
    )
    return about.add(glossary_blocks(f"{used}\n{words_of(about)}"))
