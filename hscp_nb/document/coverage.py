"""Does the figure ledger hold every number the document's text prints? The check the QA page reports and a test
enforces: each number in a block's words (sentences, list items, table cells, key figures, captions, alt text,
notes) must be one that some block declared (:attr:`hscp_nb.document.model.Document.values`).

What is not a figure is named here, once: dates, reporting years and survey waves, indicator and area codes,
outcome numbers, the age bands and population bases of an indicator's unit, and the statutory references the
report cites.
"""

from __future__ import annotations

import re

from hscp_nb.document.model import Document

NUMBER = re.compile(r"(?<![\w.])[−+-]?£?\d(?:[\d,]*\d)?(?:\.\d+)?(?:%|m\b|k\b)?")  # never its trailing comma
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NOT_FIGURES = re.compile(
    "|".join(
        (
            rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b",  # a date
            rf"\b(?:{MONTHS}) \d{{4}}\b",  # a month
            r"\b\d{4}/\d{2}p?\b",  # a reporting year or survey wave
            r"\b\d{4}\s?(?:–|-|to)\s?\d{4}\b",  # a span of calendar years
            r"\b(?:19|20)\d{2}\b",  # a calendar year
            r"\bNI-\d+\b|\bS\d{8}\b",  # indicator and area codes
            r"\bMSG \d[a-c]?\b|\b[Ii]ndicators? \d[a-c]?(?: (?:to|and) \d[a-c]?)?\b",  # MSG indicator numbers
            r"\bunder \d+% complete\b",  # PHS's completeness standard for hospital records
            r"\bwithin [\d.]+(?: points?)? of the objective\b|\"within [\d.]+\"",  # the MSG rule: one printed unit
            r"\bone unit of its printed precision \([^)]*\)",  # and what one printed unit is
            r"\baged \d+ and over\b",  # an age band in words
            r"\b[Oo]utcomes? \d\b|\bOutcomes? \d(?:, \d)*(?: and \d)?\b",  # outcome numbers
            r"\bper 1,000\b|\bper 100,000\b|\baged \d+\+|\b\d+\+|\b\d+ ?(?:–|-|to) ?\d+\b(?= years| and over)",
            r"\b(?:1 = best|1st = best)\b",  # how ranks read
            r"\b\d+ (?:days|weeks|months|hours)\b",  # in an indicator's name ("within 28 days")
            r"\b\d+-(?:day|week|month|year)\b|\bof the 12 whose\b",  # a period's length ("rolling 12-month totals")
            r"^\d+\. ",  # a section's number in its heading
            r"\bat \d \(\w+\)|\b\d ?(?:–|-) ?\d scale\b",  # the Care Inspectorate's grade scale
            r"\b[A-Z]{1,4}\d*(?:-\d+)+\b",  # a reference such as a direction's (D25-01)
            r"\b(?:SSI|asp) \d{4}/\d+\b|\b(?:[Rr]eg(?:ulation)?|[Ss]ection|s\.) ?\d+[A-Z]?(?:\(\d+\))?(?:\([a-z]+\))*",
            r"https?://\S+",  # a link
        )
    )
)


# The part that states the method's rules and the statutory requirements (their constants and section numbers are
# rules and references, not figures), and the changes part (its previous figures are the last edition's ledger's).
RULES_AND_REFERENCES = ("About this report", "Changes in this edition")


def texts(document: Document):
    """(where, text) for every piece of the document's words a reader sees or hears, but for the parts that state
    rules and references (:data:`RULES_AND_REFERENCES`)."""
    for where, text, _ in texts_of(document, RULES_AND_REFERENCES):
        yield where, text


def texts_of(document: Document, skip: tuple[str, ...] = ()):
    """(where, text, the claims its block declares) for every piece of the words a reader sees or hears, in every
    part not titled in ``skip``; the claims are None for the partnership's own words quoted in a table."""
    for part in document.parts:
        if part.title in skip:
            continue
        for block in part.blocks:
            claims = getattr(block, "claims", ())
            where = f"{part.title} › {block.kind}"
            if block.kind in {"paragraph", "note", "heading"}:
                yield where, block.text, claims
            elif block.kind == "list":
                yield from ((where, item, claims) for item in block.items)
            elif block.kind == "key-figures":
                for item in block.items:
                    yield where, f"{item.value} {item.detail}", claims
            elif block.kind == "figure":
                yield f"{part.title} › chart {block.name}", f"{block.caption} {block.alt}", claims
            elif block.kind == "table":
                yield f"{part.title} › table {block.name}", block.caption, claims
                own = [getattr(column, "quoted", False) for column in block.columns]
                for row in block.rows:  # the partnership's own words (claims None) state no verdict of the report's
                    yield from ((f"{part.title} › table {block.name}", cell, None if quoted else claims)
                                for cell, quoted in zip(row, own))  # fmt: skip
                yield from ((f"{part.title} › table {block.name} notes", note, claims) for note in block.notes)


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` that are figures (see :data:`NOT_FIGURES`), as printed."""
    return [m.group().lstrip("+-−") for m in NUMBER.finditer(NOT_FIGURES.sub(" ", text))]


def unledgered(document: Document, parts: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
    """(where, number, text) for every number in the text that no ledger row prints; [] when the ledger is whole.
    ``parts``: only those parts (by title)."""
    printed = _ledgered(document)
    missing = []
    for where, text in texts(document):
        if parts is not None and not any(where.startswith(p) for p in parts):
            continue
        missing += [(where, n, text) for n in numbers(text) if n not in printed]
    return missing


def checked(document: Document) -> int:
    """How many numbers in the text were found in the ledger."""
    printed = _ledgered(document)
    return sum(n in printed for _, text in texts(document) for n in numbers(text))


def _ledgered(document: Document) -> set[str]:
    """Every number the ledger's rows print."""
    return {n for value in document.values for n in numbers(value.printed)}
