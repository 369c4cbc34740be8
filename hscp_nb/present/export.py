"""Files a section writes beside its report: each chart as SVG, the CSV of exactly the plotted data and its alt text;
each table as CSV. The report embeds the vector chart, so its charts are drawn once, as SVG; only a product that
puts charts into Word (the benchmarking pack's board paper) asks for a PNG as well."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from hscp_nb.document.values import safe_for_spreadsheets  # the formula rule, shared with the workbooks


def export_figure(fig, folder: Path, name: str, *, alt: str, data: pd.DataFrame, png: bool = False) -> bytes:
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
    safe_for_spreadsheets(data).to_csv(folder / f"{name}.csv", index=False)
    (folder / f"{name}.alt.txt").write_text(alt + "\n", encoding="utf-8")
    return svg.getvalue()


def export_table(data: pd.DataFrame, folder: Path, name: str) -> None:
    """Write a table's unformatted data as ``name``.csv (free text that a spreadsheet would run as a formula is
    neutralised)."""
    folder.mkdir(parents=True, exist_ok=True)
    safe_for_spreadsheets(data).to_csv(folder / f"{name}.csv", index=False)
