"""Editions end to end: build Highland from one PHS workbook and publish what was built (the inputs the manifest
records, no input options); a changed input file or other code is refused, naming it; rebuild from a second workbook
that revises NI-12, NI-13 and NI-15 for the last two years: the report lists exactly the figures that moved, marks
them [r] and names itself the second edition; back to the first workbook it is the first edition again; published,
the second edition is the register's second; built from the first workbook after that, the third."""

import importlib
import re

import pytest
from typer.testing import CliRunner

from hscp_nb import batch
from hscp_nb.cli import app
from hscp_nb.domain import reference
from hscp_nb.editions import register
from hscp_nb.editions.compare import read_changes
from hscp_nb.editions.manifest import Manifest
from hscp_nb.inputs.phs import read_core_suite
from hscp_nb.writers.ledger import read_ledger
from tests.conftest import CORE_SUITE
from tests.published import published_rows, write

REVISED = ("NI-12", "NI-13", "NI-15")


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("phs")
    table = read_core_suite(CORE_SUITE).table
    first = write(folder / "first.xlsx", published_rows(table))
    highland = reference.resolve_partnership("Highland").code
    revised = table.copy()
    for code in REVISED:
        rows = revised[(revised["partnership_code"] == highland) & (revised["indicator"] == code)]
        last_two = sorted(rows["year_start"].unique())[-2:]
        at = rows[rows["year_start"].isin(last_two)].index
        revised.loc[at, "value"] = revised.loc[at, "value"] * (1.25 if code == "NI-12" else 1.03)
        for column in ("numerator", "lower_ci", "upper_ci"):
            revised.loc[at, column] = revised.loc[at, column] * (1.25 if code == "NI-12" else 1.03)
    second = write(folder / "second.xlsx", published_rows(revised))
    return first, second


def _build(root, register_root, data=None, returns=None):
    jobs = batch.plan(2025, "Highland", data=data, returns=returns, output_root=root, editions_root=register_root)
    results = batch.run(jobs, workers=1)
    assert results[0].status == "built", results[0].detail
    batch.write_index(jobs, results)
    return jobs[0].target


def _publish(root, register_root):
    """``make publish``: no input options, it publishes what was built."""
    return CliRunner().invoke(app, ["publish", "--year", "2025", "--partnership", "Highland", "--output", str(root),
                                    "--editions", str(register_root)])  # fmt: skip


def _one_line(result) -> str:
    return " ".join(result.output.split())


def _published(register_root):
    return register.editions(register_root, "2025-26", "highland")


def test_a_revised_release_is_a_second_edition_listing_what_moved(releases, tmp_path, monkeypatch):
    first, second = releases
    root, editions = tmp_path / "outputs", tmp_path / "editions"
    refused = _publish(root, editions)
    assert refused.exit_code == 1 and "not built" in refused.output and "make report" in refused.output
    assert not editions.exists()
    report = _build(root, editions, data=first)
    assert "First edition (provisional)" in (report / "report.html").read_text()
    assert Manifest.read(report).inputs[0].path == first
    published = _publish(root, editions)
    assert published.exit_code == 0, published.output
    assert re.search(r"✓ Highland 2025/26: first edition \(provisional, \d{4}-\d\d-\d\d\) in ", _one_line(published))
    again = _publish(root, editions)
    assert again.exit_code == 0 and "nothing changed since the first edition" in again.output
    assert "no edition added" in again.output and len(_published(editions)) == 1

    # the file the manifest names with other bytes: refused, naming it; the same bytes again: it stands again
    original = first.read_bytes()
    try:
        first.write_bytes(original + b"\0")
        stale = _publish(root, editions)
    finally:
        first.write_bytes(original)
    assert stale.exit_code == 1 and len(_published(editions)) == 1
    assert (
        f"✗ Highland 2025/26: not published: it is stale: its PHS Core Suite of Integration Indicators ({first} has "
        "changed since); rebuild it first" in _one_line(stale)
    ), stale.output
    assert "no edition added" in _publish(root, editions).output
    # a build by other code than is installed: refused too
    monkeypatch.setattr(importlib.import_module("hscp_nb.batch.plan"), "code_digest", lambda: "other code")
    other = _publish(root, editions)
    monkeypatch.undo()
    assert other.exit_code == 1 and "built by other code than is installed now" in other.output

    report = _build(root, editions, data=second)
    changes = read_changes(report)
    revised = [c for c in changes if c.change == "revised"]
    assert revised and all(c.reason == "PHS release revised" for c in revised)
    # only NI-12, NI-13 and NI-15 moved: in the indicators section, the localities' tables of them, and the key
    # messages' counts of indicators better, similar or worse than Scotland (a verdict turned)
    what = [c.id.split("/")[1] for c in revised]
    assert all(re.search(r"\bni-?1[235]\b", w) or w.startswith("number-of-indicators") for w in what), what
    assert {w for w in what if w.startswith("ni-")} == {"ni-12", "ni-13", "ni-15"}
    assert all(c.previous != c.new and c.previous and c.new for c in revised)
    assert any(c.verdict_previous != c.verdict_new for c in revised)
    # every figure the new ledger prints otherwise than the published one is in changes.csv, and nothing else
    now = {r["id"]: r["printed"] for r in read_ledger(report / "figures.csv")}
    before = read_ledger(_published(editions)[-1].ledger)
    moved = {r["id"] for r in before if r["id"] in now and not any(b["id"] == r["id"] and b["printed"] == now[r["id"]]
                                                                   for b in before)}  # fmt: skip
    assert moved == {c.id for c in revised}
    html = (report / "report.html").read_text()
    assert "Second edition (provisional)" in html and "Replaces the provisional edition" in html
    assert "Changes in this edition" in html and "[r]" in html
    assert "Changes since the last edition" in (report / "qa.html").read_text()
    manifest = Manifest.read(report)
    assert manifest.edition["number"] == 2 and not manifest.edition["published"]
    assert manifest.edition["changes"] == len(changes) and manifest.edition["replaces"]["number"] == 1
    # [r] sits only on the cells that print a revised figure, never on another cell that reads the same
    import nbformat

    from hscp_nb.document.notebook import read_notebook

    document = read_notebook(nbformat.read(report / "report.ipynb", as_version=4))
    [summary] = [b for p in document.parts for b in p.blocks if getattr(b, "name", "") == "indicator-summary"]
    marked = {row[0] for row in summary.rows if any(cell.endswith("[r]") for cell in row)}
    assert marked == {"NI-12", "NI-13", "NI-15"}, marked
    index = (root / "2025-26" / "index.html").read_text()
    assert f"second edition (provisional), not yet published; {len(changes)} figures changed since the first" in index
    assert f"edition 2, {len(changes)} changed" in (root / "index.html").read_text()
    # the data workbook's Revisions sheet holds every row of changes.csv
    from openpyxl import load_workbook

    sheet = load_workbook(report / "report-data.xlsx")["Revisions"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.id in cells for c in changes)

    # back to the first release: the report is the first edition again, every figure as it was published
    report = _build(root, editions, data=first)
    assert (report / "figures.csv").read_text() == _published(editions)[0].ledger.read_text()
    assert "First edition (provisional)" in (report / "report.html").read_text()
    assert read_changes(report) is None and Manifest.read(report).edition["published"]

    # the second release built and published: the register's second edition; publishing again adds nothing
    report = _build(root, editions, data=second)
    assert len(read_changes(report)) == len(changes)
    published = _publish(root, editions)
    assert published.exit_code == 0, published.output
    assert re.search(r"✓ Highland 2025/26: second edition \(provisional, \d{4}-\d\d-\d\d\) in ", _one_line(published))
    assert "no edition added" in _publish(root, editions).output
    first_edition, second_edition = _published(editions)
    assert (second_edition.number, second_edition.inputs[0].sha256) == (2, Manifest.read(report).inputs[0].sha256)
    assert second_edition.inputs[0].sha256 != first_edition.inputs[0].sha256
    assert (second_edition.folder / "report.html").exists() and not (second_edition.folder / "qa.html").exists()

    # and so on: built from the first release now, the report is the third edition, replacing the second
    report = _build(root, editions, data=first)
    html = (report / "report.html").read_text()
    assert "Third edition (provisional)" in html and "Changes in this edition" in html
    back = [c for c in read_changes(report) if c.change == "revised"]
    assert {(c.id, c.previous, c.new) for c in back} == {(c.id, c.new, c.previous) for c in revised}
    assert all(c.reason == "PHS release revised" for c in back)


def _audited_returns(folder):
    """Highland's returns with its 2025/26 accounts audited: the status set to Audited, and the audit moving one
    service line's actual spend by £250,000."""
    import shutil

    from openpyxl import load_workbook

    from tests.conftest import RETURNS

    target = folder / "highland.xlsx"
    shutil.copy(RETURNS / "highland.xlsx", target)
    workbook = load_workbook(target)
    about, finance = workbook["About"], workbook["Finance"]
    status = [c.value for c in about[1]].index("Accounts status") + 1
    for row in about.iter_rows(min_row=2):
        if row[0].value == "2025/26":
            assert row[status - 1].value == "Unaudited"
            row[status - 1].value = "Audited"
    header = [c.value for c in finance[1]]
    line, actual = header.index("Service line"), header.index("Actual spend (£)")
    moved = False
    for row in finance.iter_rows(min_row=2):
        if row[0].value == "2025/26" and row[line].value == "Prescribing":
            row[actual].value = float(row[actual].value) + 250_000
            moved = True
    assert moved
    workbook.save(target)
    return target


def test_audited_accounts_make_the_final_edition_listing_the_finance_figures_that_moved(tmp_path):
    root, editions = tmp_path / "outputs", tmp_path / "editions"
    report = _build(root, editions, data=CORE_SUITE)
    assert "(provisional)" in (report / "report.html").read_text()
    assert "[p]" in (report / "report.html").read_text()  # unaudited amounts are marked provisional
    assert _publish(root, editions).exit_code == 0
    report = _build(root, editions, data=CORE_SUITE, returns=_audited_returns(tmp_path))
    html = (report / "report.html").read_text()
    assert "Second edition (final)" in html and "Replaces the provisional edition" in html
    changes = [c for c in read_changes(report) if c.change == "revised"]
    finance = [c for c in changes if c.section == "finance"]
    assert finance and all(c.reason == "accounts audited" for c in finance)
    assert any(c.figure == "Total spend" for c in finance)
    assert not [c for c in changes if c.section == "indicators"]
    published = _publish(root, editions)
    assert published.exit_code == 0 and "second edition (final, " in published.output, published.output
    assert [e.status for e in _published(editions)] == ["provisional", "final"]
