"""House formats: one per kind, whatever the value."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hscp_nb.domain import reference
from hscp_nb.present import formats


@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_money_never_shows_a_negative_zero_and_keeps_its_unit(value):
    text = formats.money(value, (1e6, "m"))
    assert text.endswith("m") and "−£0.00m" not in text and "-" not in text
    assert text.startswith(("£", "−£"))


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (-1234.0, (1e6, "m"), "£0.00m"),
        (-5_500_000, (1e6, "m"), "−£5.50m"),
        (845_210, None, "£845.2k"),
        (1_200_000, None, "£1.20m"),
    ],  # fmt: skip
)
def test_money_examples(value, unit, expected):
    assert formats.money(value, unit) == expected


def test_one_indicator_shows_one_precision():
    """NI-19 at 1,910.9 and 843.1: both to one decimal (no '1,911' beside '843.1'); per 100,000 whole numbers."""
    ni19 = reference.indicator("NI-19").unit
    assert [formats.indicator_value(v, ni19) for v in (1910.94, 843.1)] == ["1,910.9", "843.1"]
    ni12 = reference.indicator("NI-12").unit
    assert [formats.indicator_value(v, ni12) for v in (11603.8, 987.4)] == ["11,604", "987"]
    assert formats.indicator_value(62.44, "percentage") == "62.4%"
    assert formats.indicator_value(422.06, reference.indicator("NI-11").unit) == "422.1"


@given(st.sampled_from([i.unit for i in reference.indicators()]), st.floats(0, 2e5, allow_nan=False))
def test_indicator_precision_depends_on_the_unit_only(unit, value):
    text = formats.indicator_value(value, unit).rstrip("%")
    decimals = len(text.split(".")[1]) if "." in text else 0
    assert decimals == formats.indicator_decimals(unit)


def test_counts_dates_and_plurals():
    assert formats.number(573.0) == "573" and formats.number(12.25) == "12.2" and formats.number(4200) == "4,200"
    assert formats.date(dt.date(2025, 6, 5)) == "5 June 2025" and formats.date("2025-06-15") == "15 June 2025"
    assert formats.plural(1, "significant decision") == "1 significant decision"
    assert formats.plural(2, "significant decision") == "2 significant decisions"
    assert formats.percent(-0.04) == "0.0%" and formats.percent(-2.0, signed=True) == "−2.0%"


def test_a_title_in_a_sentence_drops_its_capitals_but_keeps_its_abbreviations():
    from hscp_nb.present.formats import in_sentence

    assert in_sentence("A&E attendances") == "A&E attendances"
    assert in_sentence("Emergency admissions") == "emergency admissions"
    assert in_sentence("Positive GP practice experience") == "positive GP practice experience"
    assert in_sentence("A care home") == "a care home"
