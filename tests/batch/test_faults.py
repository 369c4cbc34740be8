"""The batch under faults, with real processes and real signals: Ctrl-C, a killed worker, leftovers of crashed runs
and odd parameters. Each test asserts the state on disk afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
THREE = "Orkney Islands,Shetland Islands,Western Isles"


def _start(output: Path, hscp: str, *args: str, marker: str) -> subprocess.Popen:
    env = {**os.environ, "HSCP_NB_TEST_MARK": marker, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "hscp_nb", "report", "--year", "2025", "--hscp", hscp, "--output", str(output),
               "--formats", "html", *args]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )  # its own process group, as a terminal gives a command


def _processes_with(marker: str) -> list[int]:
    """Live processes (workers, kernels) started by the run carrying ``marker`` in their environment."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"HSCP_NB_TEST_MARK={marker}".encode() in environ.read_bytes():
                stat = (environ.parent / "stat").read_text()
                if stat.rsplit(")", 1)[1].split()[0] != "Z":
                    found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def _kernel_folders_of(pids: set[int]) -> list[Path]:
    out = []
    for folder in Path(tempfile.gettempdir()).glob("hscp-nb-kernel-*"):
        try:
            if int((folder / "owner.pid").read_text()) in pids:
                out.append(folder)
        except (OSError, ValueError):
            continue
    return out


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_stops_the_batch_within_seconds_and_leaves_nothing(tmp_path, presses):
    """Ctrl-C in a terminal: SIGINT to the whole process group (the command and its workers). A second press ends
    it at once; either way nothing of the run survives and the earlier report is untouched."""
    marker = uuid.uuid4().hex
    output = tmp_path / "out"
    # an earlier good report, which must survive the interrupted run untouched
    first = subprocess.run([sys.executable, "-m", "hscp_nb", "report", "--year", "2025", "--hscp", "Orkney Islands",
                            "--output", str(output), "--formats", "html", "--sections", "governance"], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    year_dir = output / "2025-26"
    earlier = (year_dir / "orkney-islands" / "report.html").read_bytes()

    run = _start(output, THREE, "--force", "--jobs", "2", marker=marker)
    tmp = _wait_for(lambda: list(year_dir.glob(".tmp-*")), 120)
    workers = {int(t.name.rsplit("-", 1)[1]) for t in tmp}
    sent = time.monotonic()
    os.killpg(run.pid, signal.SIGINT)
    if presses == 2:
        time.sleep(0.3)
        os.killpg(run.pid, signal.SIGINT)
    out, _ = run.communicate(timeout=60)
    took = time.monotonic() - sent
    assert run.returncode == 130, out
    assert took < 20, f"took {took:.1f} s to stop"
    if presses == 1:
        assert "INTERRUPTED" in out and "Interrupted:" in out and "not built" in out
        assert (year_dir / "index.html").exists()
    else:  # the second press ends it at once, or, when the first had already stopped everything, changes nothing
        assert "Ended at once" in out or "Interrupted:" in out
    assert not list(year_dir.glob(".tmp-*"))
    assert _wait_for(lambda: not _processes_with(marker), 10)
    assert _kernel_folders_of(workers) == []
    # the earlier report is untouched: its rebuild was under way, in its own temporary folder
    assert (year_dir / "orkney-islands" / "report.html").read_bytes() == earlier


def test_a_killed_worker_fails_only_its_own_job(tmp_path):
    marker = uuid.uuid4().hex
    output = tmp_path / "out"
    year_dir = output / "2025-26"
    run = _start(output, THREE, "--jobs", "2", "--sections", "indicators", marker=marker)
    tmp = _wait_for(lambda: list(year_dir.glob(".tmp-*")), 120)[0]
    victim_slug, victim_pid = tmp.name[len(".tmp-") :].rsplit("-", 1)
    os.kill(int(victim_pid), signal.SIGKILL)
    out, _ = run.communicate(timeout=300)
    assert run.returncode == 1, out
    slugs = {"orkney-islands", "shetland-islands", "western-isles"}
    for slug in slugs - {victim_slug}:
        assert (year_dir / slug / "report.html").exists(), out
    assert not (year_dir / victim_slug / "report.html").exists()
    log = year_dir / "failed" / victim_slug / "error.log"
    assert "killed (SIGKILL" in log.read_text() and "killed (SIGKILL" in out
    assert not list(year_dir.glob(".tmp-*"))
    assert _kernel_folders_of({int(victim_pid)}) == []


def test_leftovers_of_crashed_runs_are_removed_at_the_next_start(tmp_path):
    from hscp_nb import batch

    output = tmp_path / "out"
    jobs = batch.plan(2025, "Orkney Islands", "governance", output_root=output, formats="html")
    [built] = batch.run(jobs, workers=1)
    assert built.status == "built"
    year_dir = output / "2025-26"
    dead = 2**22 + 12345  # above the kernel's default pid_max: no such process
    stale = year_dir / f".tmp-orkney-islands-{dead}"
    (stale / "figures").mkdir(parents=True)
    (stale / "figures" / "x.csv").write_text("half-written")
    live = year_dir / f".tmp-shetland-islands-{os.getpid()}"  # a batch still running here: kept
    live.mkdir()
    sockets = Path(tempfile.mkdtemp(prefix="hscp-nb-kernel-"))
    (sockets / "owner.pid").write_text(str(dead))
    failed = year_dir / "failed" / "orkney-islands"
    failed.mkdir(parents=True)
    (failed / "error.log").write_text("an old failure")
    [again] = batch.run(batch.plan(2025, "Orkney Islands", "governance", output_root=output, formats="html"), workers=1)
    assert again.status == "cached"
    assert not stale.exists() and live.exists() and not sockets.exists()
    assert not failed.exists()  # the old failure went with the good report's cache hit
    live.rmdir()


def test_a_report_moved_half_way_is_put_back(tmp_path):
    from hscp_nb import batch

    output = tmp_path / "out"
    jobs = batch.plan(2025, "Orkney Islands", "governance", output_root=output, formats="html")
    batch.run(jobs, workers=1)
    year_dir = output / "2025-26"
    os.replace(year_dir / "orkney-islands", year_dir / ".orkney-islands.old")  # killed between the two renames
    [result] = batch.run(jobs, workers=1)
    assert result.status == "cached" and (year_dir / "orkney-islands" / "report.html").exists()


@pytest.mark.parametrize(
    "args, says",
    [
        (["--hscp", ","], "one or more partnerships"),
        (["--hscp", " "], "one or more partnerships"),
        (["--output", "{file}"], "found 'a file'"),
        (["--output", "{file}/below"], "a folder the reports can be written to"),
        (["--data", "{folder}"], "found 'a folder'"),
        (["--returns", "{folder}/absent"], "no such file or folder"),
        (["--sections", "finance,poetry"], "some of indicators"),
    ],
)
def test_odd_parameters_are_one_line_and_a_non_zero_exit(tmp_path, args, says):
    (tmp_path / "file").write_text("not a folder")
    args = [a.format(file=tmp_path / "file", folder=tmp_path) for a in args]
    run = subprocess.run([sys.executable, "-m", "hscp_nb", "report", "--year", "2025", *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and says in output
    assert output.count("✗") == 1


def test_make_report_takes_paths_with_spaces(tmp_path):
    returns = tmp_path / "my returns"
    returns.mkdir()
    (returns / "orkney-islands.xlsx").write_bytes((ROOT / "data/sample/returns/orkney-islands.xlsx").read_bytes())
    output = tmp_path / "my outputs"
    run = subprocess.run(["make", "--no-print-directory", "report", "YEAR=2025", "HSCP=Orkney", "SECTIONS=governance",
                          f"RETURNS={returns}", f"OUTPUT={output}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert (output / "2025-26" / "orkney-islands" / "report.html").exists()


def _start_years(output: Path, years: str, hscp: str, *args: str, marker: str) -> subprocess.Popen:
    env = {**os.environ, "HSCP_NB_TEST_MARK": marker, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "hscp_nb", "report", "--year", years, "--hscp", hscp, "--output", str(output),
               "--formats", "html", "--sections", "governance", *args]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )


def test_a_job_killed_in_one_year_leaves_the_other_years_built(tmp_path):
    """Two years of three partnerships on one worker: the worker is killed holding a 2024/25 job; that report alone
    fails, with its log, and every other report of both years is built and indexed."""
    marker = uuid.uuid4().hex
    output = tmp_path / "out"
    run = _start_years(output, "2024-2025", THREE, "--jobs", "1", marker=marker)
    tmp = _wait_for(lambda: list((output / "2024-25").glob(".tmp-*")), 180)[0]
    victim_slug, victim_pid = tmp.name[len(".tmp-") :].rsplit("-", 1)
    os.kill(int(victim_pid), signal.SIGKILL)
    out, _ = run.communicate(timeout=300)
    assert run.returncode == 1, out
    slugs = {"orkney-islands", "shetland-islands", "western-isles"}
    for year, expected in (("2025-26", slugs), ("2024-25", slugs - {victim_slug})):
        built = {p.parent.name for p in (output / year).glob("*/manifest.json")}
        assert built == expected, (year, out)
    assert "killed (SIGKILL" in (output / "2024-25" / "failed" / victim_slug / "error.log").read_text()
    overview = (output / "index.html").read_text()
    assert 'href="2024-25/index.html"' in overview and 'href="2025-26/index.html"' in overview
    assert f'href="2024-25/failed/{victim_slug}/error.log"' in overview
    assert not list(output.glob("*/.tmp-*"))


def test_ctrl_c_during_an_all_years_run_leaves_no_temporary_folders(tmp_path):
    marker = uuid.uuid4().hex
    output = tmp_path / "out"
    run = _start_years(output, "all", "Orkney Islands", "--jobs", "2", marker=marker)
    _wait_for(lambda: list(output.glob("*/.tmp-*")), 180)
    os.killpg(run.pid, signal.SIGINT)
    out, _ = run.communicate(timeout=60)
    assert run.returncode == 130, out
    assert "INTERRUPTED" in out and "2016/17" in out and "2025/26" in out  # counts by year
    assert not list(output.glob("*/.tmp-*"))
    assert _wait_for(lambda: not _processes_with(marker), 10)
    assert (output / "index.html").exists()


def test_workers_retire_after_their_share_of_jobs_and_nothing_is_lost(tmp_path):
    """A worker ends after jobs_per_worker jobs (its kernel with it) and a new one takes the rest: every report is
    built, no job is handed to a retiring worker, and no kernel socket folder is left."""
    from hscp_nb import batch

    before = set(Path(tempfile.gettempdir()).glob("hscp-nb-kernel-*"))
    jobs = batch.plan(2025, THREE, "governance", output_root=tmp_path, formats="html")
    results = batch.run(jobs, workers=1, jobs_per_worker=1)
    assert [r.status for r in results] == ["built"] * 3, [r.detail for r in results]
    assert len({p.parent.name for p in (tmp_path / "2025-26").glob("*/manifest.json")}) == 3
    from hscp_nb.batch.kernels import pid_alive

    new = set(Path(tempfile.gettempdir()).glob("hscp-nb-kernel-*")) - before
    # folders of other tests' live kernels may appear meanwhile; a retired worker's would have a dead owner
    assert [f for f in new if f.exists() and not pid_alive(int((f / "owner.pid").read_text()))] == []


def test_workers_started_while_planning_end_when_nothing_is_to_be_built(tmp_path):
    """The CLI starts its workers (and their kernels) before it plans: when every report is cached, or the plan
    refuses a parameter, they end with the run and leave no process and no kernel socket folder behind."""
    first = _start(tmp_path, "orkney-islands", "--sections", "governance", marker="ahead-build")
    assert first.wait(240) == 0, first.stdout.read()
    for marker, args in (("ahead-cached", ("--sections", "governance")), ("ahead-refused", ("--sections", "nosuch"))):
        started = time.monotonic()
        run = _start(tmp_path, "orkney-islands", *args, marker=marker)
        output = run.communicate(timeout=120)[0]
        assert run.returncode == (0 if marker == "ahead-cached" else 1), output
        assert time.monotonic() - started < 30
        _wait_for(lambda m=marker: not _processes_with(m), 10)
    assert "cached" in output or "nosuch" in output


def test_a_worker_validates_notebooks_without_the_iri_grammar():
    """Workers skip jsonschema's IRI grammar (0.8 s each at start): nbformat still accepts a good notebook and
    refuses a broken one, and the grammar is never loaded."""
    script = (
        "import sys\n"
        "from hscp_nb.batch.pool import skip_iri_grammar\n"
        "skip_iri_grammar()\n"
        "import nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1 + 1')])\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'nonsense'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('refused')\n"
        "print(sys.modules['rfc3987_syntax'] is None)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["refused", "True"]
