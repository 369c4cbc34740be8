"""``manifest.json``: the record of one build, written once when the report is complete and read by everything
that asks what was built (the cache, the year's index, ``make publish``, the overview). This module alone reads and
writes it."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb.domain.requirements import Check
from hscp_nb.inputs.files import InputFile, atomic_path

FILE = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    """What was built, from what, by which code, and what the build found. ``edition`` is this build as an edition
    (number, date, status, whether it is a published one, the edition it replaces and how many figures changed)."""

    partnership: dict = field(default_factory=dict)  # code, name, slug
    reporting_year: str = ""
    parameters: dict = field(default_factory=dict)  # the build's options, as given
    inputs: tuple[InputFile, ...] = ()
    package_version: str = ""
    cache_key: str = ""
    synthetic: bool = False
    sections: tuple[dict, ...] = ()  # section, title, seconds_in_kernel, charts, tables
    files: tuple[str, ...] = ()  # every file the build wrote, but this one
    timings_seconds: dict = field(default_factory=dict)
    compliance: tuple[Check, ...] = ()
    edition: dict | None = None
    code: str = ""  # the digest of the package's code, templates and reference data
    summary_readability: dict | None = None
    extra: dict = field(default_factory=dict, compare=False)  # keys a later version wrote, kept when read

    def to_json(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "extra"}
        out["inputs"] = [i.to_json() for i in self.inputs]
        out["compliance"] = [c.to_json() for c in self.compliance]
        out["sections"], out["files"] = list(self.sections), list(self.files)
        return out | self.extra

    @classmethod
    def from_json(cls, payload: dict) -> Manifest:
        names = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        values = {k: v for k, v in payload.items() if k in names}
        values["inputs"] = tuple(InputFile.from_json(i) for i in payload.get("inputs", ()))
        values["compliance"] = tuple(Check.from_json(c) for c in payload.get("compliance", ()))
        values["sections"], values["files"] = tuple(payload.get("sections", ())), tuple(payload.get("files", ()))
        return cls(**values, extra={k: v for k, v in payload.items() if k not in names})

    def write(self, folder: Path) -> str:
        with atomic_path(Path(folder) / FILE) as tmp:
            tmp.write_text(json.dumps(self.to_json(), indent=1, default=str), encoding="utf-8")
        return FILE

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        """The manifest of the report built in ``folder``; None when there is none (not built, or a half-written
        folder from an older version)."""
        path = Path(folder) / FILE
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def stale_reason(self, code: str, version: str) -> str:
        """Why this build no longer stands for its inputs and code ('' when it does): an input it recorded is gone
        or has other bytes now, or the code that built it is not the code installed."""
        for item in self.inputs:
            why = item.changed_since()
            if why:
                return f"it is stale: its {item.what} ({why}); rebuild it first"
        if self.package_version != version:
            return f"it is stale: built by hscp_nb {self.package_version}, this is {version}; rebuild it first"
        if self.code and code and self.code != code:
            return "it is stale: it was built by other code than is installed now; rebuild it first"
        return ""
