"""The document model: the typed blocks a report section is made of, built once and rendered by every writer.

A section builds blocks (:mod:`hscp_nb.present`); each writer (:mod:`hscp_nb.writers`) renders every kind or refuses
it with an error. In an executed notebook blocks are kept as a structured output under :data:`MIMETYPE`, which is
what the writers read; JupyterLab shows them as HTML through a display formatter the package registers from above
(``hscp_nb/__init__.py``), so this model knows no writer. Block text is final: numbers are formatted by the house
formats before a block is made, so a writer never formats or recomputes a figure.

Kinds: ``heading``, ``paragraph`` (style ``""``, ``"lead"`` for an outcome's wording, ``"not-included"`` for what an
edition lacks), ``list`` (whose items' words may be links: :class:`Link`), ``note`` (a caveat under a table or chart),
``key-figures``, ``figure`` (a vector chart with alt text, caption, source and the data it plots) and ``table``
(column roles, formatted cells, the unformatted data and notes). A title page adds ``title``, ``facts`` (label and
value rows, a value of None being a field the reader fills in) and ``notice`` (the sample-data warning); see
:mod:`hscp_nb.document.model`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIMETYPE = "application/vnd.hscp-nb.blocks+json"
MODEL_VERSION = 5  # 2: title-page kinds (title, facts, notice) and headings left out of the contents; 3: values;
# 4: claims; 5: a list's links

ROLES = ("row-header", "text", "number")
LEDGER_COLUMNS = ("id", "section", "figure", "code", "area", "period", "value", "printed", "unit", "source",
                  "verdict")  # fmt: skip


@dataclass(frozen=True)
class Declared:
    """What a ledger row is about, for a figure and for a claim alike: its identifier, the section that declared it,
    the figure in words with its indicator code, the area and the period."""

    id: str
    section: str
    figure: str
    code: str
    area: str
    period: str


@dataclass(frozen=True)
class Value(Declared):
    """One number a block prints, declared where the block is made: a row of the report's figure ledger.

    ``id`` is stable: the same figure (say NI-12's value for Highland in 2024/25) has the same identifier in every
    edition and every year's report that prints it. ``value`` is unrounded (None for a verdict-only figure such as a
    rank's text), ``printed`` as the report prints it; ``source`` is the file, sheet and row it came from or how it
    was derived; ``verdict`` what goes with it (against Scotland, direction of travel)."""

    value: float | None
    printed: str
    unit: str = ""
    source: str = ""
    verdict: str = ""
    cell: tuple[int, int] | None = None  # in a table: the (row, column) that prints it (not a ledger column)


CLAIM_COLUMNS = ("id", "section", "figure", "code", "area", "period", "kind", "verdict", "stated", "compared", "rule",
                 "values", "caveat", "frame")  # fmt: skip


@dataclass(frozen=True)
class Claim(Declared):
    """One verdict a block's words state ("better than Scotland", "improved since 2023/24, when the survey questions
    changed", "objective met"): a row of the claims ledger, ``claims.csv``, as a :class:`Value` is of the figures'.

    ``id`` is the figure's ledger identifier and the kind of claim (``…/highland/2025-26#trend``), so the same
    verdict printed in the table, a sentence, a chart's alt text and the summary is one claim, and two different
    verdicts of one figure cannot both be stated. ``stated`` is the words that state it, as printed (the claims
    check ties each comparative or directional phrase of the text to one of these); ``compared`` what was compared
    (the two periods, or the value and Scotland's, or the value and its year's objective), ``rule`` the rule
    applied, ``values`` the values it was computed from, and ``caveat`` what qualifies it (a survey break, provisional
    data, records under 95% complete, a calendar-year stand-in); ``frame`` the words that state a trend's frame, made
    once from its basis so that every text frames it the same way."""

    kind: str
    verdict: str
    stated: str
    compared: str = ""
    rule: str = ""
    values: str = ""
    caveat: str = ""
    frame: str = ""  # a trend's frame in words, made from its basis ("since 2023/24, when the questions changed")


def _values(items) -> tuple[Value, ...]:
    return tuple(
        v if isinstance(v, Value) else Value(**{**v, "cell": tuple(v["cell"]) if v.get("cell") else None})
        for v in items or ()
    )


def _claims(items) -> tuple[Claim, ...]:
    return tuple(c if isinstance(c, Claim) else Claim(**c) for c in items or ())


DATA_KINDS = ("text", "money", "percent", "number", "count", "year", "flag", "date")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3
    outlined: bool = True  # listed in the contents and the PDF outline
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True)
class Title:
    text: str
    eyebrow: str = ""  # the line above the title
    kind: str = field(default="title", init=False)


@dataclass(frozen=True)
class Facts:
    """A title page's facts: (label, value) rows; a value of None is a field for the reader to fill in."""

    rows: tuple[tuple[str, str | None], ...]
    kind: str = field(default="facts", init=False)


@dataclass(frozen=True)
class Notice:
    """A warning the reader must not miss (the sample-data notice)."""

    text: str
    kind: str = field(default="notice", init=False)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""
    values: tuple[Value, ...] = ()  # the numbers its text prints
    claims: tuple[Claim, ...] = ()  # the verdicts its text states
    kind: str = field(default="paragraph", init=False)


@dataclass(frozen=True)
class Link:
    """Words of a list item that lead somewhere: ``text`` as its items print it, ``target`` a URL (``mailto:…``,
    ``https://…``) or the name of a file published beside the document (``report.pdf``)."""

    text: str
    target: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    values: tuple[Value, ...] = ()  # the numbers its text prints
    claims: tuple[Claim, ...] = ()  # the verdicts its text states
    links: tuple[Link, ...] = ()  # words of its items that are links, wherever they occur
    kind: str = field(default="list", init=False)

    def __post_init__(self):
        for link in self.links:
            if not any(link.text in item for item in self.items):
                raise ValueError(f"the link {link.text!r} is in none of the list's items")


def linked(text: str, links: tuple[Link, ...]) -> list[tuple[str, str]]:
    """``text`` cut into (words, target) pieces in reading order, target "" for words that lead nowhere: wherever a
    link's words occur they are a piece of their own (what every writer renders as a link)."""
    if not links:
        return [(text, "")]
    targets = {link.text: link.target for link in reversed(links)}  # the first link of the same words wins
    pattern = re.compile("|".join(re.escape(words) for words in sorted(targets, key=len, reverse=True)))
    pieces, at = [], 0
    for found in pattern.finditer(text):
        pieces += [(text[at : found.start()], "")] if found.start() > at else []
        pieces.append((found.group(), targets[found.group()]))
        at = found.end()
    return pieces + ([(text[at:], "")] if at < len(text) else [])


@dataclass(frozen=True)
class Note:
    text: str
    claims: tuple[Claim, ...] = ()
    kind: str = field(default="note", init=False)


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]
    values: tuple[Value, ...] = ()
    claims: tuple[Claim, ...] = ()
    kind: str = field(default="key-figures", init=False)


@dataclass(frozen=True)
class Data:
    """A table's unformatted values (what its CSV holds): column names and rows of JSON values (None for missing).

    ``labels`` and ``kinds`` declare each column for a reader: its header with the unit (``"Planned spend (£)"``)
    and its kind, one of :data:`DATA_KINDS`, which sets the number format of the data workbook. Both are declared
    where the data are made (:mod:`hscp_nb.present.data_columns`); empty, the column names stand as headers."""

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    labels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def __post_init__(self):
        for declared in (self.labels, self.kinds):
            if declared and len(declared) != len(self.columns):
                raise ValueError(f"data of {len(self.columns)} columns declared with {len(declared)} labels or kinds")
        if set(self.kinds) - set(DATA_KINDS):
            raise ValueError(f"data column kinds must be among {DATA_KINDS}")

    @classmethod
    def from_frame(cls, frame, labels=(), kinds=()) -> Data:
        return cls(
            tuple(str(c) for c in frame.columns),
            tuple(tuple(_json_value(v) for v in r) for r in frame.values),
            tuple(labels),
            tuple(kinds),
        )


@dataclass(frozen=True)
class Column:
    name: str
    role: str = "text"  # one of ROLES: a row header names its row; a number column is right-aligned and unbroken
    unit: str = ""
    quoted: bool = False  # the partnership's own words from its returns (they state no verdict of the report's)


@dataclass(frozen=True)
class Figure:
    name: str
    svg: str
    alt: str
    caption: str
    source: str
    data: Data
    values: tuple[Value, ...] = ()  # the numbers it prints (labels on its marks)
    claims: tuple[Claim, ...] = ()  # the verdicts its title, caption and alt text state
    kind: str = field(default="figure", init=False)


@dataclass(frozen=True)
class Table:
    name: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    data: Data | None = None
    notes: tuple[str, ...] = ()
    source: str = ""  # where its figures come from ("Source: ..."), cited on its data workbook sheet
    values: tuple[Value, ...] = ()  # the numbers its cells print
    claims: tuple[Claim, ...] = ()  # the verdicts its cells and caption state
    kind: str = field(default="table", init=False)

    def __post_init__(self):
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.name}: row {i + 1} has {len(row)} cells for {len(self.columns)} columns")
            if not all(isinstance(cell, str) for cell in row):
                raise TypeError(f"table {self.name}: row {i + 1} holds unformatted cells; format them first")
        if any(c.role not in ROLES for c in self.columns):
            raise ValueError(f"table {self.name}: column roles must be among {ROLES}")

    @classmethod
    def from_frame(
        cls,
        frame,
        name: str,
        caption: str,
        *,
        data=None,
        notes=(),
        units: dict | None = None,
        source: str = "",
        values: tuple[Value, ...] = (),
        claims: tuple[Claim, ...] = (),
        quoted: tuple[str, ...] = (),
    ) -> Table:
        """A table whose first column names its rows; a column whose every cell reads as a number is a number
        column. ``frame`` holds formatted text (see :func:`hscp_nb.present.formats.cell`)."""
        rows = tuple(tuple(str(v) for v in r) for r in frame.astype(object).values)
        columns = tuple(
            Column(
                str(c),
                "row-header" if i == 0 else "number" if _numeric([r[i] for r in rows]) else "text",
                (units or {}).get(c, ""),
                str(c) in quoted,
            )
            for i, c in enumerate(frame.columns)
        )
        if not isinstance(data, Data):
            data = Data.from_frame(data if data is not None else frame)
        return cls(name, caption, columns, rows, data, tuple(notes), source, tuple(values), tuple(claims))


Block = Title | Facts | Notice | Heading | Paragraph | BulletList | Note | KeyFigures | Figure | Table
KINDS = {
    "title": Title,
    "facts": Facts,
    "notice": Notice,
    "heading": Heading,
    "paragraph": Paragraph,
    "list": BulletList,
    "note": Note,
    "key-figures": KeyFigures,
    "figure": Figure,
    "table": Table,
}


class Blocks(list):
    """What a notebook cell returns: blocks in reading order. Jupyter shows them as HTML and keeps them as JSON."""

    def __init__(self, *parts):
        super().__init__()
        for part in parts:
            self.add(part)

    def add(self, part) -> Blocks:
        if part is None:
            return self
        if isinstance(part, list | tuple):
            for p in part:
                self.add(p)
        elif type(part) in KINDS.values():
            self.append(part)
        else:
            raise TypeError(f"not a document block: {type(part).__name__}")
        return self

    def to_json(self) -> dict:
        return {"version": MODEL_VERSION, "blocks": [to_json(b) for b in self]}

    def _repr_mimebundle_(self, include=None, exclude=None):
        # the HTML JupyterLab shows comes from the formatter hscp_nb registers for this type (IPython adds it)
        return {MIMETYPE: self.to_json()}


# ------------------------------------------------------------------------------------------------- JSON form
def to_json(block) -> dict:
    out = {"kind": block.kind}
    for name, value in vars(block).items():
        if name != "kind":
            out[name] = _plain(value)
    return out


def _plain(value):
    if isinstance(value, Data):
        return {
            "columns": list(value.columns),
            "rows": [list(r) for r in value.rows],
            "labels": list(value.labels),
            "kinds": list(value.kinds),
        }
    if isinstance(value, KeyFigure | Column | Value | Claim | Link):
        return dict(vars(value))
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def from_json(payload: dict) -> Blocks:
    """Blocks from their JSON form (an output of an executed notebook)."""
    version = payload.get("version")
    if version != MODEL_VERSION:
        raise ValueError(f"document blocks of model version {version!r}; this hscp_nb reads version {MODEL_VERSION}")
    return Blocks([block_from_json(b) for b in payload["blocks"]])


def block_from_json(item: dict):
    kind = item["kind"]
    fields = {k: v for k, v in item.items() if k != "kind"}
    if "values" in fields:
        fields["values"] = _values(fields["values"])
    if "claims" in fields:
        fields["claims"] = _claims(fields["claims"])
    if kind == "list":
        fields["items"] = tuple(fields["items"])
        fields["links"] = tuple(Link(**link) for link in fields.get("links", ()))
    elif kind == "facts":
        fields["rows"] = tuple(tuple(r) for r in fields["rows"])
    elif kind == "key-figures":
        fields["items"] = tuple(KeyFigure(**i) for i in fields["items"])
    elif kind == "figure":
        fields["data"] = _data(fields["data"])
    elif kind == "table":
        fields["columns"] = tuple(Column(**c) for c in fields["columns"])
        fields["rows"] = tuple(tuple(r) for r in fields["rows"])
        fields["data"] = _data(fields.get("data"))
        fields["notes"] = tuple(fields.get("notes", ()))
    return KINDS[kind](**fields)


def _data(item) -> Data | None:
    if item is None:
        return None
    rows = tuple(tuple(r) for r in item["rows"])
    return Data(tuple(item["columns"]), rows, tuple(item.get("labels", ())), tuple(item.get("kinds", ())))


def _json_value(value):
    """A value as JSON can hold it: numpy scalars as Python numbers, NaN and NaT as None, dates as ISO text."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    try:
        if value != value:  # NaN and NaT are the values not equal to themselves
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        try:
            return value.isoformat()
        except ValueError:  # NaT
            return None
    text = str(value)
    return None if text in {"NaT", "<NA>", "nan"} else text


_NUMBER_CHARS = set("0123456789,.%£−-+kmx() ")
_MARK = re.compile(r"\s*[(\[][a-z]{1,4}[)\]]")


def _numeric(cells: list[str]) -> bool:
    """Every cell reads as a number (digits with separators, signs, £, %, k/m, or the missing-value dash)."""
    seen = False
    for cell in cells:
        if cell in {"–", ""}:
            continue
        cell = _MARK.sub("", cell)  # a value's mark ("(cal)" for a calendar year, "[r]" revised) is not a word
        if not any(ch.isdigit() for ch in cell) or not set(cell) <= _NUMBER_CHARS:
            return False
        seen = True
    return seen
