import pytest

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError


def test_thirty_one_partnerships_twenty_three_indicators_nine_outcomes():
    assert len(reference.partnerships()) == 31
    assert len(reference.indicators()) == 23
    assert len(reference.outcomes()) == 9
    assert [p for p in reference.partnerships() if p.is_lead_agency] == [reference.resolve_partnership("Highland")]


@pytest.mark.parametrize(
    "spelling, name",
    [
        ("S37000032", "Fife"),
        ("S37000014", "Fife"),
        ("S37000015", "Glasgow City"),
        ("S37000021", "North Lanarkshire"),
        ("S37000023", "Perth and Kinross"),
        ("City of Edinburgh", "Edinburgh"),
        ("Edinburgh", "Edinburgh"),
        ("Argyll & Bute", "Argyll and Bute"),
        ("Na h-Eileanan Siar", "Western Isles"),
        ("Western Isles", "Western Isles"),
        ("Clackmannanshire & Stirling", "Clackmannanshire and Stirling"),
        ("Orkney", "Orkney Islands"),
        ("orkney-islands", "Orkney Islands"),
        ("Shetland", "Shetland Islands"),
        ("Dumfries & Galloway HSCP", "Dumfries and Galloway"),
        ("s12000005", "Clackmannanshire and Stirling"),
        ("  glasgow city  ", "Glasgow City"),
    ],
)
def test_partnership_resolves_from_any_common_spelling(spelling, name):
    assert reference.resolve_partnership(spelling).name == name


def test_unknown_partnership_suggests_closest():
    with pytest.raises(InputError) as err:
        reference.resolve_partnership("Glasgw City")
    assert "Glasgow City" in str(err.value)
    assert err.value.problems[0].found == "Glasgw City"


def test_every_partnership_resolves_from_its_own_slug_and_code():
    for p in reference.partnerships():
        assert reference.resolve_partnership(p.slug) is p
        assert reference.resolve_partnership(p.code) is p


def test_locality_changes_over_time():
    assert len(reference.localities("Argyll and Bute", 2021)) == 8
    assert len(reference.localities("Argyll and Bute", 2022)) == 4
    assert {loc.name for loc in reference.localities("Moray", 2022)} == {"Moray East", "Moray West"}
    assert len(reference.localities("Moray", 2023)) == 4
    assert "Inverclyde Central" in {loc.name for loc in reference.localities("Inverclyde", 2023)}
    assert "Inverclyde Central" not in {loc.name for loc in reference.localities("Inverclyde", 2024)}
    assert len(reference.localities("Highland", 2020)) == 9


def test_locality_spellings_resolve():
    aberdeenshire = reference.resolve_partnership("Aberdeenshire")
    assert reference.resolve_locality(aberdeenshire, "Banff and Buchan").name == "Banff & Buchan"
    assert reference.resolve_locality(aberdeenshire, "Nowhere") is None


def test_peer_groups_and_the_clackmannanshire_and_stirling_rule():
    glasgow = reference.peer_group("Glasgow City")
    assert reference.resolve_partnership("Inverclyde") in glasgow
    cs = reference.resolve_partnership("Clackmannanshire and Stirling")
    assert reference.family_groups()[cs.code] == 2  # Stirling's group
    assert cs in reference.peer_group("Angus")
    assert cs not in reference.peer_group("Falkirk")  # Clackmannanshire's group 3
    assert sum(len(set(reference.family_groups().values())) for _ in [0]) == 4


def test_indicator_facts():
    ni14 = reference.indicator("NI14")
    assert ni14.higher_is_better is False and ni14.unit_short == "per 1,000"
    assert reference.indicator("ni-1").is_survey
    assert reference.indicator(20).status == "suspended"
    assert {i.id for i in reference.indicators() if i.status == "not reported"} == {"NI-10", "NI-21", "NI-22", "NI-23"}
    assert reference.indicator("NI-23").higher_is_better is None
    with pytest.raises(InputError):
        reference.indicator("NI-24")
