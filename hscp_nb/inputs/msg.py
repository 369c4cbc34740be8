"""The reader for PHS's Ministerial Strategic Group (MSG) data, in the layout of PHS's MSG dashboard files: one
workbook with the sheets "MSG 1 to 4", "MSG 5 and 6" and "Completeness", or a folder of the CSV files PHS writes
("MSG Tableau 1 to 4.csv", "MSG Tableau 5 and 6.csv", "Completeness.csv"; also compressed, ``.csv.gz``).

It gives three tidy tables: the monthly counts of indicators 1 to 4 by partnership, locality, age group and month
(summed over where people were treated), the annual percentages of indicators 5 and 6, and the completeness of the
hospital records by NHS board, source and month. It copes with what PHS files carry: '&' for 'and', Clackmannanshire &
Stirling whole or as its two councils, Comhairle nan Eilean Siar for the Western Isles, blank rows and numbers stored
as text. Where PHS's rolling 12-month totals (``_R12``) and rates per 1,000 (``_rate``) are present they are checked
against the counts. PHS's files since 2025 carry aggregate rows beside their parts (area treated 'All' beside within and
outwith the health board of residence; a SIMD quintile column with 'All' beside quintiles 1 to 5): the aggregate row
is used where it is present and the parts are summed where it is not, never both, and where both are present the parts
must add up to the aggregate. Everything wrong is one :class:`~hscp_nb.domain.errors.InputError` naming file, sheet,
row and column. It computes no indicator: :mod:`hscp_nb.analysis.msg` does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hscp_nb.domain import msg, reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.inputs.files import cached_parse, sha256, what_is
from hscp_nb.inputs.phs import clean_cell, is_csv, more_rows, raw_frame, to_number

logger = logging.getLogger(__name__)

MONTHLY, ANNUAL, COMPLETENESS = "MSG 1 to 4", "MSG 5 and 6", "Completeness"
# A CSV file of a folder is recognised by these words in its name (PHS: "MSG Tableau 1 to 4.csv")
CSV_NAMES = {MONTHLY: "1 to 4", ANNUAL: "5 and 6", COMPLETENESS: "completeness"}
BOARD_HEADERS = ("health board", "nhs board", "board", "hb", "hbname", "health_board", "nhs_board")
OTHER_LOCALITIES = "Other Localities"  # PHS's group for delays of people from outwith the partnership's localities
SPLIT_COUNCILS = {"clackmannanshire", "stirling"}  # Clackmannanshire & Stirling given as its two councils
TOLERANCE = 0.5  # counts are whole numbers: an R12 total further than this from the sum of its months is wrong
ALL = "All"  # PHS's aggregate row of a breakdown (area treated, SIMD quintile; locality 'All' is the partnership's)
AREAS_TREATED = (*msg.AREAS_TREATED, ALL)
AGE_ALIASES = {ALL: "All Ages"}  # PHS writes age group 'All' in some extracts for 'All Ages'
SIMD = "simd"  # the monthly table's column of the SIMD quintile, where the file has one
SIMD_QUINTILES = ("1", "2", "3", "4", "5", "Unknown")
# The breakdowns the reader adds up (by their column in the tidy table), in the order they are collapsed
SUMMED = ("area_treated", SIMD)


@dataclass
class MsgData:
    """PHS's MSG data, validated: ``monthly`` (partnership_code, locality, age_group, month, the counts of
    :data:`hscp_nb.domain.msg.MONTHLY_COUNTS`, population where PHS's rates give it), ``annual`` (partnership_code,
    indicator '5'/'6', age_group, year_start, year_label, provisional, value, source_row) and ``completeness``
    (board, source, month, percent). ``files``: the file (and sheet) each table came from."""

    monthly: pd.DataFrame
    annual: pd.DataFrame
    completeness: pd.DataFrame
    source: Path
    sha256: str
    files: dict[str, str]
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False

    def where(self, table: str) -> str:
        """'MSG 1 to 4.csv' or 'msg.xlsx, sheet MSG 1 to 4': where a table was read, for sources and the ledger."""
        return self.files.get(table, "not supplied")

    @property
    def latest_month(self) -> pd.Timestamp | None:
        return self.monthly["month"].max() if len(self.monthly) else None


def read_msg(path: str | Path, *, use_cache: bool = True) -> MsgData:
    """Read and validate PHS's MSG data (a workbook or a folder of CSV files)."""
    path = Path(path)
    if not path.is_dir() and (found := what_is(path)):
        raise InputError(
            Problem(
                file=str(path),
                found=found,
                expected="PHS's MSG data: a workbook (.xlsx) with the "
                f"sheets '{MONTHLY}', '{ANNUAL}' and '{COMPLETENESS}', or a folder of those CSV files",
            )
        )
    return cached_parse("msg", path, _read) if use_cache else _read(path)


# ---------------------------------------------------------------------------------------------------- finding


def read_msg_for(path: Path, params) -> MsgData:
    """The catalogue's reader (:mod:`hscp_nb.inputs.catalogue`): PHS's MSG data for a report."""
    return read_msg(path)


def _parts(path: Path) -> dict[str, tuple[Path, str]]:
    """Where each table is: (file, sheet) with sheet '' for a CSV file."""
    if path.is_dir():
        found = {}
        files = sorted(p for p in path.iterdir() if is_csv(p))
        for table, words in CSV_NAMES.items():
            matches = [p for p in files if words in reference.normalise_name(p.name.split(".")[0]).replace("&", "and")]
            if len(matches) > 1:
                raise InputError(Problem(file=str(path), found=", ".join(p.name for p in matches),
                                         expected=f"one CSV file of the MSG '{table}' data"))  # fmt: skip
            if matches:
                found[table] = (matches[0], "")
        if MONTHLY not in found:
            listed = ", ".join(p.name for p in files) or "no CSV files"
            raise InputError(Problem(file=str(path), found=listed, expected=f"a CSV file of PHS's '{MONTHLY}' data "
                                     "(named like 'MSG Tableau 1 to 4.csv')"))  # fmt: skip
        return found
    if is_csv(path):
        return {MONTHLY: (path, "")}
    from hscp_nb.inputs.files import open_workbook

    wb = open_workbook(path, f"PHS's MSG data workbook (.xlsx) with the sheets '{MONTHLY}', '{ANNUAL}' and "
                             f"'{COMPLETENESS}'")  # fmt: skip
    names = wb.sheetnames
    wb.close()
    by_name = {reference.normalise_name(n): n for n in names}
    found = {
        t: (path, by_name[reference.normalise_name(t)]) for t in CSV_NAMES if reference.normalise_name(t) in by_name
    }
    if MONTHLY not in found:
        raise InputError(Problem(file=str(path), sheet=MONTHLY, found=f"sheets {', '.join(names)}",
                                 expected=f"a sheet named '{MONTHLY}' holding PHS's monthly MSG data"))  # fmt: skip
    return found


def _read(path: Path) -> MsgData:
    parts = _parts(path)
    notes: list[str] = []
    synthetic = False
    files = {}
    frames = {}
    required = {MONTHLY: msg.MONTHLY_KEYS[:5] + msg.MONTHLY_COUNTS, ANNUAL: msg.ANNUAL_KEYS, COMPLETENESS: ["Month"]}
    for table, (file, sheet) in parts.items():
        frame, sheet_used, flagged, header = raw_frame(file, sheet or table, required[table], f"MSG {table}")
        frame.columns = [str(c).strip() for c in frame.columns]
        frame.index = pd.RangeIndex(header + 1, header + 1 + len(frame))
        frame = frame.apply(lambda col: _by_value(col, clean_cell))
        blank = frame.isna().all(axis=1)
        if blank.any():
            notes.append(f"{file.name}{f', sheet {sheet_used}' if sheet_used else ''}: dropped {int(blank.sum())} "
                         "blank row(s)")  # fmt: skip
        frames[table] = (frame[~blank], dict(file=str(file), sheet=sheet_used))
        files[table] = f"{file.name}, sheet {sheet_used}" if sheet_used else file.name
        synthetic = synthetic or flagged
    if path.is_dir():
        synthetic = synthetic or any("synthetic" in p.read_text(errors="replace").lower()
                                     for p in path.glob("README*") if p.is_file())  # fmt: skip
    problems: list[Problem] = []
    monthly = _monthly(*frames[MONTHLY], problems, notes)
    annual = _annual(*frames[ANNUAL], problems, notes) if ANNUAL in frames else _empty_annual()
    completeness = (
        _completeness(*frames[COMPLETENESS], problems, notes) if COMPLETENESS in frames else _empty_completeness()
    )
    if ANNUAL not in frames:
        notes.append(f"no '{ANNUAL}' data: indicators 5 and 6 are not reported")
    if COMPLETENESS not in frames:
        notes.append(f"no '{COMPLETENESS}' data: the completeness of hospital records cannot be said")
    if problems:
        raise InputError(problems)
    for note in notes:
        logger.info("%s: %s", path.name, note)
    return MsgData(monthly, annual, completeness, path, sha256(path), files, notes, synthetic)


# ---------------------------------------------------------------------------------------------------- shared
def _by_value(column: pd.Series, parse) -> pd.Series:
    """``parse`` of each cell, called once per distinct value (a monthly file repeats its months and names)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=object)  # a blank cell (code -1) takes the last: parse(None)
    parsed[:] = [parse(v) for v in uniques] + [parse(None)]
    return pd.Series(parsed[codes], index=column.index, dtype=object)


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    """Header (lower case) → header as written."""
    return {c.lower(): c for c in frame.columns}


def _partnerships(names: pd.Series, where: dict, column: str, problems: list[Problem]) -> tuple[pd.Series, pd.Series]:
    """Each row's partnership code (Scotland: S92000003), and whether the row is one of Clackmannanshire & Stirling's
    two councils given separately."""
    codes, split = {}, {}
    for name in names.dropna().unique():
        folded = reference.normalise_name(name)
        split[name] = folded in SPLIT_COUNCILS
        if folded == "scotland":
            codes[name] = reference.SCOTLAND_CODE
            continue
        try:
            codes[name] = reference.resolve_partnership(name).code
        except InputError as err:
            rows = names.index[names == name]
            problems.append(Problem(row=int(rows[0]), column=column, found=name,
                                    expected=err.problems[0].expected + more_rows(rows), **where))  # fmt: skip
    for row in names.index[names.isna()]:
        problems.append(Problem(row=int(row), column=column, expected="a partnership name or 'Scotland'", **where))
    return names.map(codes), names.map(split).fillna(False).astype(bool)


def _numbers(frame: pd.DataFrame, header: str, where: dict, problems: list[Problem], *, what: str, low=0.0,
             high=None) -> pd.Series:  # fmt: skip
    values = _by_value(frame[header], to_number).astype(float)
    bad = frame[header].notna() & (values.isna() | (values < low) | ((values > high) if high is not None else False))
    for row in frame.index[bad][:20]:
        problems.append(Problem(row=int(row), column=header, found=frame.at[row, header], expected=what, **where))
    if bad.sum() > 20:
        problems.append(Problem(column=header, found=f"{int(bad.sum()) - 20} more such cells", expected=what, **where))
    return values.where(~bad)


def _choice(frame, header, choices, where, problems, aliases=None) -> pd.Series:
    folded = {" ".join(c.lower().split()): c for c in choices}
    folded |= {" ".join(a.lower().split()): c for a, c in (aliases or {}).items()}
    values = _by_value(frame[header], lambda v: folded.get(" ".join(str(v).lower().split())) if v is not None else None)
    for value, rows in frame[values.isna()].groupby(frame[header].astype(str), dropna=False).groups.items():
        problems.append(Problem(row=int(rows[0]), column=header, found=None if value in ("None", "nan") else value,
                                expected="one of " + ", ".join(choices) + more_rows(rows), **where))  # fmt: skip
    return values


MONTH_NAMES = {m.lower(): i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}  # fmt: skip


def _month(value) -> pd.Timestamp | None:
    """The first day of the month a cell names: a date, '2024-01-01', '01/01/2024', 'Jan 2024', 'Jan-24', 'Jan24',
    'January 2024', '2024-01'."""
    if value is None:
        return None
    if hasattr(value, "year") and hasattr(value, "month"):
        return pd.Timestamp(value.year, value.month, 1)
    text = str(value).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T]00:00(?::00)?)?", text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # UK day/month/year
        year, month = int(m.group(3)), int(m.group(2))
    elif m := re.fullmatch(r"([A-Za-z]{3})[a-z]*[\s\-]?(\d{2}|\d{4})", text):
        if m.group(1).lower() not in MONTH_NAMES:
            return None
        year, month = int(m.group(2)), MONTH_NAMES[m.group(1).lower()]
        year += 2000 if year < 100 else 0
    else:
        return None
    return pd.Timestamp(year, month, 1) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


# ------------------------------------------------------------------------------------------------- MSG 1 to 4
def _monthly(frame: pd.DataFrame, where: dict, problems: list[Problem], notes: list[str]) -> pd.DataFrame:
    cols = _columns(frame)
    name = lambda header: cols[header.lower()]  # noqa: E731
    out = pd.DataFrame(index=frame.index)
    out["partnership_code"], split = _partnerships(frame[name("Partnership")], where, name("Partnership"), problems)
    out["given_as"] = frame[name("Partnership")]
    out["age_group"] = _choice(frame, name("AGE_GROUPS"), msg.AGE_GROUPS, where, problems, AGE_ALIASES)
    out["area_treated"] = _choice(frame, name("AreaTreated"), AREAS_TREATED, where, problems)
    simd_header = _simd_header(frame)
    if simd_header:
        out[SIMD] = _simd(frame, simd_header, where, problems)
    months = _by_value(frame[name("month")], _month)
    for row in frame.index[months.isna()][:20]:
        problems.append(Problem(row=int(row), column=name("month"), found=frame.at[row, name("month")],
                                expected="a month, such as 2024-01-01 or Jan 2024", **where))  # fmt: skip
    out["month"] = months
    out["locality"] = _localities(frame[name("Locality")], out["partnership_code"], where, name("Locality"), problems)
    counts = "a count: a whole number of at least 0 (or blank)"
    for column in msg.MONTHLY_COUNTS:
        out[column] = _numbers(frame, name(column), where, problems, what=counts)
    checks = {c: cols[f"{c}{msg.ROLLING_SUFFIX}".lower()] for c in msg.MONTHLY_COUNTS
              if f"{c}{msg.ROLLING_SUFFIX}".lower() in cols}  # fmt: skip
    rates = {c: cols[r.lower()] for c, r in msg.RATE_COLUMNS.items() if r.lower() in cols}
    for column, header in {**{c + msg.ROLLING_SUFFIX: h for c, h in checks.items()},
                           **{f"rate {c}": h for c, h in rates.items()}}.items():  # fmt: skip
        out[column] = _numbers(frame, header, where, problems, what="a number of at least 0 (or blank)")
    if problems:
        return pd.DataFrame()
    out = _without_duplicates(out, where, name("month"), problems, notes)
    if problems:
        return pd.DataFrame()
    _check_rolling(out, checks, where, problems)
    population = _check_rates(out, rates, where, problems)
    if problems:
        return pd.DataFrame()
    out["population"] = population
    headers = {"area_treated": name("AreaTreated"), SIMD: simd_header}
    split_names = dict(zip(out["given_as"], split.loc[out.index]))
    split_rows = int(split.loc[out.index].sum())  # as the file has them, before the 'All' rows replace their parts
    out = _aggregates_or_parts(out, headers, where, problems, notes)
    if problems:
        return pd.DataFrame()
    split = out["given_as"].map(split_names).fillna(False).astype(bool)
    out = _clackmannanshire_and_stirling(out, split, notes, split_rows)
    if not (out["locality"] == "All").any():
        problems.append(Problem(column=name("Locality"), found="no rows with Locality 'All'",
                                expected="the partnership totals, on rows with Locality 'All'", **where))  # fmt: skip
        return pd.DataFrame()
    keys = ["partnership_code", "locality", "age_group", "month"]
    summed = out.groupby(keys, sort=True)[msg.MONTHLY_COUNTS].sum(min_count=1)
    summed["population"] = out.groupby(keys, sort=True)["population"].first()
    return summed.reset_index()


def _simd_header(frame: pd.DataFrame) -> str | None:
    """The header of a SIMD quintile column ('simd_quintile', 'SIMD quintile', 'SIMD'), if the file has one."""
    for header in frame.columns:
        folded = re.sub(r"[\s_]+", " ", header.lower()).strip()
        if folded in ("simd", "simd quintile", "simd quintiles") or re.fullmatch(r"simd.* quintile", folded):
            return header
    return None


def _simd(frame: pd.DataFrame, header: str, where: dict, problems: list[Problem]) -> pd.Series:
    """'All' (PHS's aggregate), quintile '1' to '5' ('1 - most deprived', 1.0 too) or 'Unknown' (also a blank)."""

    def parse(value):
        if value is None:
            return "Unknown"
        text = str(value).strip()
        if text.lower() == ALL.lower():
            return ALL
        if m := re.fullmatch(r"([1-5])(?:\.0+)?(?:\s*[-–:]?\s*[A-Za-z ]*)?", text):
            return m.group(1)
        return "Unknown" if text.lower() in ("unknown", "not known", "missing", "na", "n/a") else None

    values = _by_value(frame[header], parse)
    for value, rows in frame[values.isna()].groupby(frame[header].astype(str)).groups.items():
        problems.append(Problem(row=int(rows[0]), column=header, found=value, expected="a SIMD quintile: "
                                f"{ALL}, 1 to 5 or Unknown" + more_rows(rows), **where))  # fmt: skip
    return values


def _breakdowns(out: pd.DataFrame) -> list[str]:
    """The columns of the breakdowns that the reader adds up, as the table has them."""
    return [c for c in SUMMED if c in out.columns]


def _aggregates_or_parts(out, headers, where, problems, notes) -> pd.DataFrame:
    """Collapse each added-up breakdown (area treated, then SIMD quintile) to one row per partnership, locality, age
    group and month: PHS's aggregate row ('All') where the file has one, else the sum of the parts; never both. Where
    the file has both, the parts must add up to the aggregate (counts are whole numbers: within ``TOLERANCE``), or
    each aggregate row that differs is reported with the rows of its parts. The collapsed rows say ``All``; each
    keeps the row number of its aggregate (or of its first part) as its index. SIMD quintiles are always collapsed
    here, as their populations (implied by PHS's rates) add up; within and outwith the board share one."""
    for dim in _breakdowns(out) if len(out) else []:
        aggregate = out[dim] == ALL
        if not aggregate.any() and dim != SIMD:
            continue  # parts only: summed later, as before (their population is one: the residents')
        keys = ["given_as", "partnership_code", "locality", "age_group", "month",
                *(c for c in _breakdowns(out) if c != dim)]  # fmt: skip
        parts = out[~aggregate].assign(first_row=out.index[~aggregate])
        grouped = parts.groupby(keys, sort=False, dropna=False)
        summed = grouped[msg.MONTHLY_COUNTS].sum(min_count=1)
        # the quintiles' populations add up to the whole; within or outwith the board is one population
        summed["population"] = grouped["population"].sum(min_count=1) if dim == SIMD else grouped["population"].first()
        summed["first_row"] = grouped["first_row"].min()
        whole = out[aggregate].reset_index(names="first_row").set_index(keys)
        both = whole.index.intersection(summed.index)
        if len(both):
            given = whole.loc[both, msg.MONTHLY_COUNTS].astype(float)
            added = summed.loc[both, msg.MONTHLY_COUNTS].astype(float)
            wrong = ((given.fillna(0) - added.fillna(0)).abs() > TOLERANCE) | (given.isna() & added.notna()
                                                                                & (added != 0))  # fmt: skip
            _report_aggregates(whole.loc[both], given, added, wrong, parts, keys, dim, headers, where, problems)
            if problems:
                return out
            notes.append(f"used PHS's {int(len(whole))} '{ALL}' row(s) of {headers[dim]} and left out the "
                         f"{int(parts.set_index(keys).index.isin(both).sum())} row(s) of their parts, which add up to "
                         "them")  # fmt: skip
        elif len(whole):
            notes.append(f"used PHS's {int(len(whole))} '{ALL}' row(s) of {headers[dim]} (no parts beside them)")
        only_parts = summed[~summed.index.isin(whole.index)]
        pieces = [f.reset_index() for f in (whole, only_parts) if len(f)]
        collapsed = pd.concat(pieces, ignore_index=True)
        collapsed[dim] = ALL
        out = collapsed.set_index("first_row").rename_axis(None).reindex(columns=out.columns).sort_index()
    return out


def _report_aggregates(whole, given, added, wrong, parts, keys, dim, headers, where, problems) -> None:
    """One problem per aggregate row and count that its parts do not add up to, naming the parts' rows."""
    bad = wrong.any(axis=1)
    if not bad.any():
        return
    part_rows = parts.set_index(keys)["first_row"].sort_index()
    reported = 0
    for key in wrong.index[bad]:
        rows = part_rows.loc[[key]].tolist() if key in part_rows.index else []
        row = int(whole.at[key, "first_row"])
        for column in wrong.columns[wrong.loc[key]]:
            if reported < 20:
                problems.append(Problem(row=row, column=column, found=_whole(given.at[key, column]), expected=f"the "
                                        f"sum of its parts by {headers[dim]} on rows {', '.join(map(str, rows))} "
                                        f"({added.at[key, column]:,.0f}): PHS's '{ALL}' row must equal its parts",
                                        **where))  # fmt: skip
            reported += 1
    if reported > 20:
        problems.append(Problem(column=headers[dim], found=f"{reported - 20} more such cells", expected="'All' "
                                "rows equal to the sum of their parts", **where))  # fmt: skip


def _whole(value):
    """A count as written: 12 rather than 12.0."""
    return int(value) if value == value and float(value).is_integer() else value


def _localities(names: pd.Series, codes: pd.Series, where: dict, column: str, problems: list[Problem]) -> pd.Series:
    resolved = {}
    pairs = pd.DataFrame({"code": codes, "name": names.fillna("All")}).drop_duplicates()
    for code, name in pairs.itertuples(index=False):
        if name == "All" or not isinstance(code, str) or code == reference.SCOTLAND_CODE:
            resolved[(code, name)] = name
        elif name.lower() == OTHER_LOCALITIES.lower():
            resolved[(code, name)] = OTHER_LOCALITIES
        elif (found := reference.resolve_locality(reference.resolve_partnership(code), name)) is not None:
            resolved[(code, name)] = found.name
        else:
            rows = names.index[(codes == code) & (names == name)]
            known = ", ".join(loc.name for loc in reference.localities(code))
            problems.append(Problem(row=int(rows[0]), column=column, found=name, expected=f"'All', "
                                    f"'{OTHER_LOCALITIES}' or a locality of {reference.resolve_partnership(code).name} "
                                    f"({known})" + more_rows(rows), **where))  # fmt: skip
    return pd.Series([resolved.get((c, n)) for c, n in zip(codes, names.fillna("All"))], index=names.index)


def _without_duplicates(out, where, column, problems, notes) -> pd.DataFrame:
    key = ["given_as", "locality", "age_group", "area_treated", "month", *_breakdowns(out)[1:]]
    dup = out.duplicated(key, keep=False)
    if not dup.any():
        return out
    exact = out.duplicated(key + msg.MONTHLY_COUNTS, keep="first")
    for keys, group in out[dup].groupby(key, sort=False):
        if group[msg.MONTHLY_COUNTS].drop_duplicates().shape[0] > 1:
            rows = ", ".join(str(r) for r in group.index)
            problems.append(
                Problem(
                    row=int(group.index[1]),
                    column=column,
                    found=", ".join([*map(str, keys[:4]), f"{keys[4]:%B %Y}", *(f"SIMD {k}" for k in keys[5:])]),
                    expected=f"one row per partnership, locality, age group, area treated"
                    f"{', SIMD quintile' if len(keys) > 5 else ''} and month; rows {rows} give different counts",
                    **where,
                )
            )
    if exact.any():
        notes.append(f"dropped {int(exact.sum())} exact duplicate row(s) of {MONTHLY}")
    return out[~exact]


def _check_rolling(out: pd.DataFrame, checks: dict[str, str], where: dict, problems: list[Problem]) -> None:
    """Each R12 cell equals the sum of its count over the 12 months to its month (where all 12 are in the file)."""
    if not checks:
        return
    keys = ["given_as", "locality", "age_group", *_breakdowns(out)]
    ordered = out.sort_values([*keys, "month"])
    ordered["month"] = pd.to_datetime(ordered["month"])
    months = ordered["month"].dt.year * 12 + ordered["month"].dt.month
    span = months - months.groupby([ordered[k] for k in keys], sort=False).shift(11)
    groups = [ordered[k] for k in keys]
    position = ordered.groupby(groups, sort=False).cumcount()
    for count, header in checks.items():
        running = ordered[count].fillna(0).groupby(groups, sort=False).cumsum()
        total = (running - running.groupby(groups, sort=False).shift(12).fillna(0)).where(position >= 11)
        given = ordered[count + msg.ROLLING_SUFFIX]
        wrong = given.notna() & (span == 11) & ((given - total).abs() > TOLERANCE)
        for row in ordered.index[wrong][:20]:
            problems.append(Problem(row=int(row), column=header, found=_whole(given[row]), expected=f"the sum of "
                                    f"{count} over the 12 months to {ordered.at[row, 'month']:%B %Y} "
                                    f"({total[row]:,.0f})", **where))  # fmt: skip


def _check_rates(out: pd.DataFrame, rates: dict[str, str], where: dict, problems: list[Problem]) -> pd.Series:
    """PHS's rates per 1,000 all divide the row's counts by one population: the one implied by the row's largest
    count. A rate that does not is reported. Returns that population (NaN where no rate is given)."""
    if not rates:
        return pd.Series(np.nan, index=out.index)
    counts = pd.DataFrame({c: out[c] for c in rates})
    given = pd.DataFrame({c: out[f"rate {c}"] for c in rates})
    usable = (counts > 0) & (given > 0)
    has = usable.any(axis=1)
    largest = pd.Series(None, index=out.index, dtype=object)
    if has.any():
        largest[has] = counts[has].where(usable[has]).idxmax(axis=1)
    population = pd.Series(np.nan, index=out.index)
    for column in rates:
        rows = largest == column
        population[rows] = counts.loc[rows, column] * 1000 / given.loc[rows, column]
    for column, header in rates.items():
        expected = counts[column] * 1000 / population
        wrong = given[column].notna() & expected.notna() & (
            (given[column] - expected).abs() > np.maximum(0.01, 0.01 * expected))  # fmt: skip
        for row in out.index[wrong][:20]:
            problems.append(Problem(row=int(row), column=header, found=given.at[row, column], expected=f"{column} "
                                    f"per 1,000 of the population the row's other rates use ({expected[row]:,.2f})",
                                    **where))  # fmt: skip
    return population


def _clackmannanshire_and_stirling(out: pd.DataFrame, split: pd.Series, notes: list[str], rows: int) -> pd.DataFrame:
    """Clackmannanshire & Stirling given as its two councils is summed into the partnership; given both whole and
    split, the whole rows are used (PHS's files carry both). ``rows``: the file's rows of the two councils."""
    if not split.any():
        return out
    code = out.loc[split, "partnership_code"].iloc[0]
    whole = (out["partnership_code"] == code) & ~split
    if whole.any():
        notes.append(f"used Clackmannanshire & Stirling's own rows and left out the {rows} rows given "
                     "for Clackmannanshire and Stirling separately")  # fmt: skip
        return out[~split]
    notes.append("summed Clackmannanshire's and Stirling's rows into Clackmannanshire & Stirling")
    # the two councils' populations add up for the partnership's rate
    keys = ["partnership_code", "locality", "age_group", *_breakdowns(out), "month"]
    population = out[split].groupby(keys)["population"].sum(min_count=1)
    merged = out.copy()
    merged.loc[split, "population"] = [population.get(tuple(k)) for k in out.loc[split, keys].itertuples(index=False)]
    return merged


# ------------------------------------------------------------------------------------------------- MSG 5 and 6
YEAR = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})\s*(p?)$", re.IGNORECASE)


def _annual(frame: pd.DataFrame, where: dict, problems: list[Problem], notes: list[str]) -> pd.DataFrame:
    cols = _columns(frame)
    name = lambda header: cols[header.lower()]  # noqa: E731
    out = pd.DataFrame(index=frame.index)
    out["partnership_code"], split = _partnerships(frame[name("Partnership")], where, name("Partnership"), problems)
    years = frame[name("year")].map(lambda v: YEAR.match(str(v).strip()) if v is not None else None)
    for row in frame.index[years.isna()][:20]:
        problems.append(
            Problem(
                row=int(row),
                column=name("year"),
                found=frame.at[row, name("year")],
                expected="a financial year such as 2023/24, or 2024/25p when provisional",
                **where,
            )
        )
    out["year_start"] = years.map(lambda m: int(m.group(1)) if m else None)
    out["provisional"] = years.map(lambda m: bool(m and m.group(3)))
    out["year_label"] = out["year_start"].map(lambda y: f"{int(y)}/{(int(y) + 1) % 100:02d}" if y == y else None)
    out["indicator"] = frame[name("Indicator")].map(
        lambda v: str(int(to_number(v))) if to_number(v) in (5, 6) else None
    )
    for row in frame.index[out["indicator"].isna()][:20]:
        problems.append(Problem(row=int(row), column=name("Indicator"), found=frame.at[row, name("Indicator")],
                                expected="5 (last six months of life) or 6 (balance of care)", **where))  # fmt: skip
    out["value"] = np.nan
    out["age_group"] = frame[name("Age_Groups")].map(lambda v: " ".join(str(v).split()) if v is not None else None)
    percent = "a percentage from 0 to 100 (or blank)"
    for code, settings in (("5", msg.END_OF_LIFE_SETTINGS), ("6", msg.BALANCE_OF_CARE_SETTINGS)):
        rows = out["indicator"] == code
        if not rows.any():
            continue
        missing = [s for s in settings if s.lower() not in cols]
        for setting in missing:
            problems.append(Problem(row=int(frame.index[0]) - 1, column=setting, expected=f"a '{setting}' column "
                                    f"(indicator {code}'s settings)", **where))  # fmt: skip
        if missing:
            continue
        measure = msg.msg_indicator(code)
        values = {s: _numbers(frame.loc[rows], name(s), where, problems, what=percent, high=100.0) for s in settings}
        out.loc[rows, "value"] = sum(values[s] for s in measure.settings)
        total = sum(v.fillna(0) for v in values.values())
        over = total > 100.5
        for row in total.index[over][:20]:
            found = f"settings adding to {total[row]:.1f}%"
            problems.append(Problem(row=int(row), column=name(settings[0]), found=found,
                                    expected="percentages of one whole, adding to 100% at most", **where))  # fmt: skip
    if problems:
        return _empty_annual()
    whole = out.loc[~split, "partnership_code"]
    for row in out.index[split & ~out["partnership_code"].isin(whole)][:1]:
        problems.append(Problem(row=int(row), column=name("Partnership"), found=frame.at[row, name("Partnership")],
                                expected="Clackmannanshire & Stirling's own rows: the two councils' percentages "
                                "cannot be added into the partnership's", **where))  # fmt: skip
    out = out[~split]
    key = ["partnership_code", "indicator", "age_group", "year_start"]
    dup = out.duplicated(key, keep=False)
    for _, group in out[dup].groupby(key, sort=False):
        if group["value"].nunique(dropna=False) > 1:
            problems.append(Problem(row=int(group.index[1]), column=name("year"), found=group["year_label"].iloc[0],
                                    expected=f"one row per partnership, indicator, age group and year; rows "
                                    f"{', '.join(map(str, group.index))} differ", **where))  # fmt: skip
    out = out[~out.duplicated(key, keep="first")]
    return out.reset_index(names="source_row")[["source_row", *_empty_annual().columns[1:]]]


def _empty_annual() -> pd.DataFrame:
    return pd.DataFrame(columns=["source_row", "partnership_code", "indicator", "age_group", "year_start",
                                 "year_label", "provisional", "value"])  # fmt: skip


# ------------------------------------------------------------------------------------------------- completeness
def _boards() -> dict[str, str]:
    boards = {p.health_board: p.health_board for p in reference.partnerships()}
    return {_fold_board(b): b for b in boards} | {"scotland": "Scotland"}


def _fold_board(name: str) -> str:
    return reference.normalise_name(re.sub(r"^\s*nhs\s+", "", str(name), flags=re.IGNORECASE))


def _completeness(frame: pd.DataFrame, where: dict, problems: list[Problem], notes: list[str]) -> pd.DataFrame:
    cols = _columns(frame)
    board_header = next((cols[h] for h in BOARD_HEADERS if h in cols), None)
    sources = {s: cols[s.lower()] for s in msg.COMPLETENESS_SOURCES if s.lower() in cols}
    if board_header is None or not sources:
        problems.append(Problem(row=int(frame.index[0]) - 1 if len(frame) else 1, column="NHS Board" if board_header
                                is None else "SMR01", expected="the columns NHS Board, Month and at least one of "
                                + ", ".join(msg.COMPLETENESS_SOURCES), **where))  # fmt: skip
        return _empty_completeness()
    boards = _boards()
    board = frame[board_header].map(lambda v: boards.get(_fold_board(v)) if v is not None else None)
    for value, rows in frame[board.isna()].groupby(frame[board_header].astype(str)).groups.items():
        problems.append(Problem(row=int(rows[0]), column=board_header, found=value, expected="one of the 14 NHS boards "
                                "(e.g. NHS Highland) or Scotland" + more_rows(rows), **where))  # fmt: skip
    month_header = cols["month"]
    months = _by_value(frame[month_header], _month)
    for row in frame.index[months.isna()][:20]:
        problems.append(Problem(row=int(row), column=month_header, found=frame.at[row, month_header],
                                expected="a month, such as Jan 2024 or 2024-01-01", **where))  # fmt: skip
    long = []
    values = {s: _numbers(frame, h, where, problems, what="a completeness percentage from 0 to 100 (or blank)",
                          high=100.0) for s, h in sources.items()}  # fmt: skip
    if problems:
        return _empty_completeness()
    fractions = all(v.dropna().le(1.0).all() for v in values.values()) and any(v.notna().any() for v in values.values())
    if fractions:
        notes.append(f"{COMPLETENESS}: read the completeness as fractions of 1 (every value is at most 1)")
    for source, value in values.items():
        long.append(pd.DataFrame({"source_row": frame.index, "board": board, "source": source, "month": months,
                                  "percent": value * (100 if fractions else 1)}))  # fmt: skip
    table = pd.concat(long).dropna(subset=["percent"])
    return table.sort_values(["board", "source", "month"]).reset_index(drop=True)


def _empty_completeness() -> pd.DataFrame:
    return pd.DataFrame(columns=["source_row", "board", "source", "month", "percent"])
