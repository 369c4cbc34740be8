"""The command line: --formats chooses the writers, for the reports and the pack alike; a wrong one is one line."""

import json

from typer.testing import CliRunner

from hscp_nb.cli import app


def test_an_unknown_format_is_one_line_naming_the_known_ones(tmp_path):
    for command in (["report"], ["charts"]):
        result = CliRunner().invoke(app, [*command, "--year", "2025", "--output", str(tmp_path), "--formats", "rtf"])
        assert result.exit_code == 1 and result.output.count("✗") == 1, result.output
        assert "'formats'" in result.output and "rtf" in result.output and "html, pdf, docx, odt" in result.output
    assert not any(tmp_path.iterdir())


def test_formats_html_and_pdf_write_only_those_and_the_record(tmp_path):
    result = CliRunner().invoke(app, ["report", "--year", "2025", "--partnership", "Orkney Islands", "--sections",
                                      "governance", "--output", str(tmp_path), "--formats", "html,pdf"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = tmp_path / "2025-26" / "orkney-islands"
    files = {p.name for p in report.iterdir() if p.is_file()}
    summary = {"summary.html", "summary.pdf"}
    assert (
        files
        == {"report.html", "report.pdf", "qa.html", "figures.csv", "claims.csv", "report.ipynb", "manifest.json"}
        | summary
    )
    manifest = json.loads((report / "manifest.json").read_text())
    assert set(manifest["files"]) == files - {"manifest.json"}
    assert set(manifest["timings_seconds"]) >= {"html", "pdf"} and "docx" not in manifest["timings_seconds"]
    index = (tmp_path / "2025-26" / "index.html").read_text()
    assert 'href="orkney-islands/report.pdf"' in index and "report.docx" not in index
    # asking for Word as well is not a cache hit: the report is built again, with it
    arguments = ["report", "--year", "2025", "--partnership", "Orkney Islands", "--sections", "governance"]
    again = CliRunner().invoke(app, [*arguments, "--output", str(tmp_path), "--formats", "html,pdf,docx"])
    assert again.exit_code == 0 and "built" in again.output
    assert (report / "report.docx").exists()


def test_charts_write_the_board_paper_in_the_formats_asked(tmp_path):
    result = CliRunner().invoke(app, ["charts", "--year", "2025", "--partnership", "Orkney Islands", "--output",
                                      str(tmp_path), "--formats", "odt,ods", "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    pack = tmp_path / "2025-26" / "orkney-islands" / "benchmarking"
    assert (pack / "board-paper.odt").exists() and (pack / "benchmarking-data.ods").exists()
    assert not (pack / "board-paper.docx").exists() and not (pack / "benchmarking-data.xlsx").exists()


def test_make_charts_passes_output_and_the_pack_is_written_under_that_folder_only(tmp_path):
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(["make", "-n", "-C", str(root), "charts", "YEAR=2025", "HSCP=Orkney Islands",
                          f"OUTPUT={tmp_path / 'elsewhere'}"], capture_output=True, text=True)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert f'--output "{tmp_path / "elsewhere"}"' in dry.stdout

    checkout = root / "outputs"
    before = {p: p.stat().st_mtime for p in checkout.rglob("*")} if checkout.exists() else {}
    result = CliRunner().invoke(app, ["charts", "--year", "2025", "--partnership", "Orkney Islands", "--output",
                                      str(tmp_path / "elsewhere"), "--formats", "docx", "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    pack = tmp_path / "elsewhere" / "2025-26" / "orkney-islands" / "benchmarking"
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(pack in p.parents for p in written), written
    assert (pack / "board-paper.docx").exists() and str(pack) in result.output.replace("\n", "")
    after = {p: p.stat().st_mtime for p in checkout.rglob("*")} if checkout.exists() else {}
    assert after == before  # nothing written into the checkout's outputs/
