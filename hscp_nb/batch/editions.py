"""Editions: the register of what was published, and what changed since.

``publish`` records a built report as an edition in a register outside ``outputs/`` (``editions/`` by default):
``editions/<YYYY-YY>/<slug>/<NN>/`` holds ``edition.json`` (number, date, provisional or final, the inputs' SHA-256
and the code version), the report's figure ledger and manifest, and its public files as they were published.
Every build compares its ledger with the latest edition's (:func:`changes`): a figure is revised when what the
report prints moved (a move within the printed rounding is not a revision), added or removed when only one edition
prints it, and each change says why, from what differs between the two editions' inputs.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from hscp_nb.document.blocks import Value
from hscp_nb.domain.errors import InputError, Problem

DEFAULT_ROOT = Path("editions")
ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
REASONS = {
    "phs": "PHS release revised",
    "audited": "accounts audited",
    "returns": "returns corrected",
    "method": "method changed",
}
REVISIONS_TABLE = "revisions"  # the changes part's table; the data workbook names its sheet Revisions
CHANGE_COLUMNS = ("section", "figure", "area", "period", "previous", "new", "reason", "verdict_previous",
                  "verdict_new", "id", "change")  # fmt: skip


@dataclass(frozen=True)
class Edition:
    folder: Path
    number: int
    date: str  # ISO date the report was built and published as
    status: str  # provisional | final
    record: dict

    @property
    def name(self) -> str:
        return f"{ordinal_word(self.number).lower()} edition"

    def ledger(self) -> dict[str, dict]:
        """The published figures by (identifier, printed form)."""
        with open(self.folder / "figures.csv", encoding="utf-8") as fh:
            return {(r["id"], _unquote(r["printed"])): r for r in csv.DictReader(fh)}


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


def ordinal_word(n: int) -> str:
    return ORDINALS[n - 1] if n <= len(ORDINALS) else f"Edition {n}:"


def register(root: Path | None, year_folder: str, slug: str) -> Path:
    return Path(root or DEFAULT_ROOT) / year_folder / slug


def editions(root: Path | None, year_folder: str, slug: str) -> list[Edition]:
    """Every published edition of one report, oldest first."""
    folder = register(root, year_folder, slug)
    out = []
    for path in sorted(folder.glob("[0-9][0-9]")) if folder.is_dir() else ():
        record = json.loads((path / "edition.json").read_text(encoding="utf-8"))
        out.append(Edition(path, record["number"], record["date"], record["status"], record))
    return out


def latest(root: Path | None, year_folder: str, slug: str) -> Edition | None:
    found = editions(root, year_folder, slug)
    return found[-1] if found else None


def _unquote(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _reason(value_section: str, code: str, previous: dict, current: dict, change: str = "revised") -> str:
    """Why a figure changed, from what differs between the two editions' inputs and code: a figure that appears or
    goes while the code changed is the method's doing; a moved PHS figure, the PHS release's; a moved finance figure
    when the accounts went from unaudited to audited, the audit's; another moved figure of the returns, a
    correction of the returns."""
    before = {i["what"]: i["sha256"] for i in previous.get("inputs", [])}
    after = {i["what"]: i["sha256"] for i in current.get("inputs", [])}
    phs_changed = any(before.get(w) != h for w, h in after.items() if w.startswith("PHS"))
    returns_changed = any(before.get(w) != h for w, h in after.items() if w.endswith("local returns"))
    code_changed = previous.get("code", "") != current.get("code", "") or (
        previous.get("package_version") and current.get("package_version")
        and previous["package_version"] != current["package_version"]
    )  # fmt: skip
    if change != "revised" and code_changed:
        return REASONS["method"]
    if code and phs_changed:
        return REASONS["phs"]
    if value_section == "finance" and previous.get("status") == "provisional" and current.get("status") == "final":
        return REASONS["audited"]
    if returns_changed and not code:
        return REASONS["returns"]
    if phs_changed:
        return REASONS["phs"]
    if returns_changed:
        return REASONS["returns"]
    return REASONS["method"]


def changes(previous: Edition, values: list[Value], current: dict) -> list[Change]:
    """What moved between the published ``previous`` edition and this build's figures (``values``); ``current``:
    this build's ``inputs`` (what, sha256), ``status`` and ``package_version``. A figure whose printed form is
    unchanged did not move, whatever its unrounded value did."""
    old = previous.ledger()
    old_by_id: dict[str, list[dict]] = {}
    for (ident, _), row in old.items():
        old_by_id.setdefault(ident, []).append(row)
    record = {**previous.record, "status": previous.status}
    new_ids = {v.id for v in values}
    out: list[Change] = []
    seen = set()
    for value in values:
        if value.id in seen:
            continue
        seen.add(value.id)
        before = old_by_id.get(value.id)
        reason = _reason(value.section, value.code, record, current, "revised" if before else "added")
        if before is None:
            out.append(Change(value.id, value.section, value.figure, value.area, value.period, "", value.printed,
                              reason, "added", "", value.verdict))  # fmt: skip
            continue
        printed_before = {_unquote(r["printed"]) for r in before}
        if value.printed in printed_before:
            continue
        row = before[0]
        verdict_before = row.get("verdict", "")
        out.append(Change(value.id, value.section, value.figure, value.area, value.period, _unquote(row["printed"]),
                          value.printed, reason, "revised", verdict_before, value.verdict))  # fmt: skip
    for ident, rows in old_by_id.items():
        if ident not in new_ids:
            row = rows[0]
            reason = _reason(row["section"], row["code"], record, current, "removed")
            out.append(Change(ident, row["section"], row["figure"], row["area"], row["period"],
                              _unquote(row["printed"]), "", reason, "removed", row.get("verdict", ""), ""))  # fmt: skip
    return out


def write_changes(changes_: list[Change], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CHANGE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for change in changes_:
            writer.writerow(change.row())


def publish(report: Path, root: Path | None, public_files: list[str], today: dt.date | None = None) -> Edition | None:
    """Record the built report folder ``report`` as the next edition; None when nothing changed since the latest
    (its ledger, inputs and code are those of the latest edition)."""
    manifest_path = report / "manifest.json"
    if not manifest_path.exists() or not (report / "figures.csv").exists():
        raise InputError(Problem(file=str(report), found="no built report with a figure ledger",
                                 expected="a report built by `make report` (then publish it)"))  # fmt: skip
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    year_folder, slug = report.parent.name, report.name
    previous = latest(root, year_folder, slug)
    ledger = (report / "figures.csv").read_text(encoding="utf-8")
    inputs = [{"what": i["what"], "sha256": i["sha256"], "path": i["path"]} for i in manifest["inputs"]]
    if previous is not None:
        same_ledger = (previous.folder / "figures.csv").read_text(encoding="utf-8") == ledger
        same_inputs = [(i["what"], i["sha256"]) for i in previous.record["inputs"]] == [
            (i["what"], i["sha256"]) for i in inputs
        ]
        same_code = previous.record.get("code", "") == manifest.get("code", "") and (
            previous.record["package_version"] == manifest["package_version"]
        )
        if same_ledger and same_inputs and same_code:
            return None
    number = previous.number + 1 if previous else 1
    folder = register(root, year_folder, slug) / f"{number:02d}"
    tmp = folder.with_name(f".{folder.name}.part")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for name in ["figures.csv", "manifest.json", *public_files]:
            if (report / name).exists():
                shutil.copy2(report / name, tmp / name)
        record = {
            "number": number,
            "date": manifest.get("edition", {}).get("date") or (today or dt.date.today()).isoformat(),
            "recorded": (today or dt.date.today()).isoformat(),
            "status": manifest.get("edition", {}).get("status", "final"),
            "inputs": inputs,
            "package_version": manifest["package_version"],
            "code": manifest.get("code", ""),
            "cache_key": manifest.get("cache_key", ""),
            "files": sorted(p.name for p in tmp.iterdir()),
        }
        (tmp / "edition.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
        tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Edition(folder, number, record["date"], record["status"], record)


def stale_reason(job) -> str:
    """Why the built report of ``job`` cannot be published ('' when it can): not built, or built from inputs or
    code other than those the job names now."""
    from hscp_nb import __version__
    from hscp_nb.batch.assemble import input_files

    manifest_path = job.target / "manifest.json"
    if not manifest_path.exists():
        return f"it is not built (no {manifest_path}); run make report first"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if not (job.target / "figures.csv").exists():
        return "it was built without a figure ledger; rebuild it with make report"
    built = {item["what"]: item["sha256"] for item in manifest["inputs"]}
    for item in input_files(job.params):
        if built.get(item["what"]) != item["sha256"]:
            name = Path(item["path"]).name
            return f"it is stale: it was not built from this {item['what']} ({name}); rebuild it first"
    if manifest["package_version"] != __version__:
        return f"it is stale: built by hscp_nb {manifest['package_version']}, this is {__version__}; rebuild it first"
    return ""
