"""The route's look step: a partnership's brand.yml on the document (its charts recoloured), and nothing at all
without one."""

from pathlib import Path
from types import SimpleNamespace

from hscp_nb.document.blocks import Figure
from hscp_nb.report.look import look
from tests.blocks_sample import sample_document

LOCAL = Path(__file__).resolve().parents[2] / "data" / "sample" / "local"


def _build(folder: Path):
    return SimpleNamespace(params=SimpleNamespace(local_folder=folder))


def _figures(document):
    return [b for p in document.parts for b in p.blocks if isinstance(b, Figure)]


def test_without_a_brand_the_document_is_the_same_object(tmp_path):
    document = sample_document()
    assert look(document, _build(tmp_path / "highland")) is document


def test_brand_is_attached_and_charts_recoloured_on_a_copy():
    document = sample_document()
    before = [f.svg for f in _figures(document)]
    assert before and all("#12436D" in svg.upper() for svg in before)
    shown = look(document, _build(LOCAL / "orkney-islands"))
    assert shown.brand is not None and shown.brand.series[0] == "#1F5F8B"
    assert all("#1F5F8B" in f.svg.upper() and "#12436D" not in f.svg.upper() for f in _figures(shown))
    assert [f.svg for f in _figures(document)] == before  # the sections' blocks stay as drawn
    assert [p.id for p in shown.parts] == [p.id for p in document.parts]
