"""The national overview (issue 30): all 31 reports of 2025/26 read together. Every value it prints is a row of one
partnership's figures.csv, which its own figures.csv names (file and row); its counts are counts of what the reports
printed; a missing, failed or stale report is named, not skipped."""

import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hscp_nb import batch
from hscp_nb.batch.plan import code_digest
from hscp_nb.document import coverage
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError
from hscp_nb.domain.years import ReportingYear
from hscp_nb.editions import register
from hscp_nb.products import overview

YEAR = ReportingYear(2025)
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WHERE = re.compile(r"^([a-z-]+)/(figures|claims)\.csv, row (\d+)")
INDICATORS = ("NI-2", "NI-12", "NI-15")  # a survey indicator, a rate with a calendar-year stand-in, a percentage


def _csv(path: Path) -> list[dict]:
    """A ledger read here with the csv module alone (not the package's reader), so the test checks the files."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """All 31 reports of 2025/26 (HTML only: the ledgers and the manifest are always written), one published."""
    root = tmp_path_factory.mktemp("outputs")
    editions = tmp_path_factory.mktemp("editions")
    jobs = batch.plan(2025, None, output_root=root, formats="html")
    results = batch.run(jobs, workers=2)
    assert [r.status for r in results] == ["built"] * 31, [r.detail for r in results if r.status != "built"]
    batch.write_index(jobs, results)
    register.publish(root / YEAR.slug / "highland", editions, ["report.html"])
    written = overview.write_overview(YEAR, root, editions, code=code_digest())
    return root, editions, written


def _document(root, editions):
    reports = overview.read_reports(YEAR, root, editions, code_digest())
    return reports, overview.overview_document(reports, YEAR, root / "scratch")


def test_it_writes_the_overview_in_every_format_with_its_own_ledger(built):
    root, _, written = built
    folder = root / YEAR.slug / "scotland"
    assert written.folder == folder and written.left_out == ()
    for name in ("overview.html", "overview.pdf", "overview-data.xlsx", "overview-data.ods", "figures.csv"):
        assert (folder / name).stat().st_size > 0, name
    assert (folder / "overview.pdf").read_bytes()[:5] == b"%PDF-"
    html = (folder / "overview.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    for p in reference.partnerships():  # the overview's index links each partnership's report
        assert f'href="../{p.slug}/report.html"' in html, p.slug
    assert "It read 31 of the 31 reports." in html


def test_for_three_indicators_every_partnerships_value_is_its_reports_ledger_row(built):
    root, editions, written = built
    ours = {(r["id"], r["printed"]): r for r in _csv(written.folder / "figures.csv")}
    _, document = _document(root, editions)
    tables = {b.name: b for part in document.parts for b in part.blocks if b.kind == "table"}
    compared = 0
    for code in INDICATORS:
        table = tables[f"{code.lower()}-values"]
        shown = {row[0]: row for row in table.rows}
        for p in reference.partnerships():
            ledger = _csv(root / YEAR.slug / p.slug / "figures.csv")
            n, row = next((n, r) for n, r in enumerate(ledger, start=2)
                          if r["code"] == code and r["area"] == p.name and r["verdict"])  # fmt: skip
            assert shown[p.name][2] == row["printed"], (code, p.name)  # the table's Value column prints it
            cited = ours[(row["id"], row["printed"])]
            assert cited["value"] == row["value"] and cited["area"] == p.name
            assert cited["source"].startswith(f"{p.slug}/figures.csv, row {n} "), cited["source"]
            against = dict(part.split(": ", 1) for part in row["verdict"].split("; "))
            assert shown[p.name][3] == against["against Scotland"] and shown[p.name][4] == against["trend"]
            compared += 1
    assert compared == 3 * 31


def test_a_sample_of_the_overviews_numbers_recomputed_from_the_31_ledgers(built):
    root, _, written = built
    rows = _csv(written.folder / "figures.csv")
    ledgers = {}

    def ledger(slug, kind):
        if (slug, kind) not in ledgers:
            ledgers[slug, kind] = _csv(root / YEAR.slug / slug / f"{kind}.csv")
        return ledgers[slug, kind]

    cited = [r for r in rows if WHERE.match(r["source"])]
    counts = [r for r in rows if r["unit"].startswith("count of ") and r["source"].startswith("a count of ")
              and "figures.csv, row" in r["source"]]  # fmt: skip
    assert len(cited) > 31 * 18 and len(counts) > 18 * 7
    for row in random.Random(30).sample(cited, 60):
        slug, kind, n = WHERE.match(row["source"]).groups()
        original = ledger(slug, kind)[int(n) - 2]
        assert (original["id"], original["value"], original["printed"]) == (row["id"], row["value"], row["printed"])
    for row in random.Random(31).sample(counts, 40):
        where = re.findall(r"([a-z-]+)/figures\.csv, row (\d+)", row["source"])
        assert float(row["value"]) == len(where), row["id"]
        word = re.search(r"printing NI-\d+ (better|similar|worse|improved|little change|worsened)", row["figure"])
        for slug, n in where:
            counted_row = ledger(slug, "figures")[int(n) - 2]
            assert counted_row["code"] == row["code"] or not row["code"]
            if word:
                assert f": {word.group(1)}" in counted_row["verdict"], (row["id"], slug)
            if row["figure"] == "MSG objectives met" or " met" in row["figure"] and "judging" in row["figure"]:
                judged = re.search(r"judging MSG \w+ (met|not met|no objective set)$", row["figure"])
                said = judged.group(1) if judged else "met"
                assert re.search(rf"objective \d{{4}}/\d{{2}}: {said}\b", counted_row["verdict"]), (row, slug)

    # NI-12's counts against Scotland, recounted from the 31 ledgers without the overview's help
    for verdict in ("better", "similar", "worse"):
        recount = 0
        for p in reference.partnerships():
            head = next(r for r in ledger(p.slug, "figures") if r["code"] == "NI-12" and r["area"] == p.name
                        and r["verdict"])  # fmt: skip
            recount += f"against Scotland: {verdict};" in head["verdict"] + ";"
        [ours] = [r for r in rows if r["figure"] == f"Reports printing NI-12 {verdict} against Scotland"]
        assert ours["printed"] == str(recount), verdict


def test_counts_of_requirements_and_publication_are_the_manifests_and_the_registers(built):
    root, editions, written = built
    rows = {r["id"]: r for r in _csv(written.folder / "figures.csv")}
    manifests = {p.slug: json.loads((root / YEAR.slug / p.slug / "manifest.json").read_text()) for p in
                 reference.partnerships()}  # fmt: skip
    for requirement in ("OUT-1", "FIN-3", "GOV-2"):
        met = sum(any(c["id"] == requirement and c["status"] == "MET" for c in m["compliance"])
                  for m in manifests.values())  # fmt: skip
        assert rows[f"overview/partnerships-meeting-{requirement.lower()}/count/scotland/2025-26"]["printed"] == str(
            met
        )
    # Highland is published (one edition): met or late by the date it was built; the other 30 are due
    late = dt.date.today() > YEAR.publication_deadline
    published = rows["overview/reports-published-late/count/scotland/2025-26" if late else
                     "overview/reports-published-by-the-deadline/count/scotland/2025-26"]  # fmt: skip
    assert published["printed"] == "1"
    assert rows["overview/reports-not-yet-published/count/scotland/2025-26"]["printed"] == "30"
    reports, document = _document(root, editions)
    [highland] = [r for r in reports if r.slug == "highland"]
    assert [c.status for c in highland.checks if c.id == "PUB-1"] == [register.LATE if late else "MET"]
    assert coverage.unledgered(document) == []  # every number printed is a row of the overview's figures.csv


def _year_of_links(root: Path, tmp_path: Path, leave_out: str) -> Path:
    """An output folder of the year whose partnerships' folders link to the built ones, but for ``leave_out``."""
    other = tmp_path / "outputs"
    (other / YEAR.slug).mkdir(parents=True)
    for p in reference.partnerships():
        if p.slug != leave_out:
            (other / YEAR.slug / p.slug).symlink_to(root / YEAR.slug / p.slug)
    return other


def test_a_missing_report_is_named_and_left_out_of_every_count(built, tmp_path):
    root, editions, _ = built
    other = _year_of_links(root, tmp_path, "orkney-islands")
    written = overview.write_overview(YEAR, other, editions, code=code_digest(), formats=("html", "figures"))
    assert [name for name, _ in written.left_out] == ["Orkney Islands"]
    assert written.left_out[0][1].startswith("missing: there is no built report")
    html = (written.folder / "overview.html").read_text(encoding="utf-8")
    assert "Orkney Islands: missing: there is no built report" in html and "It read 30 of the 31 reports." in html
    rows = _csv(written.folder / "figures.csv")
    assert not [r for r in rows if r["source"].startswith("orkney-islands/")]
    assert {r["printed"] for r in rows if r["id"].startswith("overview/reports-with-a-value-of-ni-12/")} == {"30"}


def test_a_failed_and_a_stale_report_are_named(built, tmp_path):
    root, editions, _ = built
    other = _year_of_links(root, tmp_path, "moray")
    (other / YEAR.slug / "failed" / "moray").mkdir(parents=True)
    (other / YEAR.slug / "failed" / "moray" / "error.log").write_text("a notebook failed\n")
    (other / YEAR.slug / "fife").unlink()  # Fife's report, built from returns that have changed since
    shutil.copytree(root / YEAR.slug / "fife", other / YEAR.slug / "fife")
    manifest = json.loads((other / YEAR.slug / "fife" / "manifest.json").read_text())
    returns = next(i for i in manifest["inputs"] if "returns" in i["what"])
    returns["sha256"] = "0" * 64
    (other / YEAR.slug / "fife" / "manifest.json").write_text(json.dumps(manifest))
    written = overview.write_overview(YEAR, other, editions, code=code_digest(), formats=("html", "figures"))
    why = dict(written.left_out)
    assert set(why) == {"Fife", "Moray"}
    assert why["Moray"].startswith("its latest build failed") and "failed/moray/error.log" in why["Moray"]
    assert why["Fife"].startswith("it is stale: its Fife local returns")
    html = (written.folder / "overview.html").read_text(encoding="utf-8")
    assert "Fife: it is stale" in html and "Moray: its latest build failed" in html


def test_reports_built_by_other_code_are_read_and_named(built, tmp_path):
    """What such a report printed still stands for its inputs: it is read, and named (make report rebuilds it)."""
    root, editions, _ = built
    other = _year_of_links(root, tmp_path, leave_out="")
    written = overview.write_overview(YEAR, other, editions, code="other code", formats=("html", "figures"))
    assert written.left_out == ()
    html = (written.folder / "overview.html").read_text(encoding="utf-8")
    said = "it was built by other code than is installed now: the overview reads what it printed"
    assert html.count(said) == 1  # one item naming all 31
    assert "Aberdeen City, Aberdeenshire, Angus, " in html and f"West Lothian and Western Isles: {said}" in html


def test_with_no_report_to_read_the_overview_is_refused_naming_why(built, tmp_path):
    root, editions, _ = built
    empty = tmp_path / "empty"
    (empty / YEAR.slug).mkdir(parents=True)
    with pytest.raises(
        InputError, match=r"no report of 2025/26 it can read \(Aberdeen City: missing: .*; and 30 more\)"
    ):
        overview.write_overview(YEAR, empty, editions, code=code_digest(), formats=("figures",))
    assert not (empty / YEAR.slug / "scotland").exists()


def test_outputs_index_links_the_years_overview(built):
    from hscp_nb.batch.index import write_overview as write_outputs_index

    root, _, _ = built
    html = write_outputs_index(root).read_text(encoding="utf-8")
    assert 'href="2025-26/scotland/overview.html"' in html and 'href="2025-26/scotland/overview.pdf"' in html


def test_the_pdf_passes_the_pdf_ua_checker(built):
    _, _, written = built
    checked = subprocess.run([str(Path(sys.executable).parent / "pdfua"), "check", str(written.folder /
                              "overview.pdf")], capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0 and "no findings" in checked.stdout, checked.stdout


def test_the_html_has_zero_wcag_a_and_aa_violations(built):
    assert AXE.exists() and os.path.exists(CHROMIUM), "run `make test`: it installs chromium and axe-core"
    from playwright.sync_api import sync_playwright

    _, _, written = built
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(written.path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                               ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])  # fmt: skip
        browser.close()
    assert [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]] == []
    assert len(result["passes"]) >= 20


def test_every_number_in_the_words_is_declared_by_its_own_block(built):
    """Stricter than the ledger check (a number printed anywhere in the ledger): each number a sentence, a list
    item or a chart's caption and alt text prints is a value its own block declares, and each table cell that
    prints a number is a declared value of that cell."""
    root, editions, _ = built
    _, document = _document(root, editions)
    loose = []
    for part in document.parts:
        for block in part.blocks:
            declared = {n for value in block_values(block) for n in coverage.numbers(value.printed)}
            if block.kind in {"paragraph", "note"}:
                loose += [(block.text, n) for n in coverage.numbers(block.text) if n not in declared]
            elif block.kind == "list":
                loose += [(item, n) for item in block.items for n in coverage.numbers(item) if n not in declared]
            elif block.kind == "figure":
                text = f"{block.caption} {block.alt}"
                loose += [(text, n) for n in coverage.numbers(text) if n not in declared]
            elif block.kind == "table":
                cells = {value.cell: value.printed for value in block.values}
                for r, row in enumerate(block.rows):
                    for c, (column, cell) in enumerate(zip(block.columns, row)):
                        if column.role == "number" and coverage.numbers(cell):
                            assert cells.get((r, c)) == cell, (block.name, r, c, cell)
    assert loose == []


def block_values(block):
    return getattr(block, "values", ())
