"""The reader of a report's route: the executed section notebooks, in report order, as one document. Each section
is a part; the cells a section tags ``annex`` are read into parts of their own (id ``annex``), which the annex step
gathers at the end. The front matter is a placeholder until the front-matter step sets it."""

from __future__ import annotations

from hscp_nb.document.blocks import Blocks, Heading
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.document.notebook import SKIPPED_TAGS, cell_blocks
from hscp_nb.inputs.layout import NATIONAL, Layout

ANNEX = Part("annex", "Annex: national indicators")
ANNEX_TAG = "annex"


def section_part(name: str, layout: Layout = NATIONAL) -> Part:
    """A section's part: numbered by its place in the partnership's layout, titled as the layout titles it."""
    number = layout.number(name)
    return Part(f"section-{number}-{name}", f"{number}. {layout[name].title}")


def read_sections(executed: dict, layout: Layout = NATIONAL) -> Document:
    """One document of the executed section notebooks ``executed`` (section name → notebook), in ``layout``'s
    order."""
    parts = []
    for name in sorted(executed, key=layout.number):
        main, annex = Blocks(), Blocks()
        for cell in executed[name].cells:
            tags = set(cell.metadata.get("tags", []))
            if not SKIPPED_TAGS & tags:
                (annex if ANNEX_TAG in tags else main).add(list(cell_blocks(cell)))
        part = section_part(name, layout)
        parts += [Part(part.id, part.title, _headed(main, part.title))] if main else []
        parts += [Part(ANNEX.id, ANNEX.title, annex)] if annex else []
    return Document(FrontMatter(title="Annual Performance Report"), parts)


def _headed(blocks: Blocks, title: str) -> Blocks:
    """A section's heading is its number and title in the layout: its notebook's own first heading (level 2, "## 2.
    Finance and best value") is replaced, and a section without one is given it."""
    rest = blocks[1:] if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 2 else blocks
    return Blocks(Heading(title, 2), list(rest))
