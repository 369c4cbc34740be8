"""The benchmarking pack for board papers: charts (PNG, SVG, CSV, alt text), the board paper and its data workbook,
written to outputs/<YYYY-YY>/<slug>/benchmarking/. Figures come from hscp_nb.analysis; this module makes the charts
and the board paper's blocks, which the report's own writers render: every public and data writer of the registry
(or those ``formats`` names)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hscp_nb.analysis import benchmarking, indicators
from hscp_nb.analysis import msg as msg_analysis
from hscp_nb.document.blocks import Blocks, BulletList, Facts, Figure, Heading, Paragraph, Table
from hscp_nb.document.model import Document, FrontMatter, Part, title_page
from hscp_nb.document.values import PROVISIONAL, REVISED
from hscp_nb.domain import msg, reference, rules
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.brand import read_brand
from hscp_nb.inputs.files import replace_dir
from hscp_nb.inputs.msg import read_msg
from hscp_nb.inputs.params import ReportParams, default_output_root
from hscp_nb.inputs.phs import read_core_suite
from hscp_nb.inputs.returns import read_returns
from hscp_nb.present import charts, claims, figures, tables, wording
from hscp_nb.present.claims import stated_in
from hscp_nb.present.data_columns import declared
from hscp_nb.present.export import export_chart
from hscp_nb.present.formats import (
    date,
    in_sentence,
    indicator_decimals,
    indicator_value,
    listed,
    plural,
    possessive,
    said,
)
from hscp_nb.present.formats import rank as rank_text
from hscp_nb.present.views.msg import incomplete_in_words, incomplete_records
from hscp_nb.report.look import branded
from hscp_nb.writers.registry import BY_NAME, DATA, PUBLIC, for_audience, select

PACK_FOLDER = "benchmarking"


@dataclass
class Chart:
    name: str
    caption: str  # short: what the chart is of (its title, inside the picture, says what it finds)
    alt: str
    data: pd.DataFrame
    svg: str
    unit: str = ""
    source: str = ""  # when not the pack's (the MSG charts)
    note: str = ""  # said in the paper after what the chart shows (its method in plain words, its caveats)
    claims: tuple = ()  # the verdicts its alt text and note state


@dataclass
class Pack:
    partnership: reference.Partnership
    year: ReportingYear
    folder: Path
    charts: list[Chart] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    latest: pd.DataFrame | None = None  # the indicators' latest values (IndicatorResults.latest)
    synthetic: bool = False
    source: str = ""
    paper_template: str = ""  # a reference .docx: the partnership's own styles and numbering for the paper
    msg_source: str = ""  # PHS's MSG data, when the pack has them
    table_notes: list[str] = field(default_factory=list)  # under the indicator table: why a year stands in
    msg_caveat: str = ""  # beside the MSG ranks: the months whose hospital records were incomplete


def build_pack(partnership, year, data=None, output_root=None, formats=None, paper_template=None,
               msg_data=None) -> Pack:  # fmt: skip
    """Write the whole pack for one partnership and year into a temporary folder, then move it into place.
    ``paper_template``: the partnership's own Word paper template, whose styles and numbering the paper takes;
    ``msg_data``: PHS's MSG data, for the MSG rates of all 31 partnerships (none: the pack leaves them out)."""
    writers = for_audience(select(formats), PUBLIC, DATA) + (BY_NAME["claims"],)  # the paper's verdicts, traced
    template = check_paper_template(paper_template)
    params = ReportParams.build(partnership=partnership, year=year, data=data, msg_data=msg_data)
    national = read_core_suite(params.data)
    p, y = params.partnership, params.year
    target = Path(output_root or default_output_root()) / y.slug / p.slug / PACK_FOLDER
    tmp = target.with_name(".benchmarking-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    pack = Pack(
        p,
        y,
        tmp,
        synthetic=national.synthetic,
        source=f"PHS Core Suite of Integration Indicators ({params.data.name})"
        + (". SYNTHETIC SAMPLE DATA" if national.synthetic else ""),
        paper_template=template,
    )
    try:
        add_charts(pack, national.table)
        if params.msg_data:
            returns = read_returns(params.returns_file) if params.returns_file.is_file() else None
            msg_data = read_msg(params.msg_data)
            add_msg_charts(pack, msg_data, returns)
            add_msg_caveat(pack, msg_data)
        paper = board_paper(pack)  # one document, every writer; the folder moves into place whole
        brand = read_brand(params.local_folder)  # the partnership's look; a paper template still wins for Word's styles
        paper = branded(paper, brand) if brand is not None else paper
        for writer in writers:
            writer.write(paper, tmp)
        replace_dir(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pack.folder = target
    return pack


def largest_change(results, partnership: reference.Partnership) -> str:
    """What changed most over the window: the indicator whose value moved furthest, as a share of where it started,
    between the two years its trend verdict compares (the rules' own endpoints), with that verdict."""
    best = None
    for r in results.latest[results.latest["shown"]].to_dict("records"):
        window = results.windows.get(r["indicator"])
        if window is None or pd.isna(r["trend_from"]) or pd.isna(r["trend_to"]):
            continue
        start = window[window["year"] == r["trend_from"]]["partnership"]
        end = window[window["year"] == r["trend_to"]]["partnership"]
        if start.empty or end.empty or pd.isna(start.iloc[0]) or not start.iloc[0]:
            continue
        change = (end.iloc[0] - start.iloc[0]) / abs(start.iloc[0]) * 100
        if best is None or abs(change) > abs(best[0]):
            best = (change, r, start.iloc[0], end.iloc[0])
    if best is None:
        return ""
    change, r, first, last = best
    ind = reference.indicator(r["indicator"])
    return said(
        f"The largest change over the window: {ind.id} {ind.title}, from {indicator_value(first, ind.unit)} in "
        f"{r['trend_from']} to {indicator_value(last, ind.unit)} in {r['trend_to']} ({change:+.1f}%; {r['trend']}).",
        claims.trend(r, partnership, f"; {r['trend']})"),
    )


def check_paper_template(path) -> str:
    """The paper template's path, checked: a Word .docx that opens; '' for none."""
    import zipfile

    if not path:
        return ""
    path = Path(path)
    expected = "a Word .docx file: the partnership's paper template, whose styles and numbering the paper takes"
    if not path.is_file():
        raise InputError(Problem(file=str(path), found="no such file", expected=expected))
    try:
        with zipfile.ZipFile(path) as package:
            package.getinfo("word/styles.xml")
    except (zipfile.BadZipFile, KeyError):
        raise InputError(Problem(file=str(path), found="not a Word .docx with styles", expected=expected)) from None
    return str(path.resolve())


def _add(
    pack: Pack,
    fig,
    name: str,
    caption: str,
    alt: str,
    data: pd.DataFrame,
    unit: str = "",
    source: str = "",
    note: str = "",
    stated=(),
) -> None:
    svg = export_chart(fig, pack.folder, name, alt=alt, data=data, png=True)
    chart = Chart(name, caption, str(alt), data, svg.decode("utf-8"), unit, source, note, stated_in([alt, note]))
    pack.charts.append(dataclasses.replace(chart, claims=chart.claims + tuple(stated)))


def msg_objectives_message(results, year: ReportingYear, partnership: str = "") -> str:
    """One sentence of the partnership's MSG verdicts, from the report's one result per measure
    (:func:`hscp_nb.analysis.msg.results`): 'Against its MSG objectives: met for MSG 1a, MSG 2b (margin within what
    incomplete records could change) and MSG 5 (the 2024/25 objective, provisional value within 0.1 points of the
    objective); not met for MSG 2a.'"""
    groups: dict[str, list[str]] = {}
    for r in results:
        j = r.judgement
        about = ([f"the {j.objective_year.label} objective"] if j.objective_year != year else []) + (
            j.caveat.split("; ") if j.caveat else []
        )  # joined by commas: '; ' parts the verdicts
        groups.setdefault(j.verdict, []).append(r.measure.id + (f" ({', '.join(about)})" if about else ""))
    phrases = [f"{words} for {listed(groups[verdict])}" for verdict, words in figures.OBJECTIVE_WORDS.items()
            if verdict in groups]  # fmt: skip

    def phrase_of(r) -> str:
        return next(w for w in phrases if r.measure.id in w.split(" for ", 1)[1])

    stated = [claims.msg_objective(r.measure, r, partnership, phrase_of(r)) for r in results]
    return said(f"Against its MSG objectives for {year.label} (each value against the objective for the year it "
                 f"covers): {'; '.join(phrases)}.", *stated)  # fmt: skip


def add_msg_charts(pack: Pack, data, returns=None) -> None:
    """The MSG indicators' rates per 1,000 people for all 31 partnerships (position among them) and, for each, the
    partnership's monthly rate over the last two years as a run chart with PHS's rules; with the partnership's
    ``returns``, its verdicts against its MSG objectives, as the report judges them."""
    p, y = pack.partnership, pack.year
    flag = ". SYNTHETIC SAMPLE DATA" if data.synthetic else ""
    pack.msg_source = f"PHS Ministerial Strategic Group indicators, management information ({data.source.name}){flag}"
    source = f"Source: {pack.msg_source}."
    if returns is not None and "msg_objectives" in returns.tables:
        pack.messages.append(msg_objectives_message(msg_analysis.results(data, returns, p, y), y, p.name))
    rates = msg_analysis.rates(data, y)
    names = {q.code: q.name for q in reference.partnerships()}
    ranked = rates[rates["partnership_code"].isin(names)].assign(
        partnership=lambda t: t["partnership_code"].map(names),
        label=lambda t: t["code"].map(lambda c: f"MSG {c} {msg.SHORT_TITLES[c]}"),
    )
    own = ranked[ranked["partnership"] == p.name]
    if own.empty:
        why = ("no 12-month figures for this year" if data.monthly["population"].notna().any() else
               "no rate columns (One_rate, …), which give the populations the rates per 1,000 need")  # fmt: skip
        pack.messages.append(f"PHS's MSG data hold {why}, so the MSG rates are left out.")
        return
    scotland = rates[rates["partnership_code"] == reference.SCOTLAND_CODE].set_index("code")["value"]
    for row in own.itertuples():
        m = msg.msg_indicator(row.code)
        versus = f"; Scotland {scotland[row.code]:,.1f}" if row.code in scotland else ""
        position = rank_text(row.rank, ranked[ranked["code"] == row.code]["rank"].notna().sum(), True)
        pack.messages.append(f"{m.id} {m.title}: {row.value:,.1f} per 1,000 people ({m.age_group.lower()}) in "
                             f"{row.period}, {position}{versus}.")  # fmt: skip
    title = f"Position of {p.name} among the 31 partnerships on the MSG rates per 1,000 people, {y.label}"
    best, worst = own.loc[own["rank"].idxmin()], own.loc[own["rank"].idxmax()]
    alt = said(f"Dot chart of the rank of each partnership on {plural(len(own), 'MSG rate')} per 1,000 people, "
               f"1 = best (lowest), {p.name} highlighted. Its best: {best['label']}, {int(best['rank'])} of 31; "
               f"its worst: {worst['label']}, {int(worst['rank'])} of 31.",
               *rank_claims(own.assign(indicator=own["label"]), p.name, y.label, "MSG rate"))  # fmt: skip
    _add(pack, charts.position_chart(ranked, highlight=p.name, title=title, source=source), "msg-position-among-31",
         f"Position among the 31 partnerships: MSG rates per 1,000 people, {y.label}", alt,
         ranked.drop(columns=["label"]), source=pack.msg_source)  # fmt: skip
    end = msg_analysis.year_months(y)[-1]
    for m in msg.MSG_INDICATORS:
        if not m.monthly or m.denominator:
            continue
        series = msg_analysis.monthly_series(data, p.code, m)
        series = series[(series["month"] <= end) & series["population"].notna()].tail(24)
        if len(series) < 12:
            continue
        monthly = pd.DataFrame({"quarter": series["month"].dt.strftime("%b %Y").to_numpy(),
                                "value": (series["numerator"] / series["population"] * 1000).to_numpy(),
                                "estimate": msg_analysis.incomplete_flags(data, p, y, m, series["month"])})  # fmt: skip
        found = benchmarking.run_chart_rules(monthly["value"].to_numpy())
        signals = [s for s, column in (("a shift", "shift"), ("a trend", "trend")) if found[column].any()]
        verdict = " and ".join(signals) if signals else "no shift or trend"
        first, last = monthly["quarter"].iloc[0], monthly["quarter"].iloc[-1]
        title = f"{m.id} {m.title} per 1,000 people by month, {first} to {last}: {verdict}"
        alt = (
            f"Run chart of {m.id} {in_sentence(m.title)} per 1,000 people ({m.age_group.lower()}) in {p.name} each "
            f"month, {first} to {last}, median {found['median'].iloc[0]:,.2f}. The PHS rules find {verdict}."
        )
        under = incomplete_in_words(series.assign(incomplete=monthly["estimate"].to_numpy()))
        if under:
            alt += " " + under
        chart = charts.run_chart(monthly, found, title=title, unit="per 1,000 in the month", source=source,
                                 estimate_label=charts.INCOMPLETE_LABEL)  # fmt: skip
        data_ = pd.concat([monthly.rename(columns={"quarter": "month", "estimate": "records_under_95_percent"}),
                           found[["median", "shift", "trend"]].rename(
                               columns={"shift": "run_shift", "trend": "run_trend"})], axis=1)  # fmt: skip
        caption = f"Run chart: {m.id} {in_sentence(msg.SHORT_TITLES[m.code])} per 1,000 people, by month"
        stated = run_claim(f"{m.id} {m.title}", p.name, y.label, verdict, found, m.id)
        _add(pack, chart, f"{m.slug}-run-chart", caption, alt, data_,
             "per 1,000", source=pack.msg_source, stated=(stated,))  # fmt: skip


def add_charts(pack: Pack, table: pd.DataFrame) -> None:
    p, y = pack.partnership, pack.year
    source = f"Source: {pack.source}."
    results = indicators.results(table, p, y)
    pack.latest = results.latest
    pack.messages = wording.key_messages(results.latest, p, y)

    outliers, funnel_claims = [], {}
    for ind_id in benchmarking.FUNNEL_INDICATORS:
        f = benchmarking.funnel(table, ind_id, y)
        if f is None:
            continue
        ind = reference.indicator(ind_id)
        own = f.points[f.points["partnership"] == p.name]
        where = "inside the 95% limits"
        if len(own):
            row = own.iloc[0]
            side = "above" if row["value"] > f.target else "below"
            if row["outside_99_8"]:
                where = f"outside the 99.8% limits ({side} Scotland)"
                outliers.append(f"{ind.id} {ind.title}: {where}")
            elif row["outside_95"]:
                where = f"between the 95% and 99.8% limits ({side} Scotland)"
        title = f"{ind.title}, {f.year_label}: {p.name} {where}"
        method = wording.funnel_method(f, ind)
        fig = charts.funnel_chart(
            f.points,
            f.curve,
            target=f.target,
            highlight=p.name,
            title=title,
            xlabel="Denominator (log scale)",
            ylabel=ind.unit_short,
            method=method,
            source=source,
            target_text=str(indicator_value(f.target, ind.unit)),
        )
        value = indicator_value(own["value"].iloc[0], ind.unit) if len(own) else "no value"
        outside = int(f.points["outside_99_8"].sum())
        lies = "lies" if outside == 1 else "lie"
        lying = f"{plural(outside, 'partnership').capitalize()} {lies} outside the 99.8% limits"
        funnel_claim = claims.judged(
            "benchmarking", f"{ind.id} {ind.title}", p.name, f.year_label, "funnel limits", where, where, code=ind.id,
            compared=f"{p.name}'s {f.year_label} value with Scotland's and the funnel limits for its size",
            rule=FUNNEL_METHOD, values=funnel_values(own, f),
        )  # fmt: skip
        counted = claims.counted("benchmarking", f"Partnerships outside the 99.8% limits: {ind.id}", "Scotland",
                                 f.year_label, str(outside), lying,
                                 ", ".join(f.points.loc[f.points["outside_99_8"], "partnership"]))  # fmt: skip
        funnel_claims[ind.id] = funnel_claim
        alt = said(
            f"Funnel plot of {ind.title} for the 31 partnerships, {f.year_label}, against Scotland's "
            f"{indicator_value(f.target, ind.unit)}. {p.name}: {value}, {where}. {lying}.",
            funnel_claim,
            counted,
        )
        _add(
            pack,
            fig,
            f"{ind.slug}-funnel",
            f"Funnel plot: {ind.id} {ind.title}, {f.year_label}",
            alt,
            f.points.assign(scotland=f.target),
            ind.unit_short,
            note=funnel_in_words(f, ind),
        )
    heading = "Outside the 99.8% funnel limits"
    if outliers:
        listed_ = [funnel_claims[o.split(" ")[0]] for o in outliers]
        count_claim = claims.counted(
            "benchmarking",
            "Indicators outside the 99.8% funnel limits",
            p.name,
            y.label,
            str(len(outliers)),
            heading,
            ", ".join(o.split(":")[0] for o in outliers),
        )
        pack.messages.append(said(f"{heading} (special-cause variation): " + "; ".join(outliers) + ".",
                                  count_claim, *listed_))  # fmt: skip
    else:
        none = "No funnel-plot indicator lies outside the 99.8% limits."
        pack.messages.append(said(none, claims.counted("benchmarking", "Indicators outside the 99.8% funnel limits",
                                                       p.name, y.label, "0", none, "")))  # fmt: skip

    moved = largest_change(results, p)
    if moved:
        pack.messages.append(moved)

    peers = benchmarking.peer_comparison(results.latest, indicator_decimals)
    if len(peers):
        shown = peers.assign(
            label=peers["indicator"] + " " + peers["title"],
            text=[
                f"{v} by {abs(g):.1f}{' points' if u == 'points' else '%'}" if v != "similar" else v
                for v, g, u in zip(peers["verdict"], peers["gap"], peers["gap_unit"])
            ],
        )
        group = reference.family_groups()[p.code]
        better = int((peers["verdict"] == "better").sum())
        title = f"{p.name} against its LGBF family group (group {group}): better on {better} of " + plural(
            len(peers), "indicator"
        )
        fig = charts.horizontal_bars(
            shown,
            label="label",
            value="gap",
            value_text="text",
            title=title,
            xlabel=PEER_AXIS,
            source=source,
        )
        fig.axes[0].axvline(0, color=charts.DARK_GREY, linewidth=0.8)
        members = ", ".join(q.name for q in reference.peer_group(p) if q != p)
        worse = int((peers["verdict"] == "worse").sum())
        counts = f"better on {better}, worse on {worse}, similar on {len(peers) - better - worse}"
        in_message = f"better on {better}, worse on {worse} of {plural(len(peers), 'indicator')}"
        alt = said(
            f"Bar chart of how far {p.name} is from its family-group value on each of "
            f"{plural(len(peers), 'indicator')} (positive = better; {PEER_GAP}): {counts}.",
            peer_claim(peers, p, y, counts),
        )
        _add(pack, fig, "peer-group-comparison", f"Against the family group (group {group}), latest year", alt, peers)
        pack.messages.append(
            said(f"Against its family group ({members}): {in_message}.", peer_claim(peers, p, y, in_message))
        )

    pos = benchmarking.positions(table, results.latest)
    if len(pos):
        pos = pos.assign(label=pos["indicator"] + " " + pos["title"])
        own = pos[pos["partnership"] == p.name]
        title = f"Position of {p.name} among the 31 partnerships, latest year of each indicator"
        best, worst = own.loc[own["rank"].idxmin()], own.loc[own["rank"].idxmax()]
        alt = said(
            f"Dot chart of the rank of each partnership on {plural(len(own), 'indicator')}, 1 = best, {p.name} "
            "highlighted. "
            f"Its best: {best.indicator}, {int(best['rank'])} of 31; its worst: {worst.indicator}, "
            f"{int(worst['rank'])} of 31.",
            *rank_claims(own, p.name, y.label, "indicator"),
        )
        _add(
            pack,
            charts.position_chart(pos, highlight=p.name, title=title, source=source),
            "position-among-31",
            "Position among the 31 partnerships, latest year of each indicator",
            alt,
            pos,
            note=tables.RANK_NOTE,
        )

    for ind_id in benchmarking.QUARTERLY_INDICATORS:
        series = benchmarking.quarterly_series(table, ind_id, p, y)
        if len(series) < 8:
            continue
        ind = reference.indicator(ind_id)
        rules = benchmarking.run_chart_rules(series["value"].to_numpy())
        signals = []
        if rules["shift"].any():
            signals.append("a shift")
        if rules["trend"].any():
            signals.append("a trend")
        verdict = " and ".join(signals) if signals else "no shift or trend"
        title = f"{ind.title} by quarter, {series['quarter'].iloc[0]} to {series['quarter'].iloc[-1]}: {verdict}"
        data = pd.concat(
            [series, rules[["median", "shift", "trend"]].rename(columns={"shift": "run_shift", "trend": "run_trend"})],
            axis=1,
        )
        estimated = list(series.loc[series["estimate"].eq(True), "quarter"])
        alt = (
            f"Run chart of {ind.title} ({ind.unit_short}) for {p.name} by quarter, {series['quarter'].iloc[0]} to "
            f"{series['quarter'].iloc[-1]}, median {rules['median'].iloc[0]:,.1f}. The PHS rules find {verdict}."
        )
        found = run_claim(f"{ind.id} {ind.title}", p.name, y.label, verdict, rules, ind.id)
        if estimated:
            alt += f" PHS marks {quarters_in_words(estimated)} as estimates (open circles on a dashed line)."
        _add(
            pack,
            charts.run_chart(series, rules, title=title, unit=f"{ind.unit_short} in the quarter", source=source),
            f"{ind.slug}-run-chart",
            f"Run chart: {ind.id} {ind.title} by quarter",
            alt,
            data,
            ind.unit_short,
            stated=(found,),
        )
    pack.table_notes = stand_in_notes(table, results.latest, p, y)


PEER_GAP = "a percentage's gap in percentage points, a rate's as % of the family-group value, from the printed values"
PEER_AXIS = "Difference from the family group (positive = better): points for a percentage, % of its value for a rate"


def add_msg_caveat(pack: Pack, data) -> None:
    """Beside the MSG ranks (after their messages, and after the chart of them): the report's own sentence on the
    months of the reporting year whose hospital records at the partnership's NHS board were under 95% complete
    (:func:`hscp_nb.present.views.msg.incomplete_records`), and what that means for the rates and ranks."""
    ranks = next((c for c in pack.charts if c.name == "msg-position-among-31"), None)
    if ranks is None:
        return
    sentence = incomplete_records(data, pack.partnership, pack.year, noun="paper")
    if sentence is None:
        return
    if not data.completeness.empty:
        sentence = said(f"{sentence} The {pack.year.label} MSG rates counted from those records are likely to rise as "
                        "the records are completed, and the ranks may change.", *sentence.values)  # fmt: skip
    pack.msg_caveat = sentence
    pack.messages.append(sentence)
    ranks.note = sentence


APPENDIX_1 = "Appendix 1: Every indicator"
APPENDIX_2 = "Appendix 2: Charts"
SPIEGELHALTER = (
    "Reference for the funnel plots: Spiegelhalter DJ (2005), Funnel plots for comparing institutional performance, "
    "Statistics in Medicine 24(8), 1185–1202."
)
FUNNEL_METHOD = (
    "Funnel limits: exact binomial or Poisson limits around Scotland's value at 95% and 99.8% (Spiegelhalter 2005). "
    "Where the partnerships vary more than chance alone would explain (over-dispersion), the limits are widened to "
    "allow for it: φ (phi), the over-dispersion factor, says how many times the variation between partnerships "
    "exceeds what chance alone would give, and τ (tau) is that extra variation between partnerships, in the "
    "indicator's own unit."
)
# What the paper's marks mean, said under a table that prints one
PAPER_SYMBOLS = {
    PROVISIONAL: tables.PROVISIONAL_NOTE,
    REVISED: f"{REVISED} marks a figure revised since the last edition: PHS revised it, the accounts were audited, "
    "or the partnership's returns were corrected.",
}


@dataclasses.dataclass
class Paper(Document):
    """The board paper: its data sources are listed once, under Sources and method, so its title page leaves them
    out (its data workbook's cover still names them, from the front matter)."""

    @property
    def title_blocks(self) -> Blocks:
        return title_page(dataclasses.replace(self.front, sources=()))


def symbol_notes(frame: pd.DataFrame) -> list[str]:
    """What each mark printed in ``frame``'s cells means ([p] provisional, [r] revised), for the notes under it."""
    cells = [str(v) for v in frame.to_numpy().ravel()]
    return [note for mark, note in PAPER_SYMBOLS.items() if any(mark in c for c in cells)]


def funnel_in_words(f, ind) -> str:
    """How a funnel plot's limits were drawn, in plain words for a board member (the chart's own note uses φ, τ),
    with the over-dispersion verdict it states as a claim."""
    stated = "vary more than chance alone would explain" if f.overdispersed else (
        "vary no more than chance alone would explain"
    )  # fmt: skip
    claim = claims.judged(
        "benchmarking", f"{ind.id} {ind.title}: over-dispersion", "Scotland", f.year_label, "over-dispersion",
        "over-dispersed" if f.overdispersed else "not over-dispersed", stated, code=ind.id,
        compared="the spread of the 31 partnerships' z-scores with what chance alone gives", rule=FUNNEL_METHOD,
        values=f"phi {claims.number(f.phi)}; tau2 {claims.number(f.tau2)}",
    )  # fmt: skip
    if not f.overdispersed:
        return said(f"Its limits are not widened: the partnerships {stated} (φ = {f.phi:.1f}).", claim)
    tau = (f.tau2**0.5) * f.scale
    return said(
        f"Its limits are widened: the partnerships {stated} (over-dispersion, "
        f"φ = {f.phi:.1f}, about {f.phi:,.0f} times the variation of chance; τ = {tau:,.1f} {ind.unit_short} between "
        "partnerships).",
        claim,
    )


def funnel_values(own: pd.DataFrame, f) -> str:
    """The values a funnel verdict was computed from: the partnership's value, Scotland's and its z-score."""
    if own.empty:
        return f"Scotland {claims.number(f.target)}"
    row = own.iloc[0]
    z = f"; z {claims.number(row['z'])}" if "z" in own else ""
    return f"value {claims.number(row['value'])}; Scotland {claims.number(f.target)}{z}"


def peer_claim(peers: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear, stated: str):
    """The family-group counts as a claim: each indicator's verdict against its family group's value."""
    members = "; ".join(f"{i} {v}" for i, v in zip(peers["indicator"], peers["verdict"]))
    verdict = ", ".join(f"{word} {int((peers['verdict'] == word).sum())}" for word in ("better", "worse", "similar"))
    return claims.counted("benchmarking", "Indicators against the family group", partnership.name, year.label,
                          verdict, stated, members)  # fmt: skip


def rank_claims(own: pd.DataFrame, area: str, period: str, noun: str) -> tuple:
    """'Its best: …; its worst: …' on a position chart, each a claim of the ranks it names."""
    best, worst = own.loc[own["rank"].idxmin()], own.loc[own["rank"].idxmax()]
    return tuple(
        claims.judged("benchmarking", f"Rank among the 31 of each {noun}", area, period, f"{word} rank", word,
                      f"{stated}: {row['indicator']}", compared=f"{area}'s rank on each {noun}",
                      rule="rank 1 = best of the partnerships ranked; ties share the better rank",
                      values=f"{row['indicator']} {int(row['rank'])} of 31")
        for word, stated, row in (("best", "Its best", best), ("worst", "its worst", worst))
    )  # fmt: skip


def run_claim(figure: str, area: str, period: str, verdict: str, found: pd.DataFrame, code: str = ""):
    """What PHS's run-chart rules find, as a claim."""
    return claims.judged(
        "benchmarking",
        figure,
        area,
        period,
        "run chart rules",
        verdict,
        f"The PHS rules find {verdict}",
        code=code,
        compared="each point with the median of the series",
        rule="PHS: a shift is 6 or more points in a row on one side of the median; a trend 5 or more points in a "
        "row all rising or all falling",
        values=f"median {claims.number(found['median'].iloc[0])}; shift points {int(found['shift'].sum())}; "
        f"trend points {int(found['trend'].sum())}",
    )


def quarters_in_words(labels: list[str]) -> str:
    """'2025/26 Q1 to Q4' for consecutive quarters of one year; otherwise each quarter named."""
    years = {label.rsplit(" ", 1)[0] for label in labels}
    numbers = [int(label[-1]) for label in labels]
    if len(labels) > 2 and len(years) == 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{labels[0]} to Q{numbers[-1]}"
    return listed(labels)


def stand_in_notes(
    table: pd.DataFrame, latest: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear
) -> list[str]:
    """Why the indicator table gives a calendar year in place of the reporting year, read from the data: PHS marks
    its financial-year figures as estimates (and the run charts show which quarters), or has not published them."""
    stood = latest[latest["shown"] & latest["stand_in"].eq(True)]["indicator"].tolist()
    if not stood:
        return []
    rows = table[(table["year_label"] == year.label) & (table["period_basis"] == "financial")
                 & (table["locality"] == "All")]  # fmt: skip
    annual = rows[rows["time_period"] == "Annual"]
    estimated = [i for i in stood if (annual["indicator"] == i).any()]
    missing = [i for i in stood if i not in estimated]
    notes = []
    if estimated:
        text = (
            f"{listed(estimated)}: PHS has published {year.label} but marks the figures as estimates, so the table "
            f"gives calendar year {year.start} in place of {year.label}, as PHS advises (what 'incomplete' means here)."
        )
        charted = [i for i in estimated if i in benchmarking.QUARTERLY_INDICATORS]
        own = rows[(rows["partnership_code"] == partnership.code) & rows["estimate"].eq(True)]
        counts = {int(own[own["indicator"] == i]["time_period"].isin(["Q1", "Q2", "Q3", "Q4"]).sum()) for i in charted}
        if charted and len(counts) == 1 and min(counts) > 0:
            n = counts.pop()
            which = "all four quarters" if n == 4 else plural(n, "quarter")
            text += (
                f" The run charts of {listed(charted)} in {APPENDIX_2.split(':')[0]} show {which} of {year.label} as "
                "estimates: open circles on a dashed line."
            )
        notes.append(text)
    if missing:
        notes.append(
            f"{listed(missing)}: PHS has not yet published {year.label}, so the table gives calendar year "
            f"{year.start} in its place, as PHS advises."
        )
    return notes


def figure_numbers(numbers: list[int]) -> str:
    """'Figures 1 to 7', 'Figures 10 to 14 and 16 to 21', 'Figure 8'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    spans = [f"{r[0]}" if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs]
    return ("Figure " if numbers == [numbers[0]] else "Figures ") + listed(spans)


def charts_guide(pack: Pack) -> str:
    """How to read the appendix's funnel plots and run charts, naming their figures."""
    funnels = [n for n, c in enumerate(pack.charts, start=1) if c.name.endswith("-funnel")]
    runs = [n for n, c in enumerate(pack.charts, start=1) if c.name.endswith("-run-chart")]
    text = []
    if funnels:
        text.append(
            f"{figure_numbers(funnels)}: funnel plots. Each dot is a partnership, placed by the size of the "
            "population or group its rate is counted in (the further right, the larger) and by its value; the "
            "funnel around Scotland's value shows how far chance alone would take a partnership of that size. "
            "Outside the 99.8% limits is special-cause variation, worth following up. Where partnerships vary "
            "more than chance alone would explain, the funnel is widened (section 8 says how). A funnel plot asks "
            "whether a partnership differs from Scotland by more than chance would for its size; 'better' or "
            "'worse' than Scotland in Appendix 1 asks whether the difference is large enough to matter (at least "
            f"{rules.SIMILAR_POINTS:g} percentage point, or {rules.SIMILAR_RELATIVE:.0%} of Scotland's value for a "
            "rate). So an indicator can be worse than Scotland in the table and still inside the funnel."
        )
    if runs:
        text.append(
            f"{figure_numbers(runs)}: run charts. By PHS's rules, a shift (6 or more points in a row on one side of "
            "the median) or a trend (5 or more points in a row rising or falling) signals a change beyond chance; "
            "a value PHS marks as an estimate is an open circle on a dashed line."
        )
    return " ".join(text)


BOARD_PAPER_FIELDS = ("Report number", "Meeting", "Date of meeting", "Agenda item", "Report by", "Author",
                      "Date of paper")  # fmt: skip
APPENDIX_1_COLUMNS = ["Indicator", "Unit", "Latest", "Value", "Scotland", "Peer group", "Rank (1 = best)",
                   "Trend over window", "Against Scotland", "Notes"]  # fmt: skip
# A paper for noting: the standard sentences of a Scottish integration authority's paper, one per implication. A
# partnership that decides something with the paper replaces them in Word.
IMPLICATIONS = (
    ("Financial", "There are no financial implications: the paper reports published statistics for noting."),
    ("Legal", "There are no legal implications. The annual performance report itself is a duty under section 42 of "
              "the Public Bodies (Joint Working) (Scotland) Act 2014."),
    ("Workforce", "There are no workforce implications."),
    ("Equality and Fairer Scotland Duty", "The paper proposes no new or changed policy, service or strategic "
     "decision, so no equality impact assessment or Fairer Scotland Duty assessment is needed."),
    ("Islands Communities Impact Assessment", "The paper proposes no new or changed policy, strategy or service, "
     "so no islands communities impact assessment is needed."),
    ("Climate change", "There are no climate change implications."),
    ("Risk", "The paper raises no new risk. Indicators outside the funnel limits are for the performance "
             "framework to follow up."),
    ("Data protection", "The paper uses published, aggregated statistics only: no personal data are processed."),
)  # fmt: skip


DATA_FILES = (
    "The data behind every chart and table: benchmarking-data.xlsx beside this paper, and a CSV file beside each chart."
)


def sources_and_method(pack: Pack) -> list[str]:
    return [
        pack.source,
        "Peer group: LGBF family groups for people services (deprivation). " + reference.CLACKS_STIRLING_RULE,
        FUNNEL_METHOD,
        SPIEGELHALTER,
        "Run charts: PHS rules (shift: 6+ points on one side of the median; trend: 5+ points rising or falling).",
        *(
            (
                pack.msg_source,
                "MSG rates: the 12 months of the year per 1,000 people of the age group, with the "
                "populations PHS's own rates imply. " + msg.NOT_COMPARABLE_NOTE,
                "MSG objectives: each value is judged against the partnership's objective for the year it covers. "
                + msg.RECORDS_RULE
                + " "
                + msg.CLOSE_RULE,
            )
            if pack.msg_source
            else ()
        ),
    ]


def board_paper(pack: Pack) -> Document:
    """The board paper as a document of blocks, for the same writers as the report, in the sections a Scottish
    integration authority's paper carries: purpose, recommendation, background, assessment (from the rules: what is
    outside the funnel limits, how the partnership stands against its family group and all 31, the quarterly run
    charts), implications (the standard sentences of a paper for noting), directions, consultation, sources and
    method, and the list of appendices; then Appendix 1, every indicator with its unit (those not reported too), and
    Appendix 2, the charts each with what it shows. What only the author knows (report number, meeting, author,
    dates, consultation) are fields in Word."""
    p, y = pack.partnership, pack.year
    body = p.governing_body
    appendix_1 = tables.latest_table(pack.latest, p, y)
    units = {i.id: i.unit_short for i in reference.indicators()}
    appendix_1 = appendix_1.assign(Unit=appendix_1["Indicator"].map(units), Indicator=appendix_1["Indicator"] + " " +
                                   appendix_1["Title"])[APPENDIX_1_COLUMNS]  # fmt: skip
    chart_blocks = []
    for n, c in enumerate(pack.charts, start=1):
        chart_blocks += [
            Figure(
                c.name,
                c.svg,
                c.alt,
                f"Figure {n}. {c.caption}",
                c.source or pack.source,
                declared(c.data, c.unit),
                claims=c.claims,
            ),
            Paragraph(f"What Figure {n} shows: {c.alt}" + (f" {c.note}" if c.note else ""), claims=c.claims),
        ]
    implications = tuple(f"{what}: {said}" for what, said in IMPLICATIONS)  # standard sentences of a paper for noting
    method, guide = tuple(sources_and_method(pack)), charts_guide(pack)
    listing = (
        f"{APPENDIX_1}: the core integration indicators, each with its unit, latest value, rank and notes (those "
        "not reported too, with the reason).",
        f"{APPENDIX_2}: {plural(len(pack.charts), 'chart')}, each followed by what it shows.",
        DATA_FILES,
    )
    parts = [
        ("purpose", "1. Purpose", [Paragraph(
            f"This paper gives the {body} the benchmarking of {p.name} on the core integration indicators for "
            f"{y.label}: against Scotland, its family group of partnerships and all 31 partnerships, with the "
            "quarterly trend of the indicators published each quarter."
        )]),
        ("recommendation", "2. Recommendation", [Paragraph(
            f"The {body} is asked to note the benchmarking position in this paper and the assessment in section 4."
        )]),
        ("background", "3. Background", [Paragraph(
            "Each integration authority publishes an annual performance report on the core integration indicators "
            "(section 42 of the Public Bodies (Joint Working) (Scotland) Act 2014). Public Health Scotland "
            f"publishes the indicators for all 31 partnerships. This paper sets {possessive(p.name)} latest values "
            "beside theirs, so that the " + body + " can see where the partnership stands and what has changed."
        )]),
        ("assessment", "4. Assessment", [BulletList(tuple(pack.messages), claims=stated_in(pack.messages))]),
        ("implications", "5. Implications", [BulletList(implications, claims=claims.method(implications))]),
        ("directions", "6. Directions required", [Paragraph("None: this paper is for noting.")]),
        ("consultation", "7. Consultation", [Facts((("Consulted", None),))]),
        ("sources", "8. Sources and method", [BulletList(method, claims=claims.method(method))]),
        ("appendices", "9. Appendices", [BulletList(listing)]),
        ("summary", APPENDIX_1, [Table.from_frame(
            appendix_1, "indicator-summary", f"Core integration indicators, {p.name}, latest year in the {y.label} "
            "report, with the unit of each and the reason an indicator is not reported",
            data=declared(pack.latest), notes=(tables.RANK_NOTE, *symbol_notes(appendix_1), *pack.table_notes),
            claims=stated_in(cell for column in appendix_1.columns for cell in appendix_1[column]),
        )]),
        ("charts", APPENDIX_2, [Paragraph(guide, claims=claims.method([guide])), *chart_blocks]),
    ]  # fmt: skip
    front = board_paper_front(pack)
    return Paper(front, [Part(i, title, Blocks(Heading(title, 2), *blocks)) for i, title, blocks in parts])


def board_paper_front(pack: Pack | None = None) -> FrontMatter:
    """The board paper's front matter: its title, fields for the meeting, author and dates, and its file names
    (``board-paper.*``, ``benchmarking-data.*``; without a pack, just the names)."""
    common = {"category": "Board paper", "eyebrow": "Board paper", "noun": "document", "contents": False,
              "part_per_page": False, "stem": "board-paper", "data_stem": "benchmarking-data",
              "about_data": "The data behind every chart and table of the benchmarking board paper."}  # fmt: skip
    if pack is None:
        return FrontMatter(title="Board paper", **common)
    p, y = pack.partnership, pack.year
    return FrontMatter(
        title=f"{p.name}: benchmarking of the core integration indicators, {y.label}",
        description=f"Benchmarking of {p.name} Health and Social Care Partnership for its board, {y.label}",
        partnership=p.name,
        year_label=y.label,
        facts=(("Report to", f"{p.name} {p.governing_body}"), ("Status", "For noting"))
        + tuple((label, None) for label in BOARD_PAPER_FIELDS),
        sources=(pack.source, *((pack.msg_source,) if pack.msg_source else ())),
        notes=tuple(sources_and_method(pack)),
        created=date(dt.date.today()),
        synthetic=pack.synthetic,
        contact=f"The performance team of {p.name} Health and Social Care Partnership",
        template=pack.paper_template,
        **common,
    )
