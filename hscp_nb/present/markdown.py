"""A partnership's own section written in Markdown (a foreword, a case study), read into document blocks with
markdown-it-py: headings, paragraphs, lists, quotations and images. Its words are the partnership's own: each
paragraph or list that holds a number is ledgered as quoted text, traced to the file and line, and states no verdict
of the report's. An image needs alt text, or the build refuses naming the file and line; tables and raw HTML are
refused too (a table belongs in a notebook section, where its data and units are declared)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from hscp_nb.document.blocks import Blocks, BulletList, Figure, Heading, Paragraph
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.present import ledger
from hscp_nb.present.claims import own_words
from hscp_nb.present.data_columns import declared

IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
IMAGE_WIDTH_PT = 420.0  # an image is shown this wide at most, keeping its proportions


def markdown_section(ctx) -> Blocks:
    """The blocks of the section's Markdown file (``ctx.spec.markdown``); a first '# ' heading that is the section's
    title is not repeated."""
    from markdown_it import MarkdownIt

    path = Path(ctx.spec.markdown)
    text = path.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks, i = Blocks(), 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open":
            words = _plain(tokens[i + 1])
            if not (i == 0 and token.tag == "h1" and words == ctx.spec.title):
                blocks.add(Heading(words, min(6, int(token.tag[1]) + 2)))
            i += 3
        elif token.type == "paragraph_open":
            inline = tokens[i + 1]
            images = [c for c in inline.children or [] if c.type == "image"]
            for image in images:
                blocks.add(_image(ctx, path, line, image, len(blocks)))
            words = _plain(inline, skip_images=True)
            if words:
                blocks.add(_quoted(ctx, path, line, words, Paragraph))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _items(tokens, i)
            blocks.add(_quoted(ctx, path, line, items, BulletList))
        elif token.type in ("table_open", "html_block", "fence", "code_block"):
            what = {"table_open": "a table", "html_block": "raw HTML"}.get(token.type, "a code block")
            allowed = (
                "headings, paragraphs, lists, quotations and images with alt text (a table belongs in a "
                "notebook section, where its data and units are declared)"
            )
            raise InputError(Problem(file=str(path), line=line, found=what, expected=allowed))
        else:
            i += 1
    return blocks


def _plain(inline, skip_images: bool = False) -> str:
    """An inline token's words: emphasis dropped, a link's words kept with its address in brackets."""
    out, href = [], ""
    for child in inline.children or []:
        if child.type == "text" or child.type == "code_inline":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "link_open":
            href = child.attrs.get("href", "")
        elif child.type == "link_close":
            out.append(f" ({href})" if href else "")
        elif child.type == "image" and not skip_images:
            out.append(child.content)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _items(tokens, i: int) -> tuple[list[str], int]:
    """The list's items (nested items flattened), and the index after the list."""
    depth, items = 0, []
    while i < len(tokens):
        token = tokens[i]
        if token.type.endswith("_list_open"):
            depth += 1
        elif token.type.endswith("_list_close"):
            depth -= 1
            if depth == 0:
                return items, i + 1
        elif token.type == "inline":
            items.append(_plain(token))
        i += 1
    return items, i


def _quoted(ctx, path: Path, line: int | None, words, kind):
    """A paragraph or list of the partnership's own words; when it holds numbers, one ledger row quoting it."""
    text = words if isinstance(words, str) else " ".join(words)
    where = f"{path.name}, line {line}"
    values = ()
    if any(ch.isdigit() for ch in text):
        values = (ledger.quoted_text(text, section=ctx.name, figure=f"{ctx.spec.title}: the partnership's own words",
                                     key=f"line {line}", area=ctx.partnership.name, period=ctx.year.label,
                                     source=where),)  # fmt: skip
    # whatever it judges ("better", "below") is the partnership's own judgement, quoted, not one of the report's
    items = [text] if isinstance(words, str) else list(words)
    claims = tuple(own_words(item, ctx.name, f"line {line}" + (f" item {i + 1}" if len(items) > 1 else ""),
                             ctx.partnership.name, ctx.year.label, where) for i, item in enumerate(items))  # fmt: skip
    if kind is Paragraph:
        return Paragraph(text, values=values, claims=claims)
    return BulletList(tuple(words), values=values, claims=claims)


def _image(ctx, path: Path, line: int | None, image, number: int) -> Figure:
    """An image of the folder as a figure: its alt text is required; its title, if any, is the caption."""
    alt = image.content.strip()
    src = image.attrs.get("src", "")
    if not alt:
        raise InputError(Problem(file=str(path), line=line, found=f"an image without alt text ({src})",
                                 expected="![what the image shows](file): alt text for screen readers"))  # fmt: skip
    try:
        file = ctx.local.file(src)
    except InputError:
        raise InputError(Problem(file=str(path), line=line, found=f"{src}: no such file in {path.parent}",
                                 expected="an image file in the partnership's folder")) from None  # fmt: skip
    kind = IMAGE_TYPES.get(file.suffix.lower())
    if kind is None:
        raise InputError(Problem(file=str(path), line=line, found=src, expected="an SVG, PNG or JPEG image"))
    width, height = _size(file)
    scale = min(1.0, IMAGE_WIDTH_PT / width) if width else 1.0
    w, h = round(width * scale, 1), round(height * scale, 1)
    payload = base64.b64encode(file.read_bytes()).decode("ascii")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" role="img">'
           f'<image width="{w}" height="{h}" href="data:{kind};base64,{payload}"/></svg>')  # fmt: skip
    caption = image.attrs.get("title") or ""
    import pandas as pd

    return Figure(f"{ctx.name}-image-{number + 1}", svg, alt, caption, ctx.default_source, declared(pd.DataFrame()))


def _size(file: Path) -> tuple[float, float]:
    """An image's width and height (an SVG's in its own units, a bitmap's in pixels at 96 per inch as points)."""
    if file.suffix.lower() == ".svg":
        head = file.read_text(encoding="utf-8", errors="replace")[:2000]
        box = re.search(r'viewBox="\s*[-\d.]+[ ,]+[-\d.]+[ ,]+([\d.]+)[ ,]+([\d.]+)', head)
        if box:
            return float(box.group(1)), float(box.group(2))
        size = re.search(r'width="([\d.]+)[a-z]*"[^>]*height="([\d.]+)', head)
        return (float(size.group(1)), float(size.group(2))) if size else (IMAGE_WIDTH_PT, IMAGE_WIDTH_PT * 0.6)
    from PIL import Image

    with Image.open(file) as bitmap:
        return bitmap.width * 0.75, bitmap.height * 0.75
