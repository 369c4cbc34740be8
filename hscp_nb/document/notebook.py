"""The reader: an executed notebook (one section, or the stitched report) as a :class:`Document`.

Code cells contribute the blocks they displayed (their :data:`MIMETYPE` outputs); markdown cells, which hold only
headings and plain paragraphs in hscp_nb's notebooks, become heading and paragraph blocks. Parameter cells and
anything else are left out. The stitched report carries its front matter (:class:`FrontMatter`, as JSON) in
``metadata.hscp_nb.report`` and tags each cell with the part it belongs to (``metadata.hscp_nb.part``); a single
section notebook is read as one part, titled by its first heading.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hscp_nb.document.blocks import MIMETYPE, Blocks, Heading, Paragraph, from_json
from hscp_nb.document.model import Document, FrontMatter, Part

SKIPPED_TAGS = {"parameters", "injected-parameters", "hscp-nb-internal"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")


def markdown_blocks(source: str) -> Blocks:
    """Headings and paragraphs of a markdown cell; inline emphasis and code marks are dropped, link text kept."""
    blocks = Blocks()
    for chunk in re.split(r"\n\s*\n", source.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading:
            blocks.add(Heading(_plain(heading.group(2)), len(heading.group(1))))
            lines = lines[1:]
        if lines:
            blocks.add(Paragraph(_plain(" ".join(lines))))
    return blocks


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    while _INLINE.search(text):
        text = _INLINE.sub(r"\2", text)
    return text


def cell_blocks(cell) -> Blocks:
    if cell.cell_type == "markdown":
        return markdown_blocks(cell.source)
    blocks = Blocks()
    if cell.cell_type == "code":
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(MIMETYPE)
            if payload is not None:
                blocks.add(list(from_json(payload)))
    return blocks


def read_notebook(notebook) -> Document:
    """The document an executed notebook holds."""
    settings = notebook.metadata.get("hscp_nb", {})
    stored = settings.get("report")
    parts: list[Part] = []
    for cell in notebook.cells:
        if SKIPPED_TAGS & set(cell.metadata.get("tags", [])):
            continue
        blocks = cell_blocks(cell)
        if not blocks:
            continue
        label = cell.metadata.get("hscp_nb", {}).get("part")
        if not parts or (label and label["id"] != parts[-1].id):
            first = next((b.text for b in blocks if isinstance(b, Heading)), "Report")
            parts.append(Part(label["id"] if label else "main", label["title"] if label else first))
        parts[-1].blocks.add(list(blocks))
    if stored:
        front = FrontMatter.from_json(stored)
    else:
        title = next((b.text for p in parts for b in p.blocks if isinstance(b, Heading)), "hscp_nb report")
        front = FrontMatter(title=title, category="Report section", contents=False)
    return Document(front=front, parts=parts)


def save_notebook(book, path: Path) -> None:
    """Write a notebook file: the JSON ``nbformat.write`` gives, without its one-space indentation. Indented JSON
    goes through Python's slow encoder, and the executed sections and ``report.ipynb`` (charts and blocks inside)
    took about 0.15 s a report to write that way; Jupyter and nbformat read either alike."""
    Path(path).write_text(json.dumps(book, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
