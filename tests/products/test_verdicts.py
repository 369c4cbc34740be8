"""One verdict per fact: for every indicator of every partnership in one year, the comparison with Scotland (and
with the peer group) is the same in the report's summary, the benchmarking pack and the explorer."""

import pandas as pd

from hscp_nb.analysis import benchmarking, indicators
from hscp_nb.domain import reference
from hscp_nb.domain.years import parse_year
from hscp_nb.present import tables
from hscp_nb.products.explore import Explorer
from tests.conftest import CORE_SUITE


def test_verdicts_agree_in_report_pack_and_explorer_for_all_31(core_suite):
    year = parse_year(2025)
    explorer = Explorer(CORE_SUITE)
    compared = 0
    for partnership in reference.partnerships():
        report = indicators.results(core_suite.table, partnership, year).summary.set_index("indicator")
        board_table = tables.summary_table(report.reset_index(), partnership, year).set_index("Indicator")
        explored = explorer.verdicts(partnership.code, year.start).set_index("indicator")
        peers = benchmarking.peer_comparison(report.reset_index()).set_index("indicator")
        shown = report[report["shown"]]
        pd.testing.assert_series_equal(shown["vs_scotland"], explored.loc[shown.index, "vs_scotland"])
        assert (board_table.loc[shown.index, "Against Scotland"] == shown["vs_scotland"]).all()
        assert (peers["verdict"] == report.loc[peers.index, "vs_peer"]).all()
        assert (explored.loc[peers.index, "vs_peer"] == peers["verdict"]).all()
        compared += len(shown)
    assert compared >= 31 * 18


def test_the_pack_and_the_report_call_two_percent_the_same_thing():
    """NI-12 at 10,200 against a peer value of 10,000: 'similar' in the report and in the pack alike."""
    row = {
        "indicator": "NI-12",
        "title": "Emergency admission rate",
        "latest_year": "2025",
        "value": 10200.0,
        "peer": 10000.0,
        "scotland": 10000.0,
        "shown": True,
        "vs_peer": "similar",
    }
    from hscp_nb.domain import rules

    ind = reference.indicator("NI-12")
    assert rules.compare(10200.0, 10000.0, ind) == "similar"
    peers = benchmarking.peer_comparison(pd.DataFrame([row]))
    assert peers.verdict.tolist() == ["similar"] and peers.difference_pct.tolist() == [2.0]
