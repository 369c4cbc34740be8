"""Recognise an input file's kind (PHS Core Suite, PHS locality extract, local returns) and validate it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .years import ReportingYear

KINDS = ("core suite", "locality extract", "returns")


@dataclass
class Checked:
    path: Path
    kind: str
    summary: str
    notes: list[str] = field(default_factory=list)


def detect_kind(path: Path) -> str:
    """Which of the three input layouts a file has, from its sheets and headers."""
    if not path.is_file():
        raise InputError(Problem(file=str(path), found="no such file", expected="an input file to check"))
    if path.suffix.lower() == ".csv":
        header = path.open(encoding="utf-8-sig").readline()
        return "locality extract" if "Indicator1" in header else "core suite"
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise InputError(Problem(file=str(path), found=path.suffix, expected="an .xlsx workbook or a .csv file"))
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception as err:
        raise InputError(Problem(file=str(path), found=type(err).__name__, expected="a readable .xlsx workbook")) from None
    try:
        if "Data" in wb.sheetnames:
            first = next(wb["Data"].iter_rows(max_row=1, values_only=True), ())
            return "locality extract" if "Indicator1" in [str(c).strip() for c in first if c] else "core suite"
        return "returns"
    finally:
        wb.close()


def check(path: str | Path) -> Checked:
    """Read and validate one file of any kind; raises InputError listing every problem."""
    from .phs import read_core_suite, read_locality_extract
    from .returns import read_returns

    path = Path(path)
    kind = detect_kind(path)
    if kind == "returns":
        returns = read_returns(path, use_cache=False)
        years = returns.years()
        span = f"{ReportingYear(years[0]).label}–{ReportingYear(years[-1]).label}" if years else "no years"
        rows = sum(len(t) for t in returns.tables.values())
        return Checked(path, kind, f"{returns.partnership.name}: {rows} rows, years {span}", returns.notes)
    data = (read_core_suite if kind == "core suite" else read_locality_extract)(path, use_cache=False)
    table = data.table
    summary = (f"{len(table)} rows, {table['indicator'].nunique()} indicators, "
               f"{table['partnership_code'].nunique()} areas, years {table['year_label'].min()}–{table['year_label'].max()}")
    return Checked(path, kind, summary, data.notes)
