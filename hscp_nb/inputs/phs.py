"""Readers for Public Health Scotland's national-indicator files: the Core Suite workbook and the locality extract.

Both give one tidy long table, one row per partnership (or Scotland) × locality × indicator × year × period, with
numerator and denominator kept so that rates re-aggregate by summing. Readers tolerate what real files carry (blank
rows, stray spaces, numbers stored as text, old names and codes, exact duplicate rows) and say what they dropped;
they refuse what cannot be trusted with one :class:`~hscp_nb.errors.InputError` listing every bad cell. They never
compute indicators.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.years import year_label_basis
from hscp_nb.inputs.files import cached_parse, formula_problems, open_workbook, sha256, what_is

logger = logging.getLogger(__name__)

TIDY_COLUMNS = [
    "partnership_code",
    "locality",
    "indicator",
    "year_label",
    "year_start",
    "period_basis",
    "time_period",
    "numerator",
    "denominator",
    "value",
    "lower_ci",
    "upper_ci",
    "estimate",
    "scotland_value",
]
_PERIOD = re.compile(r"^(Annual|Q[1-4]|M(?:[1-9]|1[0-2]))$")

CORE_SUITE_COLUMNS = {  # PHS header → tidy name
    "Year": "year_label",
    "Time Period": "time_period",
    "Partnership": "partnership",
    "Indicator": "indicator",
    "Estimate": "estimate",
    "Numerator": "numerator",
    "Denominator": "denominator",
    "Rate": "value",
    "LowerCI": "lower_ci",
    "UpperCI": "upper_ci",
}
# The Data sheet's columns in the order PHS publishes them (the sample and the tests write this layout).
CORE_SUITE_HEADER = ["Lookup", "Year", "Time Period", "Partnership", "Indicator", "Estimate", "Numerator",
                     "Denominator", "Rate", "Ind no.", "LowerCI", "UpperCI"]  # fmt: skip
CORE_SUITE_OPTIONAL = {"Lookup", "Ind no.", "Estimate", "Numerator", "Denominator", "LowerCI", "UpperCI", "Time Period"}

LOCALITY_COLUMNS = {
    "Indicator1": "indicator",
    "Year1": "year_label",
    "Data1": "time_period",
    "Partnership1": "partnership",
    "Locality": "locality",
    "Numerator": "numerator",
    "Denominator": "denominator",
    "Value": "value",
    "Scotland": "scotland_value",
    "LA_Code": "la_code",
    "LowerCI": "lower_ci",
    "UpperCI": "upper_ci",
}
LOCALITY_OPTIONAL = {"Numerator", "Denominator", "Scotland", "LA_Code", "LowerCI", "UpperCI"}


@dataclass
class NationalData:
    """A validated PHS table with what was dropped on the way and where it came from."""

    table: pd.DataFrame
    source: Path
    sha256: str
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False


def read_core_suite(path: str | Path, *, use_cache: bool = True) -> NationalData:
    """The Core Suite workbook's ``Data`` sheet as a tidy table (locality 'All')."""
    path = _existing(path)
    parse = lambda p: _read(p, "Data", CORE_SUITE_COLUMNS, CORE_SUITE_OPTIONAL, kind="core suite")  # noqa: E731
    return cached_parse("core-suite", path, parse) if use_cache else parse(path)


def read_locality_extract(path: str | Path, *, use_cache: bool = True) -> NationalData:
    """The PHS dashboard locality extract (CSV, or an xlsx whose first data sheet is ``Data``) as a tidy table."""
    path = _existing(path)
    parse = lambda p: _read(p, "Data", LOCALITY_COLUMNS, LOCALITY_OPTIONAL, kind="locality extract")  # noqa: E731
    return cached_parse("locality-extract", path, parse) if use_cache else parse(path)


def read_core_suite_for(path: Path, params) -> NationalData:
    """The catalogue's reader (:mod:`hscp_nb.inputs.catalogue`): the Core Suite for a report."""
    return read_core_suite(path)


def read_locality_extract_for(path: Path, params) -> NationalData:
    """The catalogue's reader: the locality extract for a report."""
    return read_locality_extract(path)


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if found := what_is(path):
        raise InputError(Problem(file=str(path), expected="an existing PHS file (.xlsx or .csv)", found=found))
    return path


def is_csv(path: Path) -> bool:
    """A CSV file, also compressed ('.csv.gz')."""
    return path.name.lower().endswith((".csv", ".csv.gz"))


# ---------------------------------------------------------------------------------------------------- reading
HEADER_SEARCH_ROWS = 20  # title and note rows PHS sometimes puts above the header


def header_row(rows: list[tuple], required: list[str]) -> int | None:
    """Index of the first row holding every required header (case and spaces ignored), or None."""
    wanted = {c.lower() for c in required}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = {str(c).strip().lower() for c in row if c is not None}
        if wanted <= cells:
            return index
    return None


def raw_frame(path: Path, sheet: str, required: list[str], kind: str) -> tuple[pd.DataFrame, str | None, bool, int]:
    """Raw cells with the header row found, the sheet used, whether the workbook says 'synthetic', and the
    spreadsheet row number of the header."""
    file = str(path)
    if is_csv(path):
        cells = pd.read_csv(path, dtype=object, keep_default_na=False, skip_blank_lines=False, header=None).to_numpy()
        cells[cells == ""] = None  # an empty cell is a blank, as openpyxl gives it
        rows = list(map(tuple, cells))
        sheet_used, synthetic = None, False
    else:
        wb = open_workbook(path, f"a PHS {kind} workbook (.xlsx) or CSV file")
        try:
            if sheet not in wb.sheetnames:
                raise InputError(Problem(file=file, sheet=sheet, expected=_missing_sheet(wb, sheet, required, kind)))
            synthetic = any(
                "synthetic" in str(cell).lower()
                for name in wb.sheetnames
                if name != sheet
                for row in wb[name].iter_rows(max_row=30, values_only=True)
                for cell in row
                if cell
            )
            rows = list(wb[sheet].iter_rows(values_only=True))
            sheet_used = sheet
        finally:
            wb.close()
    found = header_row(rows, required)
    if found is None:
        raise InputError(_header_problems(rows, required, kind, file=file, sheet=sheet_used))
    header = [("" if h is None else str(h)).strip() for h in rows[found]]
    if sheet_used is not None and (formulas := formula_problems(path, [sheet_used], {sheet_used: header})):
        raise InputError(formulas)
    width = len(header)
    data = [tuple(r[:width]) + (None,) * (width - len(r)) for r in rows[found + 1 :]]
    frame = pd.DataFrame(data, columns=header, dtype=object) if data else pd.DataFrame(columns=header, dtype=object)
    return frame, sheet_used, synthetic, found + 1


def _header_problems(rows: list[tuple], required: list[str], kind: str, **where) -> list[Problem]:
    """The columns missing from the row that looks most like the header, or, when no row does, what was expected."""
    wanted = {c.lower(): c for c in required}
    best, best_index = set(), 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = {str(c).strip().lower() for c in row if c is not None} & set(wanted)
        if len(cells) > len(best):
            best, best_index = cells, index
    if len(best) >= 2:
        return [Problem(row=best_index + 1, column=wanted[c], expected=f"a '{wanted[c]}' column in the header "
                        f"({kind} layout)", **where) for c in wanted if c not in best]  # fmt: skip
    return [Problem(row=1, expected=f"a header row with the {kind} columns ({', '.join(required)}) within the first "
                    f"{HEADER_SEARCH_ROWS} rows", **where)]  # fmt: skip


def _missing_sheet(wb, sheet: str, required: list[str], kind: str) -> str:
    """What to say when the expected sheet is absent: name a sheet that holds the layout under another name."""
    for name in wb.sheetnames:
        if header_row(list(wb[name].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)), required) is not None:
            return (
                f"a sheet named '{sheet}': this looks like a PHS {kind} workbook whose data are on sheet "
                f"'{name}'; rename that sheet '{sheet}'"
            )
    return f"a sheet named '{sheet}' holding the PHS {kind} (found: {', '.join(wb.sheetnames)})"


def _read(path: Path, sheet: str, columns: dict[str, str], optional: set[str], *, kind: str) -> NationalData:
    required = [c for c in columns if c not in optional]
    frame, sheet_used, synthetic, header_row = raw_frame(path, sheet, required, kind)
    file = str(path)
    headers = {str(c).strip().lower(): c for c in frame.columns}
    raw = pd.DataFrame(
        {tidy: frame[headers[c.lower()]] if c.lower() in headers else None for c, tidy in columns.items()}
    )
    raw.index = pd.RangeIndex(header_row + 1, header_row + 1 + len(raw))  # spreadsheet row numbers
    raw = raw.apply(lambda col: col.map(clean_cell))

    notes: list[str] = []
    if header_row > 1:
        notes.append(f"read the header from row {header_row} (the {header_row - 1} row(s) above it hold titles)")
    blank = raw.isna().all(axis=1)
    if blank.any():
        notes.append(f"dropped {int(blank.sum())} blank row(s)")
    raw = raw[~blank]

    problems: list[Problem] = []
    where = dict(file=file, sheet=sheet_used)
    out = pd.DataFrame(index=raw.index)

    # partnership (or Scotland), resolved once per distinct spelling
    codes = {}
    for name in raw["partnership"].dropna().unique():
        if reference.normalise_name(name) == "scotland":
            codes[name] = reference.SCOTLAND_CODE
            continue
        try:
            codes[name] = reference.resolve_partnership(name).code
        except InputError as err:
            codes[name] = None
            rows = raw.index[raw["partnership"] == name]
            problems.append(
                Problem(
                    row=int(rows[0]),
                    column=_header(columns, "partnership"),
                    found=name,
                    expected=err.problems[0].expected + more_rows(rows),
                    **where,
                )
            )
    out["partnership_code"] = raw["partnership"].map(codes)
    for row in raw.index[raw["partnership"].isna()]:
        problems.append(
            Problem(
                row=int(row),
                column=_header(columns, "partnership"),
                expected="a partnership name or 'Scotland'",
                **where,
            )
        )
    renamed = sorted(n for n, c in codes.items() if c and c != reference.SCOTLAND_CODE and n != _name_of(c))
    if renamed:
        notes.append("read older or variant partnership names as current ones: " + ", ".join(renamed))

    # indicator
    ids = {}
    for value in raw["indicator"].dropna().unique():
        match = re.fullmatch(r"NI[\s\-_]?0*(\d{1,2})", str(value), flags=re.IGNORECASE)
        ids[value] = f"NI-{int(match.group(1))}" if match and 1 <= int(match.group(1)) <= 23 else None
        if ids[value] is None:
            rows = raw.index[raw["indicator"] == value]
            problems.append(
                Problem(
                    row=int(rows[0]),
                    column=_header(columns, "indicator"),
                    found=value,
                    expected="an indicator code NI1 … NI23" + more_rows(rows),
                    **where,
                )
            )
    out["indicator"] = raw["indicator"].map(ids)

    # year label and basis (survey indicators are labelled like financial years); a year Excel stored as a number
    # is read as the calendar year it says, and refused where the indicator is published by financial year
    labels = raw["year_label"].map(_year_text)
    years = {}
    for value in labels.dropna().unique():
        try:
            years[value] = year_label_basis(value)
        except InputError:
            years[value] = (None, None)
            rows = raw.index[labels == value]
            problems.append(Problem(row=int(rows[0]), column=_header(columns, "year_label"), found=value,
                                    expected="a year such as '2022/23' (financial or survey) or '2022' (calendar)"
                                             + more_rows(rows), **where))  # fmt: skip
    for row in raw.index[raw["year_label"].isna()]:
        problems.append(Problem(row=int(row), column=_header(columns, "year_label"), found=None,
                                expected="a year such as '2022/23' or '2022'", **where))  # fmt: skip
    out["year_start"] = labels.map(lambda v: years.get(v, (None, None))[0])
    basis = labels.map(lambda v: years.get(v, (None, None))[1])
    period = out["indicator"].map(lambda i: reference.indicator(i).period if i else None)
    out["period_basis"] = np.where((period == "survey") & (basis == "financial"), "survey", basis)
    problems += _check_year_bases(raw, out, basis, period, where, _header(columns, "year_label"))
    out["year_label"] = labels

    period = raw["time_period"].fillna("Annual").astype(str)
    bad_period = ~period.str.match(_PERIOD)
    for row in raw.index[bad_period]:
        problems.append(
            Problem(
                row=int(row),
                column=_header(columns, "time_period"),
                found=raw.at[row, "time_period"],
                expected="'Annual', a quarter Q1–Q4 or a month M1–M12",
                **where,
            )
        )
    out["time_period"] = period

    for name in ["numerator", "denominator", "value", "lower_ci", "upper_ci", "scotland_value"]:
        if name not in raw:
            out[name] = np.nan
            continue
        numbers = raw[name].map(to_number)
        bad = raw[name].notna() & numbers.isna()
        for row in raw.index[bad]:
            problems.append(
                Problem(
                    row=int(row),
                    column=_header(columns, name),
                    found=raw.at[row, name],
                    expected="a number (or blank)",
                    **where,
                )
            )
        out[name] = numbers.astype(float)

    estimate = (
        raw["estimate"].fillna("No").astype(str).str.lower() if "estimate" in raw else pd.Series("no", index=raw.index)
    )
    for row in raw.index[~estimate.isin(["yes", "no", "y", "n"])]:
        problems.append(
            Problem(
                row=int(row), column="Estimate", found=raw.at[row, "estimate"], expected="'Yes', 'No' or blank", **where
            )
        )
    out["estimate"] = estimate.isin(["yes", "y"])

    # locality
    if "locality" in raw:
        out["locality"] = raw["locality"].fillna("All")
        problems += _check_localities(out, where, _header(columns, "locality"))
    else:
        out["locality"] = "All"

    if problems:
        raise InputError(problems)

    no_value = out["value"].isna()
    if no_value.any():
        notes.append(f"dropped {int(no_value.sum())} row(s) with no value (suppressed or not available)")
    out = out[~no_value]

    out, dup_notes, dup_problems = _deduplicate(out, where, columns)
    notes += dup_notes
    if dup_problems:
        raise InputError(dup_problems)

    if kind == "core suite":
        problems += _check_scotland(out, where, _header(columns, "partnership"))
        if problems:
            raise InputError(problems)

    out = out.reset_index(names="source_row")
    out["year_start"] = out["year_start"].astype(int)
    table = (
        out[["source_row", *TIDY_COLUMNS]]
        .sort_values(
            ["indicator", "partnership_code", "locality", "period_basis", "year_start", "time_period"], kind="stable"
        )
        .reset_index(drop=True)
    )
    for note in notes:
        logger.info("%s: %s", path.name, note)
    return NationalData(table=table, source=path, sha256=sha256(path), notes=notes, synthetic=synthetic)


def _year_text(value) -> str | None:
    """A Year cell as text: a whole number (Excel turns a typed 2023 into one) becomes '2023'."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value)


def _check_year_bases(raw, out, basis, period, where: dict, column: str) -> list[Problem]:
    """Calendar-year labels where the indicator has none: for a survey indicator any (its waves are labelled
    '2023/24'), for a financial-year indicator a number (a typed '2023/24' that Excel cannot have meant)."""
    problems = []
    numeric = raw["year_label"].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    takes_calendar = out["indicator"].map(
        lambda i: bool(i) and (reference.indicator(i).period in {"calendar", "financial or calendar", "none"}
                               or "calendar" in reference.indicator(i).period_basis.lower())
    )  # fmt: skip
    wrong = (basis == "calendar") & ((period == "survey") | (numeric & ~takes_calendar))
    for indicator, rows in out[wrong].groupby("indicator").groups.items():
        kind = "survey year" if reference.indicator(indicator).is_survey else "financial year"
        first = int(rows[0])
        problems.append(Problem(row=first, column=column, found=raw.at[first, "year_label"],
                                expected=f"a {kind} such as '2023/24' ({indicator} has no calendar-year figures; a "
                                         "year stored as a number reads as a calendar year)" + more_rows(rows),
                                **where))  # fmt: skip
    return problems


def _check_scotland(out: pd.DataFrame, where: dict, column: str) -> list[Problem]:
    """Every annual indicator × year × period that has partnership rows must have its Scotland row: verdicts
    against Scotland are made from it, never from an average of partnerships."""
    annual = out[(out["time_period"] == "Annual") & (out["locality"] == "All")]
    scotland = annual["partnership_code"] == reference.SCOTLAND_CODE
    if not scotland.any():
        return [Problem(column=column, found="no 'Scotland' rows",
                        expected="the Scotland value of each indicator and year, as PHS publishes it (rows with "
                                 "Partnership 'Scotland')", **where)]  # fmt: skip
    key = ["indicator", "year_label", "period_basis"]
    have = set(map(tuple, annual.loc[scotland, key].drop_duplicates().to_numpy()))
    problems = []
    for values, group in annual[~scotland].groupby(key, sort=False):
        if tuple(values) not in have:
            problems.append(Problem(row=int(group.index[0]), column=column, found=f"no Scotland row for {values[0]} "
                                    f"{values[1]}", expected="a 'Scotland' row for every indicator and year that "
                                    "has partnership rows", **where))  # fmt: skip
    return problems


def clean_cell(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def to_number(value) -> float:
    if value is None:
        return np.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).replace(",", "").replace("£", "").strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return np.nan


def _header(columns: dict[str, str], tidy: str) -> str:
    return next((c for c, t in columns.items() if t == tidy), tidy)


def more_rows(rows) -> str:
    return f" (and {len(rows) - 1} more row(s) with the same value)" if len(rows) > 1 else ""


def _name_of(code: str) -> str:
    return reference.resolve_partnership(code).name


def _check_localities(out: pd.DataFrame, where: dict, column: str) -> list[Problem]:
    problems = []
    pairs = out.loc[out["locality"] != "All", ["partnership_code", "locality"]].drop_duplicates()
    names = {}
    for _, (code, name) in pairs.iterrows():
        if not code or code == reference.SCOTLAND_CODE:
            continue
        found = reference.resolve_locality(reference.resolve_partnership(code), name)
        if found is None:
            rows = out.index[(out["partnership_code"] == code) & (out["locality"] == name)]
            known = ", ".join(loc.name for loc in reference.localities(code))
            problems.append(
                Problem(
                    row=int(rows[0]),
                    column=column,
                    found=name,
                    expected=f"'All' or a locality of {_name_of(code)} ({known})",
                    **where,
                )
            )
        else:
            names[(code, name)] = found.name
    if names:
        out["locality"] = [names.get((c, n), n) for c, n in zip(out["partnership_code"], out["locality"])]
    return problems


def _deduplicate(out: pd.DataFrame, where: dict, columns: dict) -> tuple[pd.DataFrame, list[str], list[Problem]]:
    key = ["partnership_code", "locality", "indicator", "year_label", "time_period"]
    facts = ["numerator", "denominator", "value"]
    dup = out.duplicated(key, keep=False)
    if not dup.any():
        return out, [], []
    notes, problems = [], []
    exact = out.duplicated([*key, *facts], keep="first")
    groups = out[dup].groupby(key, sort=False)
    for keys, group in groups:
        if group[facts].drop_duplicates().shape[0] > 1:
            rows = ", ".join(str(r) for r in group.index)
            problems.append(
                Problem(
                    row=int(group.index[1]),
                    column=_header(columns, "value"),
                    found=group["value"].tolist(),
                    expected=f"one value per partnership, indicator, year and period; rows {rows} conflict "
                    f"for {keys[0]} {keys[2]} {keys[3]} {keys[4]}",
                    **where,
                )
            )
    if exact.any():
        notes.append(f"dropped {int(exact.sum())} exact duplicate row(s)")
    return out[~exact], notes, problems
