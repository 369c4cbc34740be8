"""A whole document: its front matter (``meta``) and its parts, each a run of blocks under one heading.

``meta`` keys every writer may use: ``title``, ``description``, ``partnership``, ``year_label``, ``year_span``,
``deadline``, ``model``, ``edition``, ``sources`` (list of text), ``synthetic`` (bool), ``version``, ``created``.
A document read from a single section notebook has only ``title`` (and ``synthetic``); the writers then leave out
the title page's facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb.document.blocks import Blocks

TEMPLATES = Path(__file__).parent / "templates"  # the writers' layouts: report.typ, report.html.j2, page.html.j2


@dataclass
class Part:
    id: str
    title: str
    blocks: Blocks = field(default_factory=Blocks)


@dataclass
class Document:
    meta: dict
    parts: list[Part]

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic"))
