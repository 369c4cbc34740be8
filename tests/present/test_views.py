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
    [latest] = [b for b in indicators.latest_table(ctx, results) if isinstance(b, Table)]
    assert latest.source.startswith("Source: PHS Core Suite") and "core_suite_sample.xlsx" in latest.source
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


def _finance_tables(ctx):
    blocks = [*finance.reg4(ctx), *finance.partners_and_lines(ctx), *finance.reserves(ctx), *finance.savings(ctx),
              *finance.six_year(ctx), *finance.locality_allocations(ctx), *finance.reconciliation(ctx)]  # fmt: skip
    return [b for b in blocks if isinstance(b, Table)]


def test_finance_columns_run_planned_then_actual_then_the_share(tmp_path):
    ctx = _context("finance", tmp_path)
    for table in _finance_tables(ctx):
        names = [c.name.split(" (£")[0] for c in table.columns]
        if "Planned" in names and "Actual" in names:
            assert names.index("Planned") + 1 == names.index("Actual"), (table.caption, names)
        for share in ("Proportion", "Under(−)/over(+)spend"):
            if share in names and "Actual" in names:
                assert names.index(share) > names.index("Actual"), (table.caption, names)
    [reg4] = [t for t in _finance_tables(ctx) if t.name == "reg4-matters"]
    assert [c.name for c in reg4.columns] == ["Reg 4 matter", "Planned (£m)", "Actual (£m)", "Proportion"]


@pytest.mark.parametrize("partnership", ["Highland", "Orkney Islands"])
def test_a_tables_money_is_in_one_unit_declared_in_each_money_columns_heading(tmp_path, partnership):
    """Every amount of a finance table in the unit its heading names, and one unit a table: the heading's unit
    recomputed from the amounts behind the cells (£m when any is a million or more, else £k)."""
    import re

    ctx = _context("finance", tmp_path, partnership)
    checked = 0
    for table in _finance_tables(ctx):
        units = {re.search(r"\(£(m|k)\)$", c.name).group(1) for c in table.columns if re.search(r"\(£[mk]\)$", c.name)}
        assert len(units) <= 1, (table.caption, units)
        for i, column in enumerate(table.columns):
            cells = [row[i] for row in table.rows]
            assert not any(re.search(r"£[\d.,]+[mk]", cell) for cell in cells), (table.caption, column.name)
            if not column.name.endswith(("(£m)", "(£k)")):
                continue
            divisor = 1e6 if column.name.endswith("(£m)") else 1e3
            printed = [v for v in table.values if v.cell and v.cell[1] == i]
            amounts = [v.value for v in table.values if v.unit == "£" and v.cell]
            assert (max(abs(a) for a in amounts) >= 1e6) == (divisor == 1e6), table.caption
            for value in printed:  # the cell is the amount in the heading's unit, to its decimals
                shown = float(re.sub(r"[^\d.]", "", value.printed.split(" ")[0]))
                assert abs(shown - abs(value.value) / divisor) <= (0.005 if divisor == 1e6 else 0.05) + 1e-9
                checked += 1
    assert checked > 40


def test_the_lead_agency_committee_is_the_joint_monitoring_committee(tmp_path):
    ctx = _context("governance", tmp_path, "Highland")
    blocks = governance.jmc(ctx)
    texts = [getattr(b, "caption", "") or getattr(b, "text", "") for b in blocks]
    assert any(t.startswith("Joint Monitoring Committee recommendations and responses") for t in texts), texts
    assert not any("Integration Joint Monitoring" in t for t in texts)


@pytest.mark.parametrize("partnership, committee", [("Highland", True), ("Orkney Islands", False)])
def test_the_governance_introduction_follows_the_partnerships_model(tmp_path, partnership, committee):
    [intro] = governance.introduction(_context("governance", tmp_path, partnership))
    assert intro.text.startswith("Inspections of delegated functions")
    assert ("monitoring committee" in intro.text.lower()) is committee
    assert ("Joint Monitoring Committee's recommendations" in intro.text) is committee
    assert "lead-agency" not in intro.text or committee


def test_no_notebook_text_names_the_lead_agency_committee_for_every_partnership():
    """The governance notebook's own markdown is the same for all 31: the committee is named only by the view."""
    import nbformat

    from hscp_nb.inputs.params import NOTEBOOKS_DIR

    book = nbformat.read(NOTEBOOKS_DIR / "40_governance.ipynb", as_version=4)
    markdown = " ".join(c.source for c in book.cells if c.cell_type == "markdown").lower()
    assert "monitoring committee" not in markdown and "lead-agency" not in markdown
    assert any("views.introduction(ctx)" in c.source for c in book.cells if c.cell_type == "code")


@pytest.mark.parametrize("partnership", ["Highland", "Orkney Islands"])
def test_the_six_year_share_chart_says_stayed_when_start_and_end_print_the_same(tmp_path, partnership):
    """The alt text of the regulation 4 shares chart: the largest matter (in sentence case) 'stayed at 40.2%' when
    its first and last shares print the same (Highland 2025/26: 40.2% both), else 'went from … to …'; recomputed
    from the chart's own data."""
    from hscp_nb.document.blocks import Figure

    [chart] = [b for b in finance.six_year(_context("finance", tmp_path, partnership)) if isinstance(b, Figure)]
    assert chart.name == "reg4-proportions-trend"
    columns = list(chart.data.columns)
    rows = [dict(zip(columns, r)) for r in chart.data.rows]
    years = sorted({r["year"] for r in rows})
    last = {r["matter"]: r["proportion"] for r in rows if r["year"] == years[-1]}
    largest = max(last, key=last.get)
    first = next(r["proportion"] for r in rows if r["year"] == years[0] and r["matter"] == largest)
    start, end = f"{first:.1f}%", f"{last[largest]:.1f}%"
    named = f"The largest, {largest[0].lower()}{largest[1:]}, "
    if start == end:
        assert named + f"stayed at {end}." in chart.alt and "went from" not in chart.alt
    else:
        assert named + f"went from {start} to {end}." in chart.alt
    if partnership == "Highland":  # the case the publisher's review found ('went from 40.2% to 40.2%')
        assert "stayed at 40.2%" in chart.alt


def test_the_finance_parts_provisional_note_is_said_once_in_its_own_words(tmp_path):
    """The publisher's review: the three-line [p] note (with MSG wording) under every finance table. The first table
    that prints [p] defines it as unaudited accounts; each later one points back to it."""
    ctx = _context("finance", tmp_path)
    assert ctx.provisional
    marked = [t for t in _finance_tables(ctx) if any(c.endswith("[p]") for row in t.rows for c in row)]
    assert len(marked) > 2
    notes = [[n for n in t.notes if n.startswith("[p]")] for t in marked]
    assert len(notes[0]) == 1 and "not yet audited" in notes[0][0] and "MSG" not in notes[0][0]
    assert all(n == ["[p]: provisional (see the note under the first table of this part)."] for n in notes[1:])


def test_the_indicators_provisional_note_speaks_of_phs_estimates_only(tmp_path):
    """One definition per meaning: the indicators' table's [p] is PHS's estimate, not MSG records or accounts."""
    ctx = _context("indicators", tmp_path)
    [latest] = [b for b in indicators.latest_table(ctx, indicators.indicator_results(ctx)) if isinstance(b, Table)]
    assert any(c.endswith("[p]") for row in latest.rows for c in row)
    [note] = [n for n in latest.notes if n.startswith("[p]")]
    assert "estimate" in note and "MSG" not in note and "accounts" not in note
