"""The report's sentences: what the numbers and verdicts of :mod:`hscp_nb.analysis` say in plain English.

Method notes are written from the constants of :mod:`hscp_nb.domain.rules`, so that what the report says about its
rules is what the code does.
"""

from __future__ import annotations

import pandas as pd

from hscp_nb.domain import reference, rules
from hscp_nb.domain.reference import CLACKS_STIRLING_RULE, Indicator
from hscp_nb.domain.years import FIRST_REPORTING_YEAR, PRECEDING_YEARS, SURVEY_BREAK_WAVE, ReportingYear
from hscp_nb.present import claims
from hscp_nb.present.claims import caveats
from hscp_nb.present.figures import indicator_figures
from hscp_nb.present.formats import count, indicator_value, said

VERSUS = {rules.BETTER: "better than", rules.WORSE: "worse than", rules.SIMILAR: "similar to"}


def governance_introduction(partnership: reference.Partnership) -> str:
    """The inspections and governance section's opening: what it covers. Only the lead-agency model (Highland) has a
    Joint Monitoring Committee whose recommendations the report must answer (GOV-2); an integration joint board's
    report says nothing of one."""
    covers = [
        "inspections of delegated functions and their recommendations",
        "the strategic plan review",
        "significant decisions and directions",
        "the integration delivery principles",
    ]
    if partnership.is_lead_agency:
        covers.append(f"the {partnership.governing_body}'s recommendations and the responses (lead-agency model)")
    text = ", ".join(covers) + " and publication."
    return text[:1].upper() + text[1:]


def not_shown_reason(row, partnership: reference.Partnership, year: ReportingYear) -> str:
    """Why an indicator has no value in the report."""
    if row["not_shown"] == "not reported":
        return "Not reported nationally: no agreed definition or national data source."
    if row["not_shown"] == "suspended":
        return (
            "Suspended: not published since 2019/20 because of cost-data issues after the pandemic. "
            "No value falls in this report's window."
        )
    return f"No data for {partnership.name} in the {year.label} window."


def caveat_text(row, ind: Indicator) -> str:
    return "; ".join(caveats(row, ind))


def sentence(row, partnership: reference.Partnership, year: ReportingYear) -> str:
    """'Emergency admission rate (NI-12) was 12,345 per 100,000 in 2021/22, worse than Scotland (11,651); …'"""
    ind = reference.indicator(row["indicator"])
    if not row["shown"]:
        return f"{ind.id} {ind.title}: {not_shown_reason(row, partnership, year)}"
    printed = indicator_figures(row, ind, partnership)
    value, scot = printed["value"], printed["scotland"]
    unit = "" if ind.unit == "percentage" else f" {ind.unit_short}"
    vs = VERSUS.get(row["vs_scotland"], "compared with")
    against = claims.against_scotland(row, partnership, f"{vs} Scotland")
    text = f"{ind.title} ({ind.id}) was {value}{unit} in {row['latest_year']}, {vs} Scotland ({scot})"
    ranked = None
    if not pd.isna(row["rank"]):
        ranked = printed["rank in words"]
        text += f", {ranked} partnerships (1st = best)"
    trend = row["trend"]
    travel = None
    if trend in {rules.IMPROVED, rules.WORSENED}:
        travel = f"it {trend} {claims.between(row)}"
    elif trend == rules.LITTLE_CHANGE:
        travel = f"little change {claims.between(row)}"
    elif trend == rules.NOT_COMPARABLE:
        travel = f"no trend shown because the {ReportingYear(SURVEY_BREAK_WAVE).label} survey wording changed"
    if travel:
        text += f"; {travel}"
    stated = claims.trend(row, partnership, travel) if travel else None
    return said(text + ".", value, scot, ranked, against, stated)


def key_messages(latest: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear) -> list[str]:
    """Plain-English headlines from the indicators' latest values (``IndicatorResults.latest``), including the
    explicit list of indicators that got worse."""
    shown = latest[latest["shown"]]
    better = shown[shown["vs_scotland"] == rules.BETTER]
    worse = shown[shown["vs_scotland"] == rules.WORSE]
    similar = shown[shown["vs_scotland"] == rules.SIMILAR]
    improved = shown[shown["trend"] == rules.IMPROVED]
    worsened = shown[shown["trend"] == rules.WORSENED]

    def names(frame):
        return ", ".join(f"{r.indicator} {r.title}" for r in frame.itertuples()) or "none"

    def number_of(frame, figure, noun=""):
        return count(len(frame), noun).of(figure=f"Number of indicators {figure}", period=year.label)

    def counted(figure, verdict, stated, frame):
        members = ", ".join(frame["indicator"])
        return claims.counted("indicators", f"Number of indicators {figure}", partnership.name, year.label, verdict,
                              stated, members)  # fmt: skip

    def with_frames(frame):
        """Each indicator's name, with its trend's frame when the survey change set its start."""
        return (
            ", ".join(
                f"{r['indicator']} {r['title']}" + (f" ({claims.since(r)})" if r.get("trend_since_break") else "")
                for r in frame.to_dict("records")
            )
            or "none"
        )

    n = {
        "shown": number_of(shown, "with data", "indicator"),
        "better": number_of(better, "better than Scotland"),
        "similar": number_of(similar, "similar to Scotland"),
        "worse": number_of(worse, "worse than Scotland"),
        "improved": number_of(improved, "improved over the window"),
        "worsened": number_of(worsened, "getting worse over the window"),
    }
    against = f"{n['better']} were better than Scotland, {n['similar']} similar and {n['worse']} worse"
    improved_words = f"Improved ({n['improved']})"
    worsened_words = f"Got worse ({n['worsened']})"
    worse_words = f"Worse than Scotland in the latest year ({n['worse']})"
    messages = [
        said(f"Of the {n['shown']} with data for {partnership.name} in the {year.label} report, {against}.",
             n["shown"], n["better"], n["similar"], n["worse"],
             counted("with verdicts against Scotland", "better, similar, worse", against, shown)),
        said(f"{improved_words}: {with_frames(improved)}.", n["improved"],
             counted("improved over the window", rules.IMPROVED, improved_words, improved)),
        said(f"{worsened_words}: {with_frames(worsened)}.", n["worsened"],
             counted("getting worse over the window", rules.WORSENED, worsened_words, worsened)),
        said(f"{worse_words}: {names(worse)}.", n["worse"],
             counted("worse than Scotland", rules.WORSE, worse_words, worse)),
    ]  # fmt: skip
    not_shown = latest[~latest["shown"]]
    if len(not_shown):
        missing = number_of(not_shown, "not reported")
        messages.append(
            said(f"Not reported ({missing}): {', '.join(not_shown['indicator'])}; reasons in the table.", missing)
        )
    return messages


def chart_title(ind: Indicator, row, partnership: reference.Partnership) -> str:
    """A headline that says what the chart shows."""
    vs = VERSUS.get(row["vs_scotland"], "against")
    return f"{ind.title}: {partnership.name} {vs} Scotland in {row['latest_year']}"


def chart_alt(ind: Indicator, window: pd.DataFrame, partnership: reference.Partnership, sentence_: str) -> str:
    """Alt text: what the chart shows and its finding (the indicator's sentence), in two sentences; the values
    themselves are in the chart's data (PUBLISHING.md: the full data sit behind the chart, not in its alt text)."""
    text = (
        f"Line chart of {ind.title} for {partnership.name}, Scotland and its peer group, {window['year'].iloc[0]} to "
        f"{window['year'].iloc[-1]}. {sentence_}"
    )
    return said(text, *getattr(sentence_, "values", ()), *getattr(sentence_, "claims", ()))


def trend_caption(ind: Indicator, window: pd.DataFrame, row) -> str:
    """The caption under an indicator's trend chart, saying where its line is broken and why."""
    text = f"{ind.id} {ind.title} ({ind.unit}), {window['year'].iloc[0]} to {window['year'].iloc[-1]}."
    if window.dropna(subset=["partnership"])["segment"].nunique() > 1:
        text += (
            f" The lines are broken at {ReportingYear(SURVEY_BREAK_WAVE).label}: the survey question changed then, "
            "so later waves are not comparable with earlier ones."
        )
    extra = caveat_text(row, ind)
    return text + (f" {extra[0].upper()}{extra[1:]}." if extra else "")


def _ids(predicate) -> str:
    return ", ".join(i.id for i in reference.indicators() if i.status != "not reported" and predicate(i))


def method_notes() -> list[str]:
    """How to read the figures: every rule stated from the constants the code uses."""
    first = ReportingYear(FIRST_REPORTING_YEAR).label
    break_label = ReportingYear(SURVEY_BREAK_WAVE).label
    return [
        "Figures are rounded for printing, each from its unrounded value, so a total may differ from the sum of its "
        "rounded parts by one unit in the last place shown.",
        f"Window: the reporting year and the {PRECEDING_YEARS} before it, never earlier than {first} "
        "(SSI 2014/326 reg 3(a)(iii)).",
        "Better and worse follow each indicator's own direction (for some a lower value is better). A difference "
        f"under {rules.SIMILAR_POINTS:g} percentage point for indicators in per cent, or under "
        f"{rules.SIMILAR_RELATIVE:.0%} of the comparison value for rates, is 'similar' (over time: 'little change'). "
        f"For survey indicators, a value whose {rules.SURVEY_CI_LEVEL:.0%} confidence interval contains the "
        "comparison value is 'similar'. The same rule compares with Scotland, with the peer group, for "
        "localities with the partnership and, over time, the latest value with the first of its window (a survey "
        "indicator has 'little change' when its first value lies inside the latest value's confidence interval).",
        "Rank: 1 = best of the partnerships ranked; partnerships with equal values share the better rank; the number "
        "ranked is shown beside each rank.",
        f"Survey indicators ({_ids(lambda i: i.is_survey)}) come from the biennial Health and Care Experience "
        "Survey: each value sits under its own survey wave, and the window opens with the wave in force at its "
        "start (for 2025/26, the 2019/20 wave), so survey trends may start a year before the window. The wording of "
        f"{_ids(lambda i: i.series_break)} changed in {break_label}: their trends are measured only across waves "
        "from then on, and their chart lines are broken there.",
        f"Calendar-year indicators ({_ids(lambda i: i.period == 'calendar')}) are shown under the reporting year "
        "that starts in the same calendar year and marked (cal). For "
        f"{_ids(lambda i: i.period == 'financial or calendar')} the latest calendar year stands in for the "
        "reporting year when PHS has not yet finalised its financial-year figures (missing or marked as estimates), "
        "as PHS advises, and the report says so.",
        "Scotland values are those PHS publishes. Peer-group values are summed numerators over summed "
        f"denominators ({_ids(lambda i: rules.peer_aggregate_method(i) == 'counts')}); for the age-standardised "
        f"{_ids(lambda i: rules.peer_aggregate_method(i) == 'population-weighted')} they are weighted by population; "
        f"for the survey indicators no peer value is given, because PHS publishes no counts or weights for them.",
        "Peer group: the partnership's LGBF family group for people services (deprivation basis). "
        + CLACKS_STIRLING_RULE,
    ]


def funnel_method(funnel, ind: Indicator) -> str:
    """How a funnel plot's limits were drawn (Spiegelhalter 2005)."""
    if funnel.overdispersed:
        tau = (funnel.tau2**0.5) * funnel.scale
        text = (
            f"Over-dispersed (φ = {funnel.phi:.1f}): limits widened by an additive random effect "
            f"(τ = {tau:,.1f} {ind.unit_short}), Spiegelhalter 2005"
        )
    else:
        text = f"Exact {funnel.model} limits around the Scotland value (Spiegelhalter 2005)"
    if rules.peer_aggregate_method(ind) == "population-weighted":
        text += "; approximate for an age-standardised rate"
    return text


def locality_changes(partnership: reference.Partnership, changes) -> list[str]:
    """Plain-English notes on localities that began or ended within the window (from
    :func:`hscp_nb.analysis.localities.locality_changes`)."""
    notes = []
    for loc, what in changes:
        if what == "began":
            notes.append(f"{loc.name} exists from {ReportingYear(loc.first_year).label}: {loc.note}.")
        else:
            notes.append(f"{loc.name} exists until {ReportingYear(loc.last_year).label}: {loc.note}.")
    if partnership.code == "S37000027":
        notes.append(
            "South Ayrshire renamed its six localities in May 2024; the new names are not yet in the reference "
            "lookup, so the earlier names are used for every year."
        )
    return notes


def against_partnership(verdict: str, value, partnership_value, ind: Indicator, locality: str = "",
                        partnership: str = "", period: str = "") -> str:  # fmt: skip
    """'higher (worse)' / 'lower (better)' / 'similar' for a locality against its partnership, with its claim."""
    text = verdict if verdict in {rules.NO_DATA, rules.SIMILAR} else (
        f"{'higher' if value > partnership_value else 'lower'} ({verdict})"
    )  # fmt: skip
    if not locality:
        return text
    claim = claims.against_partnership(ind, locality, partnership, period, verdict, text, value, partnership_value)
    return claims.Stated(text, claim)


def locality_source_notes(group: pd.DataFrame, partnership: reference.Partnership, ind: Indicator) -> list[str]:
    """Which partnership value a locality table shows and why: the Core Suite's, as in the indicators section; where
    the locality extract's own total prints differently, or the period differs from the indicators section's, say so."""
    first = group.iloc[0]
    if first["partnership_source"] == "locality extract":
        return [
            f"The Core Suite has no {ind.id} value for {partnership.name} in {first['year']}, so the partnership "
            "value shown is the locality extract's total."
        ]
    notes = []
    about = {"code": ind.id, "figure": f"{ind.id} {ind.title}", "area": partnership.name, "period": str(first["year"])}
    shown = indicator_value(first["partnership"], ind.unit).of(**about)
    extract = indicator_value(first["extract_total"], ind.unit).of(**about, measure="locality extract's total")
    if first["differs"] and shown != extract:
        notes.append(
            said(f"The partnership value shown ({shown}) is the Core Suite's, as in the indicators section; the "
                 f"locality extract's own total for {partnership.name} is {extract}, because the two PHS releases were "
                 "extracted at different times.", shown, extract)
        )  # fmt: skip
    if first["partnership_estimate"]:
        notes.append(
            f"Locality figures are published by financial year, so this table shows {first['year']}, which PHS marks "
            "as an estimate; where the indicators section shows a calendar year in its place, the two values differ "
            "for that reason."
        )
    return notes
