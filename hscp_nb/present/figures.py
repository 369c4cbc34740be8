"""An indicator's printed figures, declared once for every view that prints them (the table of latest values, the
annex, a sentence, a trend chart): the same identity gives the same ledger row wherever they appear."""

from __future__ import annotations

from hscp_nb.domain import reference, rules
from hscp_nb.present.formats import indicator_value, rank

VERDICT = "against Scotland: {against}; trend: {trend}"  # how a ledger row carries an indicator's verdicts
MSG_VERDICT = "objective {year}: {verdict}; since {baseline}: {travel}"  # and an MSG value's (the same parse)
OBJECTIVE_WORDS = {rules.MET: "met", rules.NOT_MET: "not met", rules.NO_OBJECTIVE: "no objective set",
                   rules.NO_DATA: "no data"}  # fmt: skip


def verdicts(text: str) -> dict[str, str]:
    """A ledger verdict back into its parts: {'against Scotland': 'worse', 'trend': 'improved'}, or for an MSG value
    {'objective 2024/25': 'met', 'since 2017/18': 'improved'}."""
    return dict(part.split(": ", 1) for part in text.split("; ") if ": " in part)


def objective_words(judgement, *, with_year: bool = True) -> str:
    """An MSG verdict (:class:`hscp_nb.analysis.msg.Judgement`) in the words every view prints it with: 'met',
    'not met', 'met (margin within what incomplete records could change)', 'no objective set for 2024/25' (the year
    left to the reader with ``with_year=False``), 'no data'."""
    words = OBJECTIVE_WORDS[judgement.verdict]
    if judgement.verdict == rules.NO_OBJECTIVE and with_year:
        words += f" for {judgement.objective_year.label}"
    return f"{words} ({judgement.caveat})" if judgement.caveat else words


def msg_verdict(judgement, baseline_label: str, travel: str) -> str:
    """How a ledger row carries an MSG value's verdicts: 'objective 2024/25: met; since 2017/18: improved'."""
    return MSG_VERDICT.format(year=judgement.objective_year.label, verdict=objective_words(judgement, with_year=False),
                              baseline=baseline_label, travel=travel)  # fmt: skip


def indicator_figures(row, ind: reference.Indicator, partnership: reference.Partnership) -> dict:
    """An indicator's latest value, Scotland's, the peer group's and its rank, printed and declared for the ledger
    (with the verdicts that go with them), from its row of ``IndicatorResults.latest``. Every view printing them takes
    them from here."""
    about = {"code": ind.id, "figure": f"{ind.id} {ind.title}", "period": row["latest_year"]}
    verdict = VERDICT.format(against=row["vs_scotland"], trend=row["trend"])
    return {
        "value": _of(indicator_value(row["value"], ind.unit), area=partnership.name, verdict=verdict, **about),
        "scotland": _of(indicator_value(row["scotland"], ind.unit), area="Scotland", **about),
        "peer": _of(indicator_value(row["peer"], ind.unit), area="Peer group", **about),
        "rank": _of(rank(row["rank"], row["ranked"]), area=partnership.name, **about),
        "rank in words": _of(rank(row["rank"], row["ranked"], in_words=True), area=partnership.name, **about),
    }


def _of(printed, **about):
    return printed.of(**about) if hasattr(printed, "of") else printed


def window_value(ind: reference.Indicator, area: str, point_year: str, value) -> str:
    """One value of an indicator's window (the annex, a trend chart), declared for the ledger."""
    return _of(indicator_value(value, ind.unit), code=ind.id, figure=f"{ind.id} {ind.title}", area=area,
               period=point_year)  # fmt: skip
