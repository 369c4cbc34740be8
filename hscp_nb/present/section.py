"""What a section notebook holds on to while it runs: its parameters, its inputs, and what it has shown.

``open_section`` is the first call of every section notebook. Figures and tables go through the context so that each
is written under ``<report dir>/figures`` (see :mod:`hscp_nb.present.export`) and returned as document blocks (see
:mod:`hscp_nb.document.blocks`), which JupyterLab shows as HTML and the renderers read from the executed notebook.
Every requirement the section meets or cannot meet is recorded (:mod:`hscp_nb.present.evidence`) and written to
``sections/<name>.json`` by ``finish()``; the report assembler reads those files and recomputes nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hscp_nb.document.blocks import Blocks, BulletList, Figure, Heading, Paragraph, Table
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.requirements import PUBLIC_TOPICS
from hscp_nb.domain.sections import SECTIONS
from hscp_nb.inputs.files import atomic_path
from hscp_nb.inputs.load import ReportInputs, load_inputs
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.data_columns import declared
from hscp_nb.present.evidence import EvidenceLog
from hscp_nb.present.export import export_figure, export_table
from hscp_nb.present.formats import cells


@dataclass
class Section:
    """One executing section notebook's context."""

    name: str
    params: ReportParams
    inputs: ReportInputs
    started: float = field(default_factory=time.perf_counter)
    evidence: EvidenceLog = field(default_factory=EvidenceLog)
    figures: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)

    @property
    def partnership(self):
        return self.params.partnership

    @property
    def year(self):
        return self.params.year

    @property
    def national(self):
        return self.inputs.national

    @property
    def locality_data(self):
        return self.inputs.locality_data

    @property
    def returns(self):
        return self.inputs.returns

    @property
    def figures_dir(self) -> Path:
        return self.params.report_dir / "figures"

    @property
    def synthetic(self) -> bool:
        return self.inputs.synthetic

    @property
    def reading_notes(self) -> list[str]:
        """What the readers dropped or re-read on the way in (for the QA page, never the public report)."""
        notes = [f"{self.national.source.name}: {n}" for n in self.national.notes]
        if self.locality_data is not None:
            notes += [f"{self.locality_data.source.name}: {n}" for n in self.locality_data.notes]
        return notes + [f"{self.returns.source.name}: {n}" for n in self.returns.notes]

    # ------------------------------------------------------------------------------------------- sources
    def source(self, what: str) -> str:
        flag = " SYNTHETIC SAMPLE DATA." if self.synthetic else ""
        return f"Source: {what}.{flag}"

    @property
    def national_source(self) -> str:
        return self.source(f"PHS Core Suite of Integration Indicators ({self.national.source.name})")

    @property
    def returns_source(self) -> str:
        return self.source(f"{self.partnership.name} local returns ({self.returns.source.name})")

    @property
    def locality_source(self) -> str:
        extract = self.locality_data.source.name if self.locality_data is not None else "not supplied"
        return self.source(f"PHS locality extract ({extract})")

    @property
    def default_source(self) -> str:
        """Where a table of this section comes from unless it says otherwise: the PHS file for the indicators,
        the partnership's returns for the rest."""
        return self.national_source if self.name == "indicators" else self.returns_source

    @property
    def provisional(self) -> bool:
        """Unaudited accounts for the reporting year: the report is a provisional edition."""
        about = self.returns.for_year("about", self.year.start)
        return bool((about["accounts_status"] == "Unaudited").any())

    # ------------------------------------------------------------------------------------------- evidence
    def met(self, requirement: str, where: str, detail: str = "") -> None:
        self.evidence.met(requirement, where, detail)

    def missing(self, requirement: str, where: str, why: str) -> Blocks:
        """Record a requirement the data cannot meet (``why`` goes to the QA page) and return what the public report
        says: plainly that this edition does not include it, without build vocabulary or requirement codes."""
        self.evidence.missing(requirement, where, why)
        return Blocks(Paragraph(f"This edition does not include {PUBLIC_TOPICS[requirement]}.", "not-included"))

    def not_applicable(self, requirement: str, why: str) -> None:
        self.evidence.not_applicable(requirement, why)

    # ------------------------------------------------------------------------------------------- showing
    def figure(
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
    ) -> Blocks:
        """Write a chart (SVG, CSV of its data, alt text) and return it as a figure block with its data, the data's
        columns declared for the workbook (``unit``: of the figures charted; :mod:`hscp_nb.present.data_columns`)."""
        svg_bytes = export_figure(fig, self.figures_dir, name, alt=alt, data=data)
        self.figures.append({"name": name, "alt": alt, "caption": caption, "requirement": requirement})
        if requirement:
            self.met(requirement, caption or name)
        return Blocks(Figure(name, svg_bytes.decode("utf-8"), alt, caption, source, declared(data, unit, kinds)))

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
    ) -> Blocks:
        """Write a table's CSV (``data``, unformatted, when given) and return it as a table block: ``frame``'s
        cells in the house formats, its first column naming the rows."""
        export_table(data if data is not None else frame, self.figures_dir, name)
        self.tables.append({"name": name, "caption": caption, "requirement": requirement})
        if requirement:
            self.met(requirement, caption)
        data = declared(data if data is not None else frame, unit, kinds)
        source = self.default_source if source is None else source
        return Blocks(Table.from_frame(cells(frame), name, caption, data=data, notes=notes, source=source))

    @staticmethod
    def text(text: str) -> Blocks:
        return Blocks(Paragraph(text))

    @staticmethod
    def bullets(items: list[str]) -> Blocks:
        return Blocks(BulletList(tuple(items)))

    @staticmethod
    def heading(text: str, level: int = 3) -> Blocks:
        return Blocks(Heading(text, level))

    def finish(self) -> None:
        """Write this section's evidence, figures and timing to ``sections/<name>.json``."""
        spec = SECTIONS[self.name]
        target = self.params.report_dir / "sections" / f"{self.name}.json"
        record = {
            "section": self.name,
            "title": spec.title,
            "seconds": round(time.perf_counter() - self.started, 2),
            "synthetic": self.synthetic,
            "provisional": self.provisional,
            "evidence": self.evidence.records(),
            "reading_notes": self.reading_notes,
            "figures": self.figures,
            "tables": self.tables,
        }
        with atomic_path(target) as tmp:
            tmp.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")


def open_section(name: str, partnership, year, data=None, locality_data=None, returns=None, output_dir=None) -> Section:
    """Validate parameters and load the inputs a section needs; bad input raises one InputError naming every problem."""
    if name not in SECTIONS:
        raise InputError(
            Problem(file="parameters", column="section", found=name, expected="one of " + ", ".join(SECTIONS))
        )
    params = ReportParams.build(
        partnership=partnership,
        year=year,
        data=data,
        locality_data=locality_data,
        returns=returns,
        output_dir=output_dir,
    )
    return Section(name=name, params=params, inputs=load_inputs(params))
