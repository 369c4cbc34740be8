"""Views, one module per section: each table cites its own source, no heading repeats the part's, and a partnership
with no inspections is told so under the recommendations heading."""

import pytest

from hscp_nb.document.blocks import Heading, Paragraph, Table
from hscp_nb.present.section import open_section
from hscp_nb.present.views import finance, governance, indicators
from tests.conftest import CORE_SUITE, LOCALITY_EXTRACT, RETURNS


def _context(name, tmp_path, partnership="Highland"):
    return open_section(name, partnership, 2025, data=CORE_SUITE, locality_data=LOCALITY_EXTRACT, returns=RETURNS,
                        output_dir=tmp_path)  # fmt: skip


def test_indicator_tables_cite_the_phs_file_and_finance_tables_the_returns(tmp_path):
    ctx = _context("indicators", tmp_path)
    results = indicators.indicator_results(ctx)
    [summary] = [b for b in indicators.summary_table(ctx, results) if isinstance(b, Table)]
    assert summary.source.startswith("Source: PHS Core Suite") and "core_suite_sample.xlsx" in summary.source
    ctx = _context("finance", tmp_path)
    tables = [b for b in finance.partners_and_lines(ctx) if isinstance(b, Table)]
    assert tables and all("Highland local returns (highland.xlsx)" in t.source for t in tables)


def test_best_value_has_no_second_best_value_heading(tmp_path):
    blocks = finance.best_value(_context("finance", tmp_path))
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "Best value" not in headings and set(headings) <= {"Efficiency opportunities", "Financial performance"}
    assert any(isinstance(b, Paragraph) for b in blocks)


@pytest.mark.parametrize("confirmed", [True, False])
def test_recommendations_say_why_there_are_none(tmp_path, monkeypatch, confirmed):
    ctx = _context("governance", tmp_path, "Orkney Islands")
    empty = governance.governance.inspections(ctx.returns, ctx.year).iloc[:0]
    monkeypatch.setattr(governance.governance, "inspections", lambda returns, year: empty)
    monkeypatch.setattr(governance.governance, "confirmed_no_inspections", lambda returns, year: confirmed)
    [block] = governance.recommendations(ctx)
    assert isinstance(block, Paragraph) and block.text
    if confirmed:
        assert block.text == "With no inspections in 2025/26, there were no recommendations to act on."
    else:
        assert block.style == "not-included"
