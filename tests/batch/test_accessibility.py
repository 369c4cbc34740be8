"""The report HTML passes axe-core (WCAG 2.x A and AA rules) in a real headless Chromium."""

import os
import shutil
from pathlib import Path

import pytest

from hscp_nb import batch

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("axe")
    jobs = batch.plan(2025, ["Highland", "Argyll and Bute"], output_root=root, formats="html")
    results = batch.run(jobs, workers=2)
    assert [r.status for r in results] == ["built", "built"], [r.detail for r in results]
    batch.write_index(jobs, results)
    year = root / "2025-26"
    return [year / "highland" / "report.html", year / "argyll-and-bute" / "report.html", year / "index.html",
            year / "highland" / "qa.html", year / "highland" / "summary.html",
            year / "argyll-and-bute" / "summary.html"]  # fmt: skip


def test_zero_wcag_a_and_aa_violations(report_pages):
    assert AXE.exists() and os.path.exists(CHROMIUM), "run `make test`: it installs chromium and axe-core"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        failures = {}
        for html in report_pages:
            page.goto(html.as_uri())
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
            violations = [(v["id"], v["help"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]
            if violations:
                failures[html.parent.name] = violations
            assert len(result["passes"]) >= 5  # axe really ran (the index page is small)
        browser.close()
    assert failures == {}
