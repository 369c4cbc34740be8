"""Interactive exploration for analysts: pick partnerships, an indicator and years; see the trend against Scotland and
the peer group, the funnel plot and the position among the 31, with the table behind each chart.

``Explorer.widgets()`` gives the ipywidgets interface in JupyterLab; ``Explorer.show()`` draws the same charts with
no widgets (what papermill and the tests run). Figures come from hscp_nb.indicators and hscp_nb.benchmarking.
"""

from __future__ import annotations

import html
import io

import pandas as pd

from hscp_nb.analysis import benchmarking, indicators
from hscp_nb.analysis import msg as msg_analysis
from hscp_nb.document.blocks import Blocks, Figure, Heading, Paragraph
from hscp_nb.domain import msg, reference
from hscp_nb.domain.years import parse_year
from hscp_nb.inputs.msg import read_msg
from hscp_nb.inputs.params import default_path
from hscp_nb.inputs.phs import read_core_suite
from hscp_nb.present import charts, wording
from hscp_nb.present.data_columns import declared
from hscp_nb.present.formats import in_sentence, indicator_value


def _chart(fig, alt: str, data: pd.DataFrame, caption: str, name: str = "explore") -> Figure:
    """Draw a chart straight into a figure block (nothing written to disk while exploring)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    return Figure(name, buffer.getvalue().decode("utf-8"), alt, caption, "", declared(data))


class Explorer:
    """Holds the PHS table once; every view is a call with explicit choices."""

    def __init__(self, data=None, msg_data=None):
        national = read_core_suite(data or default_path("data"))
        self.table = national.table
        self.source = "Source: PHS Core Suite" + (" (SYNTHETIC SAMPLE DATA)" if national.synthetic else "") + "."
        self.msg_data = msg_data or default_path("msg_data")

    @property
    def msg(self):
        """PHS's MSG data, read the first time an MSG indicator is chosen."""
        if not hasattr(self, "_msg"):
            self._msg = read_msg(self.msg_data)
        return self._msg

    def msg_trend(self, partnerships: list[str], code: str, first_year: int, last_year: int) -> pd.DataFrame:
        """Each chosen partnership's and Scotland's MSG measure by financial year (rates per 1,000 people; 3b, 5
        and 6 as percentages): year, series, value."""
        m = msg.msg_indicator(code)
        areas = [(p.code, p.name) for p in map(reference.resolve_partnership, partnerships)]
        out = [msg_analysis.yearly(self.msg, area, m, first_year, last_year).assign(series=name)
               for area, name in [*areas, (reference.SCOTLAND_CODE, "Scotland")]]  # fmt: skip
        table = pd.concat([t for t in out if len(t)] or out[:1], ignore_index=True)
        order = {y: i for i, y in enumerate(sorted(table["year"].unique()))}
        return table.sort_values("year", key=lambda y: y.map(order), kind="stable").reset_index(drop=True)

    def show_msg(self, partnerships: list[str], code: str, first_year: int, last_year: int) -> Blocks:
        """An MSG measure: its trend for the chosen partnerships against Scotland, and all 31's position in the last
        year (indicators 1 to 4 as rates per 1,000 people)."""
        m = msg.msg_indicator(code)
        chosen = [reference.resolve_partnership(p).name for p in partnerships]
        unit = "%" if m.unit == "percentage" else "per 1,000 people"
        source = f"Source: PHS MSG management information ({self.msg.source.name})" + (
            " (SYNTHETIC SAMPLE DATA)." if self.msg.synthetic else ".")  # fmt: skip
        parts = Blocks(Heading(f"{m.id} {m.title}", 2), Paragraph(msg.NOT_COMPARABLE_NOTE))
        trend = self.msg_trend(partnerships, code, max(first_year, msg.FIRST_MONTH[0]), last_year)
        if trend.empty:
            return parts.add(Paragraph("No MSG data for these years."))
        fig = charts.grouped_lines(trend, x="year", series="series", value="value", ylabel=unit,
                                   title=f"{m.title} ({unit}): {', '.join(chosen)} against Scotland", source=source,
                                   styles={"Scotland": charts.SERIES_STYLE["scotland"],
                                           **{name: (colour, marker, "-") for name, (colour, marker)
                                              in zip(chosen, charts.HIGHLIGHTS)}})  # fmt: skip
        alt = f"Line chart of {m.id} {in_sentence(m.title)} ({unit}) by year for {', '.join(chosen)} and Scotland."
        parts.append(_chart(fig, alt, trend, f"{m.id} {m.title} ({unit})"))
        rates = msg_analysis.rates(self.msg, parse_year(last_year))
        ranked = rates[(rates["code"] == m.code) & rates["rank"].notna()]
        if len(ranked):
            names = {p.code: p.name for p in reference.partnerships()}
            pos = ranked.assign(partnership=ranked["partnership_code"].map(names), label=f"{m.id} {m.title}")
            fig = charts.position_chart(pos, highlight=chosen, source=source,
                                        title=f"Position of {', '.join(chosen)} among the 31 partnerships, "
                                        f"{parse_year(last_year).label}")  # fmt: skip
            parts.append(_chart(fig, f"Dot chart of the 31 partnerships' ranks on {m.id} {in_sentence(m.title)} per "
                                      "1,000 people.", pos, "Position among the 31"))  # fmt: skip
        return parts

    def trend(self, partnerships: list[str], indicator: str, first_year: int, last_year: int) -> pd.DataFrame:
        """Annual values of the chosen partnerships, Scotland and the first one's peer group (long table)."""
        ind = reference.indicator(indicator)
        chosen = [reference.resolve_partnership(p) for p in partnerships]
        basis = {"survey": "survey", "calendar": "calendar"}.get(ind.period, "financial")
        rows = self.table[
            (self.table["indicator"] == ind.id)
            & (self.table["time_period"] == "Annual")
            & (self.table["period_basis"] == basis)
            & self.table["year_start"].between(first_year, last_year)
        ]
        peers = {p.code for p in reference.peer_group(chosen[0])}
        out = []
        for (label, start), group in rows.groupby(["year_label", "year_start"]):
            for p in chosen:
                own = group[group["partnership_code"] == p.code]
                if len(own):
                    out.append({"year": label, "year_start": start, "series": p.name, "value": own["value"].iloc[0]})
            scot = group[group["partnership_code"] == reference.SCOTLAND_CODE]
            if len(scot):
                out.append({"year": label, "year_start": start, "series": "Scotland", "value": scot["value"].iloc[0]})
            out.append(
                {
                    "year": label,
                    "year_start": start,
                    "series": f"Peer group of {chosen[0].name}",
                    "value": indicators.aggregate(group[group["partnership_code"].isin(peers)], ind),
                }
            )
        return pd.DataFrame(out).sort_values(["year_start", "series"], kind="stable").reset_index(drop=True)

    def verdicts(self, partnership: str, year) -> pd.DataFrame:
        """Every indicator's verdicts for one partnership and report year (against Scotland and the peer group,
        direction of travel, rank): the same rules and the same function as the report and the pack."""
        latest = indicators.latest_rows(self.table, reference.resolve_partnership(partnership), parse_year(year))
        return latest[
            [
                "indicator",
                "shown",
                "latest_year",
                "value",
                "scotland",
                "peer",
                "vs_scotland",
                "vs_peer",
                "trend",
                "rank",
                "ranked",
            ]
        ]

    def show(self, partnerships: list[str], indicator: str, first_year: int, last_year: int) -> Blocks:
        """Trend, funnel and position charts with the data behind each, as document blocks (an MSG indicator,
        'MSG 1a', its own charts: :meth:`show_msg`)."""
        if str(indicator).upper().startswith("MSG"):
            return self.show_msg(partnerships, indicator, first_year, last_year)
        ind = reference.indicator(indicator)
        first = reference.resolve_partnership(partnerships[0])
        chosen = [reference.resolve_partnership(p).name for p in partnerships]
        parts = Blocks(Heading(f"{ind.id} {ind.title}", 2))
        trend = self.trend(partnerships, indicator, first_year, last_year)
        if trend.empty:
            return parts.add(Paragraph("No data for these years."))
        fig = charts.grouped_lines(
            trend,
            x="year",
            series="series",
            value="value",
            ylabel=ind.unit_short,
            title=f"{ind.title}: {', '.join(chosen)} against Scotland",
            source=self.source,
            styles={  # the reports' Scotland and peer group; each partnership as in the funnel and position charts
                "Scotland": charts.SERIES_STYLE["scotland"],
                f"Peer group of {first.name}": charts.SERIES_STYLE["peer"],
                **{name: (colour, marker, "-") for name, (colour, marker) in zip(chosen, charts.HIGHLIGHTS)},
            },
        )
        parts.append(
            _chart(
                fig,
                f"Line chart of {ind.title} by year for {', '.join(chosen)}, Scotland and the peer group.",
                trend,
                f"{ind.title} ({ind.unit})",
            )
        )
        year = parse_year(last_year)
        f = benchmarking.funnel(self.table, ind.id, year) if ind.id in benchmarking.FUNNEL_INDICATORS else None
        if f is not None:
            fig = charts.funnel_chart(
                f.points,
                f.curve,
                target=f.target,
                target_text=str(indicator_value(f.target, ind.unit)),
                highlight=chosen,
                xlabel="Denominator (log scale)",
                ylabel=ind.unit_short,
                method=wording.funnel_method(f, ind),
                source=self.source,
                title=f"{ind.title}, {f.year_label}: the 31 partnerships against Scotland",
            )
            parts.append(
                _chart(
                    fig,
                    f"Funnel plot of {ind.title} in {f.year_label}; {wording.funnel_method(f, ind)}.",
                    f.points,
                    f"Funnel plot, {f.year_label}",
                )
            )
        latest = indicators.latest_rows(self.table[self.table["indicator"] == ind.id], first, year)
        verdict = latest[latest["indicator"] == ind.id].iloc[0]
        if verdict["shown"]:
            parts.append(Paragraph(wording.sentence(verdict, first, year)))
        pos = benchmarking.positions(self.table, latest)
        if len(pos):
            pos = pos.assign(label=pos["indicator"] + " " + pos["title"])
            fig = charts.position_chart(
                pos,
                highlight=chosen,
                source=self.source,
                title=f"Position of {', '.join(chosen)} among the 31 partnerships",
            )
            parts.append(
                _chart(fig, f"Dot chart of the 31 partnerships' ranks on {ind.title}.", pos, "Position among the 31")
            )
        return parts

    def export(self, partnership: str, year: int, output_root=None):
        """Write the benchmarking pack (charts, board paper, data pack) for one partnership and year."""
        from hscp_nb.products.pack import build_pack

        return build_pack(partnership, year, None, output_root)

    def widgets(self, partnerships: list[str], indicator: str, first_year: int, last_year: int):
        """An ipywidgets interface over ``show`` with an export button (needs a live kernel to respond)."""
        import ipywidgets as w
        from IPython.display import display

        names = [p.name for p in reference.partnerships()]
        pick = w.SelectMultiple(
            options=names,
            value=[reference.resolve_partnership(p).name for p in partnerships],
            description="Partnerships",
            rows=8,
            style={"description_width": "initial"},  # the whole label, never "Partnershi…"
            layout=w.Layout(width="22em"),
        )
        ind = w.Dropdown(
            options=[(f"{i.id} {i.title}", i.id) for i in reference.indicators() if i.status != "not reported"]
            + [(f"{m.id} {m.title}", m.id) for m in msg.MSG_INDICATORS],
            value=indicator if str(indicator).upper().startswith("MSG") else reference.indicator(indicator).id,
            description="Indicator",
            style={"description_width": "initial"},
            layout=w.Layout(width="30em"),
        )
        years = w.IntRangeSlider(
            value=(first_year, last_year),
            min=2015,
            max=2025,
            description="Years (first to last)",
            style={"description_width": "initial"},
            layout=w.Layout(width="30em"),
        )
        button = w.Button(description="Export pack", tooltip="Write the benchmarking pack for the first partnership")
        out = w.Output()
        status = w.HTML()

        def redraw(*_):
            out.clear_output(wait=True)
            with out:
                display(self.show(list(pick.value) or names[:1], ind.value, *years.value))

        def export(_):
            pack = self.export((pick.value or names[:1])[0], years.value[1])
            status.value = f"Pack written to {html.escape(str(pack.folder))}"

        for control in (pick, ind, years):
            control.observe(redraw, names="value")
        button.on_click(export)
        redraw()
        return w.VBox([w.HBox([pick, w.VBox([ind, years, button, status])]), out])
