"""The register of editions: ``publish`` records a built report in a register outside ``outputs/`` (``editions/``
by default): ``editions/<YYYY-YY>/<slug>/<NN>/`` holds ``edition.json`` (number, date, provisional or final, the
inputs' SHA-256 and the code), the report's figure ledger and manifest, and its public files as they were
published. This module alone reads and writes ``edition.json``, and :func:`is_edition` alone answers whether a
build is an edition already published."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.requirements import MET, Check
from hscp_nb.inputs.files import InputFile
from hscp_nb.present.formats import date as printed_date
from hscp_nb.present.formats import plural
from hscp_nb.writers.ledger import LEDGER_FILE

DEFAULT_ROOT = Path("editions")
RECORD = "edition.json"
ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
DUE, LATE = "DUE", "LATE"


@dataclass(frozen=True)
class Edition:
    """One published edition, as ``edition.json`` records it."""

    folder: Path
    number: int
    date: str  # ISO date the report was built and published as
    status: str  # provisional | final
    inputs: tuple[InputFile, ...]
    package_version: str
    code: str = ""
    recorded: str = ""
    cache_key: str = ""
    files: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{ordinal_word(self.number).lower()} edition"

    @property
    def ledger(self) -> Path:
        """The figure ledger as published (:mod:`hscp_nb.writers.ledger` reads it)."""
        return self.folder / LEDGER_FILE

    def to_json(self) -> dict:
        return {"number": self.number, "date": self.date, "recorded": self.recorded, "status": self.status,
                "inputs": [{"what": i.what, "sha256": i.sha256, "path": str(i.path)} for i in self.inputs],
                "package_version": self.package_version, "code": self.code, "cache_key": self.cache_key,
                "files": list(self.files)}  # fmt: skip

    @classmethod
    def read(cls, folder: Path) -> Edition:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return cls(folder, record["number"], record["date"], record["status"],
                   tuple(InputFile.from_json(i) for i in record.get("inputs", ())), record.get("package_version", ""),
                   record.get("code", ""), record.get("recorded", ""), record.get("cache_key", ""),
                   tuple(record.get("files", ())))  # fmt: skip


def is_edition(edition: Edition | None, inputs, code: str, version: str) -> bool:
    """Whether a build made from ``inputs`` (what, SHA-256, in order) by ``code`` and package ``version`` is
    ``edition``: the one answer to the question, for the build's edition line, for ``publish`` and for the cache."""
    return (
        edition is not None
        and [(i.what, i.sha256) for i in edition.inputs] == [(i.what, i.sha256) for i in inputs]
        and edition.package_version == version
        and edition.code == code
    )


def ordinal_word(n: int) -> str:
    return ORDINALS[n - 1] if n <= len(ORDINALS) else f"Edition {n}:"


def register(root: Path | None, year_folder: str, slug: str) -> Path:
    return Path(root or DEFAULT_ROOT) / year_folder / slug


def editions(root: Path | None, year_folder: str, slug: str) -> list[Edition]:
    """Every published edition of one report, oldest first."""
    folder = register(root, year_folder, slug)
    return [Edition.read(path) for path in sorted(folder.glob("[0-9][0-9]"))] if folder.is_dir() else []


def latest(root: Path | None, year_folder: str, slug: str) -> Edition | None:
    found = editions(root, year_folder, slug)
    return found[-1] if found else None


@dataclass(frozen=True)
class Stamp:
    """A build as an edition. Built from the inputs and code of the latest published edition, it is that edition
    (its number and date, compared with the one before it); otherwise it is the next one, dated today, compared with
    the latest (``previous``)."""

    number: int
    date: str
    status: str
    published: bool
    inputs: tuple[InputFile, ...]
    code: str
    previous: Edition | None  # the edition this build is compared with

    @classmethod
    def of_build(cls, found: list[Edition], inputs, code: str, version: str, status: str, today: dt.date) -> Stamp:
        latest_one = found[-1] if found else None
        published = is_edition(latest_one, inputs, code, version)
        baseline = (found[-2] if len(found) > 1 else None) if published else latest_one
        return cls(
            number=latest_one.number if published else len(found) + 1,
            date=latest_one.date if published else today.isoformat(),
            status=latest_one.status if published else status,
            published=published,
            inputs=tuple(inputs),
            code=code,
            previous=baseline,
        )

    @property
    def replaces(self) -> dict | None:
        p = self.previous
        return {"number": p.number, "date": p.date, "status": p.status} if p else None

    def line(self) -> str:
        """'Second edition (final), 14 October 2026. Replaces the provisional edition of 28 July 2026.'"""
        text = f"{ordinal_word(self.number)} edition ({self.status}), {printed_date(self.date)}."
        if self.previous:
            text += f" Replaces the {self.previous.status} edition of {printed_date(self.previous.date)}."
        return text

    def to_json(self, changes: int | None) -> dict:
        """As the manifest records it."""
        return {"number": self.number, "date": self.date, "status": self.status, "published": self.published,
                "code": self.code, "replaces": self.replaces, "changes": changes}  # fmt: skip


def publication_check(checks, published: list[Edition], deadline: dt.date, today: dt.date) -> list[Check]:
    """PUB-1 ("published by 31 July") from the register, never assumed: MET when the first edition was published by
    the deadline, LATE when after it, DUE for a report not yet published (overdue once the deadline has passed)."""
    out = []
    for check in checks:
        if check.id == "PUB-1":
            if not published:
                overdue = f"; overdue since {printed_date(deadline)}" if today > deadline else ""
                check = check.with_status(
                    DUE, f"not yet published: due by {printed_date(deadline)}{overdue} (make publish records it)"
                )
            else:
                first = dt.date.fromisoformat(published[0].date)
                late = first > deadline
                check = check.with_status(
                    LATE if late else MET,
                    f"first published {printed_date(first)} ({published[0].status} edition), "
                    f"{'after' if late else 'by'} the deadline of {printed_date(deadline)}"
                    + ("; late" if late else "")
                    + f"; {plural(len(published), 'edition')} published",
                )
        out.append(check)
    return out


def publish(report: Path, root: Path | None, public_files: list[str], today: dt.date | None = None) -> Edition | None:
    """Record the built report folder ``report`` as the next edition; None when nothing changed since the latest
    (its ledger, inputs and code are those of the latest edition)."""
    from hscp_nb.editions.manifest import Manifest

    manifest = Manifest.read(report)
    if manifest is None or not (report / LEDGER_FILE).exists():
        raise InputError(Problem(file=str(report), found="no built report with a figure ledger",
                                 expected="a report built by `make report` (then publish it)"))  # fmt: skip
    year_folder, slug = report.parent.name, report.name
    previous = latest(root, year_folder, slug)
    ledger = (report / LEDGER_FILE).read_text(encoding="utf-8")
    if is_edition(previous, manifest.inputs, manifest.code, manifest.package_version) and (
        previous.ledger.read_text(encoding="utf-8") == ledger
    ):
        return None
    number = previous.number + 1 if previous else 1
    folder = register(root, year_folder, slug) / f"{number:02d}"
    tmp = folder.with_name(f".{folder.name}.part")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    today = today or dt.date.today()
    try:
        for name in [LEDGER_FILE, "manifest.json", *public_files]:
            if (report / name).exists():
                shutil.copy2(report / name, tmp / name)
        edition = Edition(
            folder,
            number,
            (manifest.edition or {}).get("date") or today.isoformat(),
            (manifest.edition or {}).get("status", "final"),
            manifest.inputs,
            manifest.package_version,
            manifest.code,
            today.isoformat(),
            manifest.cache_key,
            tuple(sorted(p.name for p in tmp.iterdir())),
        )
        (tmp / RECORD).write_text(json.dumps(edition.to_json(), indent=1), encoding="utf-8")
        tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return edition
