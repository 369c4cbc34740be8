"""The local returns workbook: write the blank template, and read and validate a partnership's workbook.

The reader checks every cell against :mod:`hscp_nb.returns_schema` (pydantic parses each value) and raises one
:class:`~hscp_nb.errors.InputError` with every problem found, each naming file, sheet, row, column, the value found and
what was expected. It returns tidy tables; it never computes report figures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import Field, HttpUrl, TypeAdapter, ValidationError

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.msg import BASELINE_YEAR
from hscp_nb.domain.years import parse_year
from hscp_nb.inputs.files import cached_parse, formula_problems, open_workbook, sha256, what_is, without_bidi_controls
from hscp_nb.inputs.returns_schema import SHEETS, Column, Sheet

_FLOAT = TypeAdapter(Annotated[float, Field(allow_inf_nan=False)])
_INT = TypeAdapter(int)
_GRADE = TypeAdapter(Annotated[int, Field(ge=1, le=6)])
_DATE = TypeAdapter(dt.date)
_URL = TypeAdapter(HttpUrl)


@dataclass
class LocalReturns:
    """A partnership's validated returns: one DataFrame per sheet key, all years."""

    partnership: reference.Partnership
    tables: dict[str, pd.DataFrame]
    source: Path
    sha256: str
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self.tables[key]

    def for_year(self, key: str, year: int) -> pd.DataFrame:
        """The rows of one sheet for one reporting year."""
        table = self.tables[key]
        return table[table["year"] == year].reset_index(drop=True)

    @property
    def synthetic(self) -> bool:
        return bool((self.tables["about"]["synthetic"] == "Yes").any())

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.tables["about"]["year"].unique())

    def contact(self, year: int) -> str:
        """The contact the About sheet gives for the reporting year starting in ``year``, or ''."""
        about = self.for_year("about", year)
        named = about["contact"].dropna() if len(about) else about
        return str(named.iloc[0]) if len(named) else ""


# ------------------------------------------------------------------------------------------------------ reading
def read_returns(
    path: str | Path, partnership: str | reference.Partnership | None = None, *, use_cache: bool = True
) -> LocalReturns:
    """Read and validate a returns workbook; ``partnership``, when given, must match the workbook's own."""
    path = Path(path)
    if found := what_is(path):
        raise InputError(Problem(file=str(path), found=found, expected="a local returns workbook (.xlsx)"))
    returns = cached_parse("returns", path, _read) if use_cache else _read(path)
    if partnership is not None:
        wanted = reference.resolve_partnership(partnership)
        if wanted != returns.partnership:
            raise InputError(
                Problem(
                    file=str(path),
                    sheet="About",
                    column="Partnership",
                    found=returns.partnership.name,
                    expected=f"the returns of {wanted.name}",
                )
            )
    return returns


def read_returns_for(path: Path, params) -> LocalReturns:
    """The catalogue's reader (:mod:`hscp_nb.inputs.catalogue`): the partnership's returns, which must hold the
    reporting year."""
    returns = read_returns(path, params.partnership)
    if params.year.start not in returns.years():
        raise InputError(
            Problem(
                file=str(path),
                sheet="About",
                column="Year",
                found=None,
                expected=f"a row for {params.year.label} (add that year's rows to every sheet)",
            )
        )
    return returns


def _read(path: Path) -> LocalReturns:
    file = str(path)
    wb = open_workbook(path, "a local returns workbook (.xlsx)")
    problems: list[Problem] = []
    raw: dict[str, tuple[list[str], list[tuple]]] = {}
    try:
        for sheet in SHEETS:
            if sheet.name not in wb.sheetnames:
                if sheet.required:
                    problems.append(
                        Problem(
                            file=file,
                            sheet=sheet.name,
                            expected=f"a sheet named '{sheet.name}' ({sheet.purpose.rstrip('.')})",
                        )
                    )
                continue
            rows = wb[sheet.name].iter_rows(values_only=True)
            header = [("" if h is None else str(h)).strip() for h in (next(rows, None) or ())]
            raw[sheet.key] = (header, list(rows))
    finally:
        wb.close()
    formulas = formula_problems(path, [s.name for s in SHEETS if s.key in raw],
                                {s.name: raw[s.key][0] for s in SHEETS if s.key in raw})  # fmt: skip
    problems += formulas

    partnership = _partnership(file, raw.get("about"), problems)
    tables: dict[str, pd.DataFrame] = {}
    notes: list[str] = []
    for sheet in SHEETS:
        if sheet.key in raw:
            tables[sheet.key] = _validate_sheet(file, sheet, *raw[sheet.key], partnership, problems, notes)
        else:
            tables[sheet.key] = pd.DataFrame(columns=["row", *[c.name for c in sheet.columns]])
    if partnership is not None:
        _cross_checks(file, partnership, tables, problems)
    # a formula never calculated reads as blank: say what it is, not that the cell is empty
    cells = {(p.sheet, p.row, p.column) for p in formulas}
    problems = [p for p in problems if p in formulas or (p.sheet, p.row, p.column) not in cells]
    if problems:
        raise InputError(problems)
    return LocalReturns(partnership=partnership, tables=tables, source=path, sha256=sha256(path), notes=notes)


def _partnership(file: str, about, problems: list[Problem]) -> reference.Partnership | None:
    if about is None:
        return None
    header, rows = about
    if "Partnership" not in header:
        return None  # reported with the other missing columns
    col = header.index("Partnership")
    found: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        value = row[col] if col < len(row) else None
        if value not in (None, ""):
            found.setdefault(str(value).strip(), n)
    resolved = {}
    for text, n in found.items():
        try:
            resolved[reference.resolve_partnership(text, file=file, sheet="About", row=n, column="Partnership")] = n
        except InputError as err:
            problems.extend(err.problems)
    if len(resolved) > 1:
        problems.append(
            Problem(
                file=file,
                sheet="About",
                column="Partnership",
                found=", ".join(p.name for p in resolved),
                expected="one partnership on every row (a workbook holds one partnership's returns)",
            )
        )
        return None
    if not resolved and not problems:
        problems.append(
            Problem(file=file, sheet="About", row=2, column="Partnership", expected="the partnership's name or code")
        )
    return next(iter(resolved), None)


def _validate_sheet(file, sheet: Sheet, header: list[str], rows: list[tuple], partnership, problems,
                    notes: list[str]) -> pd.DataFrame:  # fmt: skip
    where = dict(file=file, sheet=sheet.name)
    positions = {}
    for column in sheet.columns:
        if column.header in header:
            positions[column.name] = header.index(column.header)
        elif not column.required:
            positions[column.name] = None  # an optional column added after the workbook was made: read as blank
        else:
            problems.append(
                Problem(row=1, column=column.header, expected=f"a '{column.header}' column header", **where)
            )
    if len(positions) < len(sheet.columns):
        return pd.DataFrame(columns=["row", *[c.name for c in sheet.columns]])
    records = []
    for n, row in enumerate(rows, start=2):
        cells = {
            c.name: _clean(row[i] if (i := positions[c.name]) is not None and i < len(row) else None)
            for c in sheet.columns
        }
        if all(v is None for v in cells.values()):
            continue  # blank rows between blocks are harmless
        for column in sheet.columns:
            if isinstance(cells[column.name], str):
                cells[column.name], dropped = without_bidi_controls(cells[column.name])
                if dropped:
                    notes.append(
                        f"sheet '{sheet.name}', row {n}, column '{column.header}': removed {dropped} bidirectional "
                        "control character(s), which can make text display in another order than it reads"
                    )
        record = {"row": n}
        for column in sheet.columns:
            value, problem = _parse_cell(column, cells[column.name])
            if problem:
                problems.append(
                    Problem(row=n, column=column.header, found=cells[column.name], expected=problem, **where)
                )
            record[column.name] = value
        records.append(record)
    table = pd.DataFrame.from_records(records, columns=["row", *[c.name for c in sheet.columns]])
    _check_rules(sheet, table, where, partnership, problems)
    return table


def _clean(value):
    if isinstance(value, str):
        value = " ".join(value.split()) if "\n" not in value else value.strip()
        return value or None
    return value


def _parse_cell(column: Column, value) -> tuple[object, str | None]:
    """(parsed value, None) or (None, what was expected)."""
    if value is None:
        return (None, None) if not column.required else (None, column.expected)
    try:
        if column.kind in {"text", "locality"}:
            return str(value), None
        if column.kind == "year":
            return parse_year(value).start, None
        if column.kind in {"money", "number"}:
            number = _FLOAT.validate_python(_numeric_text(value))
            if column.kind == "money":
                number = float(Decimal(str(number)).quantize(Decimal("0.01")))
        elif column.kind == "integer":
            number = _INT.validate_python(_numeric_text(value))
        elif column.kind == "grade":
            return _GRADE.validate_python(_numeric_text(value)), None
        elif column.kind == "date":
            return _parse_date(value), None
        elif column.kind == "url":
            return str(_URL.validate_python(str(value))), None
        elif column.kind == "choice":
            for choice in column.choices:
                if str(value).strip().lower() == choice.lower():
                    return choice, None
            return None, column.expected
        else:  # pragma: no cover - a schema error, not a user error
            raise AssertionError(column.kind)
    except (ValidationError, InputError, ValueError, TypeError):
        return None, column.expected
    if column.minimum is not None and number < column.minimum:
        return None, column.expected
    return number, None


def _numeric_text(value):
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, str):
        text = value.replace(",", "").replace("£", "").strip()
        if re.fullmatch(r"\(\s*[\d.]+\s*\)", text):  # accountants' (123) for −123
            text = "-" + text.strip("() ")
        return text
    return value


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # UK day/month/year
        day, month, year = map(int, match.groups())
        return dt.date(year, month, day)
    return _DATE.validate_python(text)


def _check_rules(sheet: Sheet, table: pd.DataFrame, where: dict, partnership, problems: list[Problem]) -> None:
    """Row-level rules that go beyond one cell: duplicates, localities by year, balances, conditional answers."""
    if table.empty:
        return
    identity = list(sheet.identity)
    complete = table.dropna(subset=identity)
    dups = complete[complete.duplicated(identity, keep="first")]
    for _, row in dups.iterrows():
        first = complete[(complete[identity] == row[identity]).all(axis=1)]["row"].iloc[0]
        labels = ", ".join(f"{c.header}={_show(row[c.name])}" for c in sheet.columns if c.name in identity)
        problems.append(
            Problem(
                row=int(row["row"]),
                column=sheet.columns[1].header if len(identity) > 1 else "Year",
                found=labels,
                expected=f"a row not already given (duplicate of row {int(first)})",
                **where,
            )
        )
    if sheet.key == "localities" and partnership is not None:
        for _, row in table.dropna(subset=["year", "locality"]).iterrows():
            loc = reference.resolve_locality(partnership, row["locality"])
            if loc is None or not loc.exists_in(int(row["year"])):
                known = ", ".join(loc.name for loc in reference.localities(partnership, int(row["year"])))
                problems.append(
                    Problem(
                        row=int(row["row"]),
                        column="Locality",
                        found=row["locality"],
                        expected=f"a locality of {partnership.name} in {_show(row['year'])} ({known})",
                        **where,
                    )
                )
            else:
                table.loc[table["row"] == row["row"], "locality"] = loc.name
    if sheet.key == "reserves":
        money = table.dropna(subset=["opening", "added", "used", "closing"])
        for _, row in money.iterrows():
            expected = round(row["opening"] + row["added"] - row["used"], 2)
            if abs(expected - row["closing"]) > 0.005:
                problems.append(
                    Problem(
                        row=int(row["row"]),
                        column="Closing (£)",
                        found=row["closing"],
                        expected=f"opening + added − used = {expected:,.2f}",
                        **where,
                    )
                )
    if sheet.key == "plan_review":
        for _, row in table.iterrows():
            if row["reviewed"] == "Yes" and not row["why"]:
                problems.append(
                    Problem(
                        row=int(row["row"]),
                        column="Why reviewed",
                        expected="why the plan was reviewed (Plan reviewed is Yes)",
                        **where,
                    )
                )
            if row["reviewed"] == "Yes" and row["changed"] is None:
                problems.append(
                    Problem(
                        row=int(row["row"]), column="Plan changed", expected="Yes or No (Plan reviewed is Yes)", **where
                    )
                )
            if row["changed"] == "Yes" and not row["what_changed"]:
                problems.append(
                    Problem(
                        row=int(row["row"]),
                        column="What changed",
                        expected="what changed (Plan changed is Yes)",
                        **where,
                    )
                )
    if sheet.key == "msg_objectives":
        for _, row in table.iterrows():
            if row["objective"] is not None and not pd.isna(row["objective"]) and row["objective_kind"] is None:
                problems.append(Problem(row=int(row["row"]), column="Objective is", expected="Number or % change "
                                        "from baseline (an objective is given)", **where))  # fmt: skip
            baseline = row["baseline_year"]
            if (
                baseline is not None
                and not pd.isna(baseline)
                and row["year"] is not None
                and not (BASELINE_YEAR.start <= baseline <= row["year"])
            ):
                problems.append(Problem(row=int(row["row"]), column="Baseline year", found=_show(int(baseline)),
                                        expected=f"a year from {BASELINE_YEAR.label} (when PHS's MSG data begin) to "
                                        "the row's own year, or blank for 2017/18", **where))  # fmt: skip
    if sheet.key == "jmc" and partnership is not None and not partnership.is_lead_agency:
        problems.append(
            Problem(
                row=int(table["row"].iloc[0]),
                column="Recommendation",
                expected=f"no rows: joint monitoring committee recommendations belong to the lead-agency model "
                f"(Highland), not {partnership.name}",
                **where,
            )
        )


def _cross_checks(file: str, partnership, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    known = set(tables["inspections"]["inspection_id"].dropna())
    for _, row in tables["recommendations"].iterrows():
        if row["inspection_id"] is not None and row["inspection_id"] not in known:
            problems.append(
                Problem(
                    file=file,
                    sheet="Recommendations",
                    row=int(row["row"]),
                    column="Inspection ID",
                    found=row["inspection_id"],
                    expected="an Inspection ID listed on the Inspections sheet",
                )
            )
    about_years = set(tables["about"]["year"].dropna())
    for sheet in SHEETS:
        if sheet.key == "about":
            continue
        for _, row in tables[sheet.key].dropna(subset=["year"]).iterrows():
            if row["year"] not in about_years:
                problems.append(
                    Problem(
                        file=file,
                        sheet=sheet.name,
                        row=int(row["row"]),
                        column="Year",
                        found=_show(row["year"]),
                        expected="a year that has a row on the About sheet",
                    )
                )
                break


def _show(value) -> str:
    if isinstance(value, (int,)) and 1990 <= value <= 2099:
        return parse_year(value).label
    return str(value)
