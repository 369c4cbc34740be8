"""A whole document: its typed front matter and its parts, each a run of blocks under one heading.

The front matter is built once (by the batch for a report, by the pack for a board paper) and becomes blocks like any
other (:func:`title_page`): a title, a table of facts (or of fields to fill in), the sample-data notice and the list
of sources. Writers render those blocks as they render a section's, and read only typed fields besides (the title
for the file's properties, the running header, whether a contents list is wanted). The sample-data sentence is
written here once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from hscp_nb.document.blocks import Blocks, BulletList, Facts, Heading, Notice, Title
from hscp_nb.domain.brand import Brand
from hscp_nb.domain.requirements import Check

# The one sentence every output prints when its figures are synthetic: the short form for running headers and
# banners, the long form on a title page or cover.
SAMPLE_SHORT = "SAMPLE DATA: synthetic figures, not official statistics"
SAMPLE_SENTENCE = "the figures in {what} are synthetic sample data generated for testing, not official statistics."


def sample_notice(what: str = "this document") -> str:
    return "Sample data: " + SAMPLE_SENTENCE.format(what=what)


@dataclass(frozen=True)
class FrontMatter:
    """What a document is, for its title page, its file properties and its running header.

    ``facts`` are the title page's (label, value) rows; a value of ``None`` is a field the reader fills in (a board
    paper's meeting and author). ``sources`` are the data sources with their file dates; ``notes`` say how to read
    the figures (the data workbook's notes). ``stem`` names the files the writers write (``report`` →
    ``report.html``, ``report-data.xlsx``)."""

    title: str
    description: str = ""
    category: str = "Annual Performance Report"  # what kind of document: Word's category, the running header
    noun: str = "report"  # what the document calls itself ("the figures in this report")
    eyebrow: str = ""  # the line above the title ("Annual Performance Report 2025/26", "Board paper")
    heading: str = ""  # the title as the title page shows it (default: ``title``)
    partnership: str = ""
    year_label: str = ""
    facts: tuple[tuple[str, str | None], ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    synthetic: bool = False
    version: str = ""
    created: str = ""
    status: str = ""  # the status of the figures (provisional, final) for a workbook's cover
    contact: str = ""
    contents: bool = True  # a contents list after the title page (a report); a short paper has none
    part_per_page: bool = True  # each part starts a page
    stem: str = "report"
    data_stem: str = ""  # the data workbook's file name (default: ``<stem>-data``)
    about_data: str = "The data behind every table and chart of the report."
    companions: tuple[str, ...] = ()  # the files published with it (the data workbook's cover names them)
    template: str = ""  # a reference .docx whose styles and numbering the Word writer uses (a partnership's own)

    @property
    def data_name(self) -> str:
        return self.data_stem or f"{self.stem}-data"

    @property
    def running_title(self) -> str:
        """The running header: the partnership and what the document is."""
        running = self.partnership or self.title
        if self.year_label:
            running += f" · {self.category} {self.year_label}"
        return running

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, payload: dict) -> FrontMatter:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in payload.items() if k in names}
        values["facts"] = tuple(tuple(f) for f in values.get("facts", ()))
        for key in ("sources", "notes", "companions"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


def title_page(front: FrontMatter) -> Blocks:
    """The title page as blocks: title, facts, the sample-data notice, the data sources."""
    return Blocks(
        Title(front.heading or front.title, front.eyebrow),
        Facts(front.facts) if front.facts else None,
        Notice(sample_notice(f"this {front.noun}")) if front.synthetic else None,
        [Heading("Data sources", 2, outlined=False), BulletList(front.sources)] if front.sources else None,
    )


@dataclass
class Part:
    id: str
    title: str
    blocks: Blocks = field(default_factory=Blocks)


@dataclass
class Document:
    """The front matter and the parts, and what the report's route learned about them (Pandoc's metadata): the
    statutory requirements met or missing (``checks``) and, for a report compared with a published edition, the
    figures that changed since (``changes``, :class:`hscp_nb.editions.compare.Change`; None when compared with
    none). Writers render only the front matter and the parts, in the partnership's look when it has one (``brand``,
    from its brand.yml; None: the toolkit's own look, unchanged)."""

    front: FrontMatter
    parts: list[Part]
    checks: tuple[Check, ...] = ()
    changes: tuple | None = None
    brand: Brand | None = None

    @property
    def synthetic(self) -> bool:
        return self.front.synthetic

    @property
    def title_blocks(self) -> Blocks:
        return title_page(self.front)

    @property
    def values(self) -> list:
        """Every number the document prints, as declared by its blocks (the figure ledger), once each: a figure
        printed in two places (a table and a sentence) is one row, a second way of printing it another."""
        return [dataclasses.replace(v, cell=None) if v.cell else v for v in self._declared("values", "printed")]

    @property
    def claims(self) -> list:
        """Every verdict the document's words state, as declared by its blocks (the claims ledger), once for each
        way it is stated: one claim stated in a table and in a sentence is two rows of one identifier."""
        return self._declared("claims", "stated")

    def _declared(self, kind: str, wording: str) -> list:
        """What the blocks declare under ``kind``, once for each identifier and ``wording``, in reading order."""
        seen, out = set(), []
        for part in self.parts:
            for block in part.blocks:
                for item in getattr(block, kind, ()):
                    if (item.id, getattr(item, wording)) not in seen:
                        seen.add((item.id, getattr(item, wording)))
                        out.append(item)
        return out

    @property
    def contents(self) -> list[Part]:
        """The parts a contents list names (a report of more than one part)."""
        parts = [p for p in self.parts if p.blocks]
        return parts if self.front.contents and len(parts) > 1 else []
