"""A list's links (blocks.Link) are links in every format a reader opens: HTML, PDF, Word and ODT. The sample
document's list links 'NI-11' to a file published beside it and 'NI-12' to a web address."""

from __future__ import annotations

import io
import re
import zipfile

from hscp_nb.document.blocks import BulletList, Link, linked
from hscp_nb.writers import registry
from tests.blocks_sample import LINKS, sample_document

FILE, ADDRESS = LINKS[0].target, LINKS[1].target


def test_linked_cuts_the_words_at_every_link_and_keeps_the_text_whole():
    links = (Link("the full report", "report.html"), Link("a.b@example.org", "mailto:a.b@example.org"))
    text = "Read the full report, or ask a.b@example.org about the full report."
    pieces = linked(text, links)
    assert "".join(words for words, _ in pieces) == text
    assert [p for p in pieces if p[1]] == [("the full report", "report.html"),
                                           ("a.b@example.org", "mailto:a.b@example.org"),
                                           ("the full report", "report.html")]  # fmt: skip
    assert linked(text, ()) == [(text, "")]


def test_a_link_must_be_in_the_lists_words():
    try:
        BulletList(("Read the full report.",), links=(Link("the summary", "summary.html"),))
    except ValueError as err:
        assert "the summary" in str(err)
    else:
        raise AssertionError("a link to words the list does not print was accepted")


def test_html_links_the_words():
    html = registry.writer("html").render(sample_document())
    assert f'<a href="{FILE}">NI-11</a>' in html and f'<a href="{ADDRESS}">NI-12</a>' in html


def test_pdf_links_the_words():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(registry.writer("pdf").render(sample_document())))
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if "/A" in annotation.get_object()
    }
    assert {FILE, ADDRESS} <= uris


def test_word_links_the_words_in_the_hyperlink_style():
    with zipfile.ZipFile(io.BytesIO(registry.writer("docx").render(sample_document()))) as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode()
        body = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    ids = {target: rid for rid, target in re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)}
    ids |= {target: rid for target, rid in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
    for words, target in (("NI-11", FILE), ("NI-12", ADDRESS)):
        assert re.search(rf'<w:hyperlink [^>]*r:id="{ids[target]}"[^>]*>.*?Hyperlink.*?{words}</w:t>', body), words
    assert 'w:styleId="Hyperlink"' in styles


def test_odt_links_the_words_a_file_beside_it_from_the_package():
    with zipfile.ZipFile(io.BytesIO(registry.writer("odt").render(sample_document()))) as odt:
        content = odt.read("content.xml").decode()
    anchors = dict(re.findall(r'<text:a [^>]*xlink:href="([^"]+)"[^>]*>([^<]+)</text:a>', content))
    assert anchors == {f"../{FILE}": "NI-11", ADDRESS: "NI-12"}  # ODF resolves a relative link from inside the file
