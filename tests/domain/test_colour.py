"""The colour rules: WCAG contrast, the adjustment rule, the colour-blind simulation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hscp_nb.domain import colour
from hscp_nb.domain.brand import looks

hexes = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


def test_contrast_is_wcag():
    assert colour.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert colour.contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert colour.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic 4.5:1 grey
    assert colour.normal("f93") == "#FF9933"


@given(hexes, st.sampled_from([colour.TEXT_RATIO, colour.LARGE_RATIO]))
def test_adjusted_colour_passes_and_a_passing_one_is_kept(found, target):
    result = colour.adjust(found, colour.WHITE, target)
    assert result.after >= target
    assert colour.contrast(result.used, colour.WHITE) >= target
    assert result.changed == (colour.contrast(found, colour.WHITE) < target)


@given(hexes)
def test_on_a_dark_background_the_colour_is_lightened(found):
    result = colour.adjust(found, "#1A1A1A", colour.TEXT_RATIO)
    assert colour.contrast(result.used, "#1A1A1A") >= colour.TEXT_RATIO
    assert colour.luminance(result.used) >= colour.luminance(result.found)


def test_the_issue_gold_is_darkened_for_text():
    result = colour.adjust("#F9B233")
    assert (result.before, result.verb) == (1.84, "darkened")
    assert result.used == "#9A6E20" and result.after >= 4.5
    # one step less would not pass: the first passing step is used
    assert colour.contrast(colour.mix("#F9B233", "#000000", 0.37), "#FFFFFF") < 4.5


def test_simulation_matches_machado():
    # Machado et al. 2009: pure red to a protanope is a dark olive; white and black are unchanged
    assert colour.simulate("#FFFFFF", "deuteranopia") == "#FFFFFF"
    assert colour.simulate("#000000", "tritanopia") == "#000000"
    r, g, b = colour.rgb(colour.simulate("#FF0000", "protanopia"))
    assert r > b and g > b and r < 0.5


def test_red_and_green_are_close_for_deuteranopes_only():
    pairs = colour.close_pairs(["#D62728", "#2CA02C"])
    assert {p.dichromacy for p in pairs} >= {"deuteranopia"}
    assert "typical vision" not in {p.dichromacy for p in pairs}
    assert colour.close_pairs(["#12436D", "#28A197", "#801650", "#F46A25", "#A285D1"]) == []  # the toolkit's own


def test_looks_lists_each_change_once_per_use():
    found = looks({"color.primary": "#F9B233", "color.palette.navy": "#12436D"})
    assert found["heading"] == "#C08927" and found["accent"] == "#9A6E20"
    assert found["series"][:2] == ("#C08927", "#12436D")
    uses = [(a.key, a.use) for a in found["adjustments"]]
    assert len(uses) == len(set(uses))
    assert str(found["adjustments"][0]).startswith("color.primary #F9B233 darkened to #C08927 for large headings")
