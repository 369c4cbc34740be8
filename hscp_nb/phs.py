"""Readers for Public Health Scotland's national-indicator files: the Core Suite workbook and the locality extract.

Both give one tidy long table, one row per partnership (or Scotland) × locality × indicator × year × period, with
numerator and denominator kept so that rates re-aggregate by summing. Readers tolerate what real files carry (blank
rows, stray spaces, numbers stored as text, old names and codes, exact duplicate rows) and say what they dropped;
they refuse what cannot be trusted with one :class:`~hscp_nb.errors.InputError` listing every bad cell. They never
compute indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import reference
from .errors import InputError, Problem
from .io import cached_parse, sha256
from .years import year_label_basis

TIDY_COLUMNS = [
    "partnership_code", "locality", "indicator", "year_label", "year_start", "period_basis", "time_period",
    "numerator", "denominator", "value", "lower_ci", "upper_ci", "estimate", "scotland_value",
]
_PERIOD = re.compile(r"^(Annual|Q[1-4]|M(?:[1-9]|1[0-2]))$")

CORE_SUITE_COLUMNS = {  # PHS header → tidy name
    "Year": "year_label", "Time Period": "time_period", "Partnership": "partnership", "Indicator": "indicator",
    "Estimate": "estimate", "Numerator": "numerator", "Denominator": "denominator", "Rate": "value",
    "LowerCI": "lower_ci", "UpperCI": "upper_ci",
}
CORE_SUITE_OPTIONAL = {"Lookup", "Ind no.", "Estimate", "Numerator", "Denominator", "LowerCI", "UpperCI", "Time Period"}

LOCALITY_COLUMNS = {
    "Indicator1": "indicator", "Year1": "year_label", "Data1": "time_period", "Partnership1": "partnership",
    "Locality": "locality", "Numerator": "numerator", "Denominator": "denominator", "Value": "value",
    "Scotland": "scotland_value", "LA_Code": "la_code", "LowerCI": "lower_ci", "UpperCI": "upper_ci",
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


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(Problem(file=str(path), expected="an existing PHS file (.xlsx or .csv)", found="no such file"))
    return path


# ---------------------------------------------------------------------------------------------------- reading
def _raw_frame(path: Path, sheet: str) -> tuple[pd.DataFrame, str | None, bool]:
    """Raw cells as strings/numbers with the header row, the sheet name used, and whether it says 'synthetic'."""
    if path.suffix.lower() == ".csv":
        frame = pd.read_csv(path, dtype=object, keep_default_na=False, skip_blank_lines=False)
        return frame, None, False
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:
        raise InputError(Problem(file=str(path), expected="a readable .xlsx workbook", found=type(err).__name__)) from None
    try:
        if sheet not in wb.sheetnames:
            raise InputError(
                Problem(file=str(path), sheet=sheet, expected=f"a sheet named '{sheet}' (found: {', '.join(wb.sheetnames)})")
            )
        synthetic = any(
            "synthetic" in str(cell).lower()
            for name in wb.sheetnames if name != sheet
            for row in wb[name].iter_rows(max_row=30, values_only=True) for cell in row if cell
        )
        rows = wb[sheet].iter_rows(values_only=True)
        header = next(rows, None) or ()
        data = list(rows)
    finally:
        wb.close()
    header = [("" if h is None else str(h)).strip() for h in header]
    frame = pd.DataFrame(data, columns=header, dtype=object) if data else pd.DataFrame(columns=header, dtype=object)
    return frame, sheet, synthetic


def _read(path: Path, sheet: str, columns: dict[str, str], optional: set[str], *, kind: str) -> NationalData:
    frame, sheet_used, synthetic = _raw_frame(path, sheet)
    file = str(path)
    headers = {str(c).strip().lower(): c for c in frame.columns}
    missing = [c for c in columns if c.lower() not in headers and c not in optional]
    if missing:
        raise InputError(
            [Problem(file=file, sheet=sheet_used, row=1, column=c, expected=f"a '{c}' column in the header ({kind} layout)")
             for c in missing]
        )
    raw = pd.DataFrame({tidy: frame[headers[c.lower()]] if c.lower() in headers else None for c, tidy in columns.items()})
    raw.index = pd.RangeIndex(2, len(raw) + 2)  # spreadsheet row numbers
    raw = raw.apply(lambda col: col.map(_clean_cell))

    notes: list[str] = []
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
            problems.append(Problem(row=int(rows[0]), column=_header(columns, "partnership"), found=name,
                                    expected=err.problems[0].expected + _more(rows), **where))
    out["partnership_code"] = raw["partnership"].map(codes)
    for row in raw.index[raw["partnership"].isna()]:
        problems.append(Problem(row=int(row), column=_header(columns, "partnership"), expected="a partnership name or 'Scotland'", **where))
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
            problems.append(Problem(row=int(rows[0]), column=_header(columns, "indicator"), found=value,
                                    expected="an indicator code NI1 … NI23" + _more(rows), **where))
    out["indicator"] = raw["indicator"].map(ids)

    # year label and basis (survey indicators are labelled like financial years)
    years = {}
    for value in raw["year_label"].dropna().unique():
        try:
            years[value] = year_label_basis(value)
        except InputError:
            years[value] = (None, None)
            rows = raw.index[raw["year_label"] == value]
            problems.append(Problem(row=int(rows[0]), column=_header(columns, "year_label"), found=value,
                                    expected="a year such as '2022/23' (financial or survey) or '2022' (calendar)" + _more(rows), **where))
    out["year_start"] = raw["year_label"].map(lambda v: years.get(v, (None, None))[0])
    basis = raw["year_label"].map(lambda v: years.get(v, (None, None))[1])
    is_survey = out["indicator"].map(lambda i: bool(i) and int(i.split("-")[1]) <= 9)
    out["period_basis"] = np.where(is_survey & (basis == "financial"), "survey", basis)
    out["year_label"] = raw["year_label"]

    period = raw["time_period"].fillna("Annual").astype(str)
    bad_period = ~period.str.match(_PERIOD)
    for row in raw.index[bad_period]:
        problems.append(Problem(row=int(row), column=_header(columns, "time_period"), found=raw.at[row, "time_period"],
                                expected="'Annual', a quarter Q1–Q4 or a month M1–M12", **where))
    out["time_period"] = period

    for name in ["numerator", "denominator", "value", "lower_ci", "upper_ci", "scotland_value"]:
        if name not in raw:
            out[name] = np.nan
            continue
        numbers = raw[name].map(_to_number)
        bad = raw[name].notna() & numbers.isna()
        for row in raw.index[bad]:
            problems.append(Problem(row=int(row), column=_header(columns, name), found=raw.at[row, name],
                                    expected="a number (or blank)", **where))
        out[name] = numbers.astype(float)

    estimate = raw["estimate"].fillna("No").astype(str).str.lower() if "estimate" in raw else pd.Series("no", index=raw.index)
    for row in raw.index[~estimate.isin(["yes", "no", "y", "n"])]:
        problems.append(Problem(row=int(row), column="Estimate", found=raw.at[row, "estimate"], expected="'Yes', 'No' or blank", **where))
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

    out = out.reset_index(names="source_row")
    out["year_start"] = out["year_start"].astype(int)
    table = out[["source_row", *TIDY_COLUMNS]].sort_values(
        ["indicator", "partnership_code", "locality", "period_basis", "year_start", "time_period"], kind="stable"
    ).reset_index(drop=True)
    return NationalData(table=table, source=path, sha256=sha256(path), notes=notes, synthetic=synthetic)


def _clean_cell(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def _to_number(value) -> float:
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


def _more(rows) -> str:
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
            problems.append(Problem(row=int(rows[0]), column=column, found=name,
                                    expected=f"'All' or a locality of {_name_of(code)} ({known})", **where))
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
            problems.append(Problem(row=int(group.index[1]), column=_header(columns, "value"), found=group["value"].tolist(),
                                    expected=f"one value per partnership, indicator, year and period; rows {rows} conflict "
                                             f"for {keys[0]} {keys[2]} {keys[3]} {keys[4]}", **where))
    if exact.any():
        notes.append(f"dropped {int(exact.sum())} exact duplicate row(s)")
    return out[~exact], notes, problems
