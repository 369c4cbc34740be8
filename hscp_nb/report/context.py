"""The typed context every step of a report's route reads: what the build is of (partnership, year, inputs), what
its sections recorded, and where it stands in the register of editions. Made once per job, never changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from hscp_nb import __version__
from hscp_nb.domain import reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.editions.register import Edition, Stamp
from hscp_nb.inputs.catalogue import sources
from hscp_nb.inputs.files import InputFile
from hscp_nb.inputs.layout import NATIONAL, Layout
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.section import SectionRecord


@dataclass(frozen=True)
class Build:
    params: ReportParams
    inputs: tuple[InputFile, ...]  # every input with its SHA-256, hashed once
    records: tuple[SectionRecord, ...]  # what each section recorded (sections/<name>.json), in report order
    published: tuple[Edition, ...]  # the register's editions of this report, oldest first
    code: str  # the digest of the package's code, templates and reference data
    cache_key: str
    contact: str  # the contact the returns' About sheet gives for the year, or ''
    companions: tuple[str, ...]  # the public files published with the report
    today: dt.date
    layout: Layout = NATIONAL  # the partnership's sections, in order, with their titles (its report.yml, if any)

    @property
    def partnership(self) -> reference.Partnership:
        return self.params.partnership

    @property
    def year(self) -> ReportingYear:
        return self.params.year

    @property
    def sources(self) -> tuple[InputFile, ...]:
        """The inputs the report names among its sources (the partnership's own folder only when sections of its own
        read it)."""
        return tuple(sources(self.inputs, any(s.own for s in self.layout.sections)))

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.records)

    @property
    def synthetic(self) -> bool:
        return any(r.synthetic for r in self.records)

    @cached_property
    def edition(self) -> Stamp:
        """This build as an edition: the latest published one when built from its inputs and code, else the next."""
        status = "provisional" if self.provisional else "final"
        return Stamp.of_build(list(self.published), self.inputs, self.code, __version__, status, self.today)
