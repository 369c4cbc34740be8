"""The reader of a report's route: the executed section notebooks, in report order, as one document. Each section
is a part; the cells a section tags ``annex`` are read into parts of their own (id ``annex``), which the annex step
gathers at the end. The front matter is a placeholder until the front-matter step sets it."""

from __future__ import annotations

from hscp_nb.document.blocks import Blocks
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.document.notebook import SKIPPED_TAGS, cell_blocks
from hscp_nb.domain.sections import SECTIONS

ANNEX = Part("annex", "Annex: national indicators")
ANNEX_TAG = "annex"


def section_part(name: str) -> Part:
    spec = SECTIONS[name]
    return Part(f"section-{spec.order}-{name}", f"{spec.order}. {spec.title}")


def read_sections(executed: dict) -> Document:
    """One document of the executed section notebooks ``executed`` (section name → notebook)."""
    parts = []
    for name in sorted(executed, key=lambda n: SECTIONS[n].order):
        main, annex = Blocks(), Blocks()
        for cell in executed[name].cells:
            tags = set(cell.metadata.get("tags", []))
            if not SKIPPED_TAGS & tags:
                (annex if ANNEX_TAG in tags else main).add(list(cell_blocks(cell)))
        parts += [Part(section_part(name).id, section_part(name).title, main)] if main else []
        parts += [Part(ANNEX.id, ANNEX.title, annex)] if annex else []
    return Document(FrontMatter(title="Annual Performance Report"), parts)
