"""The section contract: what a report section is, declared once. The batch, the section context, the reader of the
report's route and the command line loop over these declarations; no generic code names a section.

A section is the package's own (a notebook in ``notebooks/``) or a partnership's (a notebook or a Markdown file in its
own folder, listed in its ``report.yml``: :mod:`hscp_nb.inputs.layout`). Adding a built-in section means adding its
notebook and one line to :data:`BUILT_IN`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

# Every input a built-in section reads (hscp_nb.inputs.catalogue names them): the PHS files, the returns, and the
# partnership's own folder, whose layout titles the section and whose look its charts take.
_CORE_INPUTS = ("data", "locality_data", "returns", "local")


@dataclass(frozen=True)
class SectionSpec:
    """One report section.

    ``name`` is how ``--sections`` and ``report.yml`` call it; ``notebook`` or ``markdown`` its file (a file name in
    the package's notebooks, or a path in the partnership's folder); ``reads`` the inputs it is given (their names in
    :data:`hscp_nb.inputs.catalogue.INPUTS`); ``answers`` the statutory requirements it answers (the ids of
    REPORT_SPEC.md, :data:`hscp_nb.domain.requirements.REQUIREMENTS`), so that a layout leaving it out shows them
    missing; ``source`` the input whose source line its tables carry unless they say otherwise; ``accounts``: its
    amounts are the partnership's accounts, provisional until audited (marked [p]; an audit is the reason they move);
    ``warm``: the module a kernel imports ahead of its notebook. ``line`` is the line of ``report.yml`` that lists it
    (0: the national layout)."""

    name: str
    title: str
    notebook: str = ""
    markdown: Path | None = None
    reads: tuple[str, ...] = _CORE_INPUTS
    answers: tuple[str, ...] = ()
    source: str = "returns"
    accounts: bool = False
    warm: str = ""
    own: bool = False  # the partnership's own section (its file in the partnership's folder)
    line: int = 0

    @property
    def file(self) -> str:
        """The file the section is made from, by name."""
        return Path(self.notebook).name if self.notebook else Path(self.markdown or "").name

    def titled(self, title: str, line: int) -> SectionSpec:
        return replace(self, title=title, line=line)


BUILT_IN: dict[str, SectionSpec] = {
    spec.name: spec
    for spec in (
        SectionSpec("indicators", "Indicators and outcomes", "10_indicators.ipynb", answers=("OUT-1", "OUT-2", "ANX-1"),
                    source="data", warm="hscp_nb.present.views.indicators"),
        SectionSpec("finance", "Finance and best value", "20_finance.ipynb",
                    answers=("FIN-1", "FIN-2", "FIN-3", "FIN-4", "FIN-5", "BV-1"), accounts=True,
                    warm="hscp_nb.present.views.finance"),
        SectionSpec("localities", "Localities", "30_localities.ipynb", answers=("LOC-1", "LOC-2", "LOC-3"),
                    warm="hscp_nb.present.views.localities"),
        SectionSpec("governance", "Inspections and governance", "40_governance.ipynb",
                    answers=("INS-1", "INS-2", "GOV-1", "GOV-2", "OUT-3", "OUT-4"),
                    warm="hscp_nb.present.views.governance"),
        SectionSpec("msg", "Ministerial Strategic Group indicators", "50_msg.ipynb", reads=(*_CORE_INPUTS, "msg_data"),
                    warm="hscp_nb.present.views.msg"),
    )
}  # fmt: skip
SECTION_NAMES = ",".join(BUILT_IN)
