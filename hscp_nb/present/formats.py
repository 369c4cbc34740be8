"""House formats, in one place, for every output: indicator values by unit, money, percentages, counts, dates and
plurals (PUBLISHING.md: one house format per kind).

- Indicator values: percentages to one decimal ('62.4%'); rates per 1,000 to one decimal and rates per 100,000 to
  whole numbers, both with thousands separators, so that one indicator always shows the same precision.
- Money in £m to two decimals (£k to one decimal for a set of amounts all under £1m); never '−£0.00m'. A table
  shows all its amounts in one unit, declared in each money column's heading ('Actual (£m)', :func:`money_heading`),
  the cells holding the number alone (:func:`amount`).
- Dates as '15 June 2025'. Counts with thousands separators. '1 significant decision', '2 significant decisions'.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from hscp_nb.document.blocks import Claim
from hscp_nb.domain.names import in_sentence  # noqa: F401  (the house formats' name for it)

MINUS = "−"  # a true minus sign, which a screen reader reads as minus


class Printed(str):
    """A number as the report prints it, carrying what the figure ledger needs: the unrounded ``value``, its
    ``unit`` and, once a view declares them with :meth:`of`, what the figure is (``figure`` in words, indicator
    ``code``, ``measure``), where and when (``area``, ``period``), where it came from (``source``) and the verdict
    that goes with it. It reads, compares and formats as its text; f-strings give plain text, so a sentence declares
    the numbers it prints with :func:`said`."""

    FIELDS = ("figure", "code", "measure", "area", "period", "source", "verdict")

    def __new__(cls, text: str, value, unit: str = "", **identity):
        printed = super().__new__(cls, text)
        printed.value = None if is_missing(value) else float(value)
        printed.unit = unit
        for name in cls.FIELDS:
            setattr(printed, name, identity.pop(name, ""))
        if identity:
            raise TypeError(f"Printed: unknown fields {sorted(identity)}")
        return printed

    def of(self, **identity) -> Printed:
        """The same printed number with what it is declared (fields not given are kept)."""
        kept = {name: getattr(self, name) for name in self.FIELDS}
        return Printed(str(self), self.value, identity.pop("unit", self.unit), **{**kept, **identity})

    def marked(self, mark: str) -> Printed:
        """The same number with a mark after it ('2,345 (cal)', '12.4% [r]')."""
        return Printed(str(self) + mark, self.value, self.unit, **{name: getattr(self, name) for name in self.FIELDS})

    def __reduce__(self):  # pickled (a parse cache, a worker pipe) with its declaration
        return (_printed, (str(self), self.value, self.unit, {n: getattr(self, n) for n in self.FIELDS}))


def _printed(text, value, unit, identity):
    return Printed(text, value, unit, **identity)


class Said(str):
    """A sentence with the numbers it prints declared (``values``: :class:`Printed`) and the verdicts it states
    (``claims``: :class:`~hscp_nb.document.blocks.Claim`, see :mod:`hscp_nb.present.claims`)."""

    def __new__(cls, text: str, values=()):
        sentence = super().__new__(cls, text)
        sentence.values = tuple(v for v in values if isinstance(v, Printed))
        sentence.claims = tuple(v for v in values if isinstance(v, Claim))
        return sentence

    def _declared(self, other) -> tuple:
        return (*self.values, *self.claims, *getattr(other, "values", ()), *getattr(other, "claims", ()))

    def __add__(self, other):  # "Context: " + sentence keeps what the sentence declares
        return Said(str(self) + str(other), self._declared(other))

    def __radd__(self, other):
        return Said(str(other) + str(self), self._declared(other))


def said(text: str, *values) -> Said:
    """``text`` with the printed numbers it holds and the claims it states: ``said(f"spent {total}", total)``."""
    return Said(text, values)


def possessive(name: str) -> str:
    """ "Highland's", "Orkney Islands'" (a name ending in s takes the apostrophe alone)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def listed(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def money_unit(values) -> tuple[float, str]:
    """(divisor, suffix) to show a set of amounts in one unit: £m when any is a million or more, else £k."""
    biggest = max((abs(v) for v in values if not is_missing(v)), default=0)
    return (1e6, "m") if biggest >= 1e6 else (1e3, "k")


def _signed(number: float, text: str, signed: bool) -> str:
    """Prefix a formatted magnitude with its sign, unless it rounds to zero (never '−£0.00m')."""
    if number == 0:
        return text
    if number < 0:
        return MINUS + text
    return ("+" + text) if signed else text


def money(value, unit: tuple[float, str] | None = None, signed: bool = False) -> str:
    """'£12.35m' / '£845.2k' ('−£1.20m' when negative, '+£1.20m' with ``signed``)."""
    if is_missing(value):
        return "–"
    divisor, suffix = unit or money_unit([value])
    decimals = 2 if suffix == "m" else 1
    magnitude = round(abs(value) / divisor, decimals)
    return Printed(_signed(value if magnitude else 0, f"£{magnitude:,.{decimals}f}{suffix}", signed), value, "£")


def money_heading(heading: str, unit: tuple[float, str]) -> str:
    """A money column's heading with the unit its cells are in: 'Actual (£m)'."""
    return f"{heading} (£{unit[1]})"


def amount(value, unit: tuple[float, str], signed: bool = False) -> str:
    """An amount in a column whose heading declares ``unit`` (:func:`money_heading`): '608.19', '−1.20', '+0.35'."""
    if is_missing(value):
        return "–"
    text = money(value, unit, signed)
    return Printed(text.replace("£", "", 1).removesuffix(unit[1]), value, "£")


def table_unit(*columns) -> tuple[float, str]:
    """The one unit of a table's amounts, whichever columns they sit in (:func:`money_unit` of them all)."""
    return money_unit([v for column in columns for v in column])


def money_column(values, heading: str, unit: tuple[float, str], signed: bool = False) -> dict:
    """A money column of a table, ``{heading with its unit: cells}``: 'Actual (£m)' over '608.19', '12.40'. The
    ledger knows each cell by ``heading`` (its measure), as it did when the cells carried the unit."""

    def shown(value):
        printed = amount(value, unit, signed)
        return printed.of(measure=heading) if isinstance(printed, Printed) else printed

    return {money_heading(heading, unit): values.map(shown)}


def percent(value, signed: bool = False) -> str:
    if is_missing(value):
        return "–"
    magnitude = round(abs(value), 1)
    return Printed(_signed(value if magnitude else 0, f"{magnitude:.1f}%", signed), value, "%")


def number(value, decimals: int | None = None) -> str:
    """A count or measure: whole numbers without decimals, others to ``decimals`` (1 by default)."""
    if is_missing(value):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    magnitude = round(abs(value), decimals)
    return Printed(_signed(value if magnitude else 0, f"{magnitude:,.{decimals}f}", False), value)


def indicator_decimals(unit: str) -> int:
    """How many decimals an indicator's values show, by its unit (the same for every value of the indicator)."""
    if unit == "percentage" or "1,000" in unit and "100,000" not in unit:
        return 1
    if "100,000" in unit:
        return 1 if "EASR" in unit else 0
    return 0 if "GBP" in unit or "£" in unit else 1


def indicator_value(value, unit: str) -> str:
    """An indicator value in its own unit, e.g. '62.4%', '11,604', '843.1'."""
    if is_missing(value):
        return "–"
    decimals = indicator_decimals(unit)
    text = number(value, decimals)
    return Printed(text + "%" if unit == "percentage" else text, value, unit)


def rank(position, ranked, in_words: bool = False) -> str:
    """'3 of 31' (1 = best; '3rd of 31' ``in_words``), or a dash when unranked."""
    if is_missing(position):
        return "–"
    place = ordinal(int(position)) if in_words else f"{int(position)}"
    return Printed(f"{place} of {int(ranked)}", position, "rank", measure="rank")


def count(value, noun: str = "", plural_form: str | None = None) -> Printed:
    """A count as printed ('19', or '19 indicators' with a noun)."""
    text = plural(int(value), noun, plural_form) if noun else f"{int(value):,}"
    return Printed(text, value, "count")


def date(value) -> str:
    """'15 June 2025' from a date, a datetime or an ISO date text."""
    if is_missing(value):
        return "–"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return f"{value.day} {value:%B %Y}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 indicator', '3 indicators' ('1 significant decision')."""
    return f"{count:,} {noun if count == 1 else (plural_form or noun + 's')}"


def cell(value) -> str:
    """A table cell that no view formatted itself: a dash when missing, Yes/No, dates as dates, numbers by
    :func:`number`, anything else as its text."""
    if is_missing(value):
        return "–"
    if pd.api.types.is_bool(value):  # numpy's bool too
        return "Yes" if value else "No"
    if isinstance(value, dt.date | pd.Timestamp):
        return date(value)
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            return number(float(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of a table as text in the house formats (cells that are already text are kept)."""
    return frame.astype(object).map(lambda v: v if isinstance(v, str) else cell(v))
