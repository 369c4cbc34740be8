"""The HTML writer: blocks as accessible HTML (what JupyterLab shows and what the published report.html is made of).

Every piece of text is escaped here; the page around the blocks is the template ``templates/report.html.j2``.
"""

from __future__ import annotations

import base64
import html
from functools import lru_cache

from hscp_nb.document.blocks import (
    Blocks,
    BulletList,
    Data,
    Facts,
    Figure,
    Heading,
    KeyFigures,
    Link,
    Note,
    Notice,
    Paragraph,
    Table,
    Title,
    linked,
)
from hscp_nb.document.model import Document
from hscp_nb.document.values import headers_and_kinds, shown
from hscp_nb.domain.brand import Brand, Logo
from hscp_nb.writers.templates import TEMPLATES

_e = html.escape


def render_blocks(blocks: Blocks) -> str:
    return "\n".join(render_block(b) for b in blocks)


def render_block(block) -> str:
    if isinstance(block, Title):
        eyebrow = f'<p class="eyebrow">{_e(block.eyebrow)}</p>' if block.eyebrow else ""
        return f"{eyebrow}<h1>{_e(block.text)}</h1>"
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value) if value is not None else _FIELD}</dd>"
                       for label, value in block.rows)  # fmt: skip
        return f'<dl class="facts">{rows}</dl>'
    if isinstance(block, Notice):
        head, _, rest = block.text.partition(": ")
        return f'<div class="banner" role="note"><strong>{_e(head)}:</strong> {_e(rest)}</div>'
    if isinstance(block, Heading):
        return f"<h{block.level}>{_e(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        if block.style == "lead":
            return f'<p class="outcome-text"><em>{_e(block.text)}</em></p>'
        if block.style == "not-included":
            return f'<p class="not-included" role="note">{_e(block.text)}</p>'
        return f"<p>{_e(block.text)}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{_linked(i, block.links)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Note):
        return f'<p class="data-notes">{_e(block.text)}</p>'
    if isinstance(block, KeyFigures):
        items = "".join(
            f'<div class="key-figure"><dt>{_e(i.label)}</dt><dd><span class="value">{_e(i.value)}</span>'
            + (f'<span class="detail">{_e(i.detail)}</span>' if i.detail else "")
            + "</dd></div>"
            for i in block.items
        )
        return f'<dl class="key-figures">{items}</dl>'
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, Table):
        return _table(block)
    raise TypeError(f"the HTML writer has no rendering for {type(block).__name__}")


_FIELD = '<span class="field">(to be filled in)</span>'


def _linked(text: str, links: tuple[Link, ...]) -> str:
    return "".join(f'<a href="{_e(target)}">{_e(words)}</a>' if target else _e(words)
                   for words, target in linked(text, links))  # fmt: skip


def _figure(block: Figure) -> str:
    uri = "data:image/svg+xml;base64," + base64.b64encode(block.svg.encode("utf-8")).decode()
    return (
        f'<figure class="chart" id="fig-{_e(block.name)}"><img src="{uri}" alt="{_e(block.alt)}" />'
        f"<figcaption>{_e(block.caption)}</figcaption>"
        + (
            f"<details><summary>Data behind this chart</summary>{_data_table(block.data, 'Data: ' + block.caption)}"
            "</details>"
            if block.data.rows
            else ""
        )  # a picture (a Markdown section's image) has no data
        + "</figure>"
    )


def _table(block: Table) -> str:
    head = "".join(f'<th scope="col"{_align(c.role)}>{_e(c.name)}</th>' for c in block.columns)
    body = []
    for row in block.rows:
        cells = []
        for column, cell in zip(block.columns, row):
            if column.role == "row-header":
                cells.append(f'<th scope="row">{_e(cell)}</th>')
            else:
                cells.append(f"<td{_align(column.role)}>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f'<p class="data-notes">{_e(n)}</p>' for n in block.notes)
    # A wide table may scroll sideways: the wrapper is a focusable, labelled region so keyboard users can scroll it.
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{_e(block.caption)}">'
        f'<table id="tab-{_e(block.name)}"><caption>{_e(block.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>{notes}"
    )


def _align(role: str) -> str:
    return ' class="num"' if role == "number" else ""


def _data_table(data: Data, caption: str) -> str:
    """A chart's data with their declared headers and units, each value as the data workbook shows it."""
    labels, kinds = headers_and_kinds(data)
    numeric = [k not in {"text", "flag", "date"} for k in kinds]
    head = "".join(f'<th scope="col"{_align("number" if n else "text")}>{_e(c)}</th>' for c, n in zip(labels, numeric))
    body = "".join(
        "<tr>" + "".join(f"<td{_align('number' if n else 'text')}>{_e(shown(v, k))}</td>"
                         for v, k, n in zip(row, kinds, numeric)) + "</tr>"
        for row in data.rows
    )  # fmt: skip
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{_e(caption)}"><table>'
        f"<caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def stylesheet() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def brand_css(brand: Brand, text: str = "") -> str:
    """The partnership's look over the toolkit's stylesheet: its colours as the custom properties and rules the
    stylesheet's colours come from (each already checked for its use: :mod:`hscp_nb.domain.brand`), its fonts as
    ``@font-face`` rules embedding the files cut down to the characters of ``text`` (the page's) and printable ASCII,
    so that the page stays one self-contained file (a 410 KB font file becomes about 24 KB)."""
    faces = "".join(
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; font-style: {f.style}; '
        f"src: url(data:font/{'otf' if f.format == 'opentype' else 'ttf'};base64,"
        f'{base64.b64encode(_font_subset(f.path, text)).decode()}) format("{f.format}"); }}\n'
        for f in brand.fonts
    )
    fallback = '"DejaVu Sans", Arial, Helvetica, sans-serif'
    base = f'"{brand.base_family}", {fallback}' if brand.base_family else fallback
    headings = f'"{brand.heading_family}", {base}' if brand.heading_family else base
    return (
        f"\n/* {brand.name}: brand.yml */\n{faces}"
        f":root {{ --blue: {brand.heading}; --accent: {brand.accent}; --ink: {brand.text}; --tint: {brand.tint}; }}\n"
        f"html {{ color: var(--ink); font-family: {base}; }}\n"
        f"h1, h2, h3, h4 {{ font-family: {headings}; }}\n"
        "h3, h4, a, .key-figure .value { color: var(--accent); }\n"
        "thead th, .key-figure { background: var(--tint); }\n"
        ".logo { margin: 0 0 0.8rem; } .logo img { height: 4rem; width: auto; }\n"
    )


def _font_subset(path: str, text: str) -> bytes:
    """The font file with only the glyphs ``text`` and printable ASCII need (fontTools, about 0.1 s a font)."""
    import io
    import string

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: fontTools cannot subset them, and nothing reads them
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text) | set(string.printable))))
    font = TTFont(path, lazy=True)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def logo_img(logo: Logo, height: str = "1.5rem", decorative: bool = False) -> str:
    """A logo as an embedded ``<img>`` with its alt text (the year's index shows each partnership's small logo).
    ``decorative``: beside the partnership's name, which says it already, the logo is skipped by screen readers
    (``alt=""``)."""
    uri = f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode()}"
    alt = "" if decorative else _e(logo.alt)
    return f'<img class="logo" src="{uri}" alt="{alt}" style="height: {_e(height)}; width: auto">'


def _logo(brand: Brand | None):
    if brand is None or brand.logo is None:
        return None
    uri = f"data:{brand.logo.media_type};base64,{base64.b64encode(brand.logo.data).decode()}"
    return {"uri": uri, "alt": brand.logo.alt}


def render_document(document: Document, template: str = "report.html.j2") -> str:
    """A whole document as one HTML page: ``report.html.j2`` for the report, ``page.html.j2`` for the QA page."""
    from markupsafe import Markup

    parts = [{"id": p.id, "title": p.title, "html": Markup(render_blocks(p.blocks))} for p in document.parts]
    title_page = Markup(render_blocks(document.title_blocks))
    css = stylesheet()
    if document.brand is not None:  # the fonts carry the glyphs of every word the page shows
        words = [document.front.title, *(p["title"] for p in parts), *(str(p["html"]) for p in parts), str(title_page)]
        css += brand_css(document.brand, "".join(words))
    return (
        _environment()
        .get_template(template)
        .render(
            front=document.front,
            title_page=title_page,
            contents=[{"id": p.id, "title": p.title} for p in document.contents],
            parts=parts,
            css=Markup(css),
            logo=_logo(document.brand),
        )
    )


def render_qa_page(document: Document) -> str:
    return render_document(document, "page.html.j2")
