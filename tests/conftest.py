"""Shared fixtures: paths to the bundled sample and a per-session parse cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
CORE_SUITE = SAMPLE / "core_suite_sample.xlsx"
LOCALITY_EXTRACT = SAMPLE / "locality_extract_sample.xlsx"
RETURNS = SAMPLE / "returns"

os.environ.setdefault("MPLBACKEND", "Agg")


def papermill_run(notebook: str, out: Path, **kwargs):
    """papermill as an analyst would run it, on a kernel with private sockets (two test processes starting kernels
    at once cannot race for TCP ports) and a time limit, so a stuck kernel fails the test instead of hanging it."""
    import papermill

    from hscp_nb.batch.kernels import IsolatedKernelManager
    from hscp_nb.inputs.params import NOTEBOOKS_DIR

    return papermill.execute_notebook(
        str(NOTEBOOKS_DIR / notebook),
        str(out),
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
        kernel_name="python3",
        execution_timeout=240,
        kernel_manager_class=IsolatedKernelManager,
        **kwargs,
    )


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    os.environ["HSCP_NB_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def core_suite():
    from hscp_nb.inputs.phs import read_core_suite

    return read_core_suite(CORE_SUITE)


@pytest.fixture(scope="session")
def locality_extract():
    from hscp_nb.inputs.phs import read_locality_extract

    return read_locality_extract(LOCALITY_EXTRACT)


@pytest.fixture(scope="session")
def returns_of():
    from hscp_nb.inputs.returns import read_returns

    loaded = {}

    def get(slug: str):
        if slug not in loaded:
            loaded[slug] = read_returns(RETURNS / f"{slug}.xlsx")
        return loaded[slug]

    return get


@pytest.fixture
def document():
    """A small document with a title page and every block kind (tests/blocks_sample.py)."""
    from tests.blocks_sample import sample_document

    return sample_document()
