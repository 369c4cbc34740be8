"""An indicator's printed figures, declared once for every view that prints them (the summary table, the annex, a
sentence, a trend chart): the same identity gives the same ledger row wherever they appear."""

from __future__ import annotations

from hscp_nb.domain import reference
from hscp_nb.present.formats import indicator_value, rank

VERDICT = "against Scotland: {against}; trend: {trend}"  # how a ledger row carries an indicator's verdicts


def verdicts(text: str) -> dict[str, str]:
    """A ledger verdict back into its parts: {'against Scotland': 'worse', 'trend': 'improved'}."""
    return dict(part.split(": ", 1) for part in text.split("; ") if ": " in part)


def indicator_figures(row, ind: reference.Indicator, partnership: reference.Partnership) -> dict:
    """An indicator's latest value, Scotland's, the peer group's and its rank, printed and declared for the ledger
    (with the verdicts that go with them), from its summary row. Every view printing them takes them from here."""
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
