import pandas as pd

from hscp_nb import governance, localities, reference
from hscp_nb.years import parse_year


def test_a_locality_that_exists_in_some_years_is_shown_only_in_those(returns_of):
    year = parse_year(2024)
    long = localities.shares(returns_of("argyll-and-bute"), year)
    matrix = localities.share_matrix(long, year).set_index("locality")
    assert pd.isna(matrix.loc["Bute", "2024/25"]) and not pd.isna(matrix.loc["Bute", "2021/22"])
    assert pd.isna(matrix.loc["Bute & Cowal", "2021/22"]) and not pd.isna(matrix.loc["Bute & Cowal", "2024/25"])
    for column in matrix.columns:
        assert matrix[column].sum() == __import__("pytest").approx(100.0, abs=0.2)
    notes = localities.boundary_changes(reference.resolve_partnership("Argyll and Bute"), year)
    assert any("Bute & Cowal exists from 2022/23" in n for n in notes)
    assert localities.boundary_changes(reference.resolve_partnership("Fife"), year) == []


def test_locality_indicators_against_partnership_and_scotland(locality_extract):
    table = localities.indicator_comparison(locality_extract.table, reference.resolve_partnership("Moray"), parse_year(2023))
    ni12 = table[table.indicator == "NI-12"]
    assert set(ni12.locality) == {l.name for l in reference.localities("Moray", 2023)}
    assert ni12.scotland.notna().all() and ni12.partnership.notna().all()
    row = {"value": 110.0, "partnership": 100.0, "higher_is_better": False}
    assert localities.locality_vs_partnership(row) == "higher (worse)"


def test_grades_and_plan_review_statements(returns_of):
    assert governance.grade_text(5) == "5 Very good"
    assert governance.grade_text(None) == "not graded"
    highland = returns_of("highland")
    text = governance.plan_review(highland, parse_year(2021))
    assert text.startswith("The strategic commissioning plan was")
    assert len(governance.jmc_recommendations(highland, parse_year(2021))) >= 2
    assert governance.jmc_recommendations(returns_of("angus"), parse_year(2021)).empty
