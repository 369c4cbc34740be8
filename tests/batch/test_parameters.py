"""Bad parameters and paths: one located line and a non-zero exit, before any job starts."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hscp_nb import batch
from hscp_nb.cli import app
from hscp_nb.domain.errors import InputError
from tests.conftest import CORE_SUITE


def _report(tmp_path, *args):
    return CliRunner().invoke(app, ["report", "--output", str(tmp_path / "out"), "--formats", "html", *args])


def test_a_year_before_statutory_reporting_is_refused_once(tmp_path):
    result = _report(tmp_path, "--year", "2015")
    assert result.exit_code == 1
    assert result.output.count("✗") == 1  # one line, not one per partnership
    assert "2015/16" in result.output and "from 2016/17" in result.output
    assert not (tmp_path / "out").exists()


def test_a_year_after_the_latest_in_the_phs_file_is_refused_once(tmp_path):
    result = _report(tmp_path, "--year", "2026", "--hscp", "Highland")
    assert result.exit_code == 1 and result.output.count("✗") == 1
    assert "core_suite_sample.xlsx" in result.output and "2016/17 to 2025/26" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", ["--locality-data", "--data"])
def test_a_wrong_input_path_is_an_error(tmp_path, option):
    result = _report(tmp_path, "--year", "2021", "--hscp", "Highland", option, str(tmp_path / "nowhere.xlsx"))
    assert result.exit_code == 1
    assert "nowhere.xlsx" in result.output and "no such file" in result.output
    assert "Traceback" not in result.output


def test_a_folder_where_a_file_is_expected_is_named(tmp_path):
    with pytest.raises(InputError) as err:
        batch.plan(2021, "Highland", data=tmp_path, output_root=tmp_path / "out")
    assert "found 'a folder'" in str(err.value)


def test_the_plan_reads_the_phs_file_once_and_stops_on_it(tmp_path):
    bad = tmp_path / "core.xlsx"
    bad.write_bytes(Path(CORE_SUITE).read_bytes()[:2000])  # a truncated workbook
    with pytest.raises(InputError) as err:
        batch.plan(2021, None, data=bad, output_root=tmp_path / "out")
    assert "a damaged or truncated workbook" in str(err.value) and "core.xlsx" in str(err.value)
