"""The plain-English summary (products/summary.py), made from Highland's 2025/26 indicators and finance parts as the
report prints them: its key figures, its rounding, its chart of spending and where it sends readers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hscp_nb.document.blocks import BulletList, Figure, KeyFigures, Paragraph
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.domain import reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.present.section import open_section
from hscp_nb.present.views import finance as finance_view
from hscp_nb.present.views import indicators as indicators_view
from hscp_nb.products.summary import rounded, summary_document
from tests.conftest import CORE_SUITE, RETURNS

YEAR = ReportingYear(2025)
CONTACT = "The performance team: team@example.org"
COMPANIONS = {"report": "report.html", "formats": ["pdf", "docx", "odt"], "data": "report-data.xlsx"}


@pytest.fixture(scope="module")
def highland(tmp_path_factory):
    """Highland's report (its indicators and finance parts) and the summary made from it."""
    folder = tmp_path_factory.mktemp("highland")
    partnership = reference.resolve_partnership("highland")
    parts = []
    ctx = open_section("indicators", "Highland", 2025, data=CORE_SUITE, returns=RETURNS, output_dir=folder)
    results = indicators_view.indicator_results(ctx)
    blocks = indicators_view.latest_table(ctx, results)
    blocks += ctx.bullets(list(indicators_view.sentences(ctx, results).values()))
    parts.append(Part("indicators", "1. Indicators and outcomes", blocks))
    ctx = open_section("finance", "Highland", 2025, data=CORE_SUITE, returns=RETURNS, output_dir=folder)
    parts.append(Part("finance", "2. Finance", finance_view.finance_headline(ctx) + finance_view.reg4(ctx)))
    report = Document(FrontMatter(title="Test", partnership="Highland", year_label=YEAR.label), parts)
    summary = summary_document(report, partnership, YEAR, CONTACT, folder / "summary", COMPANIONS)
    return report, summary


def _blocks(summary: Document, kind: type) -> list:
    return [b for part in summary.parts for b in part.blocks if isinstance(b, kind)]


def _words(summary: Document) -> str:
    out = []
    for part in summary.parts:
        for block in part.blocks:
            out += list(getattr(block, "items", ())) if isinstance(block, BulletList) else []
            out += [block.text] if isinstance(block, Paragraph) else []
            out += [block.caption, block.alt, block.source, *block.data.columns] if isinstance(block, Figure) else []
    return " ".join(out)


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_a_pictured_number_is_whole_below_100_and_two_significant_figures_from_100(number):
    shown, step = rounded(number)
    assert abs(shown - number) <= step / 2 + 1e-9
    if round(number) < 100:
        assert step == 1
    else:  # at most two digits that are not trailing zeros, and a step of a power of ten below them
        assert len(str(shown).rstrip("0")) <= 2 and shown % step == 0
        assert step * 10 <= max(shown, round(number)) < step * 1000


def test_the_key_figures_are_one_row_each_reading_on_its_own(highland):
    """Three tiles (the money and two indicators), as one row in every writer (they set three to a row): not three
    and a lonely fourth. Each big figure reads on its own ('120 in 1,000', not a bare '120')."""
    _, summary = highland
    (tiles,) = _blocks(summary, KeyFigures)
    assert len(tiles.items) == 3
    money, *pictured = tiles.items
    assert re.fullmatch(r"£[\d,]+ million", money.value)
    for tile in pictured:
        assert re.fullmatch(r"(?:about )?[\d,]+\u00a0(?:in\u00a0(?:10|1,000)|days)", tile.value), tile
        assert tile.detail and not tile.detail[0].isdigit(), tile
    # each tile's figure is the rounded figure its ledger row prints
    assert [v.printed for v in tiles.values[1:]] == [
        t.value.removeprefix("about ").split("\u00a0")[0] for t in pictured
    ]


def test_a_tile_says_about_exactly_when_rounding_changed_its_whole_number(highland):
    """Highland's NI-12 (1,16x per 100,000, so 116 in 1,000) shows as 'about 120 in 1,000'; a tile whose figure is
    its own whole number (Orkney's 77) has no 'about'. Recomputed here from the report's unrounded value."""
    report, summary = highland
    (tiles,) = _blocks(summary, KeyFigures)
    for tile, value in zip(tiles.items[1:], tiles.values[1:]):
        scale = reference.plain_names()[value.code].scale
        whole = round(next(v.value for v in report.values if v.id == value.id) / scale)
        shown = int(value.printed.replace(",", ""))
        assert tile.value.startswith("about ") == (shown != whole), (tile, whole)
    ni12 = next(t for t, v in zip(tiles.items[1:], tiles.values[1:]) if v.code == "NI-12")
    assert ni12.value == "about 120\u00a0in\u00a01,000"  # the figure held on one line, 'about' may wrap


def test_a_provisional_figure_says_provisional_in_words(highland):
    """PHS marks Highland's 2025/26 NI-19 an estimate ([p] in the report): the summary, which prints no symbols, says
    'provisional' beside it, and says it of no figure that is not provisional."""
    from hscp_nb.present import claims as claim_rules

    report, summary = highland
    estimates = {c.code for c in report.claims if claim_rules.ESTIMATE in c.caveat}
    assert "NI-19" in estimates
    (improve,) = [b for p in summary.parts if p.id == "improve" for b in p.blocks if isinstance(b, BulletList)]
    for item in improve.items:
        name = item.split(":")[0]
        code = next(c for c, p in reference.plain_names().items() if p.name[0].upper() + p.name[1:] == name)
        assert ("This figure is provisional" in item) == (code in estimates), item
    assert any(item.startswith("Days older people stay") and "provisional" in item for item in improve.items)
    assert "[p]" not in _words(summary)


def test_large_pictured_figures_are_rounded_to_two_significant_figures(highland):
    """Highland's NI-19 is 1,910.9 days for every 1,000 people aged 75 or over: the summary says 'about 1,900 days',
    and its ledger row (the report's identifier and unrounded value) says how it was rounded."""
    report, summary = highland
    full = next(v for v in report.values if v.id == "indicators/ni-19/value/highland/2025-26")
    expected = f"{round(full.value, -2):,.0f}"  # 2 significant figures of a four-figure number, written out again
    said = _words(summary)
    assert f"about {expected} days for every 1,000 people aged 75 or over" in said
    assert f"{round(full.value):,}" not in said
    (row,) = [v for v in summary.values if v.id == full.id and v.printed == expected]
    assert row.value == full.value and row.unit.endswith("÷ 1, to the nearest 100")


def test_the_spending_chart_names_areas_of_care_and_its_real_source(highland):
    """Primary care and hospital services are not groups of people: the chart, its alt text, its data and the
    sentence say 'area of care'. Its source is the partnership's returns workbook and sheet the report's rows come
    from, not the report itself."""
    report, summary = highland
    (chart,) = _blocks(summary, Figure)
    said = _words(summary)
    assert "group of people" not in said.lower() and "groups of people" not in said.lower()
    assert "area of care" in chart.caption and "area of care" in chart.alt
    assert chart.data.columns[0] == "Area of care"
    assert "Of all the areas of care, we spent the most on older people" in said
    assert "annual performance report" not in chart.source.lower()
    assert RETURNS.joinpath("highland.xlsx").name in chart.source and "Finance sheet" in chart.source
    assert "Finance sheet" in chart.svg and "highland.xlsx" in chart.svg  # the source line drawn under the chart
    amounts = {v.id for v in report.values if v.id.startswith("finance/care-groups-") and "/actual/" in v.id}
    assert {v.id for v in chart.values} == amounts


def test_find_out_more_links_every_file_and_the_contact(highland):
    """Each file it points to is a link (published beside the summary), and so is the contact's email address; the
    words are the reader's, not bare file names."""
    _, summary = highland
    more = next(part for part in summary.parts if part.title == "Find out more")
    (links,) = [b for b in more.blocks if isinstance(b, BulletList)]
    targets = {link.target for link in links.links}
    assert targets == {"report.html", "report.pdf", "report.docx", "report.odt", "report-data.xlsx",
                       "mailto:team@example.org"}  # fmt: skip
    for link in links.links:
        assert any(link.text in item for item in links.items), link
    assert not re.search(r"\breport(?:-data)?\.\w+", " ".join(links.items))  # no bare file names
    assert any("team@example.org" in item for item in links.items)


def test_find_out_more_names_every_other_public_format_in_the_registry_words(highland):
    """The formats the summary offers besides the HTML report are named by the writer registry's words (one place: a
    new public format brings its own), and today's read as published: PDF, Word, OpenDocument."""
    from hscp_nb.writers import registry

    _, summary = highland
    more = next(part for part in summary.parts if part.title == "Find out more")
    (links,) = [b for b in more.blocks if isinstance(b, BulletList)]
    assert "You can also get it as a PDF file for printing, a Word document and an OpenDocument file." in links.items
    others = [w for w in registry.for_audience(registry.WRITERS, registry.PUBLIC) if w.name != "html"]
    assert [w.name for w in others] == COMPANIONS["formats"]
    assert {(w.in_words, "report" + w.extension) for w in others} <= {(k.text, k.target) for k in links.links}


def test_every_tile_is_the_picture_in_other_words():
    """plain_names.csv: an indicator pictured in words has a tile, and the tile says what the picture says ('about
    {n} in every 10 adults' is '{n} in 10' over 'adults')."""
    for plain in reference.plain_names().values():
        if not plain.picture:
            assert not plain.tile and not plain.tile_detail, plain
            continue
        assert plain.tile.startswith("{n} ") and plain.tile_detail, plain
        assert plain.picture.removeprefix("about ").replace(" in every ", " in ") == f"{plain.tile} {plain.tile_detail}"


@pytest.mark.parametrize(
    ("planned", "spent", "about"),
    [
        (604.54e6, 608.19e6, True),  # 605 and 608 printed, 3.65 rounds to 4: not 608 - 605, so each is 'about'
        (71.48e6, 72.40e6, False),  # 71, 72 and 0.92 rounding to 1 add up as printed
        (100.4e6, 98.9e6, True),  # an underspend: 100 and 99 printed, 1.5 rounds to 2
    ],
)
def test_the_summary_says_about_when_rounded_money_does_not_add_up_as_printed(planned, spent, about, tmp_path):
    """The summary's planned, spent and the difference, each rounded to £1 million: when the printed difference is
    not the difference of the printed amounts, every amount says 'about'; the money sentence's claim is the
    report's under- or overspend."""
    from hscp_nb.document.blocks import Value
    from hscp_nb.present import claims
    from hscp_nb.products.summary import _money_part

    def value(figure: str, amount: float) -> Value:
        ident = f"finance/{figure.lower().replace(' ', '-')}/value/highland/2025-26"
        return Value(ident, "finance", figure, "", "Highland", "2025/26", amount, f"£{amount / 1e6:.2f}m", "£")

    position = "overspend" if spent > planned else "underspend"
    gap = value(f"Total {position}", abs(spent - planned))
    stated = claims.variance("finance", "Total spend", "Highland", "2025/26", planned, spent, f"an {position}")
    blocks = (Paragraph("money", values=(value("Total spend", spent), value("Total planned spend", planned), gap),
                        claims=(stated,)),)  # fmt: skip
    report = Document(FrontMatter(title="Test", partnership="Highland", year_label="2025/26"), [Part("f", "F", blocks)])
    said = next(b for b in _money_part(report, ReportingYear(2025), tmp_path) if b.kind == "paragraph")
    printed = [int(n) for n in re.findall(r"£(\d+) million", said.text)]
    assert len(printed) == 3
    adds_up = abs(printed[1] - printed[0]) == printed[2]
    assert adds_up == (not about)
    assert said.text.count("about ") == (3 if about else 0), said.text
    assert [c.verdict for c in said.claims] == [position]
