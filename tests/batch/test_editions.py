"""Editions end to end: build Highland from one PHS workbook, publish it, rebuild from a second that revises NI-12,
NI-13 and NI-15 for the last two years; the second build lists exactly the figures that moved, marks them [r] and
names itself the second edition; publishing twice adds nothing; a stale or unbuilt report is refused."""

import csv
import re

import pytest
from typer.testing import CliRunner

from hscp_nb import batch
from hscp_nb.batch import editions
from hscp_nb.cli import app
from hscp_nb.domain import reference
from hscp_nb.inputs.phs import read_core_suite
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


def _build(data, root, register):
    jobs = batch.plan(2025, "Highland", data=data, output_root=root, editions_root=register)
    results = batch.run(jobs, workers=1)
    assert results[0].status == "built", results[0].detail
    batch.write_index(jobs, results)
    return jobs[0].target


def _publish(data, root, register):
    return CliRunner().invoke(app, ["publish", "--year", "2025", "--partnership", "Highland", "--data", str(data),
                                    "--output", str(root), "--editions", str(register)])  # fmt: skip


def test_a_revised_release_is_a_second_edition_listing_what_moved(releases, tmp_path):
    first, second = releases
    root, register = tmp_path / "outputs", tmp_path / "editions"
    refused = _publish(first, root, register)
    assert refused.exit_code == 1 and "not built" in refused.output
    report = _build(first, root, register)
    assert "First edition" in (report / "report.html").read_text()
    published = _publish(first, root, register)
    assert published.exit_code == 0 and "first edition" in published.output, published.output
    again = _publish(first, root, register)
    assert "no edition added" in again.output and len(editions.editions(register, "2025-26", "highland")) == 1
    stale = _publish(second, root, register)
    assert stale.exit_code == 1 and "stale" in stale.output

    report = _build(second, root, register)
    with open(report / "changes.csv", encoding="utf-8") as fh:
        changes = list(csv.DictReader(fh))
    revised = [c for c in changes if c["change"] == "revised"]
    assert revised and all(c["reason"] == "PHS release revised" for c in revised)
    # only NI-12, NI-13 and NI-15 moved: in the indicators section, the localities' tables of them, and the key
    # messages' counts of indicators better, similar or worse than Scotland (a verdict turned)
    what = [c["id"].split("/")[1] for c in revised]
    assert all(re.search(r"\bni-?1[235]\b", w) or w.startswith("number-of-indicators") for w in what), what
    assert {w for w in what if w.startswith("ni-")} == {"ni-12", "ni-13", "ni-15"}
    assert all(c["previous"] != c["new"] and c["previous"] and c["new"] for c in revised)
    assert any(c["verdict_previous"] != c["verdict_new"] for c in revised)
    # every revised figure the new ledger prints is in changes.csv, and nothing that did not move
    with open(report / "figures.csv", encoding="utf-8") as fh:
        now = {r["id"]: r for r in csv.DictReader(fh)}
    before = editions.latest(register, "2025-26", "highland").ledger()
    moved = {ident for (ident, printed) in before if ident in now and now[ident]["printed"].lstrip("'") != printed
             and not any(i == ident and p == now[ident]["printed"].lstrip("'") for i, p in before)}  # fmt: skip
    assert moved == {c["id"] for c in revised}
    html = (report / "report.html").read_text()
    assert "Second edition" in html and "Replaces the provisional edition" in html
    assert "Changes in this edition" in html and "[r]" in html
    assert "Changes since the last edition" in (report / "qa.html").read_text()
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
    assert all(c["id"] in cells for c in changes)

    # back to the first release: the report is the first edition again, every figure as it was published
    report = _build(first, root, register)
    published = editions.latest(register, "2025-26", "highland")
    assert (report / "figures.csv").read_text() == (published.folder / "figures.csv").read_text()
    assert "First edition (provisional)" in (report / "report.html").read_text()
    assert not (report / "changes.csv").exists()


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
    root, register = tmp_path / "outputs", tmp_path / "editions"
    report = _build(CORE_SUITE, root, register)
    assert "(provisional)" in (report / "report.html").read_text()
    assert "[p]" in (report / "report.html").read_text()  # unaudited amounts are marked provisional
    assert _publish(CORE_SUITE, root, register).exit_code == 0
    jobs = batch.plan(2025, "Highland", output_root=root, editions_root=register,
                      returns=_audited_returns(tmp_path))  # fmt: skip
    [result] = batch.run(jobs, workers=1)
    assert result.status == "built", result.detail
    html = (report / "report.html").read_text()
    assert "Second edition (final)" in html and "Replaces the provisional edition" in html
    with open(report / "changes.csv", encoding="utf-8") as fh:
        changes = [c for c in csv.DictReader(fh) if c["change"] == "revised"]
    finance = [c for c in changes if c["section"] == "finance"]
    assert finance and all(c["reason"] == "accounts audited" for c in finance)
    assert any(c["figure"] == "Total spend" for c in finance)
    assert not [c for c in changes if c["section"] == "indicators"]


def _edition(register, number, published):
    import json

    folder = register / "2025-26" / "highland" / f"{number:02d}"
    folder.mkdir(parents=True)
    record = {"number": number, "date": published, "status": "provisional", "inputs": [], "package_version": "0"}
    (folder / "edition.json").write_text(json.dumps(record))


@pytest.mark.parametrize(
    ("published", "today", "status", "says"),
    [
        ((), "2026-06-01", "DUE", "not yet published: due by 31 July 2026 (make"),
        ((), "2026-11-30", "DUE", "overdue since 31 July 2026"),
        (("2026-07-28", "2026-10-14"), "2026-11-30", "MET", "first published 28 July 2026 (provisional edition), by"),
        (("2026-08-03",), "2026-11-30", "LATE", "after the deadline of 31 July 2026; late"),
    ],
)
def test_pub1_is_met_only_by_a_first_edition_published_by_the_deadline(tmp_path, published, today, status, says):
    import datetime as dt

    from hscp_nb.batch.editions_view import publication_check

    for number, day in enumerate(published, start=1):
        _edition(tmp_path, number, day)
    [job] = batch.plan(2025, "Highland", output_root=tmp_path / "out", editions_root=tmp_path)
    checks = [{"id": "PUB-1", "status": "MET", "detail": "assumed"}, {"id": "FIN-1", "status": "MET", "detail": ""}]
    [pub1, fin1] = publication_check(checks, job, today=dt.date.fromisoformat(today))
    assert pub1["status"] == status and says in pub1["detail"], pub1
    assert fin1 == checks[1]


def test_a_register_inside_the_output_folder_is_refused_in_one_line(tmp_path):
    from hscp_nb.domain.errors import InputError

    with pytest.raises(InputError, match="column 'editions'.*outside the output folder"):
        batch.plan(2025, "Highland", output_root=tmp_path, editions_root=tmp_path / "editions")


def _published_ledger(tmp_path, rows, status="provisional", inputs=None):
    """An edition folder holding a ledger of ``rows`` (id, section, code, printed, verdict)."""
    import json

    folder = tmp_path / "2025-26" / "highland" / "01"
    folder.mkdir(parents=True)
    with open(folder / "figures.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "section", "figure", "code", "area", "period", "value", "printed", "unit", "source",
                         "verdict"])  # fmt: skip
        for ident, section, code, printed, verdict in rows:
            writer.writerow([ident, section, ident, code, "Highland", "2025/26", "", printed, "", "s", verdict])
    inputs = inputs or [{"what": "PHS Core Suite of Integration Indicators", "sha256": "a"},
                        {"what": "Highland local returns", "sha256": "b"}]  # fmt: skip
    record = {"number": 1, "date": "2026-07-28", "status": status, "inputs": inputs, "package_version": "0.3.0"}
    (folder / "edition.json").write_text(json.dumps(record))
    return editions.latest(tmp_path, "2025-26", "highland")


def _now(ident, section, code, printed, verdict="", value=1.0):
    from hscp_nb.document.blocks import Value

    return Value(ident, section, ident, code, "Highland", "2025/26", value, printed, "", "s", verdict)


@pytest.mark.parametrize(
    ("changed_input", "status", "section", "code", "reason"),
    [
        ("PHS Core Suite of Integration Indicators", "provisional", "indicators", "NI-12", "PHS release revised"),
        ("Highland local returns", "final", "finance", "", "accounts audited"),
        ("Highland local returns", "provisional", "finance", "", "returns corrected"),
        (None, "provisional", "finance", "", "method changed"),
    ],
)
def test_each_reason_for_a_change_and_no_revision_within_the_rounding(tmp_path, changed_input, status, section,
                                                                       code, reason):  # fmt: skip
    previous = _published_ledger(
        tmp_path,
        [("moved", section, code, "12.4%", "against Scotland: similar"), ("same", section, code, "843", ""),
         ("gone", section, code, "1", "")],
    )  # fmt: skip
    inputs = [{"what": i["what"], "sha256": i["sha256"] + ("2" if i["what"] == changed_input else "")}
              for i in previous.record["inputs"]]  # fmt: skip
    now = [
        _now("moved", section, code, "12.9%", "against Scotland: worse"),
        _now("same", section, code, "843", value=843.4),  # moved within the printed rounding: not a revision
        _now("new", section, code, "7"),
    ]
    found = {c.id: c for c in editions.changes(previous, now, {"inputs": inputs, "status": status})}
    assert set(found) == {"moved", "new", "gone"}
    moved = found["moved"]
    assert (moved.change, moved.previous, moved.new, moved.reason) == ("revised", "12.4%", "12.9%", reason)
    assert (moved.verdict_previous, moved.verdict_new) == ("against Scotland: similar", "against Scotland: worse")
    assert found["new"].change == "added" and found["gone"].change == "removed"
