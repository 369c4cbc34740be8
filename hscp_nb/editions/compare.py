"""What changed since the previous edition, and ``changes.csv``, which this module alone reads and writes.

A figure is revised when what the report prints moved (a move within the printed rounding is not a revision),
added or removed when only one edition prints it; each change says why, from what differs between the two
editions' inputs and code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from hscp_nb.document.blocks import Value
from hscp_nb.domain.sections import BUILT_IN
from hscp_nb.editions.register import Edition, Stamp
from hscp_nb.inputs.catalogue import reason_of
from hscp_nb.writers.ledger import read_ledger

FILE = "changes.csv"
REASONS = {
    "phs": "PHS release revised",
    "audited": "accounts audited",
    "returns": "returns corrected",
    "method": "method changed",
}
CHANGE_COLUMNS = ("section", "figure", "area", "period", "previous", "new", "reason", "verdict_previous",
                  "verdict_new", "id", "change")  # fmt: skip


@dataclass(frozen=True)
class Change:
    id: str
    section: str
    figure: str
    area: str
    period: str
    previous: str
    new: str
    reason: str
    change: str  # revised | added | removed
    verdict_previous: str = ""
    verdict_new: str = ""

    def row(self) -> dict:
        return {c: getattr(self, c) for c in CHANGE_COLUMNS}


def reason(value_section: str, code: str, previous: Edition, current: Stamp, change: str = "revised") -> str:
    """Why a figure changed, from what differs between the two editions' inputs and code: a figure that appears or
    goes while the code changed is the method's doing; a moved PHS figure, the PHS release's; a moved finance figure
    when the accounts went from unaudited to audited, the audit's; another moved figure of the returns, a
    correction of the returns. ``code`` is the figure's code in the PHS file, if any."""
    before = {i.what: i.sha256 for i in previous.inputs}
    after = {i.what: i.sha256 for i in current.inputs}
    changed = {reason_of(i) for i in current.inputs if before.get(i.what) != i.sha256}
    changed |= {reason_of(i) for i in previous.inputs if i.what not in after}
    phs_changed, returns_changed = "phs" in changed, "returns" in changed
    method_changed = previous.code != current.code or "method" in changed  # the code, or the partnership's layout
    if change != "revised" and method_changed:
        return REASONS["method"]
    if code and phs_changed:
        return REASONS["phs"]
    accounts = getattr(BUILT_IN.get(value_section), "accounts", False)
    if accounts and previous.status == "provisional" and current.status == "final":
        return REASONS["audited"]
    if returns_changed and not code:
        return REASONS["returns"]
    if phs_changed:
        return REASONS["phs"]
    if returns_changed:
        return REASONS["returns"]
    return REASONS["method"]


def changes(previous: Edition, values: list[Value], current: Stamp) -> list[Change]:
    """What moved between the published ``previous`` edition and this build's figures (``values``). A figure whose
    printed form is unchanged did not move, whatever its unrounded value did."""
    old_by_id: dict[str, list[dict]] = {}
    for row in read_ledger(previous.ledger):
        old_by_id.setdefault(row["id"], []).append(row)
    new_ids = {v.id for v in values}
    out: list[Change] = []
    seen = set()
    for value in values:
        if value.id in seen:
            continue
        seen.add(value.id)
        before = old_by_id.get(value.id)
        why = reason(value.section, value.code, previous, current, "revised" if before else "added")
        if before is None:
            out.append(Change(value.id, value.section, value.figure, value.area, value.period, "", value.printed,
                              why, "added", "", value.verdict))  # fmt: skip
            continue
        if value.printed in {r["printed"] for r in before}:
            continue
        row = before[0]
        out.append(Change(value.id, value.section, value.figure, value.area, value.period, row["printed"],
                          value.printed, why, "revised", row.get("verdict", ""), value.verdict))  # fmt: skip
    for ident, rows in old_by_id.items():
        if ident not in new_ids:
            row = rows[0]
            why = reason(row["section"], row["code"], previous, current, "removed")
            out.append(Change(ident, row["section"], row["figure"], row["area"], row["period"], row["printed"], "",
                              why, "removed", row.get("verdict", ""), ""))  # fmt: skip
    return out


def write_changes(found: list[Change], folder: Path) -> str:
    with open(Path(folder) / FILE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CHANGE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for change in found:
            writer.writerow(change.row())
    return FILE


def read_changes(folder: Path) -> list[Change] | None:
    """The changes a built report recorded; None when it was compared with no edition (no ``changes.csv``)."""
    path = Path(folder) / FILE
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        return [Change(**row) for row in csv.DictReader(fh)]
