import copy

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hscp_nb.analysis import finance
from hscp_nb.domain.statutory import REG4_MATTERS
from hscp_nb.domain.years import parse_year

YEAR = parse_year(2021)


def test_views_reconcile_and_proportions_sum_to_100(returns_of):
    returns = returns_of("glasgow-city")
    lines = finance.lines(returns, YEAR)
    matters = finance.by_reg4_matter(lines)
    assert list(matters.reg4_matter) == list(REG4_MATTERS)
    assert matters.proportion.sum() == pytest.approx(100.0)
    assert finance.by_care_group(lines).proportion.sum() == pytest.approx(100.0)
    checks = finance.reconciliation(returns, YEAR)
    assert (checks.status == "reconciles").all()
    assert len(checks) >= 8  # five views, set-aside and reserves movement against the accounts, carry-forwards


def _with(returns, sheet, year, match, column, delta):
    table = returns.tables[sheet]
    row = table.index[(table.year == year) & match(table)][0]
    table.loc[row, column] += delta


def test_every_view_is_checked_against_the_independent_accounts(returns_of):
    """A service line left out of the returns shows in every view; the accounts' set-aside, the partner
    contributions and a reserve carry-forward each fail on their own."""
    returns = copy.deepcopy(returns_of("angus"))
    _with(returns, "finance", 2021, lambda t: t.set_aside == "No", "actual", -2500.0)
    _with(returns, "accounts", 2021, lambda t: t.year == 2021, "set_aside", 100.0)
    _with(returns, "accounts", 2021, lambda t: t.year == 2021, "council_contribution", 7.0)
    _with(returns, "reserves", 2021, lambda t: t.reserve == "General reserve", "opening", 5.0)
    checks = finance.reconciliation(returns, YEAR).set_index("check")
    against_total = [c for c in checks.index if c.endswith("against total expenditure in the accounts")]
    lines_views = [c for c in against_total if not c.startswith("Locality")]
    assert len(lines_views) == 4
    for view in lines_views:
        assert checks.loc[view, "status"] == "differs"
        assert checks.loc[view, "difference"] == pytest.approx(-2500.0)
    assert (
        checks.loc["Locality spend (Localities sheet) against total expenditure in the accounts", "status"]
        == "reconciles"
    )
    assert checks.loc["Set-aside lines against set-aside in the accounts", "difference"] == pytest.approx(-100.0)
    movement = checks.loc["Partner contributions less expenditure against the net movement in reserves"]
    assert movement.status == "differs" and movement.difference == pytest.approx(7.0)
    reserve = checks.loc["Reserve 'General reserve': opening balance against last year's closing"]
    assert reserve.status == "differs" and reserve.difference == pytest.approx(5.0)


def test_without_accounts_totals_there_is_nothing_to_reconcile_against(returns_of):
    returns = copy.deepcopy(returns_of("angus"))
    accounts = returns.tables["accounts"]
    returns.tables["accounts"] = accounts[accounts.year != 2021]
    assert finance.accounts(returns, YEAR) is None
    checks = finance.reconciliation(returns, YEAR)
    assert all(c.startswith("Reserve") for c in checks.check)


def test_totals_and_variance(returns_of):
    lines = finance.lines(returns_of("highland"), YEAR)
    total = finance.total(lines)
    assert total["variance"] == pytest.approx(total["actual"] - total["planned"], abs=0.01)
    assert total["position"] in {"overspend", "underspend"}
    aside = finance.set_aside(lines)
    assert aside["lines"] == 1 and 5 < aside["share"] < 25
    # Highland, the lead agency: adult social care sits with NHS Highland
    assert set(lines[lines.reg4_matter == "Care home social care"].partner) == {"NHS board"}


def test_six_year_comparison_lists_years_without_returns(returns_of):
    full = finance.six_year(returns_of("fife"), parse_year(2021))
    assert list(full.year) == ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22"]
    assert (full.note == "").all()
    returns = copy.deepcopy(returns_of("fife"))
    returns.tables["finance"] = returns.tables["finance"][returns.tables["finance"].year != 2019]
    gap = finance.six_year(returns, parse_year(2021)).set_index("year")
    assert gap.loc["2019/20", "note"] == "no finance returns for this year"


def test_savings_and_reserves_totals(returns_of):
    rows, summary = finance.savings(returns_of("moray"), YEAR)
    assert summary["delivered"] == pytest.approx(rows.delivered.sum())
    reserves = finance.reserves(returns_of("moray"), YEAR)
    total = reserves[reserves.reserve == "Total reserves"].iloc[0]
    assert total.closing == pytest.approx(total.opening + total.added - total.used, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(REG4_MATTERS),
            st.sampled_from(["NHS board", "Council"]),
            st.integers(min_value=0, max_value=10**9),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_property_every_view_sums_to_the_total_to_the_penny(lines):
    table = pd.DataFrame(
        [
            {"reg4_matter": m, "partner": p, "care_group": "Other", "planned": pence / 100, "actual": pence / 100}
            for m, p, pence in lines
        ]
    )
    whole = round(table.actual.sum(), 2)
    assert round(finance.by_reg4_matter(table).actual.sum(), 2) == whole
    assert round(finance.by_partner(table).actual.sum(), 2) == whole
    shares = finance.by_reg4_matter(table).proportion
    if whole:
        assert shares.sum() == pytest.approx(100.0)
