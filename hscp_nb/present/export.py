"""Files a section writes beside its report: each chart as SVG, the CSV of exactly the plotted data and its alt text;
each table as CSV. The report embeds the vector chart, so its charts are drawn once, as SVG; only a product that
puts charts into Word (the benchmarking pack's board paper) asks for a PNG as well. Every number is written without
binary noise (:func:`hscp_nb.document.values.plain_number`)."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd

from hscp_nb.document.values import plain_number, safe_for_spreadsheets  # the formula rule, shared with the workbooks

# The folder of a report these files go to. Its name is the published layout's (README): it holds the figures behind
# every table and chart as CSV (tables' CSVs too, so not "charts"), with each chart's SVG and alt text.
FIGURES_FOLDER = "figures"


def export_chart(fig, folder: Path, name: str, *, alt: str, data: pd.DataFrame, png: bool = False) -> bytes:
    """Write ``name``.svg, .csv and .alt.txt (and a 300-dpi .png for a product that needs a picture, such as a Word
    file); close the figure; return the SVG."""
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    (folder / f"{name}.svg").write_bytes(svg.getvalue())
    if png:
        from hscp_nb.present.charts import png_bytes

        (folder / f"{name}.png").write_bytes(png_bytes(fig, dpi=300))
    plt.close(fig)
    write_csv(data, folder / f"{name}.csv")
    (folder / f"{name}.alt.txt").write_text(alt + "\n", encoding="utf-8")
    return svg.getvalue()


def export_table(data: pd.DataFrame, folder: Path, name: str) -> None:
    """Write a table's unformatted data as ``name``.csv (free text that a spreadsheet would run as a formula is
    neutralised)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(data, folder / f"{name}.csv")


def write_csv(data: pd.DataFrame, path: Path) -> None:
    """``data`` as CSV: text that would run as a formula neutralised, numbers without binary noise (a float in a
    column of mixed values too)."""
    frame = safe_for_spreadsheets(data)
    for column in [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c])]:
        frame[column] = frame[column].map(_plain)
    frame.to_csv(path, index=False, float_format=plain_number)


def _plain(value):
    return plain_number(value) if isinstance(value, float) and math.isfinite(value) else value
