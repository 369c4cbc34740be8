"""One verdict per fact: for every indicator of every partnership in one year, the comparison with Scotland (and
with the peer group) is the same in the report's summary, the benchmarking pack and the explorer."""

import pandas as pd

from hscp_nb.analysis import benchmarking, indicators
from hscp_nb.domain import reference
from hscp_nb.domain.years import parse_year
from hscp_nb.present import tables
from hscp_nb.products.explore import Explorer
from tests.conftest import CORE_SUITE


def _expected_scotland_verdict(value, scotland, lower_ci, upper_ci, ind) -> str:
    """The published rule (the method notes, 'similar to Scotland') written out again, independently of
    domain/rules.py: for a survey indicator, similar when Scotland's value lies inside the value's 95% confidence
    interval; a percentage within 1 point of Scotland's value, or a rate within 3% of it, is similar; otherwise
    better or worse by the indicator's direction (an indicator with no direction is never better or worse)."""
    if pd.isna(value) or pd.isna(scotland):
        return "no data"
    if ind.is_survey and not pd.isna(lower_ci) and lower_ci <= scotland <= upper_ci:
        return "similar"
    if ind.unit == "percentage":
        small = abs(value - scotland) < 1.0
    else:
        small = abs(value - scotland) < 0.03 * abs(scotland)
    if small or ind.higher_is_better is None:
        return "similar"
    return "better" if (value > scotland) == ind.higher_is_better else "worse"


def test_verdicts_agree_in_report_pack_and_explorer_for_all_31(core_suite):
    """Each verdict against Scotland, as the report's summary, the board paper's table and the explorer state it, is
    the rule's recomputed here from the value, Scotland's value and (survey indicators) the confidence interval."""
    year = parse_year(2025)
    explorer = Explorer(CORE_SUITE)
    compared, by_interval = 0, 0
    for partnership in reference.partnerships():
        report = indicators.results(core_suite.table, partnership, year).latest.set_index("indicator")
        board_table = tables.latest_table(report.reset_index(), partnership, year).set_index("Indicator")
        explored = explorer.verdicts(partnership.code, year.start).set_index("indicator")
        peers = benchmarking.peer_comparison(report.reset_index()).set_index("indicator")
        shown = report[report["shown"]]
        for row in shown.itertuples():
            ind = reference.indicator(row.Index)
            expected = _expected_scotland_verdict(row.value, row.scotland, row.lower_ci, row.upper_ci, ind)
            stated = {
                "report": row.vs_scotland,
                "board paper": str(board_table.loc[row.Index, "Against Scotland"]),
                "explorer": explored.loc[row.Index, "vs_scotland"],
            }
            assert stated == dict.fromkeys(stated, expected), (partnership.name, row.Index, row.value, row.scotland)
            compared += 1
            by_interval += ind.is_survey and abs(row.value - row.scotland) >= 1.0 and expected == "similar"
        assert (peers["verdict"] == report.loc[peers.index, "vs_peer"]).all()
        assert (explored.loc[peers.index, "vs_peer"] == peers["verdict"]).all()
    assert compared >= 31 * 18
    assert by_interval >= 31  # the interval clause decides many survey verdicts, so it is tested here


def _expected_peer_verdict(value: float, peer: float, percentage: bool, higher_is_better: bool) -> str:
    """The published rule written out again, independently of domain/rules.py: a percentage within 1 point of the
    peer value, or a rate within 3% of it, is similar; otherwise better or worse by the indicator's direction."""
    small = abs(value - peer) < 1.0 if percentage else abs(value - peer) < 0.03 * abs(peer)
    if small:
        return "similar"
    return "better" if (value > peer) == higher_is_better else "worse"


def test_peer_verdicts_follow_the_rule_computed_here_for_every_partnership(core_suite):
    """The pack's peer verdict, recomputed from the value and the peer value alone (it is not copied through)."""
    year = parse_year(2025)
    checked = 0
    for partnership in reference.partnerships():
        report = indicators.results(core_suite.table, partnership, year).latest
        rates = report[report["shown"] & report["peer"].notna()]
        rates = rates[[not reference.indicator(i).is_survey for i in rates["indicator"]]]
        peers = benchmarking.peer_comparison(rates.drop(columns="vs_peer")).set_index("indicator")
        for row in rates.itertuples():
            ind = reference.indicator(row.indicator)
            if ind.higher_is_better is None:
                continue
            expected = _expected_peer_verdict(row.value, row.peer, ind.unit == "percentage", ind.higher_is_better)
            assert peers.loc[row.indicator, "verdict"] == expected, (partnership.name, row.indicator)
            checked += 1
    assert checked >= 31 * 5


def test_two_percent_above_the_peer_is_similar_and_ten_percent_is_worse_for_admissions():
    """NI-12 (lower is better) at 10,200 and 11,000 against a peer value of 10,000."""
    rows = [{"indicator": "NI-12", "title": "Emergency admission rate", "latest_year": "2025", "value": value,
             "peer": 10000.0, "scotland": 10000.0, "shown": True} for value in (10200.0, 11000.0)]  # fmt: skip
    peers = benchmarking.peer_comparison(pd.DataFrame(rows))
    assert peers.verdict.tolist() == ["similar", "worse"] and peers.difference_pct.tolist() == [2.0, 10.0]
