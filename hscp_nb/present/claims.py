"""Every verdict a text states, declared with its basis where the words are written, as every number is
(:mod:`hscp_nb.present.ledger`): a :class:`~hscp_nb.document.blocks.Claim` names the figure it judges (its ledger
identifier), what was compared, the rule, the values and the caveat that qualifies it.

The words that frame a verdict ("since 2019/20", "since 2023/24, when the survey questions changed") are made here
from its basis, never written into a template, so the report, the summary and the board paper say the same thing
the same way. A sentence declares its claims with :func:`hscp_nb.present.formats.said`; a table cell that states a
verdict is a :class:`Stated`.
"""

from __future__ import annotations

from hscp_nb.document.blocks import Claim
from hscp_nb.document.values import plain_number
from hscp_nb.domain import reference, rules
from hscp_nb.domain.reference import Indicator
from hscp_nb.domain.years import SURVEY_BREAK_WAVE, ReportingYear
from hscp_nb.present.formats import is_missing, possessive
from hscp_nb.present.ledger import identifier

BREAK_LABEL = ReportingYear(SURVEY_BREAK_WAVE).label
AGAINST_SCOTLAND, TREND, COUNT = "against Scotland", "trend", "count of verdicts"
ESTIMATE = "latest value is an estimate"  # the caveat of a value PHS marks provisional ([p] where it is printed)

COMPARE_RULE = (
    f"similar when the difference is under {rules.SIMILAR_POINTS:g} percentage point (indicators in per cent) or "
    f"under {rules.SIMILAR_RELATIVE:.0%} of the comparison value (rates), or when the comparison value lies inside "
    f"the value's {rules.SURVEY_CI_LEVEL:.0%} confidence interval (survey indicators); otherwise better or worse by "
    "the indicator's own direction"
)
TRAVEL_RULE = (
    "the first and the latest value of the window within its latest comparable stretch (never across the "
    f"{BREAK_LABEL} survey change), compared by the same rule: {COMPARE_RULE} (over time: improved, worsened or "
    "little change)"
)


class Stated(str):
    """Words that state a verdict ("worsened", "Met"), carrying the claim they state: a table cell or a list item
    whose words are the verdict."""

    def __new__(cls, text: str, claim: Claim):
        stated = super().__new__(cls, text)
        stated.claim = claim
        return stated

    def __reduce__(self):  # pickled (a worker pipe) with its claim
        return (Stated, (str(self), self.claim))


def number(value) -> str:
    """A value as the claims ledger records it: unrounded, without binary noise ('' for none)."""
    return "" if is_missing(value) else plain_number(float(value))


def claim_id(figure_id: str, kind: str) -> str:
    """A claim's identifier: the ledger identifier of the figure it judges and its kind
    (``indicators/ni-2/value/highland/2025-26#trend``), the same wherever the claim is stated."""
    return f"{figure_id}#{kind.replace(' ', '-')}"


def indicator_id(code: str, area: str, period: str) -> str:
    """The ledger identifier of an indicator's value: the figure a claim about it judges."""
    return identifier("indicators", code, "value", area, str(period))


def caveats(row, ind: Indicator) -> list[str]:
    """The data caveats of an indicator's latest value and window, in plain English."""
    out = []
    if ind.is_survey:
        out.append(f"biennial survey, waves {row['first_year']} to {row['latest_year']}")
        if ind.series_break and int(str(row["latest_year"])[:4]) >= SURVEY_BREAK_WAVE:
            out.append(f"question wording changed in {BREAK_LABEL}: not comparable with earlier waves")
    elif ind.period == "calendar":
        out.append("calendar-year data (January to December)")
    if row["stand_in"]:
        stood_for = ReportingYear(int(row["latest_year"])).label
        out.append(
            f"calendar year {row['latest_year']} used in place of {stood_for}, whose financial-year figures PHS "
            "has not yet finalised (PHS guidance)"
        )
    if row["estimate"]:
        out.append(ESTIMATE)
    if ind.status == "suspended":
        out.append("suspended nationally after 2019/20")
    if ind.id == "NI-14":
        out.append("PHS's title says per 1,000 population; the rate is per 1,000 discharges")
    return out


def since(row) -> str:
    """The frame of an indicator's trend in plain words: 'since 2019/20', or 'since 2023/24, when the survey
    questions changed' when earlier waves were left out because of the survey change."""
    if row.get("trend_since_break"):
        if row["trend_from"] == BREAK_LABEL:
            return f"since {BREAK_LABEL}, when the survey questions changed"
        return f"since {row['trend_from']} (the survey questions changed in {BREAK_LABEL})"
    return f"since {row['trend_from']}"


def between(row) -> str:
    """The frame of an indicator's trend in the report's words: 'from 2019/20 to 2025/26', naming the survey change
    when it set the start."""
    start = row["trend_from"]
    if row.get("trend_since_break"):
        after = f" (after the {BREAK_LABEL} change)"
        start += " (when the survey questions changed)" if start == BREAK_LABEL else after
    return f"from {start} to {row['trend_to']}"


def _base(row, partnership: reference.Partnership, kind: str, verdict: str, stated: str, **basis) -> Claim:
    ind = reference.indicator(row["indicator"])
    return Claim(
        id=claim_id(indicator_id(ind.id, partnership.name, row["latest_year"]), kind),
        section="indicators",
        figure=f"{ind.id} {ind.title}",
        code=ind.id,
        area=partnership.name,
        period=str(row["latest_year"]),
        kind=kind,
        verdict=verdict,
        stated=str(stated),
        **basis,
    )


def against_scotland(row, partnership: reference.Partnership, stated: str) -> Claim:
    """The claim that an indicator's latest value is better than, similar to or worse than Scotland's."""
    ind = reference.indicator(row["indicator"])
    values = f"{partnership.name} {number(row['value'])}; Scotland {number(row['scotland'])}" + _ci(row, ind)
    caveat = [c for c in caveats(row, ind) if not c.startswith("biennial") and not c.startswith("question wording")]
    return _base(
        row, partnership, AGAINST_SCOTLAND, row["vs_scotland"], stated,
        compared=f"{possessive(partnership.name)} {row['latest_year']} value with Scotland's for the same period",
        rule=COMPARE_RULE, values=values, caveat="; ".join(caveat),
    )  # fmt: skip


def trend(row, partnership: reference.Partnership, stated: str) -> Claim:
    """The claim that an indicator improved, worsened or changed little over the window."""
    ind = reference.indicator(row["indicator"])
    caveat = []
    if row.get("trend_since_break"):
        caveat.append(f"survey questions changed in {BREAK_LABEL}: earlier waves are not compared")
    elif row["trend"] == rules.NOT_COMPARABLE:
        caveat.append(f"survey questions changed in {BREAK_LABEL}: too few comparable waves for a trend")
    if row["stand_in"]:
        caveat.append(f"calendar year {row['latest_year']} stands in for the financial year PHS has not finalised")
    if row["estimate"]:
        caveat.append(ESTIMATE)
    if ind.period == "calendar" and not row["stand_in"]:
        caveat.append("calendar years")
    compared = (
        f"{possessive(partnership.name)} {row['trend_from']} value with its {row['trend_to']} value"
        if row.get("trend_from")
        else "no two comparable values"
    )
    return _base(
        row, partnership, TREND, row["trend"], stated, compared=compared, rule=TRAVEL_RULE,
        values=f"{row.get('trend_from', '')} {number(row.get('trend_from_value'))}; "
               f"{row.get('trend_to', '')} {number(row.get('trend_to_value'))}" + _ci(row, ind),
        caveat="; ".join(caveat), frame=since(row) if row.get("trend_from") else "",
    )  # fmt: skip


def against_partnership(ind: Indicator, locality: str, partnership: str, period: str, verdict: str, stated: str,
                        value, partnership_value) -> Claim:  # fmt: skip
    """The claim that a locality's value is higher or lower (better or worse) than, or similar to, its
    partnership's."""
    return Claim(
        id=claim_id(indicator_id(ind.id, locality, period), "against partnership"),
        section="localities",
        figure=f"{ind.id} {ind.title}",
        code=ind.id,
        area=locality,
        period=str(period),
        kind="against the partnership",
        verdict=verdict,
        stated=str(stated),
        compared=f"{possessive(locality)} {period} value with {possessive(partnership)}",
        rule=COMPARE_RULE,
        values=f"{locality} {number(value)}; {partnership} {number(partnership_value)}",
    )


def judged(section: str, figure: str, area: str, period: str, kind: str, verdict: str, stated: str, *,
           compared: str, rule: str, values: str, caveat: str = "", code: str = "") -> Claim:  # fmt: skip
    """Any other verdict (a budget's under- or overspend, a funnel plot's limits, an objective), judged on the figure
    ``figure`` of ``area`` and ``period``."""
    return Claim(
        id=claim_id(identifier(section, code or figure, "value", area, period), kind),
        section=section,
        figure=figure,
        code=code,
        area=area,
        period=str(period),
        kind=kind,
        verdict=verdict,
        stated=str(stated),
        compared=compared,
        rule=rule,
        values=values,
        caveat=caveat,
    )


VARIANCE_RULE = "actual spend above planned spend is an overspend, below it an underspend"


def variance(section: str, figure: str, area: str, period: str, planned, actual, stated: str,
             caveat: str = "") -> Claim:  # fmt: skip
    """The claim that spend was over or under its plan."""
    verdict = "overspend" if actual > planned else "underspend" if actual < planned else "on plan"
    return judged(section, figure, area, period, "against plan", verdict, stated,
                  compared=f"actual spend with planned spend, {period}", rule=VARIANCE_RULE,
                  values=f"planned {number(planned)}; actual {number(actual)}", caveat=caveat)  # fmt: skip


OBJECTIVE_RULE = (
    "met when the value is at or beyond the value its own year's objective asks for, in the desired direction; "
    "a value is never judged against another year's objective"
)


def msg_objective(measure, result, partnership: str, stated: str) -> Claim:
    """The claim that an MSG value met, or did not meet, the objective of its own year (its
    :class:`~hscp_nb.analysis.msg.Judgement`)."""
    j = result.judgement
    return judged(
        "msg", f"{measure.id} {measure.title}", partnership, result.period, "objective", j.verdict, stated,
        code=measure.id, compared=f"the {result.period} value with the objective for {j.objective_year.label}",
        rule=OBJECTIVE_RULE, caveat=j.caveat + ("; provisional value" if result.provisional else ""),
        values=f"value {number(result.value)}; objective {number(j.target)}; margin {number(j.margin)}",
    )  # fmt: skip


def msg_travel(measure, result, partnership: str, stated: str) -> Claim:
    """The claim that an MSG measure improved, worsened or changed little since its baseline."""
    return judged(
        "msg", f"{measure.id} {measure.title}", partnership, result.period, "since baseline", result.travel, stated,
        code=measure.id, compared=f"the {result.period} value with the {result.baseline_label} baseline",
        rule=COMPARE_RULE.replace("the indicator's own direction", "the measure's desired direction"),
        values=f"baseline {number(result.baseline)}; value {number(result.value)}",
        caveat="provisional value" if result.provisional else "",
    )  # fmt: skip


def counted(section: str, figure: str, area: str, period: str, verdict: str, stated: str, members: str) -> Claim:
    """A claim that counts verdicts ("4 were better than Scotland"): its basis is the verdicts it counts."""
    return Claim(
        id=claim_id(identifier(section, figure, "value", area, period), COUNT),
        section=section,
        figure=figure,
        code="",
        area=area,
        period=period,
        kind=COUNT,
        verdict=verdict,
        stated=str(stated),
        compared="each indicator's own verdict, as stated beside it",
        rule="a count of the verdicts stated for each indicator",
        values=members,
    )


def method(notes, figure: str = "How to read the figures", names=()) -> tuple[Claim, ...]:
    """The method notes, each a claim of the rule it states (they are written from the rules' own constants, in
    :func:`hscp_nb.present.wording.method_notes`): words such as 'better' and 'similar' there define, not judge.
    ``figure`` and ``names`` (each note's stable name in its identifier, ``method/<name>``, instead of its number)
    for other statements that define rather than judge (the glossary's explanations)."""
    notes = list(notes)
    names = list(names) or [f"rule-{i}" for i in range(1, len(notes) + 1)]
    return tuple(
        Claim(id=f"method/{name}", section="about", figure=figure, code="", area="", period="",
              kind="rule", verdict="rule", stated=str(note), rule=str(note))
        for name, note in zip(names, notes, strict=True)
    )  # fmt: skip


def own_words(text: str, section: str, topic: str, area: str, period: str, source: str) -> Claim:
    """The partnership's own words from its returns (an outcome's assessment, its best value statement): whatever
    they judge is the partnership's judgement, quoted as written, traced to the returns' narrative row."""
    figure_id = identifier(section, f"{topic} narrative", "text", area, period)
    return Claim(id=claim_id(figure_id, "own words"), section=section,
                 figure=f"{topic}: the partnership's own words", code="", area=area, period=str(period),
                 kind="the partnership's own words", verdict="quoted", stated=str(text),
                 compared="as the partnership's returns state it", rule="quoted, not judged by the report",
                 values=source)  # fmt: skip


def stated_in(items) -> tuple[Claim, ...]:
    """The claims that sentences (:class:`~hscp_nb.present.formats.Said`) and cells (:class:`Stated`) declare."""
    out = []
    for item in items:
        if isinstance(item, Stated):
            out.append(item.claim)
        elif isinstance(item, Claim):  # declared beside the numbers a chart's alt text prints
            out.append(item)
        out.extend(getattr(item, "claims", ()))
    return tuple(out)


def _ci(row, ind: Indicator) -> str:
    """'; 95% CI 63.8 to 75.1': the latest survey value's confidence interval, which the rule compares against."""
    if not ind.is_survey or is_missing(row.get("lower_ci")) or is_missing(row.get("upper_ci")):
        return ""
    return f"; 95% CI {number(row['lower_ci'])} to {number(row['upper_ci'])}"
