"""Write PHS Core Suite workbooks in the published layout (for reader and end-to-end tests)."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from hscp_nb.domain import reference

# The Data sheet's columns as PHS publishes them (shared/spec/FORMATS.md §1), written out here rather than taken from
# the reader, so that a reader whose own list drifted from the published one fails these tests.
HEADER = ["Lookup", "Year", "Time Period", "Partnership", "Indicator", "Estimate", "Numerator", "Denominator", "Rate",
          "Ind no.", "LowerCI", "UpperCI"]  # fmt: skip
NAMES = {p.code: p.name for p in reference.partnerships()} | {reference.SCOTLAND_CODE: "Scotland"}
KEY = ["partnership_code", "locality", "indicator", "year_label", "period_basis", "time_period"]


def published_rows(table: pd.DataFrame, *, years_as_numbers: bool = False) -> list[list]:
    """The tidy table back in PHS's layout: 'NI12', Lookup concatenated, Ind no., Estimate Yes/No."""
    rows = []
    for r in table.itertuples():
        number = int(r.indicator.split("-")[1])
        year = int(r.year_label) if years_as_numbers and r.period_basis == "calendar" else r.year_label
        estimate = "Yes" if r.estimate else "No"
        name = NAMES[r.partnership_code]
        lookup = f"{r.year_label}{r.time_period}NI{number}{name}{estimate}"
        rows.append([lookup, year, r.time_period, name, f"NI{number}", estimate, _blank(r.numerator),
                     _blank(r.denominator), r.value, number, _blank(r.lower_ci), _blank(r.upper_ci)])  # fmt: skip
    return rows


def _blank(value):
    return None if pd.isna(value) else value


def write(path, rows, *, sheet="Data", titles=()):
    wb = Workbook(write_only=True)
    notes = wb.create_sheet("Notes")
    notes.append(["Core Suite of Integration Indicators: management information"])
    ws = wb.create_sheet(sheet)
    for line in titles:
        ws.append([line])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
