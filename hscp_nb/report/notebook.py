"""``report.ipynb``: the report's document as a notebook, one cell per part, each displaying the part's blocks (as
JSON for the writers, :func:`hscp_nb.document.notebook.read_notebook` reads them back, and as HTML for JupyterLab),
with the front matter in the notebook's metadata. ``jupyter nbconvert --to hscp-pdf report.ipynb`` gives the
batch's files from it; the executed section notebooks beside it keep their code."""

from __future__ import annotations

from hscp_nb.document.blocks import MIMETYPE
from hscp_nb.document.model import Document
from hscp_nb.document.notebook import save_notebook
from hscp_nb.writers.html import render_blocks

FILE = "report.ipynb"


def as_notebook(document: Document):
    import nbformat

    book = nbformat.v4.new_notebook()
    book.metadata["hscp_nb"] = {"report": document.front.to_json()}
    for part in document.parts:
        if not part.blocks:
            continue
        output = nbformat.v4.new_output(
            "display_data", data={"text/html": render_blocks(part.blocks), MIMETYPE: part.blocks.to_json()}
        )
        label = {"hscp_nb": {"part": {"id": part.id, "title": part.title}}}
        book.cells.append(nbformat.v4.new_code_cell(source="", outputs=[output], metadata=label))
    return book


def write_notebook(document: Document, folder) -> str:
    save_notebook(as_notebook(document), folder / FILE)
    return FILE
