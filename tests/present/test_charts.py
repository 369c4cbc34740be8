"""The charts: the fast PNG writer gives savefig's pixels; titles and labels fit and never overprint; text contrast."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from PIL import Image

from hscp_nb.present import charts


def _trend():
    series = pd.DataFrame(
        {
            "year": ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22"],
            "partnership": [10.0, 11.2, 12.1, 13.0, 12.4, 11.1],
            "scotland": [11, 11.5, 12, 12, 12.5, 13],
            "peer": [9, 10, 11, 12, 12, 12],
        }
    )
    return charts.trend_chart(
        series,
        title="Emergency admissions have fallen since 2019/20",
        unit="per 100,000",
        source="Source: test",
        labels={"partnership": "Moray", "scotland": "Scotland", "peer": "Peer group"},
    )


def test_png_writer_gives_savefigs_pixels_and_300_dpi():
    reference = io.BytesIO()
    _trend().savefig(reference, format="png", dpi=300)
    expected = np.asarray(Image.open(reference))
    written = charts.png_bytes(_trend(), dpi=300)
    Image.open(io.BytesIO(written)).verify()  # chunk CRCs and the zlib stream are sound
    image = Image.open(io.BytesIO(written))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.size == (round(charts.A4_WIDTH_IN * 300), round(2.9 * 300))
    assert np.array_equal(np.asarray(image), expected)
    assert [round(d) for d in image.info["dpi"]] == [300, 300]


def _texts(fig):
    """Every visible, non-empty text of a drawn figure with its box in display pixels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Text

    hidden = set()  # tick labels of ticks outside the view limits, which matplotlib does not draw
    for ax in fig.axes:
        for axis, (low, high) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden.update({id(tick.label1), id(tick.label2)})
    out = []
    for text in fig.findobj(Text):
        if text.get_visible() and str(text.get_text()).strip() and id(text) not in hidden:
            out.append((text, text.get_window_extent(renderer)))
    return out


def _luminance(rgb):
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _long_label_charts():
    """The charts the review found clipped or overprinted, with the labels that did it."""
    lines = pd.DataFrame(
        {
            "service_line": ["Community hospitals and mental health in-patients", "Children's community health "
                             "services (lead by council)", "Carers support", "Learning disability services"],
            "variance_pct": [-4.1, 0.0, -3.6, 4.4],
        }
    )  # fmt: skip
    variance = charts.variance_chart(
        lines, label="service_line", value="variance_pct", title="Budget against actual by service line, 2025/26",
        source="Source: test",
    )  # fmt: skip
    shares = pd.DataFrame({"locality": ["Badenoch & Strathspey", "Skye, Lochalsh & West Ross"],
                           "population": [9.0, 10.5], "spend": [9.9, 11.2]})  # fmt: skip
    dumbbell = charts.dumbbell(
        shares, label="locality", first="population", second="spend", first_label="Population share",
        second_label="Spend share", xlabel="% of partnership total", source="Source: test",
        title="Spend share against population share by locality, 2025/26",
    )  # fmt: skip
    bars = charts.horizontal_bars(
        pd.DataFrame({"matter": ["(b) Other health care", "(d) Unpaid carer support"], "share": [40.2, 1.1],
                      "text": ["40.2% · £244.65m", "1.1% · £6.41m"]}),
        label="matter", value="share", value_text="text", source="Source: test", xlabel="% of total",
        title="Where the money went in 2025/26: share of spend by statutory matter",
    )  # fmt: skip
    proportions = pd.DataFrame(
        {"year": ["2024/25", "2025/26"] * 3, "matter": ["Other health care"] * 2 + ["Other social care"] * 2
         + ["Hospital in-patient health care"] * 2, "share": [40.0, 40.2, 28.0, 28.1, 17.5, 17.9]}
    )  # fmt: skip
    grouped = charts.grouped_lines(proportions, x="year", series="matter", value="share", ylabel="%",
                                   title="Shares of spend by statutory matter over the window",
                                   source="Source: test")  # fmt: skip
    return {"variance": variance, "dumbbell": dumbbell, "bars": bars, "grouped": grouped, "trend": _trend()}


def test_no_chart_text_runs_off_the_figure_and_none_overprints_another():
    for name, fig in _long_label_charts().items():
        width, height = fig.canvas.get_width_height()
        texts = _texts(fig)
        assert texts, name
        for text, box in texts:
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5, (name, text.get_text())
            assert box.y0 >= -0.5 and box.y1 <= height + 0.5, (name, text.get_text())
        for i, (first, a) in enumerate(texts):
            for second, b in texts[i + 1 :]:
                overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                assert overlap_x <= 1 or overlap_y <= 1, (name, first.get_text(), second.get_text())


def test_every_chart_text_reaches_4_5_to_1_on_white():
    from matplotlib.colors import to_rgba

    for name, fig in _long_label_charts().items():
        for text, _ in _texts(fig):
            ratio = 1.05 / (_luminance(to_rgba(text.get_color())) + 0.05)
            assert ratio >= 4.5, (name, text.get_text(), text.get_color(), round(ratio, 2))


def test_a_long_title_wraps_and_pushes_the_plot_down():
    short = charts.trend_chart(_trend_data(), title="Short", unit="%", source="s", labels={"partnership": "Moray"})
    long = charts.trend_chart(_trend_data(), title="A headline " * 12, unit="%", source="s",
                              labels={"partnership": "Moray"})  # fmt: skip
    assert long.axes[0].get_position().y1 < short.axes[0].get_position().y1


def _trend_data():
    return pd.DataFrame({"year": ["2024/25", "2025/26"], "partnership": [1.0, 2.0]})


def test_the_benchmarking_packs_charts_fit_their_figures(monkeypatch, tmp_path):
    """The board paper's charts as the sample's Highland pack draws them (the review found three clipped: the
    peer-group and position x labels and the funnel plot's last tick label)."""
    import matplotlib.pyplot as plt

    from hscp_nb.domain import reference
    from hscp_nb.domain.years import ReportingYear
    from hscp_nb.inputs.phs import read_core_suite
    from hscp_nb.products import pack as pack_module
    from tests.conftest import CORE_SUITE

    plt.close("all")
    figures = {}
    monkeypatch.setattr(pack_module, "_add", lambda pack, fig, name, *a, **k: figures.__setitem__(name, fig))
    pack = pack_module.Pack(reference.resolve_partnership("Highland"), ReportingYear(2025), tmp_path)
    pack_module.add_charts(pack, read_core_suite(CORE_SUITE).table)
    assert {"peer-group-comparison", "position-among-31"} <= set(figures) and len(figures) >= 10
    for name, fig in figures.items():
        width, height = fig.canvas.get_width_height()
        for text, box in _texts(fig):
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5, (name, text.get_text())
            assert box.y0 >= -0.5 and box.y1 <= height + 0.5, (name, text.get_text())
    plt.close("all")


def test_the_explorers_charts_highlight_every_chosen_partnership_and_keep_their_text_apart():
    """Three partnerships over ten years (the review: only the first highlighted, year labels run together, end
    labels overprinted, Scotland drawn magenta with triangles)."""
    import matplotlib.pyplot as plt

    from hscp_nb.products.explore import Explorer

    chosen = ["Highland", "Fife", "Moray"]
    explorer = Explorer()
    captured = []
    original = plt.close
    try:
        plt.close = lambda fig=None: captured.append(fig)  # keep the figures the explorer draws, to measure them
        blocks = explorer.show(chosen, "NI-12", 2016, 2025)
    finally:
        plt.close = original
    figures = [b for b in blocks if b.kind == "figure"]
    assert len(figures) == len(captured) == 3  # trend, funnel, position
    for block in figures:
        for name in chosen:
            assert name in block.svg, (block.caption, name)
    for fig in captured:
        width, height = fig.canvas.get_width_height()
        texts = _texts(fig)
        for text, box in texts:
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5, text.get_text()
            assert box.y0 >= -0.5 and box.y1 <= height + 0.5, text.get_text()
        for i, (first, a) in enumerate(texts):
            for second, b in texts[i + 1 :]:
                overlap = min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1
                assert not overlap, (first.get_text(), second.get_text())
    trend = captured[0]
    styles = [(line.get_color(), line.get_marker(), line.get_linestyle()) for line in trend.axes[0].get_lines()]
    assert (charts.DARK_GREY, "s", "--") in styles  # Scotland as in the reports: grey squares, dashed
    plt.close("all")


def _run_chart(labels, estimate=None):
    values = [5.0, 6.0, 5.5, 7.0, 6.0, 8.0, 7.5, 9.0]
    series = pd.DataFrame({"quarter": labels, "value": values})
    if estimate is not None:
        series["estimate"] = estimate
    rules = pd.DataFrame({"median": float(np.median(values)), "shift": [False] * 8,
                          "trend": [False] * 4 + [True] * 4})  # fmt: skip
    return charts.run_chart(series, rules, title="A run chart whose title takes two lines of the figure's width, "
                            "as the pack's do", unit="per 1,000", source="Source: test")  # fmt: skip


QUARTERS = [f"{y}/{y - 1999} Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
MONTHS = ["Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025", "Nov 2025"]


def test_a_run_chart_names_its_period_and_draws_estimates_as_open_circles_on_a_dashed_line():
    fig = _run_chart(QUARTERS, estimate=[False] * 4 + [True] * 4)
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["Quarterly value", "Quarterly value, estimate (PHS)"]
    hollow = [line for line in ax.get_lines() if line.get_marker() == "o" and line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and list(hollow[0].get_xdata()) == [4, 5, 6, 7]  # the estimated quarters, no others
    assert hollow[0].get_linestyle() == "--"
    solid = next(line for line in ax.get_lines() if line.get_label() == "Quarterly value")
    assert np.isnan(solid.get_ydata()[4:]).all() and not np.isnan(solid.get_ydata()[:4]).any()
    monthly = _run_chart(MONTHS)
    legend = [t.get_text() for t in monthly.axes[0].get_legend().get_texts()]
    assert legend[0] == "Monthly value" and not any("estimate" in t or "Quarterly" in t for t in legend)
    assert charts.period_of(["Apr 2024", "2025/26 Q1"]) == ""  # neither: the legend says "Value"


def test_a_run_charts_legend_sits_above_its_plot_clear_of_the_data_and_the_title():
    for fig in (_run_chart(QUARTERS, estimate=[False] * 6 + [True] * 2), _run_chart(MONTHS)):
        ax = fig.axes[0]
        fig.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        plot = ax.get_window_extent()
        assert legend.y0 >= plot.y1 - 1  # above the plot area: over no data
        width, height = fig.canvas.get_width_height()
        texts = _texts(fig)
        for text, box in texts:
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5 and box.y0 >= -0.5 and box.y1 <= height + 0.5, (
                text.get_text()
            )
        for i, (first, a) in enumerate(texts):
            for second, b in texts[i + 1 :]:
                overlap = min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1
                assert not overlap, (first.get_text(), second.get_text())


def test_a_bar_chart_of_five_matters_under_a_two_line_title_is_not_squashed():
    """Orkney's 'Where the money went' chart: 5 bars got 1.2 in of plot under its two-line title. The plot now gives
    each bar 0.3 in, whatever the title and axis take."""
    matters = pd.DataFrame({"matter": [f"({c}) matter" for c in "abcde"], "share": [18.2, 38.4, 13.2, 1.2, 29.0]})
    title = "Where the money went in 2025/26: share of spend by statutory matter"
    fig = charts.horizontal_bars(matters, label="matter", value="share", source="Source: test", xlabel="% of total",
                                 title=title)  # fmt: skip
    plot = fig.axes[0].get_position()
    plot_height_in = plot.height * fig.get_figheight()
    assert plot_height_in >= 0.3 * 5 - 0.05, plot_height_in


def _svg(fig) -> bytes:
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None})
    return svg.getvalue()


def test_text_sizes_measured_once_a_process_give_the_svg_a_fresh_measure_gives(monkeypatch):
    charts._TEXT_SIZES.clear()
    first = _svg(_trend())
    assert charts._TEXT_SIZES  # the chart's texts were measured and kept
    again = _svg(_trend())  # every text size from the kept ones
    monkeypatch.setattr(charts.RendererSVG, "get_text_width_height_descent", charts._svg_text_size)
    fresh = _svg(_trend())  # matplotlib's own measure, renderer by renderer
    assert first == again == fresh
    # the same text in another size or weight is measured for itself
    from matplotlib.font_manager import FontProperties

    renderer = charts.RendererSVG(100, 100, io.StringIO())
    sizes = {charts._text_size_once(renderer, "Apr 2024", FontProperties(size=s, weight=w), False)
             for s in (7, 9) for w in ("normal", "bold")}  # fmt: skip
    assert len(sizes) == 4


def test_light_ticks_are_where_and_what_matplotlibs_own_would_be():
    """A trend chart's and an MSG run chart's axes are drawn with light ticks (three artists an axis, not five a tick):
    the same tick values and labels matplotlib would choose for the axes at their final size, and the axis label at
    the same place beside them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    months = pd.date_range("2019-04-01", periods=36, freq="MS")
    run = charts.monthly_run_chart(
        pd.DataFrame({"month": months, "value": 1500 + 300 * np.sin(np.arange(36) / 4),
                      "rolling_12_months": np.r_[[np.nan] * 11, np.linspace(18000, 21000, 25)],
                      "objective": np.r_[[np.nan] * 12, [19500.0] * 24]}),
        title="MSG 1a", unit="admissions", year_start=months[24], year_end=months[-1], source="Source: test",
    )  # fmt: skip
    for fig in (_trend(), run):
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            reference = Figure(figsize=fig.get_size_inches())
            FigureCanvasAgg(reference)
            same = reference.add_axes(ax.get_position())
            same.set_ylim(ax.get_ylim())
            same.yaxis.set_major_formatter(charts.value_ticks())
            same.set_ylabel(ax.get_ylabel(), fontsize=ax.yaxis.label.get_fontsize())
            reference.canvas.draw()
            low, high = same.get_ylim()
            expected = [t.get_text() for t, v in zip(same.get_yticklabels(), same.get_yticks()) if low <= v <= high]
            drawn = [a for a in ax.get_children() if isinstance(a, Text) and a.get_text() in expected]
            assert len(expected) >= 3 and sorted(a.get_text() for a in drawn) == sorted(expected)
            assert len(ax.get_yticks()) == 0  # matplotlib's own ticks are off
            ours = ax.yaxis.label.get_window_extent(renderer)
            theirs = same.yaxis.label.get_window_extent(reference.canvas.get_renderer())
            assert abs(ours.x1 - theirs.x1) < 1 and abs(ours.y0 - theirs.y0) < 1, (ax.get_ylabel(), ours, theirs)


def test_measured_margins_leave_the_room_tight_layout_would_within_a_few_points():
    """The bar, dumbbell and line charts' margins are measured from their labels instead of tight_layout's extra
    layout pass: their axes sit within 12 points of where tight_layout puts them (and the test above checks that no
    text runs off the figure)."""
    for name, fig in _long_label_charts().items():
        if name == "trend":
            continue
        ax = fig.axes[0]
        ours = ax.get_position()
        width, height = fig.get_figwidth() * 72, fig.get_figheight() * 72
        fig.tight_layout(rect=(0, 0.05, 1, ours.y1))
        theirs = ax.get_position()
        assert abs(ours.x0 - theirs.x0) * width < 12, (name, ours.x0 * width, theirs.x0 * width)
        assert abs(ours.y0 - theirs.y0) * height < 12, (name, ours.y0 * height, theirs.y0 * height)
        assert abs(ours.x1 - theirs.x1) * width < 20, (name, ours.x1 * width, theirs.x1 * width)
