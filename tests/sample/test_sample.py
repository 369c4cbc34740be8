import hashlib

import pytest

from hscp_nb.domain import reference
from hscp_nb.sample import write_sample
from tests.conftest import SAMPLE


def _digest(folder):
    """Every generated file's digest; ``local/`` holds partnerships' own hand-made files (layouts, sections, brands),
    which the generator does not write."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "local"
    }


def test_make_sample_regenerates_the_committed_files_byte_for_byte(tmp_path):
    write_sample(tmp_path)
    assert _digest(tmp_path) == _digest(SAMPLE)


@pytest.mark.parametrize("slug", ["highland", "glasgow-city", "orkney-islands", "argyll-and-bute"])
def test_budgets_reconcile_to_the_penny(returns_of, slug):
    returns = returns_of(slug)
    finance, localities = returns["finance"], returns["localities"]
    for year in returns.years():
        lines = finance[finance.year == year]
        total = round(lines.actual.sum(), 2)
        assert round(lines.groupby("partner").actual.sum().sum(), 2) == total
        assert round(lines.groupby("reg4_matter").actual.sum().sum(), 2) == total
        assert round(localities[localities.year == year].spend.sum(), 2) == total


def test_budgets_scale_with_population(returns_of):
    glasgow = returns_of("glasgow-city")["finance"]
    orkney = returns_of("orkney-islands")["finance"]
    ratio = glasgow[glasgow.year == 2021].actual.sum() / orkney[orkney.year == 2021].actual.sum()
    assert 15 < ratio < 40  # ≈ 636k / 22.5k people, islands cost more per head


def test_locality_changes_appear_in_the_returns(returns_of):
    ab = returns_of("argyll-and-bute")["localities"]
    assert ab[ab.year == 2021].locality.nunique() == 8 and ab[ab.year == 2022].locality.nunique() == 4
    inverclyde = returns_of("inverclyde")["localities"]
    assert "Inverclyde Central" not in set(inverclyde[inverclyde.year == 2024].locality)


def test_islands_are_more_volatile_than_cities(core_suite):
    t = core_suite.table
    fy = t[(t.indicator == "NI-16") & (t.period_basis == "financial") & (t.time_period == "Annual")]
    change = fy.sort_values("year_start").groupby("partnership_code").value.apply(lambda s: s.pct_change().abs().mean())
    islands = change[list(reference.ISLAND_CODES)].mean()
    cities = change[["S37000034", "S37000012"]].mean()
    assert islands > 2 * cities


@pytest.mark.parametrize("slug", ["orkney-islands", "highland"])
def test_variance_reasons_keep_a_service_lines_abbreviation(returns_of, slug):
    """A reason names its service line as a sentence would ('family health services (GMS)'), its first capital
    dropped and its abbreviation kept: never 'services (gms)' (the publisher's review of Orkney 2025/26)."""
    finance = returns_of(slug)["finance"]
    reasons = [str(r) for r in finance.variance_reason.dropna()]
    named = [r for r in reasons if "family health services" in r]
    assert named, "no reason names family health services"
    assert all("family health services (GMS)" in r for r in named)
    assert not [r for r in reasons if "(gms)" in r]
