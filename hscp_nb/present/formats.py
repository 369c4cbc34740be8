"""Number formatting for readers: thousands separators, £m/£k chosen once per table, percentages to one decimal."""

from __future__ import annotations

import math

import pandas as pd


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def money_unit(values) -> tuple[float, str]:
    """(divisor, suffix) to show a set of amounts in one unit: £m when any is a million or more, else £k."""
    biggest = max((abs(v) for v in values if not is_missing(v)), default=0)
    return (1e6, "m") if biggest >= 1e6 else (1e3, "k")


def money(value, unit: tuple[float, str] | None = None, signed: bool = False) -> str:
    """'£12.35m' / '£845.2k' ('−£1.20m' when negative)."""
    if is_missing(value):
        return "–"
    divisor, suffix = unit or money_unit([value])
    decimals = 2 if suffix == "m" else 1
    text = f"£{abs(value) / divisor:,.{decimals}f}{suffix}"
    if value < 0:
        return "−" + text
    return ("+" + text) if signed and value > 0 else text


def percent(value, signed: bool = False) -> str:
    if is_missing(value):
        return "–"
    text = f"{abs(value):.1f}%"
    return ("−" if value < 0 else "+" if signed and value > 0 else "") + text


def number(value, decimals: int = 0) -> str:
    if is_missing(value):
        return "–"
    return f"{value:,.{decimals}f}"


def indicator_value(value, unit: str) -> str:
    """An indicator value in its own unit: percentages to 1 dp, large rates to whole numbers, others to 1 dp."""
    if is_missing(value):
        return "–"
    if unit == "percentage":
        return f"{value:.1f}%"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 indicator', '3 indicators' ('1 significant decision')."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"
