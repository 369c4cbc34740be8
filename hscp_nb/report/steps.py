"""The named steps of a report's route. Each is a function of the document and the build's context
(:class:`~hscp_nb.report.context.Build`) that returns a new document; :data:`STEPS` is the route, in order, and
:func:`route` passes a document along it. A step can be tested on a small document, without a kernel."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from hscp_nb.document.blocks import Blocks, Heading
from hscp_nb.document.model import Document, Part
from hscp_nb.domain.requirements import checklist
from hscp_nb.editions import compare, marks, register
from hscp_nb.report.about import ABOUT, about_blocks, source_line, words_of
from hscp_nb.report.context import Build
from hscp_nb.report.front import STATUTE, report_front
from hscp_nb.report.look import look
from hscp_nb.report.stitch import ANNEX, read_sections

Step = Callable[[Document, Build], Document]


def front_matter(document: Document, build: Build) -> Document:
    """The report's title page: title, facts, sources, status and contact."""
    return dataclasses.replace(document, front=report_front(build))


def annex(document: Document, build: Build) -> Document:
    """The sections' annex parts gathered into one part at the end, under its heading."""
    gathered = [b for p in document.parts if p.id == ANNEX.id for b in p.blocks]
    parts = [p for p in document.parts if p.id != ANNEX.id]
    if gathered:
        parts.append(Part(ANNEX.id, ANNEX.title, Blocks(Heading(ANNEX.title, 2), gathered)))
    return dataclasses.replace(document, parts=parts)


def compliance(document: Document, build: Build) -> Document:
    """The statutory requirements, met or missing, from the evidence the sections recorded."""
    return dataclasses.replace(
        document, checks=tuple(checklist(build.records, build.partnership.is_lead_agency, build.layout.left_out))
    )


def about(document: Document, build: Build) -> Document:
    """ "About this report" at the end: the sources, how to read the figures, where each requirement is answered,
    and the glossary of the words the report uses."""
    words = [STATUTE, *(source_line(i) for i in build.sources), *(words_of(p.blocks) for p in document.parts)]
    blocks = about_blocks(list(document.checks), list(build.sources), "\n".join(words))
    return dataclasses.replace(document, parts=[*document.parts, Part(ABOUT.id, ABOUT.title, blocks)])


def publication(document: Document, build: Build) -> Document:
    """PUB-1 from the register of editions (published by the deadline, late, or due). After "About this report",
    which says where the report answers each requirement, not whether it has been published."""
    checks = register.publication_check(document.checks, list(build.published), build.year.publication_deadline,
                                        build.today)  # fmt: skip
    return dataclasses.replace(document, checks=tuple(checks))


def edition(document: Document, build: Build) -> Document:
    """The edition line on the title page."""
    return marks.with_edition_line(document, build.edition)


def revisions(document: Document, build: Build) -> Document:
    """Against the edition this build replaces (none: nothing to do): [r] after each revised figure, and the
    "Changes in this edition" part before "About this report"."""
    previous = build.edition.previous
    if previous is None:
        return document
    found = compare.changes(previous, document.values, build.edition)
    document = marks.with_changes_part(marks.mark_revised(document, found), previous, found, before=ABOUT.id)
    return dataclasses.replace(document, changes=tuple(found))


STEPS: tuple[Step, ...] = (front_matter, annex, compliance, about, publication, edition, revisions, look)


def route(document: Document, build: Build, steps: tuple[Step, ...] = STEPS) -> Document:
    for step in steps:
        document = step(document, build)
    return document


def report_document(executed: dict, build: Build) -> Document:
    """The report: its executed section notebooks (section name → notebook) read into one document and passed along
    the route."""
    return route(read_sections(executed, build.layout), build)
