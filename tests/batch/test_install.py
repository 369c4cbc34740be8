"""`pip install .` outside the checkout: the wheel carries the notebooks and the sample, and builds a report from
any folder."""

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w",
                    str(out), str(ROOT)], check=True)  # fmt: skip
    return next(out.glob("hscp_nb-*.whl"))


def test_the_wheel_ships_notebooks_sample_and_reference_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ["hscp_nb/notebooks/10_indicators.ipynb", "hscp_nb/notebooks/explore.ipynb",
                   "hscp_nb/sample/data/core_suite_sample.xlsx", "hscp_nb/sample/data/returns/highland.xlsx",
                   "hscp_nb/domain/reference_data/indicators.csv",
                   "hscp_nb/writers/templates/report.typ"]:  # fmt: skip
        assert needed in names
    assert not any(n.startswith(("tests/", "outputs/")) for n in names)


def test_an_installed_package_builds_a_report_from_any_folder(wheel, tmp_path):
    """A fresh virtual environment holding only the wheel (its dependencies are this environment's, linked by a .pth
    file, so nothing is downloaded), run from a folder outside the repository."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    deps = subprocess.run([sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    Path(site, "dependencies.pth").write_text(deps + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True)  # fmt: skip
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["HSCP_NB_CACHE"] = str(tmp_path / "cache")
    # the dependencies' data files (nbconvert's base templates) live with the dependencies, as pip would put them
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    where = subprocess.run([str(python), "-c", "import hscp_nb; print(hscp_nb.__file__)"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert str(ROOT) not in where and str(env_dir) in where
    command = [str(env_dir / "bin" / "hscp-nb"), "report", "--year", "2025", "--hscp", "Highland", "--formats", "html"]
    run = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-3000:]
    report = elsewhere / "outputs" / "2025-26" / "highland"
    assert (report / "report.html").stat().st_size > 100_000
    manifest = json.loads((report / "manifest.json").read_text())
    assert all(str(ROOT) not in i["path"] for i in manifest["inputs"])  # the sample came from the wheel
