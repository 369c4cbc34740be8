"""Charts in a partnership's brand: the series take the brand's colours in its fixed order, the marks reach 3:1 and
the labels 4.5:1 on white, and the toolkit's own charts are untouched without a brand."""

import io
import re
from pathlib import Path

import pandas as pd

from hscp_nb.domain.colour import contrast
from hscp_nb.inputs.brand import read_brand
from hscp_nb.present import charts

LOCAL = Path(__file__).resolve().parents[2] / "data" / "sample" / "local"


def _svg(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    charts.plt.close(fig)
    return buffer.getvalue().decode()


def _three_lines() -> str:
    table = pd.DataFrame(
        [(y, s, v + i) for i, s in enumerate(["North", "South", "East"]) for y, v in (("2023", 10), ("2024", 12))],
        columns=["year", "area", "value"],
    )
    return _svg(charts.grouped_lines(table, x="year", series="area", value="value", title="Three areas",
                                     ylabel="%", source="Source: test."))  # fmt: skip


def _line_colours(svg: str) -> list[str]:
    """The stroke colour of each data line, in drawing order (matplotlib's line2d groups)."""
    found = []
    for group in re.findall(r'<g id="line2d_\d+">(.*?)</g>', svg, re.S):
        match = re.search(r"stroke: (#[0-9a-f]{6})", group)
        if match and match.group(1) not in {"#000000", "#e1e1e1", "#6b6b6b", "#ffffff"} and match.group(1) not in found:
            found.append(match.group(1))
    return found


def test_series_take_the_brand_palette_in_its_order():
    svg = _three_lines()
    assert _line_colours(svg) == [c.lower() for c in charts.PALETTE[:3]]
    for slug in ("orkney-islands", "glasgow-city"):
        brand = read_brand(LOCAL / slug)
        branded = charts.branded_svg(svg, brand)
        assert _line_colours(branded) == [c.lower() for c in brand.series[:3]]
        for colour in _line_colours(branded):
            assert contrast(colour, "#FFFFFF") >= 3.0
        for colour in re.findall(r"<text[^>]*fill: (#[0-9a-f]{6})", branded):
            assert contrast(colour, "#FFFFFF") >= 4.5, colour


def test_glasgow_gold_is_drawn_darkened():
    brand = read_brand(LOCAL / "glasgow-city")
    branded = charts.branded_svg(_three_lines(), brand)
    assert "#f9b233" not in branded.lower()
    assert _line_colours(branded)[0] == "#c08927"
    assert "fill: #9a6e20" in branded  # the first series' end label, in the 4.5:1 shade


def test_recolouring_twice_changes_nothing():
    brand = read_brand(LOCAL / "glasgow-city")
    once = charts.branded_svg(_three_lines(), brand)
    assert charts.branded_svg(once, brand) == once
    assert once.rstrip().endswith(f"{brand.digest[:12]} -->")


def test_series_are_told_apart_without_colour():
    """What the QA page says of close brand colours: each series of a multi-series chart has its own marker and line
    style too (the trend chart's partnership, peer group and Scotland; grouped lines)."""
    table = pd.DataFrame(
        [(y, s, v + i) for i, s in enumerate("ABCD") for y, v in (("2023", 10), ("2024", 12))],
        columns=["year", "area", "value"],
    )
    fig = charts.grouped_lines(table, x="year", series="area", value="value", title="t", ylabel="%", source="s")
    lines = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) == 2]
    assert len(lines) == 4
    assert len({line.get_marker() for line in lines}) == 4 and len({str(line.get_linestyle()) for line in lines}) > 1
    charts.plt.close(fig)
    styles = {role: (marker, dash) for role, (_, marker, dash) in charts.SERIES_STYLE.items()}
    assert len(set(styles.values())) == len(styles)
