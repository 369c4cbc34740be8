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
    [result] = batch.run(jobs, workers=1)
    assert result.status == "built", result.detail
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

    report = _build(first, root, register)  # back to the first release: its figures as they were published
    with open(report / "changes.csv", encoding="utf-8") as fh:
        assert [c for c in csv.DictReader(fh) if c["change"] == "revised"] == []
