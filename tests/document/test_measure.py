"""Column widths from the font's metrics: no word and no number is ever narrower than its column allows."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hscp_nb.document.blocks import Column, Table
from hscp_nb.document.measure import LANDSCAPE_WIDTH_PT, PORTRAIT_WIDTH_PT, column_widths, table_layout, text_width
from tests.blocks_sample import wide_table


def test_text_width_follows_the_font():
    assert text_width("iiii", 10) < text_width("MMMM", 10)
    assert text_width("Indicator", 10, bold=True) > text_width("Indicator", 10)
    # DejaVu Sans: a digit is 1303/2048 em wide, a comma 651/2048 em
    assert text_width("105,039", 10) == pytest.approx((6 * 1303 + 651) / 2048 * 10)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)
cells = st.lists(words, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=8), st.integers(200, 700))
def test_every_column_holds_its_longest_word_or_the_table_is_refused(rows, available):
    table = Table("t", "c", (Column("Name", "row-header"), Column("Text"), Column("Value", "number")),
                  tuple(tuple(r) for r in rows))  # fmt: skip
    widths = column_widths(table, available, 8.0, 3.5)
    if widths is None:
        return
    assert abs(sum(widths) - available) < 1e-6
    for i, column in enumerate(table.columns):
        pieces = [r[i] for r in rows] if column.role == "number" else [w for r in rows for w in r[i].split()]
        assert widths[i] >= max(text_width(p, 8.0) for p in pieces) + 7


def test_a_wide_table_turns_landscape_and_a_narrow_one_stays_upright():
    from tests.blocks_sample import every_kind

    assert table_layout(every_kind()[6])["orientation"] == "portrait"
    layout = table_layout(wide_table(10))
    assert layout["orientation"] == "landscape" and layout["fits"] and layout["size"] >= 8
    assert sum(layout["widths"]) <= LANDSCAPE_WIDTH_PT + 1e-6
    assert table_layout(wide_table(3))["widths"] and sum(table_layout(wide_table(3))["widths"]) <= PORTRAIT_WIDTH_PT + 1


def test_a_table_too_wide_for_any_page_says_so():
    assert table_layout(wide_table(40))["fits"] is False
