"""The one registry of writers. Everything that needs to know the output formats reads it: the nbconvert exporters
(:mod:`hscp_nb.writers.exporters`), the batch's outputs and cache key, ``--formats``/``FORMATS=``, the year's index
and the benchmarking pack.

A writer declares its name (``--formats`` and ``jupyter nbconvert --to hscp-<name>``), its file extension and media
type, its audience and its render function (a document in, the file's text or bytes out). The audience says which
document it writes: the public document itself (``public``: ``report.html``…), the data behind it (``data``:
``report-data.xlsx``…), the quality-assurance page beside it (``qa``), or the ledgers of every
figure it prints and every verdict it states (``ledger``: ``figures.csv``, which editions compare, and
``claims.csv``). Render functions are named as
``module:function`` and imported on first use, so reading the registry costs nothing. A public writer also says how
a reader is told of its file (``in_words``: "a PDF file for printing"), which the plain-English summary's "Find out
more" lists (:mod:`hscp_nb.products.summary`); a public writer without those words is refused.

Adding a format: write its module under ``hscp_nb/writers/``, add one line to :data:`WRITERS`, and one entry point
in ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from hscp_nb.document.model import Document, FrontMatter
from hscp_nb.domain.errors import InputError, Problem

PUBLIC, DATA, QA, LEDGER = "public", "data", "qa", "ledger"
ALWAYS = (QA, LEDGER)  # written with every selection of formats: the build's records


@dataclass(frozen=True)
class Writer:
    name: str
    extension: str
    media_type: str
    audience: str
    renderer: str  # "module:function", taking a Document and returning str or bytes
    label: str  # how an index names the file
    in_words: str = ""  # how the plain-English summary names the file to a reader; every public writer has them

    def __post_init__(self):
        if self.audience == PUBLIC and not self.in_words:
            raise ValueError(
                f"the public writer {self.name!r} needs in_words: how the plain-English summary names its file to a "
                "reader ('a PDF file for printing')"
            )

    def render(self, document: Document) -> bytes | str:
        module, function = self.renderer.split(":")
        return getattr(importlib.import_module(module), function)(document)

    def file_name(self, front: FrontMatter) -> str:
        """``report.html``, ``report-data.xlsx``, and ``qa.html`` for the QA page beside any document."""
        stem = {DATA: front.data_name, QA: "qa", LEDGER: self.name}.get(self.audience, front.stem)
        return stem + self.extension

    def write(self, document: Document, folder) -> str:
        """Render ``document`` into ``folder``; returns the file's name."""
        name = self.file_name(document.front)
        rendered = self.render(document)
        path = folder / name
        path.write_text(rendered, encoding="utf-8") if isinstance(rendered, str) else path.write_bytes(rendered)
        return name


OOXML = "application/vnd.openxmlformats-officedocument"
WRITERS: tuple[Writer, ...] = (
    Writer("html", ".html", "text/html", PUBLIC, "hscp_nb.writers.html:render_document", "HTML", "a web page"),
    Writer(
        "pdf", ".pdf", "application/pdf", PUBLIC, "hscp_nb.writers.pdf:render_pdf", "PDF", "a PDF file for printing"
    ),  # fmt: skip
    Writer(
        "docx",
        ".docx",
        f"{OOXML}.wordprocessingml.document",
        PUBLIC,
        "hscp_nb.writers.docx:render_docx",
        "Word",
        "a Word document",
    ),  # fmt: skip
    Writer(
        "odt",
        ".odt",
        "application/vnd.oasis.opendocument.text",
        PUBLIC,
        "hscp_nb.writers.odt:render_odt",
        "ODT",
        "an OpenDocument file",
    ),  # fmt: skip
    Writer(
        "xlsx", ".xlsx", f"{OOXML}.spreadsheetml.sheet", DATA, "hscp_nb.writers.xlsx:render_workbook", "data workbook"
    ),  # fmt: skip
    Writer(
        "ods",
        ".ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        DATA,
        "hscp_nb.writers.ods:render_ods",
        "data workbook (ODS)",
    ),  # fmt: skip
    Writer("figures", ".csv", "text/csv", LEDGER, "hscp_nb.writers.ledger:render_ledger", "figure ledger"),
    Writer("claims", ".csv", "text/csv", LEDGER, "hscp_nb.writers.claims:render_claims", "claims ledger"),
    Writer("qa", ".html", "text/html", QA, "hscp_nb.writers.html:render_qa_page", "QA page"),
)
BY_NAME = {w.name: w for w in WRITERS}
FORMAT_NAMES = ", ".join(w.name for w in WRITERS if w.audience not in ALWAYS)


def writer(name: str) -> Writer:
    return BY_NAME[name]


def select(formats: str | Iterable[str] | None = None) -> tuple[Writer, ...]:
    """The writers ``formats`` names (comma-separated text or a list; None or empty: all), in registry order. The QA
    page and the figure ledger are always written: they are the build's records (for the performance team and for
    the next edition), not formats of the report."""
    if formats is None or formats == "" or formats == []:
        return WRITERS
    names = [f.strip().lower().lstrip(".") for f in (formats.split(",") if isinstance(formats, str) else formats)]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown or not names:
        raise InputError(
            Problem(
                file="parameters",
                column="formats",
                found=", ".join(unknown) or "nothing",
                expected="some of " + FORMAT_NAMES,
            )  # fmt: skip
        )
    return tuple(w for w in WRITERS if w.name in names or w.audience in ALWAYS)


def for_audience(writers: Iterable[Writer], *audiences: str) -> tuple[Writer, ...]:
    return tuple(w for w in writers if w.audience in audiences)
