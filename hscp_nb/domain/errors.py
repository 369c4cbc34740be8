"""The one error type for a user's bad input, and the problem records it carries.

Every mistake in a spreadsheet, a parameter or a file path is raised as :class:`InputError`, holding one
:class:`Problem` per bad cell so that a user sees every problem at once, one line each, and never a traceback.
This module must not import pandas or any reader: everything else imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One bad cell (or sheet, or file): where it is, what was found and what was expected."""

    file: str
    expected: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    found: object = None
    line: int | None = None  # of a text file (report.yml, a Markdown section), from 1

    def __str__(self) -> str:
        place = Path(self.file).name
        if self.line is not None:
            place += f", line {self.line}"
        if self.sheet:
            place += f" › sheet '{self.sheet}'"
        if self.row is not None:
            place += f" › row {self.row}"
        if self.column:
            place += f" › column '{self.column}'"
        found = "" if self.found is None else f"found {self.found!r}; "
        return f"{place}: {found}expected {self.expected}"


class InputError(ValueError):
    """Bad user input: a file, sheet, cell or parameter that is not what hscp_nb expects."""

    def __init__(self, problems: list[Problem] | Problem | str, *, file: str = "input"):
        if isinstance(problems, str):
            problems = [Problem(file=file, expected=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        """All problems, one line each, prefixed by a count."""
        lines = [str(p) for p in self.problems]
        head = f"{len(lines)} problem{'s' if len(lines) != 1 else ''} in the input:"
        return "\n".join([head, *("  - " + line for line in lines)])
