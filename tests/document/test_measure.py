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


def test_a_line_may_end_after_a_slash_or_hyphen_before_a_letter_but_never_inside_a_number():
    from hscp_nb.document.measure import unbreakable

    assert unbreakable("Quality of life improved/maintained") == ["Quality", "of", "life", "improved/", "maintained"]
    assert unbreakable("calendar-year https://www.example.org/inspections/orkn-2025-02") == [
        "calendar-", "year", "https://", "www.example.org/", "inspections/", "orkn-2025-02"]  # fmt: skip
    assert unbreakable("waves 2019/20 to 2025/26, NI-12") == ["waves", "2019/20", "to", "2025/26,", "NI-12"]
    assert unbreakable("£1,910.9 [p]", number=True) == ["£1,910.9 [p]"]


def _wrapped(text: str, width: float, size: float) -> int:
    """Lines ``text`` takes filled word by word into ``width`` points (its own count, not measure's)."""
    lines, used = 1, 0.0
    for word in text.split():
        w = text_width(word, size)
        if used and used + text_width(" ", size) + w > width:
            lines, used = lines + 1, w
        else:
            used += (text_width(" ", size) if used else 0) + w
    return lines


def test_a_long_text_column_gets_the_room_number_columns_do_not_need():
    """The publisher's complaint: a Reason column squeezed to a ribbon, rows running to 7-10 lines, while the
    money columns kept room their headings wanted. The reasons now take at most 5 lines, and the Reason column is
    the widest."""
    reasons = [
        "Non-recurring funding received late in the year for community hospitals and mental health in-patients",
        "Higher than planned demand for set-aside: acute hospital services",
        "Agency staffing costs above budget in carers support and in learning disability services",
    ] * 5
    table = Table("lines", "Planned and actual spend by service line, 2025/26",
                  (Column("Service line", "row-header"), Column("Partner"), Column("Planned (£m)", "number"),
                   Column("Actual (£m)", "number"), Column("Under(−)/over(+)spend (£m)", "number"),
                   Column("% of plan", "number"), Column("Reason")),
                  tuple((f"Community hospitals and mental health in-patients {i}", "NHS board", "9.36 [p]",
                         "9.58 [p]", "+0.22 [p]", "+2.4%", reason) for i, reason in enumerate(reasons)))  # fmt: skip
    layout = table_layout(table)
    assert layout["orientation"] == "portrait" and layout["size"] == 8.5
    widths = layout["widths"]
    assert abs(sum(widths) - PORTRAIT_WIDTH_PT) < 1e-6
    assert widths[-1] == max(widths)
    assert max(_wrapped(r, widths[-1] - 7.5, 8.5) for r in reasons) <= 5


def narrow_table():
    from tests.blocks_sample import every_kind

    return next(b for b in every_kind() if b.kind == "table")


def _lead_in(paragraphs: int):
    from hscp_nb.document.blocks import BulletList, Heading, Paragraph

    text = "Performance on the core integration indicators against the nine National Health and Wellbeing Outcomes."
    return [
        Heading("1. Indicators and outcomes", 2),
        *[Paragraph(text)] * paragraphs,
        Heading("Key messages", 3),
        BulletList(("Of the 18 indicators, 4 were better than Scotland.", "Not reported (5): NI-10, NI-20.")),
        Heading("All core indicators at a glance", 3),
        wide_table(10),
        Heading("Outcome 1", 3),
        narrow_table(),
    ]


def test_a_short_run_of_text_opening_a_page_goes_onto_the_landscape_page_of_the_table_below_it():
    """Rather than leave an upright page mostly empty before a landscape table: the part's heading, a paragraph and
    a list fill well under half a page, so they go onto the landscape page with the table."""
    from hscp_nb.document.measure import page_plan

    wide, whole, _ = page_plan(_lead_in(1))
    assert wide == [True] * 6 + [False] * 2 and not whole


def test_a_long_run_of_text_stays_upright_and_only_the_headings_go_with_the_table():
    from hscp_nb.document.measure import PORTRAIT_HEIGHT_PT, page_plan, text_height

    blocks = _lead_in(12)
    assert sum(text_height(b, PORTRAIT_WIDTH_PT) for b in blocks[:-3]) > PORTRAIT_HEIGHT_PT / 2
    wide, _, _ = page_plan(blocks)
    assert wide == [False] * 15 + [True, True, False, False]
    # text after a chart does not open a page: only the heading goes
    from tests.blocks_sample import every_kind

    figure = next(b for b in every_kind() if b.kind == "figure")
    wide, _, _ = page_plan([figure, *_lead_in(1)[1:]])
    assert wide == [False, False, False, False, True, True, False, False]


def _outcome(*after):
    """An outcome's heading, its wording (lead) and sentence, its bullet, then ``after``."""
    from hscp_nb.document.blocks import BulletList, Heading, Paragraph

    return [
        Heading("Outcome 6", 3),
        Paragraph("People who provide unpaid care are supported to look after their own health.", "lead"),
        Paragraph("In 2025/26 Highland contributed to outcome 6 through its strategic plan priorities."),
        BulletList(("Carers feel supported (NI-8) was 29.6%, similar to Scotland.",)),
        *after,
    ]


def test_a_heading_and_its_opening_text_keep_with_the_chart_they_introduce():
    """The publisher's review: Outcome 6's heading and wording at the foot of a page, its bullet and chart on the
    next. The heading's run of text is kept together and with the chart."""
    from hscp_nb.document.measure import kept_with_next
    from tests.blocks_sample import every_kind

    figure = next(b for b in every_kind() if b.kind == "figure")
    assert kept_with_next(_outcome(figure)) == [False, True, True, True, False]
    # before the next heading (or the part's end) the run's last block is free: nothing to keep it with
    following = _outcome()[:1]
    assert kept_with_next(_outcome(*following)) == [False, True, True, False, False]
    assert kept_with_next(_outcome()) == [False, True, True, False]
    # text that no heading opens, and a chart's own text, are free
    assert kept_with_next([figure, *_outcome(figure)[1:]]) == [False] * 5


def test_a_long_run_of_text_keeps_only_its_lead_with_what_follows():
    from hscp_nb.document.blocks import Heading, Paragraph
    from hscp_nb.document.measure import KEPT_RUN_PT, kept_with_next, text_height

    long = [Heading("Outcome 1", 3), *[Paragraph("A sentence of some length about the outcome. " * 8)] * 8]
    assert sum(text_height(b, PORTRAIT_WIDTH_PT) for b in long[1:]) > KEPT_RUN_PT
    assert kept_with_next(long + [narrow_table()]) == [False, True] + [False] * 8
