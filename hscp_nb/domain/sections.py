"""The report's sections: the one list that the notebooks, the batch, the assembler and the command line share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    """One report section: its name (as in ``--sections``), place in the report, title and notebook file."""

    name: str
    order: int
    title: str
    notebook: str


SECTIONS: dict[str, SectionSpec] = {
    spec.name: spec
    for spec in (
        SectionSpec("indicators", 1, "Indicators and outcomes", "10_indicators.ipynb"),
        SectionSpec("finance", 2, "Finance and best value", "20_finance.ipynb"),
        SectionSpec("localities", 3, "Localities", "30_localities.ipynb"),
        SectionSpec("governance", 4, "Inspections and governance", "40_governance.ipynb"),
        SectionSpec("msg", 5, "Ministerial Strategic Group indicators", "50_msg.ipynb"),
    )
}
SECTION_NAMES = ",".join(SECTIONS)
