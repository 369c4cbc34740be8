import pandas as pd

from hscp_nb.analysis import governance, localities
from hscp_nb.domain import reference
from hscp_nb.domain.years import parse_year
from hscp_nb.present import wording


def test_a_locality_that_exists_in_some_years_is_shown_only_in_those(returns_of):
    year = parse_year(2024)
    long = localities.shares(returns_of("argyll-and-bute"), year)
    matrix = localities.share_matrix(long, year).set_index("locality")
    assert pd.isna(matrix.loc["Bute", "2024/25"]) and not pd.isna(matrix.loc["Bute", "2021/22"])
    assert pd.isna(matrix.loc["Bute & Cowal", "2021/22"]) and not pd.isna(matrix.loc["Bute & Cowal", "2024/25"])
    for column in matrix.columns:
        assert matrix[column].sum() == __import__("pytest").approx(100.0, abs=0.2)
    argyll = reference.resolve_partnership("Argyll and Bute")
    notes = wording.locality_changes(argyll, localities.locality_changes(argyll, year))
    assert any("Bute & Cowal exists from 2022/23" in n for n in notes)
    assert localities.locality_changes(reference.resolve_partnership("Fife"), year) == []


def test_locality_indicators_against_partnership_and_scotland(locality_extract, core_suite):
    moray = reference.resolve_partnership("Moray")
    table = localities.indicator_comparison(locality_extract.table, core_suite.table, moray, parse_year(2023))
    ni12 = table[table.indicator == "NI-12"]
    assert set(ni12.locality) == {loc.name for loc in reference.localities("Moray", 2023)}
    assert ni12.scotland.notna().all() and ni12.partnership.notna().all()
    assert set(ni12.vs_partnership) <= {"better", "worse", "similar"}
    ni12_ind = reference.indicator("NI-12")
    assert wording.against_partnership("worse", 110.0, 100.0, ni12_ind) == "higher (worse)"


def test_partnership_values_come_from_the_core_suite_and_a_difference_is_said(locality_extract, core_suite):
    """Highland's NI-12 total differs between the Core Suite and the locality extract: the locality table shows the
    Core Suite's value, the one the indicators section prints, and says so."""
    highland = reference.resolve_partnership("Highland")
    year = parse_year(2025)
    table = localities.indicator_comparison(locality_extract.table, core_suite.table, highland, year)
    core = core_suite.table
    for ind_id, group in table.groupby("indicator"):
        label = group.year.iloc[0]
        value = core[
            (core.indicator == ind_id)
            & (core.partnership_code == highland.code)
            & (core.year_label == label)
            & (core.time_period == "Annual")
        ].value.iloc[0]
        assert (group.partnership == value).all() and (group.partnership_source == "Core Suite").all()
    extract = locality_extract.table.copy()
    total = extract.index[
        (extract.partnership_code == highland.code)
        & (extract.locality == "All")
        & (extract.indicator == "NI-12")
        & (extract.time_period == "Annual")
        & (extract.year_label == table[table.indicator == "NI-12"].year.iloc[0])
    ]
    extract.loc[total, "value"] += 17.0
    changed = localities.indicator_comparison(extract, core_suite.table, highland, year)
    ni12 = changed[changed.indicator == "NI-12"]
    assert ni12.differs.all()
    notes = " ".join(wording.locality_source_notes(ni12, highland, reference.indicator("NI-12")))
    assert "Core Suite's" in notes and "locality extract's own total" in notes
    # a difference too small to print is not worth a sentence
    same = changed.assign(extract_total=changed.partnership + 0.01)
    same_notes = " ".join(
        wording.locality_source_notes(same[same.indicator == "NI-12"], highland, reference.indicator("NI-12"))
    )
    assert "own total" not in same_notes


def test_grades_and_plan_review_statements(returns_of):
    assert governance.grade_text(5) == "5 Very good"
    assert governance.grade_text(None) == "not graded"
    highland = returns_of("highland")
    text = governance.plan_review(highland, parse_year(2021))
    assert text.startswith("The strategic commissioning plan was")
    assert len(governance.jmc_recommendations(highland, parse_year(2021))) >= 2
    assert governance.jmc_recommendations(returns_of("angus"), parse_year(2021)).empty


def test_a_year_without_inspections_is_confirmed_or_left_as_a_gap(returns_of):
    """The About sheet lets a partnership confirm 'no inspections this year'; without it a year with no rows is a
    gap for the QA page, not a claim that there were none."""
    import copy

    found = None
    for slug in ["orkney-islands", "shetland-islands", "western-isles", "clackmannanshire-and-stirling", "moray"]:
        returns = returns_of(slug)
        for year in range(2016, 2026):
            if governance.inspections(returns, parse_year(year)).empty:
                found = (returns, parse_year(year))
                break
        if found:
            break
    assert found, "the sample has a partnership-year without inspections"
    returns, year = found
    assert governance.confirmed_no_inspections(returns, year)
    unconfirmed = copy.deepcopy(returns)
    about = unconfirmed.tables["about"]
    about.loc[about.year == year.start, "no_inspections"] = None
    assert not governance.confirmed_no_inspections(unconfirmed, year)
