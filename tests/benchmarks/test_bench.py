"""make bench's naive loops: the section notebooks a user would run, and which steps each comparison adds up."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from hscp_nb.domain.sections import BUILT_IN

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


def test_the_naive_loop_runs_every_built_in_section_notebook_in_order_and_not_the_explorer():
    names = [p.name for p in _bench().section_notebooks()]
    assert names == sorted(spec.notebook for spec in BUILT_IN.values())
    assert "explore.ipynb" not in names


def test_like_for_like_adds_weasyprint_and_everything_adds_the_other_formats_never_both():
    steps = _bench().Naive(papermill=10.0, html=3.0, weasyprint=5.0, other_formats=40.0)
    assert steps.html_pdf == 18.0  # (a): papermill, HTML, WeasyPrint
    assert steps.everything == 53.0  # (b): papermill, HTML, every other format of the registry


def test_cpu_seconds_are_counted_for_the_command_that_used_them():
    bench = _bench()
    bench.timed([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], dict(os.environ), "busy")
    bench.timed([sys.executable, "-c", "pass"], dict(os.environ), "idle")
    assert bench.CPU["busy"] > bench.CPU["idle"] > 0
