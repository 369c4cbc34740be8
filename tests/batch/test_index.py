"""The year's index: what it says of a report's statutory requirements, and the benchmarking pack it links (kept
across a rebuild of the report, linked as soon as `make charts` has made it)."""

import datetime as dt
import json

from hscp_nb.batch.index import requirements_text
from hscp_nb.domain.requirements import Check


def _checks(statuses: dict[str, str]) -> list[Check]:
    return [Check(ident, f"requirement {ident}", status) for ident, status in statuses.items()]


def test_publication_not_yet_due_reads_as_due_not_as_a_failure():
    checks = _checks({f"OUT-{i}": "MET" for i in range(1, 19)} | {"PUB-1": "DUE"})
    deadline = dt.date(2026, 7, 31)
    text = requirements_text(checks, deadline, today=dt.date(2026, 6, 1))
    assert text == "18 of 19 met; 1 due (publication by 31 July 2026)"
    late = requirements_text(checks, deadline, today=dt.date(2026, 12, 4))
    assert late == "18 of 19 met; 1 due (publication by 31 July 2026, now overdue)"


def test_other_unmet_requirements_are_counted_by_their_status():
    checks = _checks({"OUT-1": "MET", "FIN-1": "MISSING", "INS-1": "MISSING", "PUB-1": "LATE"})
    assert requirements_text(checks, dt.date(2026, 7, 31)) == (
        "1 of 4 met; 1 late (published after 31 July 2026); 2 missing"
    )
    assert requirements_text(_checks({"OUT-1": "MET"}), dt.date(2026, 7, 31)) == "1 of 1 met"


def test_the_pack_folder_is_the_packs_own():
    from hscp_nb.batch.job import PACK_FOLDER
    from hscp_nb.products import pack

    assert PACK_FOLDER == pack.PACK_FOLDER


def test_a_rebuilt_report_keeps_its_benchmarking_pack(tmp_path):
    from hscp_nb.batch.job import PACK_FOLDER, _keep_pack
    from hscp_nb.inputs.files import replace_dir

    report, new = tmp_path / "highland", tmp_path / "tmp"
    (report / PACK_FOLDER).mkdir(parents=True)
    (report / PACK_FOLDER / "board-paper.pdf").write_bytes(b"%PDF-paper")
    (report / "report.html").write_text("old")
    new.mkdir()
    (new / "report.html").write_text("new")
    _keep_pack(report, new)
    replace_dir(new, report)
    assert (report / "report.html").read_text() == "new"
    assert (report / PACK_FOLDER / "board-paper.pdf").read_bytes() == b"%PDF-paper"


def test_the_years_index_links_the_pack_once_it_is_made(tmp_path):
    from hscp_nb.batch.index import refresh_year_index
    from hscp_nb.domain.years import ReportingYear

    year = ReportingYear(2025)
    report = tmp_path / year.slug / "highland"
    report.mkdir(parents=True)
    (report / "report.html").write_text("report")
    manifest = {"compliance": [{"id": "OUT-1", "status": "MET"}, {"id": "PUB-1", "status": "DUE"}]}
    (report / "manifest.json").write_text(json.dumps(manifest))
    index = refresh_year_index(tmp_path, year).read_text()
    assert 'href="highland/report.html"' in index and "benchmarking/" not in index
    assert "1 of 2 met; 1 due (publication by 31 July 2026" in index
    (report / "benchmarking").mkdir()
    for name in ("board-paper.pdf", "board-paper.html", "benchmarking-data.xlsx"):
        (report / "benchmarking" / name).write_text("x")
    index = refresh_year_index(tmp_path, year).read_text()
    for name in ("board-paper.pdf", "board-paper.html", "benchmarking-data.xlsx"):
        assert f'href="highland/benchmarking/{name}"' in index, name
    assert (tmp_path / "index.html").exists()  # the overview too


def test_requirements_a_layout_leaves_out_are_named_in_the_index():
    left = "left out by the layout (report.yml, line 1): the governance section"
    dropped = [Check("INS-1", "inspections", "MISSING", "", left), Check("GOV-1", "plan review", "MISSING", "", left)]
    checks = _checks({"OUT-1": "MET", "FIN-1": "MISSING"}) + dropped
    assert requirements_text(checks, dt.date(2026, 7, 31)) == (
        "1 of 4 met; 3 missing (2 left out by the layout: INS-1, GOV-1)"
    )
