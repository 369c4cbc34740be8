"""The partnership's look on the report: its brand.yml (:mod:`hscp_nb.inputs.brand`) attached to the document, which
every writer reads, and the charts' series colours set in the brand's palette, in its fixed order.

A step of the route (:data:`hscp_nb.report.steps.STEPS`). Without a brand file it returns the document unchanged, so
a partnership without one keeps the toolkit's look byte for byte."""

from __future__ import annotations

import dataclasses

from hscp_nb.document.blocks import Blocks, Figure
from hscp_nb.document.model import Document, Part
from hscp_nb.inputs.brand import read_brand
from hscp_nb.report.context import Build


def look(document: Document, build: Build) -> Document:
    """The brand of ``<local>/<slug>/brand.yml`` on the document, its charts in the brand's palette."""
    brand = read_brand(build.params.local_folder)
    if brand is None:
        return document
    return branded(document, brand)


def branded(document: Document, brand) -> Document:
    parts = [Part(p.id, p.title, _recoloured(p.blocks, brand)) for p in document.parts]
    return dataclasses.replace(document, parts=parts, brand=brand)


def _recoloured(blocks, brand):
    """The blocks, each chart drawn in the brand's series colours (a copy: the sections' blocks stay as drawn)."""
    from hscp_nb.present.charts import branded_svg  # matplotlib's import, for branded reports only

    return Blocks(*(dataclasses.replace(b, svg=branded_svg(b.svg, brand)) if isinstance(b, Figure) else b
                    for b in blocks))  # fmt: skip
