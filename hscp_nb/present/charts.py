"""hscp_nb's chart style and chart builders: accessible palette, markers and direct labels, headline titles.

Colour is never the only cue: every series has its own marker and line style and is labelled at its end. Builders
take the exact table they plot and return a matplotlib Figure; they never read files or compute statistics.
"""

from __future__ import annotations

import re
import struct
import textwrap
import zlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.backends.backend_svg import RendererSVG  # noqa: E402
from matplotlib.font_manager import fontManager  # noqa: E402

from hscp_nb.document.measure import text_width  # noqa: E402
from hscp_nb.document.values import PROVISIONAL  # noqa: E402

# Analysis Function / PHS accessible categorical palette
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE = PALETTE
SERIES_STYLE = {  # role → (colour, marker, line style)
    "partnership": (DARK_BLUE, "o", "-"),
    "scotland": (DARK_GREY, "s", "--"),
    "peer": (TURQUOISE, "^", ":"),
}
# Text in a series' colour uses a darker shade of it where the colour itself is under 4.5:1 on white (WCAG 1.4.3):
# turquoise, orange and light purple reach about 3:1 only. Lines and markers keep the palette colour.
TEXT_SHADE = {TURQUOISE: "#176E67", ORANGE: "#A33F0C", LIGHT_PURPLE: "#6E4FA8"}  # 6.1:1, 6.4:1, 6.3:1


def text_colour(colour: str) -> str:
    return TEXT_SHADE.get(colour, colour)


# The palette's slots a partnership's brand fills, in this fixed order for every chart and format (Scotland and the
# reference lines keep DARK_GREY): its primary, secondary, tertiary, then its palette (hscp_nb.domain.brand).
BRANDED_SLOTS = (DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, LIGHT_PURPLE)
_SVG_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")
_SVG_TEXT = re.compile(r"<text\b[^>]*>")
BRANDED_MARK = "<!-- hscp_nb brand "


def branded_svg(svg: str, brand) -> str:
    """A chart's SVG in a brand's series colours (:class:`hscp_nb.domain.brand.Brand`): each palette slot's lines,
    bars and markers in ``brand.series`` (3:1 on white), its text in ``brand.series_text`` (4.5:1). One pass over the
    colours, so a brand colour that is also a default one is never recoloured twice; a chart already in a brand (a
    section that drew it so, then the report's look step) is left as it is."""
    if BRANDED_MARK in svg:
        return svg
    marks, words = {}, {}
    for slot, series, text in zip(BRANDED_SLOTS, brand.series, (t.lower() for t in brand.series_text)):
        marks[slot.lower()] = series.lower()
        words[slot.lower()] = words[text_colour(slot).lower()] = text
        marks.setdefault(text_colour(slot).lower(), text)

    def recolour(table: dict[str, str]):
        return lambda m: table.get(m.group(0).lower(), m.group(0))

    in_marks = _SVG_COLOUR.sub(recolour(marks), svg)
    # text elements were recoloured as marks above: set them again from the original, in the text shades
    texts = iter(_SVG_TEXT.findall(svg))
    branded = _SVG_TEXT.sub(lambda _: _SVG_COLOUR.sub(recolour(words), next(texts)), in_marks)
    return branded.rstrip("\n") + f"\n{BRANDED_MARK}{brand.digest[:12]} -->\n"


A4_WIDTH_IN = 6.3  # fits an A4 page with 2.5 cm margins
SOURCE_FONT = 7.5
TITLE_CHARS = 60  # characters of bold 10.5 pt title that fit the A4 chart width


def apply_style() -> None:
    """Set hscp_nb's matplotlib defaults (called once on import)."""
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 300,
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.titlesize": 10.5,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            # a fixed title height skips matplotlib's per-draw search for overlaps (none: no top axis)
            "axes.titley": 1.0,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#6B6B6B",
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#E1E1E1",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "legend.frameon": False,
            "svg.fonttype": "none",
            "svg.hashsalt": "hscp_nb",
            "path.simplify": True,
        }
    )


apply_style()


# Every chart is saved as SVG by a new renderer, and matplotlib caches text sizes per renderer: the same tick labels,
# legend entries and source lines were laid out with FreeType again in every chart (a tenth of an SVG's time). A text's
# size depends only on the text, the font files and the size (and two rcParams), so it is measured once a process.
_svg_text_size = RendererSVG.get_text_width_height_descent
_TEXT_SIZES: dict[tuple, tuple[float, float, float]] = {}
TEXT_SIZES_KEPT = 20_000  # texts; about 3 MB


def _text_size_once(renderer, s, prop, ismath):
    if ismath or not hasattr(fontManager, "_find_fonts_by_props"):
        return _svg_text_size(renderer, s, prop, ismath)
    key = (s, tuple(fontManager._find_fonts_by_props(prop)), prop.get_size_in_points(),
           matplotlib.rcParams["text.kerning_factor"], matplotlib.rcParams["text.hinting_factor"])  # fmt: skip
    size = _TEXT_SIZES.get(key)
    if size is None:
        if len(_TEXT_SIZES) >= TEXT_SIZES_KEPT:
            _TEXT_SIZES.clear()
        size = _TEXT_SIZES[key] = _svg_text_size(renderer, s, prop, ismath)
    return size


RendererSVG.get_text_width_height_descent = _text_size_once


def value_ticks() -> matplotlib.ticker.Formatter:
    """y-axis values with thousands separators: whole numbers from 100 up, one decimal below (a formatter belongs to
    one axis, so each axis gets its own)."""
    return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}")


# Light ticks. matplotlib makes each tick five artists (two marks, a grid line, two labels), each copied from the
# first with its styles, and lays them out again at every draw: a trend chart's ticks took two fifths of its time, and
# a report draws about 30 charts. Here an axis's marks are one line of tick markers, its grid one collection and its
# labels plain texts, where matplotlib would put them (the rcParams' tick size, pad, colours and grid style), so the
# chart looks the same. The value axis keeps matplotlib's own choice of ticks (its locator, within the limits).
_TICK_ALIGN = {"y": {"ha": "right", "va": "center_baseline"}, "x": {"ha": "center", "va": "top"}}


def light_ticks(ax, which: str, locs, labels, *, fontsize=None, grid: bool = False, bold: tuple = ()) -> None:
    """Tick ``which`` axis ("x" or "y") of ``ax`` at ``locs`` (data values) with ``labels`` (``bold``: the labels
    set in bold), with grid lines across the axes when ``grid``; matplotlib's own ticks are switched off."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.markers import TICKDOWN, TICKLEFT
    from matplotlib.text import Text
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    rc = matplotlib.rcParams
    size, pad = rc[f"{which}tick.major.size"], rc[f"{which}tick.major.pad"]
    colour = rc[f"{which}tick.color"]
    text_colour_ = colour if rc[f"{which}tick.labelcolor"] == "inherit" else rc[f"{which}tick.labelcolor"]
    locs = list(locs)
    if which == "y":
        where = blended_transform_factory(ax.transAxes, ax.transData)
        points, marker, away = ([0] * len(locs), locs), TICKLEFT, (-(size + pad) / 72, 0)
        lines = [[(0, v), (1, v)] for v in locs]
        ax.yaxis.set_major_locator(matplotlib.ticker.NullLocator())
    else:
        where = blended_transform_factory(ax.transData, ax.transAxes)
        points, marker, away = (locs, [0] * len(locs)), TICKDOWN, (0, -(size + pad) / 72)
        lines = [[(v, 0), (v, 1)] for v in locs]
        ax.xaxis.set_major_locator(matplotlib.ticker.NullLocator())
    ax.add_artist(Line2D(*points, transform=where, marker=marker, markersize=size, color=colour, clip_on=False,
                         markeredgewidth=rc[f"{which}tick.major.width"], linestyle="none"))  # fmt: skip
    if grid:
        ax.add_artist(LineCollection(lines, transform=where, colors=rc["grid.color"], linewidths=rc["grid.linewidth"],
                                     linestyles=rc["grid.linestyle"], zorder=0.5))  # fmt: skip
    shifted = where + ScaledTranslation(*away, ax.figure.dpi_scale_trans)
    size_ = fontsize or rc[f"{which}tick.labelsize"]
    for v, label in zip(locs, labels):
        ax.add_artist(Text(*((0, v) if which == "y" else (v, 0)), str(label), transform=shifted, fontsize=size_,
                           color=text_colour_, clip_on=False, fontweight="bold" if label in bold else "normal",
                           **_TICK_ALIGN[which]))  # fmt: skip


def light_value_axis(ax, label: str, *, fontsize=None) -> None:
    """The y axis of ``ax`` at its present limits: matplotlib's ticks within them, labelled as :func:`value_ticks`,
    with grid lines, and the axis label ``label`` beside the widest tick label, as matplotlib would set it. Call it
    when everything is plotted: the limits are fixed here."""
    from matplotlib.transforms import ScaledTranslation

    rc = matplotlib.rcParams
    low, high = ax.get_ylim()
    locs = _ticks_in_view(ax.yaxis)
    form = value_ticks()
    labels = [form(v, None) for v in locs]
    light_ticks(ax, "y", locs, labels, grid=True)
    ax.set_ylim(low, high)
    size = matplotlib.font_manager.FontProperties(size=rc["ytick.labelsize"]).get_size_in_points()
    widest = max((text_width(t, size) for t in labels), default=0)
    room = widest + rc["ytick.major.size"] + rc["ytick.major.pad"] + rc["axes.labelpad"]  # points
    ax.set_ylabel(label, **({"fontsize": fontsize} if fontsize else {}))
    ax.yaxis.set_label_coords(0, 0.5, ax.transAxes + ScaledTranslation(-room / 72, 0, ax.figure.dpi_scale_trans))


TITLE_LINE_IN = 0.2  # one line of the 10.5 pt title, with its leading


def _finish(fig, ax, title: str, source: str, margins: dict | None = None) -> plt.Figure:
    """Title, source line, layout. The title is the figure's, from its left edge, wrapped to the figure's width (by
    characters: matplotlib's own wrapping re-measures text and is slow), so that long axis labels never push it past
    the right edge; the plot starts below however many lines it takes.

    Fixed ``margins`` (left, right, bottom; the top follows the title) skip tight_layout, which costs as much as
    drawing the chart."""
    wrapped = textwrap.fill(title, TITLE_CHARS)
    lines = wrapped.count("\n") + 1
    height = fig.get_figheight()
    fig.text(0.01, 1 - 0.08 / height, wrapped, fontsize=10.5, fontweight="bold", ha="left", va="top")
    fig.text(0.01, 0.01, source, fontsize=SOURCE_FONT, color="#4D4D4D", ha="left", va="bottom")
    top = 1 - (0.16 + lines * TITLE_LINE_IN) / height
    if margins:
        fig.subplots_adjust(**margins, top=top)
    else:
        fig.tight_layout(rect=(0, 0.05, 1, top))
    return fig


# Margins measured, not searched for. matplotlib's tight_layout lays every text out once more to find the margins (as
# long as drawing the chart again); a chart's margins follow from what sits beside its axes, measured with the font's
# metrics: tick labels, the tick marks and their pad, an axis label's lines, and tight_layout's own padding.
LAYOUT_PAD_PT = 1.08 * 9  # tight_layout's default pad: 1.08 font sizes
LINE_PT = 1.2  # a line of text, in font sizes (with its descent)


def measured_margins(
    fig,
    *,
    left_texts=(),
    left_size: float = 9,
    ylabel: str = "",
    bottom_texts=(),
    bottom_size: float = 9,
    bottom_slant: float = 0,
    xlabel: str = "",
    source: bool = True,
) -> dict:
    """``subplots_adjust`` margins (left, right, bottom) leaving room for the tick labels ``left_texts`` (at
    ``left_size`` points) and ``bottom_texts`` (``bottom_slant`` degrees), the axis labels and the source line, as
    tight_layout would, without laying the figure out."""  # fmt: skip
    import math

    rc = matplotlib.rcParams
    width_pt, height_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    ticks = rc["ytick.major.size"] + rc["ytick.major.pad"]
    label_pt = rc["font.size"] * LINE_PT
    left = LAYOUT_PAD_PT + max([text_width(str(t), left_size) for t in left_texts] + [0]) + ticks
    left += (rc["axes.labelpad"] + label_pt * (ylabel.count("\n") + 1)) if ylabel else 0
    angle = math.radians(bottom_slant)
    tall = max([text_width(str(t), bottom_size) * math.sin(angle) + bottom_size * LINE_PT * math.cos(angle)
                for t in bottom_texts] + [0])  # fmt: skip
    bottom = LAYOUT_PAD_PT + tall + rc["xtick.major.size"] + rc["xtick.major.pad"]
    bottom += (rc["axes.labelpad"] + label_pt * (xlabel.count("\n") + 1)) if xlabel else 0
    bottom += 0.05 * height_pt if source else 0  # the source line, as tight_layout's rect kept it
    overhang = max([text_width(str(t), bottom_size) for t in bottom_texts] + [0]) / 2 if not bottom_slant else 0
    return {"left": left / width_pt, "right": 1 - (LAYOUT_PAD_PT + overhang) / width_pt, "bottom": bottom / height_pt}


def _ticks_in_view(axis) -> list[float]:
    """The ticks matplotlib's locator gives ``axis`` within its limits (as tolerant as matplotlib's own test)."""
    low, high = sorted(axis.get_view_interval())
    slack = (high - low) * 1e-10
    return [v for v in axis.get_major_locator().tick_values(low, high) if low - slack <= v <= high + slack]


def _tick_texts(axis) -> list[str]:
    """The labels matplotlib's locator and formatter would give ``axis`` at its present limits."""
    return list(axis.get_major_formatter().format_ticks(_ticks_in_view(axis)))


def trend_chart(
    series: pd.DataFrame, *, title: str, unit: str, source: str, labels: dict[str, str], breaks: str | None = None
) -> plt.Figure:
    """Lines over the years for the partnership, Scotland and the peer group, labelled at their ends.

    ``series`` has a ``year`` column (labels, in order) and one column per role in ``labels``. ``breaks`` names a
    column of segment numbers: a line is never drawn from one segment to the next (a break in series).
    """
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 2.9))
    x = list(range(len(series)))
    ends = []
    for role, label in labels.items():
        if role not in series or series[role].isna().all():
            continue
        colour, marker, style = SERIES_STYLE[role]
        values = series[role]
        segments = series[breaks] if breaks else pd.Series(0, index=series.index)
        for n, part in enumerate(segments.unique()):
            inside = (segments == part).to_numpy()
            ax.plot(
                [xi for xi, keep in zip(x, inside) if keep],
                values[inside],
                color=colour,
                marker=marker,
                linestyle=style,
                linewidth=1.8,
                markersize=5,
                label=label if n == 0 else None,
            )
        last = values.last_valid_index()
        ends.append([float(values[last]), x[series.index.get_loc(last)], label, colour])
    _end_labels(ax, ends, spacing=0.09, fontsize=8)
    ax.set_xlim(-0.3, len(x) - 1 + 1.6)
    _finish(fig, ax, title, source, margins={"left": 0.13, "right": 0.98, "bottom": 0.17})
    light_ticks(ax, "x", x, list(series["year"]), fontsize=8)
    light_value_axis(ax, unit)  # last: matplotlib's choice of ticks depends on the axes' final height
    return fig


def _end_labels(ax, ends: list[list], *, spacing: float, fontsize: float) -> None:
    """Name each line at its last point, in the line's text shade; labels closer than ``spacing`` of the y range are
    spread apart (order kept), so that none overprints another."""
    low, high = ax.get_ylim()
    for value, xpos, label, colour in _dodge(ends, gap=(high - low) * spacing):
        ax.annotate(
            label,
            (xpos, value),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=fontsize,
            color=text_colour(colour),
        )


def _dodge(ends: list[list], gap: float) -> list[list]:
    """Spread end labels apart vertically (keeping their order) so that no two are closer than ``gap``."""
    ends = sorted(ends, key=lambda e: e[0])
    for i in range(1, len(ends)):
        if ends[i][0] - ends[i - 1][0] < gap:
            ends[i][0] = ends[i - 1][0] + gap
    return ends


# A horizontal bar chart's heights (inches): one bar with its gap, the x axis's ticks and numbers, one line of its
# label, and the source line below.
BAR_PITCH_IN, AXIS_IN, XLABEL_LINE_IN, SOURCE_IN = 0.3, 0.4, 0.2, 0.25


def horizontal_bars(
    table: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    xlabel: str,
    source: str,
    value_text: str | None = None,
    highlight: str | None = None,
    pitch: float = BAR_PITCH_IN,
) -> plt.Figure:
    """Horizontal bars with the value printed at each bar's end (no legend needed). The plot takes BAR_PITCH_IN a
    bar (two bars' worth at least) and the figure adds what its title, x axis and source line take, so that a chart
    of five bars under a two-line title is not squashed into a strip. ``pitch``: inches a bar, less for a chart of
    many bars that must fit one page (the 31 partnerships and Scotland)."""
    xlabel = _fit_under_axes(xlabel, table[label], 8)
    title_lines = textwrap.fill(title, TITLE_CHARS).count("\n") + 1
    around = 0.16 + TITLE_LINE_IN * title_lines + AXIS_IN + XLABEL_LINE_IN * (xlabel.count("\n") + 1) + SOURCE_IN
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, pitch * max(len(table), 2) + around))
    rows = table.iloc[::-1]
    colours = [ORANGE if highlight and r == highlight else DARK_BLUE for r in rows[label]]
    ax.barh(rows[label], rows[value], color=colours, height=0.6)
    texts = rows[value_text] if value_text else rows[value].map(lambda v: f"{v:,.1f}")
    span = max(abs(rows[value]).max(), 1e-9)
    for y, (v, t) in enumerate(zip(rows[value], texts)):
        ax.text(
            v + span * 0.01 * (1 if v >= 0 else -1), y, t, va="center", ha="left" if v >= 0 else "right", fontsize=8
        )
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlim(*_room_for_labels(rows[label], rows[value], texts))
    ax.tick_params(axis="y", labelsize=8)
    margins = measured_margins(fig, left_texts=rows[label], left_size=8, bottom_texts=_tick_texts(ax.xaxis),
                               xlabel=xlabel)  # fmt: skip
    return _finish(fig, ax, title, source, margins=margins)


def _plot_room(category_labels, size: float) -> float:
    """Points of width a horizontal chart's plot has beside its category names (measured with the font's metrics)."""
    return A4_WIDTH_IN * 72 - max(text_width(str(t), size) for t in category_labels) - 30


def _fit_under_axes(xlabel: str, category_labels, size: float) -> str:
    """An x-axis label wrapped to the width the plot has beside its category names (measured with the font's
    metrics), so that a long label centred under the plot never runs off the figure."""
    room = _plot_room(category_labels, size) - 10
    label_size = matplotlib.rcParams["axes.labelsize"]
    label_size = label_size if isinstance(label_size, int | float) else matplotlib.rcParams["font.size"]
    chars = len(xlabel)
    while chars > 10 and text_width(max(textwrap.wrap(xlabel, chars), key=len), label_size) > room:
        chars -= 2
    return textwrap.fill(xlabel, chars)


def _room_for_labels(labels, values, texts) -> tuple[float, float]:
    """x limits that leave room, beyond the longest bar each way, for the widest value text printed there (measured
    with the font's metrics), so that no value text runs off the chart or over the category names."""
    axes_pt = _plot_room(labels, 8)
    right = max([text_width(str(t), 8) for v, t in zip(values, texts) if v >= 0] + [0]) + 8
    left = max([text_width(str(t), 8) for v, t in zip(values, texts) if v < 0] + [0]) + 8
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    spread = (high - low) / max(1 - (left + right) / axes_pt, 0.2)
    return low - spread * left / axes_pt * (low < 0), high + spread * right / axes_pt


def variance_chart(table: pd.DataFrame, *, label: str, value: str, title: str, source: str) -> plt.Figure:
    """Over- and underspend by line as % of plan: overspends point right ('over'), underspends left ('under')."""
    text = table[value].map(lambda v: f"{'over' if v > 0 else 'under' if v < 0 else 'on plan'} {abs(v):.1f}%")
    shown = table.assign(_text=text)
    fig = horizontal_bars(
        shown,
        label=label,
        value=value,
        value_text="_text",
        title=title,
        xlabel="Actual minus planned, % of planned",
        source=source,
    )
    fig.axes[0].axvline(0, color=DARK_GREY, linewidth=0.8)
    return fig


def dumbbell(
    table: pd.DataFrame,
    *,
    label: str,
    first: str,
    second: str,
    first_label: str,
    second_label: str,
    title: str,
    xlabel: str,
    source: str,
) -> plt.Figure:
    """Two values per row joined by a line: circle for the first, diamond for the second, with a legend."""
    height = max(1.8, 0.34 * len(table) + 1.0)
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, height))
    rows = table.iloc[::-1].reset_index(drop=True)
    for y, row in rows.iterrows():
        ax.plot([row[first], row[second]], [y, y], color="#BFBFBF", linewidth=2, zorder=1)
    ax.scatter(rows[first], range(len(rows)), marker="o", s=36, color=DARK_BLUE, label=first_label, zorder=2)
    ax.scatter(rows[second], range(len(rows)), marker="D", s=32, color=ORANGE, label=second_label, zorder=3)
    ax.set_yticks(range(len(rows)), rows[label], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(loc="lower right", fontsize=8)
    margins = measured_margins(fig, left_texts=rows[label], left_size=8, bottom_texts=_tick_texts(ax.xaxis),
                               xlabel=xlabel)  # fmt: skip
    return _finish(fig, ax, title, source, margins=margins)


def grouped_lines(
    table: pd.DataFrame,
    *,
    x: str,
    series: str,
    value: str,
    title: str,
    ylabel: str,
    source: str,
    styles: dict[str, tuple[str, str, str]] | None = None,
) -> plt.Figure:
    """Several labelled lines (e.g. reg 4 proportions by year), each with its own marker and end label. ``styles``
    gives some series their (colour, marker, line style), such as the reports' Scotland (``SERIES_STYLE``: grey
    squares, dashed); the others take the palette's colours in turn. More than seven x labels are set at a slant so
    that none run together."""
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 3.2))
    markers = ["o", "D", "v", "P", "X", "^", "s"]
    dashes = ["-", "-.", "-", "--", ":", "-.", "-"]
    free = [c for c in PALETTE if c not in {style[0] for style in (styles or {}).values()}]
    order = list(dict.fromkeys(table[x]))
    ends = []
    others = 0
    for name, group in table.groupby(series, sort=False):
        if name in (styles or {}):
            colour, marker, style = styles[name]
        else:
            colour, marker, style = free[others % len(free)], markers[others % 7], dashes[others % 7]
            others += 1
        xs = [order.index(v) for v in group[x]]
        ax.plot(xs, group[value], marker=marker, linestyle=style, color=colour, linewidth=1.6, markersize=4.5)
        ends.append([float(group[value].iloc[-1]), xs[-1], name, colour])
    _end_labels(ax, ends, spacing=0.075, fontsize=7.5)
    slant = len(order) > 7
    ax.set_xticks(range(len(order)), order, fontsize=8, rotation=35 if slant else 0, ha="right" if slant else "center")
    ax.set_xlim(-0.3, len(order) - 1 + 2.6)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(value_ticks())
    margins = measured_margins(fig, left_texts=_tick_texts(ax.yaxis), ylabel=ylabel, bottom_texts=order,
                               bottom_size=8, bottom_slant=35 if slant else 0)  # fmt: skip
    return _finish(fig, ax, title, source, margins=margins)


FUNNEL_HEIGHT_IN = 3.4  # two funnel plots, each with its caption and a short paragraph, fit an A4 page
# Partnerships highlighted together (the explorer): each its own colour and marker, named in the legend
HIGHLIGHTS = [(ORANGE, "D"), (DARK_PINK, "s"), (LIGHT_PURPLE, "^"), (DARK_BLUE, "v"), (TURQUOISE, "P")]


def funnel_chart(
    points: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    target: float,
    highlight: str | list[str],
    title: str,
    xlabel: str,
    ylabel: str,
    method: str,
    source: str,
    target_text: str | None = None,
) -> plt.Figure:
    """Partnerships against the Scotland value with 95% (dashed) and 99.8% (dotted) limits; the partnership is an
    orange diamond with its name, the others grey circles. ``target_text``: Scotland's value as the indicator prints
    it (:func:`hscp_nb.present.formats.indicator_value`: '11,653', '62.4%'); one decimal without it."""
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, FUNNEL_HEIGHT_IN))
    for level, style in (("95", "--"), ("99_8", ":")):
        label = "95% limits" if level == "95" else "99.8% limits"
        ax.plot(
            curve["denominator"], curve[f"lower_{level}"], color=DARK_GREY, linestyle=style, linewidth=1, label=label
        )
        ax.plot(curve["denominator"], curve[f"upper_{level}"], color=DARK_GREY, linestyle=style, linewidth=1)
    ax.axhline(target, color=DARK_BLUE, linewidth=1.2, label=f"Scotland {target_text or f'{target:,.1f}'}")
    named = [highlight] if isinstance(highlight, str) else list(highlight)
    others = points[~points["partnership"].isin(named)]
    ax.scatter(
        others["denominator"], others["value"], s=22, color="#8C8C8C", marker="o", label="Other partnerships", zorder=3
    )
    chosen = [highlight] if isinstance(highlight, str) else list(highlight)
    for name, (colour, marker) in zip(chosen, HIGHLIGHTS):
        own = points[points["partnership"] == name]
        ax.scatter(own["denominator"], own["value"], s=60, color=colour, marker=marker, edgecolor="black",
                   linewidth=0.6, label=name, zorder=4)  # fmt: skip
        if len(chosen) == 1:  # one partnership is named beside its point; several, in the legend only
            for _, row in own.iterrows():
                ax.annotate(name, (row["denominator"], row["value"]), xytext=(7, 6), textcoords="offset points",
                            fontsize=8, fontweight="bold")  # fmt: skip
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(value_ticks())
    # Below the plot, from the bottom up: the source, the method (up to two lines), the legend, the x axis.
    method_lines = textwrap.fill(method, 118)
    lines = method_lines.count("\n") + 1
    legend_at = 0.2 + 0.13 * lines
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.01, legend_at / FUNNEL_HEIGHT_IN), ncol=5,
              bbox_transform=fig.transFigure, borderaxespad=0, handlelength=1.6, columnspacing=1.1,
              handletextpad=0.5)  # fmt: skip
    fig.text(0.01, 0.16 / FUNNEL_HEIGHT_IN, method_lines, fontsize=SOURCE_FONT, color="#4D4D4D", ha="left",
             va="bottom")  # fmt: skip
    rows = -(-(4 + len(chosen)) // 5)  # the limits, Scotland, the others and each partnership named
    bottom = (legend_at + 0.17 * rows + 0.45) / FUNNEL_HEIGHT_IN  # then the tick labels and the axis label
    return _finish(fig, ax, title, source, margins={"left": 0.13, "right": 0.95, "bottom": bottom})


def position_chart(table: pd.DataFrame, *, highlight: str | list[str], title: str, source: str) -> plt.Figure:
    """Each indicator a row, the 31 partnerships as dots at their rank (1 = best, left); the partnership an orange
    diamond labelled with its rank. Several partnerships (the explorer) each get a colour and marker, named in a
    legend; their ranks are in the chart's data."""
    chosen = [highlight] if isinstance(highlight, str) else list(highlight)
    indicators_ = list(dict.fromkeys(table["label"]))
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 0.3 * len(indicators_) + 1.3 + 0.25 * (len(chosen) > 1)))
    for y, label in enumerate(indicators_):
        rows = table[table["label"] == label]
        others = rows[~rows["partnership"].isin(chosen)]
        ax.scatter(others["rank"], [y] * len(others), s=12, color="#B0B0B0", marker="o", zorder=2)
        for name, (colour, marker) in zip(chosen, HIGHLIGHTS):
            own = rows[rows["partnership"] == name]
            if not len(own):
                continue
            rank = int(own["rank"].iloc[0])
            ax.scatter([rank], [y], s=50, color=colour, marker=marker, edgecolor="black", linewidth=0.6, zorder=3)
            if len(chosen) == 1:
                ax.annotate(f"{rank}", (rank, y), xytext=(6, 0), textcoords="offset points", va="center",
                            fontsize=7.5, fontweight="bold")  # fmt: skip
    ax.set_yticks(range(len(indicators_)), indicators_, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 32.5)
    ax.set_xticks([1, 5, 10, 15, 20, 25, 31])
    xlabel = "Position among the 31 partnerships (1 = best by the indicator's own direction)"
    ax.set_xlabel(_fit_under_axes(xlabel, indicators_, 7.5))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    if len(chosen) > 1:  # a legend above the plot, below the title
        for name, (colour, marker) in zip(chosen, HIGHLIGHTS):
            ax.scatter([], [], s=50, color=colour, marker=marker, edgecolor="black", linewidth=0.6, label=name)
        ax.legend(fontsize=7.5, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(3, len(chosen)),
                  frameon=False)  # fmt: skip
    return _finish(fig, ax, title, source)


RUN_PERIODS = {"month": "Monthly", "quarter": "Quarterly"}
MONTH_LABEL = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}$")
QUARTER_LABEL = re.compile(r"\bQ[1-4]\b")


def period_of(labels) -> str:
    """'month' or 'quarter': the period a run chart's x labels name ('Apr 2024'; '2025/26 Q1'), '' when neither."""
    labels = [str(v) for v in labels]
    if labels and all(MONTH_LABEL.match(v) for v in labels):
        return "month"
    if labels and all(QUARTER_LABEL.search(v) for v in labels):
        return "quarter"
    return ""


def legend_outside(ax, *, ncol: int = 3) -> int:
    """The axes' legend set above the plot, under the title, where no data is; returns its number of rows (for
    :func:`_room_for_legend`)."""
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, frameon=False, borderaxespad=0.3,
              handlelength=1.8, columnspacing=1.2)  # fmt: skip
    return -(-len(handles) // ncol)


INCOMPLETE_LABEL = "Records under 95% complete (figure likely to rise)"  # an MSG month PHS counts as incomplete


def open_points(ax, x, y, flagged, label: str, *, markersize: float = 5, linewidth: float = 1.4) -> None:
    """The points ``flagged`` (a PHS estimate, a month whose records were incomplete) drawn open, each segment that
    starts or ends at one dashed, named once in the legend as ``label``; nothing when none is flagged."""
    flagged = np.asarray(flagged, dtype=bool)
    y = np.asarray(y, dtype=float)
    if not flagged.any():
        return
    dashed = np.full(len(y), np.nan)
    for i in range(len(y) - 1):  # a segment that ends or starts at a flagged point is dashed
        if flagged[i] or flagged[i + 1]:
            dashed[i], dashed[i + 1] = y[i], y[i + 1]
    ax.plot(x, dashed, color=DARK_BLUE, linestyle=(0, (3, 2)), linewidth=linewidth, zorder=2)
    ax.plot(np.asarray(x)[flagged], y[flagged], color=DARK_BLUE, linestyle=(0, (3, 2)), linewidth=linewidth,
            marker="o", markersize=markersize, markerfacecolor="white", markeredgewidth=1.3, zorder=6,
            label=label)  # fmt: skip


def run_chart(
    series: pd.DataFrame,
    rules: pd.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    period: str | None = None,
    estimate_label: str | None = None,
) -> plt.Figure:
    """A run chart (quarterly or monthly): the series, its median, and PHS rule points marked (filled triangle =
    part of a shift, open square = part of a trend). A point the data mark as an estimate (``estimate`` column) is
    an open circle joined by a dashed line, named ``estimate_label`` in the legend (default: '… estimate (PHS)'; an
    MSG month whose records were incomplete: :data:`INCOMPLETE_LABEL`). The legend, above the plot, names the data's
    period: ``period`` ('quarter' or 'month'), or what the x labels name (``quarter`` column, or ``month``)."""
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 3.0))
    labels = series["month"] if "month" in series else series["quarter"]
    period = period or period_of(labels)
    named = RUN_PERIODS.get(period, "")
    value_label = f"{named} value" if named else "Value"
    x = np.arange(len(series))
    y = series["value"].to_numpy(dtype=float)
    estimate = (series["estimate"].eq(True).to_numpy() if "estimate" in series
                else np.zeros(len(series), dtype=bool))  # fmt: skip
    actual = np.where(estimate, np.nan, y)
    ax.plot(x, actual, color=DARK_BLUE, marker="o", markersize=4, linewidth=1.6, label=value_label)
    open_points(ax, x, y, estimate, estimate_label or f"{value_label}, estimate (PHS)")
    ax.axhline(rules["median"].iloc[0], color=DARK_GREY, linestyle="--", linewidth=1, label="Median")
    shift = rules["shift"].to_numpy()
    trend = rules["trend"].to_numpy()
    if shift.any():
        ax.scatter(x[shift], y[shift], marker="^", s=55, color=ORANGE, zorder=4,
                   label="Shift: 6+ points one side of the median")  # fmt: skip
    if trend.any():
        ax.scatter(x[trend], y[trend], marker="s", s=60, facecolor="none", edgecolor=DARK_PINK, linewidth=1.4,
                   zorder=5, label="Trend: 5+ points rising or falling")  # fmt: skip
    step = max(1, len(x) // 8)
    ax.set_xticks(x[::step], list(labels)[::step], fontsize=7, rotation=0)
    ax.set_xlim(-0.6, len(x) - 0.4)
    ax.set_ylabel(unit)
    ax.yaxis.set_major_formatter(value_ticks())  # 3,250 not 3250, as in every other chart
    rows = legend_outside(ax, ncol=2)
    fig.set_figheight(3.0 + 0.14 * rows)
    _finish(fig, ax, title, source, margins={"left": 0.12, "right": 0.98, "bottom": 0.17 * 3.0 / fig.get_figheight()})
    return _room_for_legend(fig, rows)


def monthly_run_chart(series: pd.DataFrame, *, title: str, unit: str, year_start, year_end, source: str) -> plt.Figure:
    """An MSG run chart in two panels over the same months: above, each month's value; below, the rolling 12-month
    value with the objective of each year that has one (a dashed step). The reporting year is shaded in both. Months
    are placed by their position, ticked each April (matplotlib's date axis costs more than the whole chart).
    A month whose hospital records were under 95% complete (``incomplete`` column) is an open marker on a dashed
    segment (:data:`INCOMPLETE_LABEL` in the legend), and so is each rolling 12 months that counts one."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(A4_WIDTH_IN, 3.9))
    months = pd.to_datetime(series["month"]).reset_index(drop=True)
    x = np.arange(len(months))
    incomplete = (series["incomplete"].eq(True).to_numpy() if "incomplete" in series
                  else np.zeros(len(series), dtype=bool))  # fmt: skip
    counted = pd.Series(incomplete).rolling(12, min_periods=1).max().astype(bool).to_numpy()  # 12 months with one
    values, rolling = series["value"].to_numpy(dtype=float), series["rolling_12_months"].to_numpy(dtype=float)
    top.plot(x, np.where(incomplete, np.nan, values), color=DARK_BLUE, marker="o", markersize=2.5, linewidth=1.3,
             label="Each month")  # fmt: skip
    open_points(top, x, values, incomplete, INCOMPLETE_LABEL, markersize=3.5, linewidth=1.2)
    bottom.plot(x, np.where(counted, np.nan, rolling), color=DARK_BLUE, linewidth=1.8, label="Rolling 12 months")
    open_points(bottom, x, rolling, counted, "_" + INCOMPLETE_LABEL, markersize=3.5, linewidth=1.6)  # named above
    if series["objective"].notna().any():
        bottom.step(x, series["objective"], where="post", color=ORANGE, linestyle="--", linewidth=1.6,
                    label="Objective")  # fmt: skip
    inside = np.flatnonzero((months >= pd.Timestamp(year_start)) & (months <= pd.Timestamp(year_end)))
    for ax in (top, bottom):
        if len(inside):
            ax.axvspan(inside[0] - 0.5, inside[-1] + 0.5, color="#D9D9D9", alpha=0.6, linewidth=0,
                       label="Reporting year")  # fmt: skip
        ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 0.98), ncol=3, frameon=False, borderaxespad=0)
        ax.set_xlim(-1, len(x))
    _room_for_legend(_finish(fig, bottom, title, source, margins={"left": 0.14, "right": 0.98, "bottom": 0.1,
                                                                   "hspace": 0.3}))  # fmt: skip
    aprils = np.flatnonzero(months.dt.month == 4)
    light_ticks(bottom, "x", aprils, [f"Apr {months[i].year}" for i in aprils], fontsize=7)
    top.xaxis.set_major_locator(matplotlib.ticker.NullLocator())  # the panels share the months: ticks once, below
    for ax, label in ((top, "Each month"), (bottom, "12 months")):
        light_value_axis(ax, f"{label} (%)" if unit.startswith("%") else label, fontsize=8)
    return fig


def _room_for_legend(fig, rows: int = 1) -> plt.Figure:
    """Lower the plot under its title by ``rows`` lines, for a legend set above the axes."""
    fig.subplots_adjust(top=fig.subplotpars.top - (0.06 + 0.14 * rows) / fig.get_figheight())
    return fig


def annual_objective_chart(series: pd.DataFrame, *, title: str, unit: str, year: str, source: str) -> plt.Figure:
    """An annual MSG measure (5, 6): each year's value (a provisional year an open marker, its tick marked '[p]'), each
    year's objective as a dashed line, the reporting year's tick in bold. ``series``: year (its label), value,
    provisional, objective."""
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 2.9))
    x = list(range(len(series)))
    ax.plot(x, series["value"], color=DARK_BLUE, marker="o", linewidth=1.8, markersize=5, label="Value")
    provisional = series["provisional"].to_numpy(dtype=bool)
    if provisional.any():
        ax.scatter([i for i in x if provisional[i]], series["value"][provisional], s=60, facecolor="white",
                   edgecolor=DARK_BLUE, linewidth=1.5, zorder=4, label="Provisional")  # fmt: skip
    if series["objective"].notna().any():
        ax.plot(x, series["objective"], color=ORANGE, linestyle="--", marker="D", markersize=4, linewidth=1.4,
                label="Objective")  # fmt: skip
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 0.98), ncol=3, frameon=False, borderaxespad=0)
    _room_for_legend(_finish(fig, ax, title, source, margins={"left": 0.12, "right": 0.98, "bottom": 0.17}))
    labels = [f"{y} {PROVISIONAL}" if p else y for y, p in zip(series["year"], provisional)]
    light_ticks(ax, "x", x, labels, fontsize=8, bold=tuple(t for t, y in zip(labels, series["year"]) if y == year))
    light_value_axis(ax, unit)
    return fig


def png_bytes(fig: plt.Figure, dpi: int = 300) -> bytes:
    """The figure as a PNG at ``dpi``: the pixels ``savefig`` would draw, written about three times faster.

    Pillow, behind ``savefig``, tries five row filters on every pixel row (about 25 ms for an A4-wide chart at 300 dpi).
    Flat chart graphics compress as well without them, so rows go unfiltered into zlib level 3 (about 10 ms, and the
    file comes out smaller). Leaves the figure at ``dpi``: export it last, then close it.
    """
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    height, width, _ = rgba.shape
    rows = np.zeros((height, width * 4 + 1), dtype=np.uint8)  # a leading 0 on each row: PNG filter type "none"
    rows[:, 1:] = rgba.reshape(height, -1)
    per_metre = round(dpi / 0.0254)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))  # 8-bit RGBA, not interlaced
        + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 3))
        + chunk(b"IEND", b"")
    )
