"""Recognise an input file's kind (PHS Core Suite, PHS locality extract, local returns) and validate it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb import DATA_WORKBOOK_CATEGORY
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.msg import MONTHLY_KEYS as MSG_MONTHLY_KEYS
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.brand import BRAND_FILE, read_brand
from hscp_nb.inputs.files import open_workbook, what_is
from hscp_nb.inputs.layout import LAYOUT_FILE, read_layout

KINDS = ("core suite", "locality extract", "returns", "MSG data")
MSG = "MSG data"


@dataclass
class Checked:
    path: Path
    kind: str
    summary: str
    notes: list[str] = field(default_factory=list)


def _layout_of(rows: list[tuple]) -> str | None:
    """Which PHS layout a sheet's first rows hold, judged by the header the readers need."""
    from hscp_nb.inputs.phs import (
        CORE_SUITE_COLUMNS,
        CORE_SUITE_OPTIONAL,
        LOCALITY_COLUMNS,
        LOCALITY_OPTIONAL,
        header_row,
    )

    if header_row(rows, [c for c in LOCALITY_COLUMNS if c not in LOCALITY_OPTIONAL]) is not None:
        return "locality extract"
    if header_row(rows, [c for c in CORE_SUITE_COLUMNS if c not in CORE_SUITE_OPTIONAL]) is not None:
        return "core suite"
    if header_row(rows, MSG_MONTHLY_KEYS[:5]) is not None:
        return MSG
    return None


def detect_kind(path: Path) -> str:
    """Which of the three input layouts a file has, from its content (sheets and headers), not its name."""
    from hscp_nb.inputs.phs import HEADER_SEARCH_ROWS
    from hscp_nb.inputs.returns_schema import SHEETS

    if path.is_dir():
        from hscp_nb.inputs.msg import CSV_NAMES, MONTHLY
        from hscp_nb.inputs.phs import is_csv

        if any(CSV_NAMES[MONTHLY] in p.name for p in path.iterdir() if is_csv(p)):
            return MSG
        raise InputError(Problem(file=str(path), found="a folder", expected="an input file to check, or a folder of "
                                 "PHS's MSG CSV files (MSG Tableau 1 to 4.csv, …)"))  # fmt: skip
    if found := what_is(path):
        raise InputError(Problem(file=str(path), found=found, expected="an input file to check"))
    from hscp_nb.inputs.phs import is_csv

    if is_csv(path):
        import gzip

        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            rows = [tuple(line.rstrip("\n").split(",")) for line, _ in zip(fh, range(HEADER_SEARCH_ROWS))]
        kind = _layout_of(rows)
        if kind is None:
            raise InputError(Problem(file=str(path), row=1, expected="a PHS Core Suite, locality extract or MSG CSV "
                                     "(its header was not found in the first rows)"))  # fmt: skip
        return kind
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise InputError(Problem(file=str(path), found=path.suffix, expected="an .xlsx workbook or a .csv file"))
    wb = open_workbook(path, "an input workbook (.xlsx)")
    try:
        names = wb.sheetnames
        if wb.properties.category == DATA_WORKBOOK_CATEGORY:
            raise InputError(Problem(file=str(path), found="a data workbook that hscp_nb wrote",
                                     expected="an input: a PHS Core Suite workbook, a locality extract or a returns "
                                              "workbook (this file is an output, not an input)"))  # fmt: skip
        from hscp_nb.inputs.msg import MONTHLY

        if MONTHLY in names:
            return MSG
        for name in (["Data"] if "Data" in names else []) + [n for n in names if n != "Data"]:
            kind = _layout_of(list(wb[name].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)))
            if kind is not None:
                return kind
        if any(sheet.name in names for sheet in SHEETS if sheet.required):
            return "returns"
        raise InputError(Problem(file=str(path), found=f"sheets {', '.join(names)}",
                                 expected="a PHS Core Suite workbook, a PHS locality extract or a local returns "
                                          "workbook"))  # fmt: skip
    finally:
        wb.close()


def check(path: str | Path) -> Checked:
    """Read and validate one file of any kind; raises InputError listing every problem."""
    from hscp_nb.inputs.phs import read_core_suite, read_locality_extract
    from hscp_nb.inputs.returns import read_returns

    path = Path(path)
    if path.name == BRAND_FILE:  # brand-check: what the build would change, without building
        brand = read_brand(path.parent)
        summary = f"{brand.name}: " + ", ".join(
            [
                f"logo {brand.logo.name}" if brand.logo else "no logo",
                f"fonts {', '.join(brand.font_families)}" if brand.fonts else "the toolkit's fonts",
                f"{len(brand.adjustments)} colour(s) adjusted for contrast",
            ]
        )
        return Checked(path, "brand", summary, [str(a) for a in brand.adjustments] + list(brand.close)
                       + list(brand.ignored))  # fmt: skip
    if path.name == LAYOUT_FILE:
        layout = read_layout(path.parent)
        left = sorted(dict.fromkeys(d.split(": the ")[-1] for d in layout.left_out.values()))
        summary = ", ".join(f"{s.name} ({s.title})" for s in layout.sections) + (
            f"; leaves out {', '.join(left)}" if left else "")  # fmt: skip
        return Checked(path, "layout", summary)
    kind = detect_kind(path)
    if kind == MSG:
        from hscp_nb.inputs.msg import read_msg

        msg = read_msg(path, use_cache=False)
        monthly = msg.monthly
        areas = monthly.loc[monthly["partnership_code"] != reference.SCOTLAND_CODE, "partnership_code"].nunique()
        span = f"{monthly['month'].min():%B %Y} to {monthly['month'].max():%B %Y}" if len(monthly) else "no months"
        summary = (f"{areas} partnerships, {monthly['locality'].nunique() - 1} localities, monthly {span}; "
                   f"indicators 5 and 6: {msg.annual['year_label'].nunique()} years; completeness: "
                   f"{msg.completeness['board'].nunique()} boards")  # fmt: skip
        return Checked(path, kind, summary, msg.notes)
    if kind == "returns":
        returns = read_returns(path, use_cache=False)
        years = returns.years()
        span = f"{ReportingYear(years[0]).label}–{ReportingYear(years[-1]).label}" if years else "no years"
        rows = sum(len(t) for t in returns.tables.values())
        return Checked(path, kind, f"{returns.partnership.name}: {rows} rows, years {span}", returns.notes)
    data = (read_core_suite if kind == "core suite" else read_locality_extract)(path, use_cache=False)
    table = data.table
    summary = (
        f"{len(table)} rows, {table['indicator'].nunique()} indicators, "
        f"{table['partnership_code'].nunique()} areas, years {table['year_label'].min()}–{table['year_label'].max()}"
    )
    return Checked(path, kind, summary, data.notes)
