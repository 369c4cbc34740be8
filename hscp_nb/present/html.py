"""HTML fragments: what Jupyter displays and nbconvert keeps. Every piece of free text is escaped here."""

from __future__ import annotations

import base64
import html

import pandas as pd


class Html:
    """An HTML fragment that Jupyter displays as HTML and nbconvert keeps as HTML."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def join(*parts) -> Html:
    """Several fragments as one, skipping empty ones."""
    return Html("\n".join(str(p) for p in parts if p is not None and str(p)))


def paragraph(text: str) -> Html:
    return Html(f"<p>{html.escape(text)}</p>")


def bullets(items: list[str]) -> Html:
    return Html("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")


def heading(text: str, level: int = 3) -> Html:
    return Html(f"<h{level}>{html.escape(text)}</h{level}>")


def figure_html(svg: bytes, *, alt: str, caption: str, data: pd.DataFrame, ident: str = "") -> str:
    """A chart as an accessible ``<figure>``: inline SVG with alt text, caption, and its data behind a disclosure."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    ident = f' id="{ident}"' if ident else ""
    return (
        f'<figure class="chart"{ident}><img src="{uri}" alt="{html.escape(alt)}" />'
        f"<figcaption>{html.escape(caption)}</figcaption>"
        f"<details><summary>Data behind this chart</summary>{html_table(data, caption='Data: ' + caption)}</details>"
        f"</figure>"
    )


def html_table(frame: pd.DataFrame, caption: str, table_id: str | None = None) -> str:
    """A real table: caption, column headers with scope, first column as row headers."""
    ident = f' id="{table_id}"' if table_id else ""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = [f'<th scope="row">{html.escape(_cell(row.iloc[0]))}</th>']
        cells += [f"<td>{html.escape(_cell(v))}</td>" for v in row.iloc[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    # A wide table may scroll sideways: the wrapper is a focusable, labelled region so keyboard users can scroll it.
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{html.escape(caption)}">'
        f"<table{ident}><caption>{html.escape(caption)}</caption>{_colgroup(frame)}"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _colgroup(frame: pd.DataFrame) -> str:
    """Column widths in proportion to their content (longest header word, typical cell length), so that print can use
    fixed table layout (much faster in WeasyPrint) without squeezing a long text column."""
    weights = []
    for i, column in enumerate(frame.columns):
        texts = [_cell(v) for v in frame.iloc[:, i]]
        header_word = max([_text_width(w) for w in str(column).split()] + [0]) * 1.25  # bold header text is wider
        longest_word = max([header_word] + [_text_width(w) for t in texts for w in t.split()[:40]] + [3])
        typical = sum(len(t) for t in texts) / max(len(texts), 1)
        weights.append(max(min(longest_word, 18) + 5, min(typical, 20)))
    total = sum(weights) or 1
    return "<colgroup>" + "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in weights) + "</colgroup>"


def _text_width(word: str) -> float:
    """A word's width in average characters (m and w are wide, i and l narrow): enough to size table columns."""
    return sum(1.5 if c in "mwMW" else 0.6 if c in "iljtfr.,:;I1()' " else 1.0 for c in word)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)
