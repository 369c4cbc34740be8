"""What a section notebook holds on to while it runs: its parameters, its inputs, and what it has shown.

``open_section`` is the first call of every section notebook. Charts and tables go through the context so that each
is written under ``<report dir>/figures`` (:data:`~hscp_nb.present.export.FIGURES_FOLDER`, see
:mod:`hscp_nb.present.export`) and returned as document blocks (see
:mod:`hscp_nb.document.blocks`), which JupyterLab shows as HTML and the renderers read from the executed notebook.
Every requirement the section meets or cannot meet is recorded (:mod:`hscp_nb.present.evidence`) and written to
``sections/<name>.json`` by ``finish()``; the report assembler reads those files and recomputes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hscp_nb.document.blocks import Blocks, BulletList, Figure, Heading, KeyFigures, Paragraph, Table
from hscp_nb.document.values import PROVISIONAL, PROVISIONAL_AGAIN, PROVISIONAL_NOTES
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.requirements import PUBLIC_TOPICS
from hscp_nb.domain.sections import BUILT_IN, SectionSpec
from hscp_nb.inputs.catalogue import INPUTS
from hscp_nb.inputs.files import atomic_path
from hscp_nb.inputs.layout import read_layout
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present import formats, ledger
from hscp_nb.present.claims import own_words, stated_in
from hscp_nb.present.data_columns import declared
from hscp_nb.present.evidence import Evidence, EvidenceLog
from hscp_nb.present.export import FIGURES_FOLDER, export_chart, export_table
from hscp_nb.present.formats import cells

PROVISIONAL_NOTE = PROVISIONAL_NOTES["finance"]  # the finance part's amounts: unaudited accounts


@dataclass
class Section:
    """One executing section notebook's context: its declaration (:class:`~hscp_nb.domain.sections.SectionSpec`),
    its parameters and the inputs it reads (input name → what its reader returned, :mod:`hscp_nb.inputs.catalogue`)."""

    spec: SectionSpec
    params: ReportParams
    inputs: dict[str, object]
    started: float = field(default_factory=time.perf_counter)
    evidence: EvidenceLog = field(default_factory=EvidenceLog)
    charts: list[ChartRecord] = field(default_factory=list)
    tables: list[TableRecord] = field(default_factory=list)
    provisional_noted: bool = False  # the part's [p] note is said once, under its first table that prints [p]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def partnership(self):
        return self.params.partnership

    @property
    def year(self):
        return self.params.year

    def input(self, name: str):
        """What the input ``name`` holds (None when the run names none); a section reads only what it declares."""
        if name not in self.spec.reads:
            declared = "an input the section declares: " + ", ".join(self.spec.reads)
            raise InputError(Problem(file="parameters", column="section", found=f"{self.name} reading {name}",
                                     expected=declared))  # fmt: skip
        return self.inputs.get(name)

    @property
    def national(self):
        return self.input("data")

    @property
    def locality_data(self):
        return self.input("locality_data")

    @property
    def returns(self):
        return self.input("returns")

    @property
    def local(self):
        """The partnership's own folder (:class:`~hscp_nb.inputs.local.LocalFolder`): a table of its own is
        ``ctx.local.file("carers.csv")``."""
        return self.input("local")

    @property
    def brand(self):
        """The partnership's look (its brand.yml, :mod:`hscp_nb.inputs.brand`), or None: its charts' colours."""
        if not hasattr(self, "_brand"):
            from hscp_nb.inputs.brand import read_brand

            self._brand = read_brand(self.params.local_folder)
        return self._brand

    @property
    def figures_dir(self) -> Path:
        """The report's ``figures/`` folder: the numbers behind every table and chart as CSV, each chart's SVG and
        alt text."""
        return self.params.report_dir / FIGURES_FOLDER

    @property
    def synthetic(self) -> bool:
        """Any of the section's sources is the bundled synthetic sample (its inputs listed among the report's
        sources, and its own source)."""
        return any(
            getattr(self.inputs.get(n), "synthetic", False)
            for n in self.spec.reads
            if INPUTS[n].is_source(self.spec.own) or n == self.spec.source
        )

    @property
    def reading_notes(self) -> list[str]:
        """What the readers dropped or re-read on the way in (for the QA page, never the public report)."""
        read = [self.inputs.get(n) for n in self.spec.reads]
        return [f"{found.source.name}: {n}" for found in read if found is not None for n in found.notes]

    # ------------------------------------------------------------------------------------------- sources
    def source(self, what: str, synthetic: bool | None = None) -> str:
        """'Source: <what>.', flagged when the inputs (or, given, that source) are the synthetic sample."""
        flag = " SYNTHETIC SAMPLE DATA." if (self.synthetic if synthetic is None else synthetic) else ""
        return f"Source: {what}.{flag}"

    def source_of(self, name: str) -> str:
        """The source line of the input ``name``: what it is and its file ('not supplied' when the run has none)."""
        found = self.input(name)
        return self.source(f"{INPUTS[name].label_for(self.partnership)} "
                           f"({found.source.name if found is not None else 'not supplied'})")  # fmt: skip

    @property
    def national_source(self) -> str:
        return self.source_of("data")

    @property
    def returns_source(self) -> str:
        return self.source_of("returns")

    @property
    def locality_source(self) -> str:
        return self.source_of("locality_data")

    @property
    def default_source(self) -> str:
        """Where a table of this section comes from unless it says otherwise: its declared source (a partnership's
        own section: its own file)."""
        if self.spec.own:
            return self.source(f"{formats.possessive(self.partnership.name)} own figures ({self.spec.file})")
        return self.source_of(self.spec.source)

    @property
    def provisional(self) -> bool:
        """Unaudited accounts for the reporting year, as the returns say: the report is a provisional edition (a
        section that does not read the returns says nothing of it)."""
        returns = self.inputs.get("returns")
        if returns is None:
            return False
        about = returns.for_year("about", self.year.start)
        return bool((about["accounts_status"] == "Unaudited").any())

    # ------------------------------------------------------------------------------------------- evidence
    def met(self, requirement: str, where: str, detail: str = "") -> None:
        self.evidence.met(requirement, self._placed(where), detail)

    def _placed(self, where: str) -> str:
        """Where in the report (``'Finance › total spend'``), the section named by its own title when the
        partnership's layout gives it one (``'Our money and best value › total spend'``)."""
        built_in = BUILT_IN.get(self.name)
        if built_in is not None and self.spec.title != built_in.title and " › " in where:
            return f"{self.spec.title} › {where.split(' › ', 1)[1]}"
        return where

    def missing(self, requirement: str, where: str, why: str) -> Blocks:
        """Record a requirement the data cannot meet (``why`` goes to the QA page) and return what the public report
        says: plainly that this edition does not include it, without build vocabulary or requirement codes."""
        self.evidence.missing(requirement, self._placed(where), why)
        return Blocks(Paragraph(f"This edition does not include {PUBLIC_TOPICS[requirement]}.", "not-included"))

    def not_applicable(self, requirement: str, why: str) -> None:
        self.evidence.not_applicable(requirement, why)

    # ------------------------------------------------------------------------------------------- showing
    def chart(
        self,
        fig,
        name: str,
        *,
        alt: str,
        data: pd.DataFrame,
        caption: str = "",
        source: str = "",
        requirement: str | None = None,
        unit: str = "",
        kinds: dict[str, str] | None = None,
        values=(),
    ) -> Blocks:
        """Write a chart (SVG, CSV of its data, alt text) and return it as a figure block with its data, the data's
        columns declared for the workbook (``unit``: of the figures charted; :mod:`hscp_nb.present.data_columns`)
        and ``values``, the Printed numbers its marks are labelled with, for the ledger."""
        svg_bytes = export_chart(fig, self.figures_dir, name, alt=alt, data=data)
        if self.brand is not None:  # the partnership's series colours, in its fixed order (charts.branded_svg)
            from hscp_nb.present.charts import branded_svg

            svg_bytes = branded_svg(svg_bytes.decode("utf-8"), self.brand).encode("utf-8")
            (self.figures_dir / f"{name}.svg").write_bytes(svg_bytes)
        self.charts.append(ChartRecord(name, alt, caption, requirement))
        if requirement:
            self.met(requirement, caption or name)
        declared_values = self._located(ledger.text_values([formats.Said(alt, values)], **self._where(source)))
        figure = Figure(name, svg_bytes.decode("utf-8"), str(alt), caption, source, declared(data, unit, kinds),
                        declared_values, stated_in([alt, caption, *values]))  # fmt: skip
        return Blocks(figure)

    def table(
        self,
        frame: pd.DataFrame,
        name: str,
        *,
        caption: str,
        requirement: str | None = None,
        data: pd.DataFrame | None = None,
        notes: tuple[str, ...] = (),
        unit: str = "",
        kinds: dict[str, str] | None = None,
        source: str | None = None,
        quoted: tuple[str, ...] = (),
    ) -> Blocks:
        """Write a table's CSV (``data``, unformatted, when given) and return it as a table block: ``frame``'s
        cells in the house formats, its first column naming the rows. ``quoted``: columns of the partnership's own
        words from its returns (their numbers go to the ledger as quoted, with the returns row)."""
        export_table(data if data is not None else frame, self.figures_dir, name)
        data_frame = data if data is not None and len(data) == len(frame) else None
        self.tables.append(TableRecord(name, caption, requirement))
        if requirement:
            self.met(requirement, caption)
        data = declared(data if data is not None else frame, unit, kinds)
        source = self.default_source if source is None else source
        if self.spec.accounts and self.provisional:  # unaudited accounts: every amount is provisional
            frame = frame.astype(object).map(
                lambda c: c.marked(" " + PROVISIONAL) if isinstance(c, formats.Printed) and c.unit == "£" else c
            )
            if frame.map(lambda c: isinstance(c, str) and c.endswith(PROVISIONAL)).any().any():
                notes = (*notes, PROVISIONAL_AGAIN if self.provisional_noted else PROVISIONAL_NOTE)
                self.provisional_noted = True
        values = self._located(ledger.table_values(frame, table=name, **self._where(f"{source} Table: {caption}.")))
        if quoted:
            rows = list(data_frame["row"]) if data_frame is not None and "row" in data_frame else None
            where = self._where(f"{self.returns.source.name}")
            values += ledger.quoted_values(frame, quoted, rows, **where)
        claims = stated_in([caption, *notes, *(c for column in frame.columns for c in frame[column])])
        table = Table.from_frame(
            cells(frame), name, caption, data=data, notes=notes, source=source, values=values, claims=claims,
            quoted=quoted,
        )  # fmt: skip
        return Blocks(table)

    def _located(self, values):
        """Ledger rows of PHS figures with the file, sheet and row they came from (the peer group's: how derived)."""
        if not any(v.code for v in values):
            return values
        if not hasattr(self, "_phs_rows"):
            table = self.national.table
            self._phs_rows = dict(
                zip(zip(table["partnership_code"], table["indicator"], table["year_label"].astype(str)),
                    table["source_row"])
            )  # fmt: skip
        codes = {self.partnership.name: self.partnership.code, "Scotland": reference.SCOTLAND_CODE}
        file = self.national.source.name
        out = []
        for v in values:
            row = self._phs_rows.get((codes.get(v.area), v.code, v.period.split(" ")[0]))
            if row is not None:
                v = dataclasses.replace(v, source=f"{file}, sheet Data, row {row}")
            elif v.code and v.area == "Peer group":
                v = dataclasses.replace(
                    v,
                    source=f"{file}, sheet Data: derived from the peer group's rows "
                    "(summed numerators over summed denominators, or population-weighted)",
                )
            out.append(v)
        return tuple(out)

    def _where(self, source: str) -> dict:
        """The defaults of a ledger row made here: this section, the partnership, the reporting year."""
        return {"section": self.name, "area": self.partnership.name, "period": self.year.label, "source": source}

    def text(self, text: str) -> Blocks:
        """A paragraph; the numbers a :class:`~hscp_nb.present.formats.Said` sentence declares go to the ledger."""
        values = self._located(ledger.text_values([text], **self._where(self.default_source)))
        return Blocks(Paragraph(str(text), values=values, claims=stated_in([text])))

    def own_words(self, text: str, topic: str) -> Blocks:
        """A paragraph of the partnership's own words from its returns' Narratives sheet (``topic``): its numbers
        and any verdict in it are the partnership's, quoted as written (:func:`~hscp_nb.present.claims.own_words`)."""
        source = f"{self.returns.source.name}, sheet Narratives, {topic}"
        claim = own_words(text, self.name, topic, self.partnership.name, self.year.label, source)
        return self.text(formats.said(str(text), *getattr(text, "values", ()), claim))

    def bullets(self, items: list[str]) -> Blocks:
        values = self._located(ledger.text_values(items, **self._where(self.default_source)))
        return Blocks(BulletList(tuple(str(i) for i in items), values=values, claims=stated_in(items)))

    def key_figures(self, items, source: str | None = None) -> Blocks:
        """Key figures; each one's value (Printed) and detail (Said) go to the ledger."""
        where = self._where(self.default_source if source is None else source)
        values = tuple(
            ledger.value(item.value, figure=item.label, **where) for item in items if hasattr(item.value, "value")
        ) + ledger.text_values([item.detail for item in items], **where)
        claims = stated_in([item.detail for item in items])
        return Blocks(KeyFigures(tuple(item for item in items), values=values, claims=claims))

    @staticmethod
    def heading(text: str, level: int = 3) -> Blocks:
        return Blocks(Heading(text, level))

    def finish(self) -> None:
        """Write this section's evidence, charts, tables and timing to ``sections/<name>.json``."""
        record = SectionRecord(
            name=self.name,
            title=self.spec.title,
            seconds=round(time.perf_counter() - self.started, 2),
            synthetic=self.synthetic,
            provisional=self.provisional,
            evidence=tuple(self.evidence.items),
            reading_notes=tuple(self.reading_notes),
            charts=tuple(self.charts),
            tables=tuple(self.tables),
        )
        record.write(self.params.report_dir / "sections" / f"{self.name}.json")


@dataclass(frozen=True)
class ChartRecord:
    """A chart a section drew (its files are ``figures/<name>.*``) and the requirement it answers, if any."""

    name: str
    alt: str
    caption: str
    requirement: str | None


@dataclass(frozen=True)
class TableRecord:
    """A table a section showed (its data are ``figures/<name>.csv``) and the requirement it answers, if any."""

    name: str
    caption: str
    requirement: str | None


@dataclass(frozen=True)
class SectionRecord:
    """What a section recorded as it ran (``sections/<name>.json``, which this class alone reads and writes): the
    evidence of each statutory requirement it meets or cannot meet, its reading notes, the charts and tables it
    showed, whether its figures are synthetic or provisional, and its seconds in the kernel."""

    name: str
    title: str
    seconds: float
    synthetic: bool
    provisional: bool
    evidence: tuple[Evidence, ...]
    reading_notes: tuple[str, ...]
    charts: tuple[ChartRecord, ...]
    tables: tuple[TableRecord, ...]

    def write(self, path: Path) -> None:
        record = dataclasses.asdict(self) | {"section": self.name}
        del record["name"]
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> SectionRecord:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(record["section"], record["title"], record["seconds"], record["synthetic"], record["provisional"],
                   tuple(Evidence(**e) for e in record["evidence"]), tuple(record["reading_notes"]),
                   tuple(ChartRecord(**c) for c in record["charts"]),
                   tuple(TableRecord(**t) for t in record["tables"]))  # fmt: skip


def open_section(name: str, partnership, year, output_dir=None, **inputs) -> Section:
    """The first call of every section notebook: its declaration (from the partnership's layout, when its own folder
    has one, else the built-in), its parameters validated and each input it reads read (``inputs``: input name →
    path, :data:`~hscp_nb.inputs.catalogue.INPUTS`; an input not given is the bundled sample's). Bad input raises
    one InputError naming every problem."""
    unknown = [n for n in inputs if n not in INPUTS]
    if unknown:
        raise InputError(Problem(file="parameters", column="input", found=", ".join(unknown),
                                 expected="one of " + ", ".join(INPUTS)))  # fmt: skip
    params = ReportParams.build(partnership=partnership, year=year, output_dir=output_dir, **inputs)
    params.check_files()
    layout = read_layout(params.local_folder)
    spec = layout[name] if name in layout.names else BUILT_IN.get(name)
    if spec is None:
        names = ", ".join(dict.fromkeys([*layout.names, *BUILT_IN]))
        raise InputError(Problem(file="parameters", column="section", found=name, expected="one of " + names))
    read = {n: INPUTS[n].read(params.path(n), params) if params.path(n) is not None else None for n in spec.reads}
    return Section(spec=spec, params=params, inputs=read)
