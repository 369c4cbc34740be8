"""Compliance evidence: which statutory requirement a section meets, cannot meet (and why), or that does not apply.

A section records evidence as it shows things; the assembler turns the records into the compliance checklist.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Evidence:
    requirement: str
    status: str  # "met" | "missing" | "not applicable"
    where: str
    detail: str = ""


@dataclass
class EvidenceLog:
    items: list[Evidence] = field(default_factory=list)

    def met(self, requirement: str, where: str, detail: str = "") -> None:
        self.items.append(Evidence(requirement, "met", where, detail))

    def missing(self, requirement: str, where: str, why: str) -> None:
        self.items.append(Evidence(requirement, "missing", where, why))

    def not_applicable(self, requirement: str, why: str) -> None:
        self.items.append(Evidence(requirement, "not applicable", "", why))

    def records(self) -> list[dict]:
        return [asdict(e) for e in self.items]
