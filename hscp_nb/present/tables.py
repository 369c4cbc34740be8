"""Tables for reading: the indicators' latest values and the national-indicator annex, formatted from analysis
results."""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis.indicators import IndicatorResults
from hscp_nb.document.values import PROVISIONAL, PROVISIONAL_NOTES, SYMBOL_NOTES
from hscp_nb.domain import reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.present import claims, wording
from hscp_nb.present.figures import indicator_figures, window_value

# A calendar-year value in a table of reporting years. Not "(c)", which reads as the Analysis Function's [c]
# (confidential).
CALENDAR_MARK = " (cal)"


def latest_table(latest: pd.DataFrame, partnership: reference.Partnership, year: ReportingYear) -> pd.DataFrame:
    """The indicators' latest values (:attr:`~hscp_nb.analysis.indicators.IndicatorResults.latest`) formatted for
    reading (text statuses, no colour needed)."""
    out = []
    for r in latest.to_dict("records"):
        ind = reference.indicator(r["indicator"])
        if not r["shown"]:
            out.append({"Indicator": ind.id, "Title": ind.title, "Latest": "–", "Value": "–", "Scotland": "–",
                        "Peer group": "–", "Rank (1 = best)": "–", "Trend over window": "not reported",
                        "Against Scotland": "–", "Notes": wording.not_shown_reason(r, partnership, year)})  # fmt: skip
            continue
        printed = indicator_figures(r, ind, partnership)
        out.append({
            "Indicator": ind.id, "Title": ind.title, "Latest": r["latest_year"],
            "Value": provisional(printed["value"], r["estimate"]), "Scotland": printed["scotland"],
            "Peer group": printed["peer"],
            "Rank (1 = best)": printed["rank"],
            "Trend over window": trend_cell(r, partnership),
            "Against Scotland": against_cell(r, partnership),
            "Notes": wording.caveat_text(r, ind),
        })  # fmt: skip
    return pd.DataFrame(out)


PROVISIONAL_NOTE = next(note for note in SYMBOL_NOTES if note.startswith(PROVISIONAL))
INDICATOR_PROVISIONAL_NOTE = PROVISIONAL_NOTES["indicators"]  # the indicators' [p]: PHS's estimates
# Beside every rank shown (the report's table of latest values, the board paper's Appendix 1 and its position chart):
# a rank is no verdict; the verdict against Scotland is the rule's (hscp_nb.domain.rules.compare)
RANK_NOTE = (
    "A rank orders the values; small partnerships' values move a lot by chance, so a high or low rank is not by "
    "itself a difference from Scotland (see 'Against Scotland')."
)


def against_cell(row, partnership: reference.Partnership):
    """An indicator's latest value against Scotland as a table states it ('better'), with its claim."""
    return claims.Stated(row["vs_scotland"], claims.against_scotland(row, partnership, row["vs_scotland"]))


def trend_cell(row, partnership: reference.Partnership):
    """An indicator's trend as a table states it ('worsened'; 'improved since 2023/24' when the survey change set
    its start), with its claim."""
    text = row["trend"]
    if row.get("trend_since_break") and row.get("trend_from"):
        text = f"{text} since {row['trend_from']}"
    return claims.Stated(text, claims.trend(row, partnership, text))


def provisional(printed, estimate: bool):
    """A value PHS marks as an estimate, with [p] after it (the notes say what [p] means)."""
    return printed.marked(" " + PROVISIONAL) if estimate and hasattr(printed, "marked") else printed


def annex_tables(
    results: IndicatorResults, partnership: reference.Partnership, year: ReportingYear
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The national-indicator annex (ANX-1) in one fixed layout for every partnership, as two tables so that every
    value sits under its own period: the survey indicators by survey wave, the others by reporting year (a
    calendar-year value marked (cal) under the reporting year that starts in it)."""
    latest = results.latest.set_index("indicator")
    waves = [w.label for w in year.survey_waves()]
    years = [y.label for y in year.window()]
    survey, other = [], []
    for ind in reference.indicators():
        info = latest.loc[ind.id]
        window = results.windows.get(ind.id)
        shown = window.dropna(subset=["partnership"]) if window is not None and not window.empty else None
        row = {"Indicator": ind.id, "Title": ind.title, "Unit": ind.unit_short}
        if ind.is_survey:
            values = {label: "–" for label in waves}
            for point in shown.itertuples() if shown is not None else ():
                values[point.year] = provisional(window_value(ind, partnership.name, point.year, point.partnership),
                                                 point.estimate)  # fmt: skip
        else:
            values = {label: "–" for label in years}
            for point in shown.itertuples() if shown is not None else ():
                label = ReportingYear(point.window_year).label
                mark = CALENDAR_MARK if point.basis == "calendar" else ""
                printed = window_value(ind, partnership.name, point.year, point.partnership)
                values[label] = provisional(printed.marked(mark) if mark else printed, point.estimate)
        row.update(values)
        if info["shown"]:
            printed = indicator_figures(info, ind, partnership)
            row["Scotland (latest)"] = printed["scotland"]
            row["Rank"] = printed["rank"]
            row["Trend"] = trend_cell({**info.to_dict(), "indicator": ind.id}, partnership)
            row["Note"] = wording.caveat_text(info, ind)
        else:
            reason = wording.not_shown_reason(info, partnership, year)
            row.update({"Scotland (latest)": "–", "Rank": "–", "Trend": "–", "Note": reason})
        (survey if ind.is_survey else other).append(row)
    return pd.DataFrame(survey), pd.DataFrame(other)


def annex_note() -> str:
    return (
        "Survey values sit under the survey wave they come from. (cal): a calendar-year value, shown under the "
        "reporting year that starts in that calendar year. Rank: 1 = best, of the number of partnerships ranked. "
        "The same layout for every partnership. " + INDICATOR_PROVISIONAL_NOTE
    )
