"""The figure ledger's rows, made where blocks are made: every :class:`~hscp_nb.present.formats.Printed` number a
table cell, a chart, a key figure or a sentence shows becomes a :class:`~hscp_nb.document.blocks.Value` of its block.

What a figure is comes from its view's declaration (``Printed.of``); what a view left unsaid comes from where the
number sits: a table cell is its row's figure under its column's heading, for the partnership and reporting year
unless the column names another area (Scotland, the peer group) or a period. The identifier is built from what the
figure is, never from where it is printed, so that the table of latest values, the annex and a sentence printing NI-12's
2024/25 value share one row, and the next edition's row for it has the same identifier.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from hscp_nb.document.blocks import Value
from hscp_nb.document.values import unmarked
from hscp_nb.present.formats import Printed

YEAR_LABEL = re.compile(r"^\d{4}(/\d{2})?$")
OTHER_AREAS = {"Scotland": "Scotland", "Scotland (latest)": "Scotland", "Peer group": "Peer group"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower().replace("%", " pct ")).strip("-")


def identifier(section: str, what: str, measure: str, area: str, period: str) -> str:
    """``indicators/ni-12/value/highland/2024-25``: the same in every edition and year for the same figure."""
    return "/".join(slug(part) or "-" for part in (section, what, measure, area, period))


def value(printed: Printed, *, section: str, area: str, period: str, figure: str = "", measure: str = "",
          source: str = "", table: str = "") -> Value:  # fmt: skip
    """A printed number as a ledger row; the declaration on ``printed`` wins over the defaults given here. A number
    no view declared is known by the ``table`` it sits in, its row and its column."""
    declared = bool(printed.figure)
    figure = printed.figure or figure
    code = printed.code
    measure = printed.measure or ("value" if declared else measure) or "value"
    area = printed.area or area
    period = str(printed.period or period)
    return Value(
        id=identifier(
            section, code or (figure if declared or not table else f"{table} {figure}"), measure, area, period
        ),  # fmt: skip
        section=section,
        figure=figure if measure == "value" or measure in figure else f"{figure}: {measure}",
        code=code,
        area=area,
        period=period,
        value=printed.value,
        printed=unmarked(str(printed)),
        unit=printed.unit,
        source=printed.source or source,
        verdict=printed.verdict,
    )


def table_values(frame: pd.DataFrame, *, table: str, section: str, area: str, period: str,
                 source: str) -> tuple[Value, ...]:  # fmt: skip
    """The ledger rows of a table of formatted cells: every Printed cell, under its row's first cell and its
    column's heading (a column headed by a year or by Scotland or the peer group names the period or the area)."""
    out = []
    columns = [str(c) for c in frame.columns]
    for r, row in enumerate(frame.astype(object).itertuples(index=False)):
        label = str(row[0])
        for c, (column, cell) in enumerate(zip(columns[1:], row[1:]), start=1):
            if not isinstance(cell, Printed):
                continue
            out.append(
                dataclasses.replace(
                    value(
                        cell,
                        section=section,
                        figure=label,
                        measure=column if not YEAR_LABEL.match(column) and column not in OTHER_AREAS else "value",
                        area=OTHER_AREAS.get(column, area),
                        period=column if YEAR_LABEL.match(column) else period,
                        source=source,
                        table=table,
                    ),
                    cell=(r, c),
                )
            )
    return tuple(out)


def text_values(items, *, section: str, area: str, period: str, source: str) -> tuple[Value, ...]:
    """The ledger rows a sentence or list declares (:class:`~hscp_nb.present.formats.Said`)."""
    out = []
    for item in items:
        for printed in getattr(item, "values", ()):
            if not printed.figure:
                raise ValueError(f"the number {printed!r} in {item!r} is printed without saying what figure it is")
            out.append(value(printed, section=section, figure=printed.figure, area=area, period=period, source=source))
    return tuple(out)


def quoted_values(frame: pd.DataFrame, columns, rows, *, section: str, area: str, period: str,
                  source: str) -> tuple[Value, ...]:  # fmt: skip
    """Ledger rows for the partnership's own words that hold numbers (a locality's engagement, a decision's
    reason): the text as quoted, traced to the returns row it came from (``rows``: the returns' row numbers, or
    None)."""
    out = []
    for i, record in enumerate(frame.astype(object).to_dict("records")):
        for column in columns:
            text = record.get(column)
            if not isinstance(text, str) or not any(ch.isdigit() for ch in text):
                continue
            row = f", row {rows[i]}" if rows is not None else ""
            out.append(
                Value(
                    id=identifier(section, f"{record[frame.columns[0]]} {column}", "text", area, period),
                    section=section,
                    figure=f"{column}: the partnership's own words",
                    code="",
                    area=area,
                    period=period,
                    value=None,
                    printed=text,
                    unit="text",
                    source=source + row,
                )
            )
    return tuple(out)


def quoted_text(text: str, *, section: str, figure: str, key: str, area: str, period: str, source: str) -> Value:
    """A ledger row quoting the partnership's own words that hold numbers (a paragraph of its own Markdown section):
    the text as written, traced to ``source`` (its file and line); ``key`` tells it from the section's others."""
    return Value(id=identifier(section, f"{key} own words", "text", area, period), section=section, figure=figure,
                 code="", area=area, period=period, value=None, printed=text, unit="text", source=source)  # fmt: skip
