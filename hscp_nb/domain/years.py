"""Year rules: reporting years, the statutory window, survey waves and the calendar-year proxy.

A reporting year is named by the calendar year it starts in (``2021`` = 2021/22 = 1 April 2021 – 31 March 2022).
Every other module asks this one; none does year arithmetic of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hscp_nb.domain.errors import InputError, Problem

FIRST_REPORTING_YEAR = 2016  # 2016/17: the first full year of integration (SSI 2014/326 reg 3(a)(iii))
PRECEDING_YEARS = 5
FIRST_SURVEY_WAVE = 2013  # HACE waves are biennial and start in odd years: 2013/14, 2015/16, …
SURVEY_BREAK_WAVE = 2023  # question wording changed for NI-2, 3, 4, 5, 7, 9 in 2023/24


@dataclass(frozen=True, order=True)
class ReportingYear:
    """A financial (reporting) year, 1 April – 31 March, named by its starting calendar year."""

    start: int

    @property
    def label(self) -> str:
        """'2021/22', the form PHS and partnerships print."""
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        """'2021-22', for folder names."""
        return f"{self.start}-{(self.start + 1) % 100:02d}"

    @property
    def phs_code(self) -> str:
        """'2122', the PHS internal form."""
        return f"{self.start % 100:02d}{(self.start + 1) % 100:02d}"

    @property
    def start_date(self) -> date:
        return date(self.start, 4, 1)

    @property
    def end_date(self) -> date:
        return date(self.start + 1, 3, 31)

    @property
    def publication_deadline(self) -> date:
        """31 July after the year ends: four months, Act s42."""
        return date(self.start + 1, 7, 31)

    def window(self) -> list[ReportingYear]:
        """The statutory window: this year and the 5 preceding, never before 2016/17, oldest first."""
        first = max(FIRST_REPORTING_YEAR, self.start - PRECEDING_YEARS)
        return [ReportingYear(y) for y in range(first, self.start + 1)]

    def survey_wave(self) -> ReportingYear:
        """The latest biennial HACE survey wave that is not after this reporting year."""
        return ReportingYear(self.start if (self.start - FIRST_SURVEY_WAVE) % 2 == 0 else self.start - 1)

    def survey_waves(self) -> list[ReportingYear]:
        """The survey waves that fall in the statutory window, plus the one in force at its start."""
        first = self.window()[0].survey_wave().start
        return [ReportingYear(y) for y in range(first, self.survey_wave().start + 1, 2)]

    def calendar_proxy(self) -> int:
        """The calendar year PHS advises in place of this financial year when it is incomplete (2023/24 → 2023)."""
        return self.start

    def __str__(self) -> str:
        return self.label


_LABEL = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$", re.IGNORECASE)


def parse_year(value: object, *, file: str = "parameters", **where) -> ReportingYear:
    """A reporting year from 2021, '2021', '2021/22', '2021-22', '2122' or a ReportingYear.

    Four digits read as a calendar start year when they can be one (1990–2099), else as a PHS code: so '2122' is
    2021/22 but '2021' is 2021/22 too, never the PHS code of 2020/21 (write '2020/21' for that year).
    """
    if isinstance(value, ReportingYear):
        return value
    text = str(value).strip()
    start: int | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        start = int(value)
    elif re.fullmatch(r"\d{4}", text):
        number = int(text)
        if 1990 <= number <= 2099:
            start = number
        else:  # PHS '2122'
            first, second = number // 100, number % 100
            if (first + 1) % 100 == second:
                start = 2000 + first
    elif match := _LABEL.match(text):
        first, second = int(match.group(1)), int(match.group(2))
        if second % 100 == (first + 1) % 100:
            start = first
    if start is None or not 1990 <= start <= 2099:
        raise InputError(
            Problem(file=file, found=value, expected="a reporting year such as 2021, '2021/22' or '2122'", **where)
        )
    return ReportingYear(start)


def year_label_basis(label: str) -> tuple[int, str]:
    """(start year, basis) of a PHS 'Year' string: '2022/23' → (2022, 'financial'), '2022' → (2022, 'calendar')."""
    text = str(label).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text), "calendar"
    return parse_year(text).start, "financial"


_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|to|\.\.)\s*(\d{4})$", re.IGNORECASE)


def parse_years(
    value: object, latest: int, *, latest_in: str = "", file: str = "parameters", column: str = "year"
) -> list[ReportingYear]:
    """The reporting years a run asks for, oldest first: ``all`` (2016/17 to ``latest``), a range of start years
    (``2019-2025``, both ends included), a single year in any form :func:`parse_year` reads, or several of these
    separated by commas. A reversed range, or a year before 2016/17 or after ``latest`` (the latest financial year
    of the file named ``latest_in``), is one InputError naming the years that can be built. (A single year may also
    be written ``2021-22``; ``2021-2022`` is the range of two.)"""
    first, last = ReportingYear(FIRST_REPORTING_YEAR), ReportingYear(latest)
    allowed = (
        f"a reporting year from {first.label} to {last.label}"
        + (f", the latest financial year in {latest_in}" if latest_in else "")
        + f" (statutory reports began in {first.label}); a range such as {first.start}-{last.start}; or 'all'"
    )
    starts: set[int] = set()
    for item in [part.strip() for part in str(value).split(",")]:
        if item.lower() == "all":
            starts.update(range(first.start, last.start + 1))
            continue
        span = _RANGE.match(item)
        if span:
            low, high = int(span.group(1)), int(span.group(2))
            if high < low:
                raise InputError(Problem(file=file, column=column, found=item, expected=f"a range from the earlier "
                                         f"year to the later, such as {high}-{low}"))  # fmt: skip
        else:
            low = high = parse_year(item, file=file, column=column).start
            item = ReportingYear(low).label
        if low < first.start or high > last.start:
            raise InputError(Problem(file=file, column=column, found=item, expected=allowed))
        starts.update(range(low, high + 1))
    if not starts:
        raise InputError(Problem(file=file, column=column, found=value, expected=allowed))
    return [ReportingYear(start) for start in sorted(starts)]
