"""The statutory requirements of REPORT_SPEC.md and the checklist built from the evidence each section recorded.

The checklist is assembled from ``sections/<name>.json`` files; nothing is recomputed from data here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

REQUIREMENTS: dict[str, str] = {  # id → what it asks (shared/spec/REPORT_SPEC.md; SSI 2014/326 and the 2016 guidance)
    "OUT-1": "Assessment against the 9 National Health and Wellbeing Outcomes (reg 3(a)(i))",
    "OUT-2": "Core integration indicators and local measures, the year and the 5 preceding years (reg 3(a)(ii)-(iii))",
    "OUT-3": "Assessment against the integration delivery principles (reg 3(b))",
    "OUT-4": "Significant decisions outside the strategic plan and the reason for each (reg 3(c))",
    "FIN-1": "Total spent by or under the direction of the partnership (reg 4(1)(a))",
    "FIN-2": "Amount and proportion spent on each reg 4 matter and key care group (reg 4(1)(b), 4(2))",
    "FIN-3": "Under- or overspend against plan, its amount and why (reg 4(1)(c))",
    "FIN-4": "Proportions and under/overspends for the year and the 5 preceding years (guidance 5.9, 5.11)",
    "FIN-5": "Amount paid to, or set aside for, each locality (guidance 5.11)",
    "BV-1": "Whether best value was achieved, and further efficiencies (guidance 5.12)",
    "LOC-1": "Arrangements for consulting and involving each locality (guidance 5.14)",
    "LOC-2": "How those arrangements contributed to services (guidance 5.14)",
    "LOC-3": "Proportion of the budget spent in each locality, the year and 5 preceding (guidance 5.14)",
    "INS-1": "Every inspection in the year of delegated functions (guidance 5.15)",
    "INS-2": "Each recommendation and the action taken, with a link (guidance 5.16-5.17)",
    "GOV-1": "Strategic plan review: why, whether it changed, what changed (guidance 5.19)",
    "GOV-2": "Lead-agency model only: joint monitoring committee recommendations and responses (guidance 5.18)",
    "PUB-1": "Published by 31 July, copies to the health board and council(s), online and accessible (Act s42)",
    "ANX-1": "National indicator annex in the same format for every partnership (guidance 4.5)",
}


PUBLIC_TOPICS: dict[str, str] = {  # id → what a resident would call it, for the public report's own words
    "OUT-1": "an assessment of how the partnership's work contributed to each of the nine national outcomes",
    "OUT-2": "the core integration indicators and local measures over six years",
    "OUT-3": "an assessment against the integration delivery principles",
    "OUT-4": "the significant decisions taken outside the strategic plan",
    "FIN-1": "the total spent by the partnership, checked against its annual accounts",
    "FIN-2": "the amount and share spent on each statutory category and key care group",
    "FIN-3": "spending against the budget, and why it differed",
    "FIN-4": "spending over the reporting year and the five before it",
    "FIN-5": "the money paid to or set aside for each locality",
    "BV-1": "an assessment of best value",
    "LOC-1": "how each locality is consulted and involved",
    "LOC-2": "what that involvement contributed to services",
    "LOC-3": "each locality's share of spending over six years",
    "INS-1": "the inspections of delegated functions in the year",
    "INS-2": "the inspection recommendations and the action taken",
    "GOV-1": "whether the strategic plan was reviewed, and what changed",
    "GOV-2": "the joint monitoring committee's recommendations and the responses",
    "PUB-1": "when and where this report is published",
    "ANX-1": "the national indicator annex",
}


MET, MISSING = "MET", "MISSING"
LEFT_OUT = "left out by the layout"  # a requirement whose section the partnership's report.yml leaves out


@dataclass(frozen=True)
class Check:
    """One statutory requirement of a report: MET, MISSING (and, for publication, DUE or LATE), where the report
    answers it and why."""

    id: str
    requirement: str
    status: str
    where: str = ""
    detail: str = ""

    @property
    def met(self) -> bool:
        return self.status == MET

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, payload: dict) -> Check:
        return cls(**{k: payload.get(k, "") for k in ("id", "requirement", "status", "where", "detail")})

    def with_status(self, status: str, detail: str) -> Check:
        return replace(self, status=status, detail=detail)


def checklist(section_records, lead_agency: bool, left_out: dict[str, str] | None = None) -> list[Check]:
    """One check per requirement: MET or MISSING with where and why, from the evidence the sections recorded (each
    record has a ``title`` and ``evidence`` items with ``requirement``, ``status``, ``where`` and ``detail``).
    ``left_out``: the requirements whose section the partnership's layout leaves out → why (its report.yml line)."""
    evidence: dict[str, list] = {}
    for record in section_records:
        for item in record.evidence:
            evidence.setdefault(item.requirement, []).append(item)
    checks = []
    for req, text in REQUIREMENTS.items():
        items = evidence.get(req, [])
        if req == "GOV-2" and not lead_agency:
            continue
        met = [i for i in items if i.status == "met"]
        missing = [i for i in items if i.status == "missing"]
        if missing:
            status = MISSING
            detail = "; ".join(dict.fromkeys(i.detail for i in missing))
        elif met:
            status, detail = MET, "; ".join(dict.fromkeys(i.detail for i in met if i.detail))
        else:
            status, detail = MISSING, (left_out or {}).get(req, "not covered by the sections built in this run")
        where = "; ".join(dict.fromkeys(i.where for i in met + missing if i.where))
        checks.append(Check(req, text, status, where, detail))
    return checks
