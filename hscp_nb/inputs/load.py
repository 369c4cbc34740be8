"""Everything one report reads, validated once: the PHS Core Suite, the locality extract and the returns workbook."""

from __future__ import annotations

from dataclasses import dataclass

from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.inputs.params import ReportParams
from hscp_nb.inputs.phs import NationalData, read_core_suite, read_locality_extract
from hscp_nb.inputs.returns import LocalReturns, read_returns


@dataclass
class ReportInputs:
    national: NationalData
    locality_data: NationalData | None
    returns: LocalReturns

    @property
    def synthetic(self) -> bool:
        return self.national.synthetic or self.returns.synthetic


def load_inputs(params: ReportParams) -> ReportInputs:
    """Read and validate a report's inputs; bad input raises one InputError naming every problem."""
    params.check_files()
    national = read_core_suite(params.data)
    locality = read_locality_extract(params.locality_data) if params.locality_data else None
    local = read_returns(params.returns_file, params.partnership)
    if params.year.start not in local.years():
        raise InputError(
            Problem(
                file=str(params.returns_file),
                sheet="About",
                column="Year",
                found=None,
                expected=f"a row for {params.year.label} (add that year's rows to every sheet)",
            )
        )
    return ReportInputs(national, locality, local)
