"""The PDF writer: a document's blocks set by Typst into a tagged PDF/UA-1.

Python decides what only it can know from the blocks (each table's page orientation, type size and column widths,
from the font's own metrics: :func:`hscp_nb.document.measure.page_plan`); the layout itself is the template
``templates/report.typ``, which reads the document as JSON. No text is spliced into Typst markup, so nothing in a
returns workbook can be read as Typst code.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import struct
from functools import lru_cache
from pathlib import Path

from hscp_nb.document.blocks import KINDS, to_json
from hscp_nb.document.measure import PORTRAIT_WIDTH_PT, font_dir, is_short, kept_with_next, page_plan
from hscp_nb.document.model import SAMPLE_SHORT, Document
from hscp_nb.domain.brand import Brand, Logo
from hscp_nb.writers.templates import TEMPLATES

# The block kinds report.typ sets (it refuses any other with an error)
SET_KINDS = set(KINDS)


def _items(blocks) -> tuple[list[dict], bool]:
    """The blocks as the template reads them, each table with its layout, and whether the whole run is landscape."""
    unknown = {b.kind for b in blocks} - SET_KINDS
    if unknown:
        raise TypeError(f"the PDF writer has no rendering for {', '.join(sorted(unknown))}")
    wide, whole, layouts = page_plan(blocks)
    items, pending = [], []
    for block, landscape, kept in zip(blocks, wide, kept_with_next(blocks)):
        item = to_json(block)
        if kept:
            item["keep"] = True  # set on the page of the block after it (a heading's opening text)
        item.pop("data", None)  # the PDF shows the table itself; the data travel in the CSV and workbook
        if id(block) in layouts:
            item["layout"] = layouts[id(block)]
            item["short"] = is_short(block, layouts[id(block)])  # report.typ need not measure it
            # A table is set with what goes before it on its page: on a landscape page of its own, what the page plan
            # puts there (the headings just above it, or a short run of text that opens the page); otherwise the
            # headings just above it, so that a table which starts on the next page takes them along.
            if not landscape or whole:
                items.extend(pending)
                pending = []
                while items and items[-1]["kind"] == "heading":
                    pending.insert(0, items.pop())
            item["before"], pending = pending, []
        elif landscape and not whole:
            pending.append(item)
            continue
        items.append(item)
    return items + pending, whole


def payload(document: Document) -> dict:
    """The document as the template reads it: front matter and title page, then parts of blocks, each table with its
    layout."""
    parts = []
    for part in document.parts:
        blocks, landscape = _items(list(part.blocks))
        parts.append({"id": part.id, "title": part.title, "blocks": blocks, "landscape": landscape})
    front, _ = _items(list(document.title_blocks))  # the title page is always upright
    out = {
        "front": document.front.to_json(),
        "running_title": document.front.running_title,
        "sample_short": SAMPLE_SHORT,
        "title_page": front,
        "contents": bool(document.contents),
        "parts": parts,
    }
    if document.brand is not None:
        out["brand"] = brand_payload(document.brand)
    return out


def brand_payload(brand: Brand) -> dict:
    """The partnership's look as the template reads it: its checked colours, its font families (the files go to the
    compiler: :func:`font_paths`) and its logo as SVG (a PNG logo inside an SVG, which Typst embeds as an image)."""
    logo = None
    if brand.logo is not None:
        logo = {"svg": logo_svg(brand.logo), "alt": brand.logo.alt}
    return {
        "heading": brand.heading,
        "accent": brand.accent,
        "text": brand.text,
        "tint": brand.tint,
        "base_family": brand.base_family,
        "heading_family": brand.heading_family,
        "logo": logo,
    }


def logo_svg(logo: Logo) -> str:
    """A logo as SVG text: an SVG as it is, a PNG as an SVG image of its own pixel size."""
    if logo.kind == "svg":
        return logo.data.decode("utf-8")
    width, height = struct.unpack(">II", logo.data[16:24])  # the PNG's IHDR
    data = base64.b64encode(logo.data).decode()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" href="data:image/png;base64,{data}"/></svg>'
    )


def logo_png(logo: Logo, ppi: int = 300) -> tuple[bytes, float]:
    """A logo as a PNG (for Word and ODT, which take no SVG) and its width over its height."""
    png = svg_to_png(logo.data.decode("utf-8"), ppi)[0] if logo.kind == "svg" else logo.data
    width, height = struct.unpack(">II", png[16:24])
    return png, width / height


def font_paths(brand: Brand | None) -> tuple[str, ...]:
    """The folders of a brand's font files, for the compiler (none without a brand)."""
    return tuple(sorted({str(Path(f.path).parent) for f in brand.fonts})) if brand else ()


@lru_cache(maxsize=4)
def _compiler(brand_fonts: tuple[str, ...] = ()):
    """One Typst compiler a process (and one more for each brand's fonts): it loads the fonts once (about 0.1 s) for
    every report the process sets."""
    import typst

    return typst.Compiler(
        str(TEMPLATES / "report.typ"),
        root=str(TEMPLATES),
        font_paths=[str(font_dir()), *brand_fonts],
        ignore_system_fonts=True,  # the same fonts on every machine: matplotlib's DejaVu
    )


@lru_cache(maxsize=1)
def _empty_compiler():
    import typst

    return typst.Compiler(str(TEMPLATES / "empty.typ"), root=str(TEMPLATES), ignore_system_fonts=True)


# Typst memoises layout work and, after each compilation, drops only what the last ten did not use: ten reports'
# worth (about 55 MB each) stayed in every batch worker, whose memory grew to 900 MB. Ten compilations of an empty
# page (8 ms each) age the previous report's entries out, and a worker stays near 200 MB.
MEMO_GENERATIONS = 10


def _age_out_memo_cache() -> None:
    for _ in range(MEMO_GENERATIONS):
        _empty_compiler().compile(format="svg")


def render_pdf(document: Document, created: dt.datetime | None = None) -> bytes:
    """A tagged PDF/UA-1 of the document (A4, en-GB, outline and contents with page numbers)."""
    import typst

    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return _compiler(font_paths(document.brand)).compile(
            format="pdf",
            sys_inputs={"document": json.dumps(payload(document), ensure_ascii=False)},
            pdf_standards=["ua-1"],
            timestamp=created,
        )
    except typst.TypstError as err:  # the template's own checks (alt text, headings) say what is wrong
        raise RuntimeError(f"Typst could not set the PDF: {err.message}; {'; '.join(err.hints)}") from err
    finally:
        _age_out_memo_cache()


@lru_cache(maxsize=1)
def _picture_compiler():
    import typst

    return typst.Compiler(
        str(TEMPLATES / "picture.typ"), root=str(TEMPLATES), font_paths=[str(font_dir())], ignore_system_fonts=True
    )


@lru_cache(maxsize=64)  # Word and ODT picture the same charts: each is drawn once a report (about 0.4 s saved)
def svg_to_png(svg: str, ppi: int) -> tuple[bytes, float]:
    """A chart's SVG as a PNG at ``ppi`` (for writers that need a picture, such as Word) and its width in points.

    Typst draws it with the charts' own font, about 15 ms a chart."""
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)
    width = float(match.group(1)) if match else PORTRAIT_WIDTH_PT
    return _picture_compiler().compile(format="png", ppi=ppi, sys_inputs={"svg": svg}), width
