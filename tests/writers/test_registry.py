"""The writers' registry: every writer renders every block kind (or refuses one it does not know), and what the
registry declares is what the exporters, the batch and --formats use."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import pytest

from hscp_nb.document.blocks import KINDS
from hscp_nb.domain.errors import InputError
from hscp_nb.writers import registry
from tests.blocks_sample import sample_document


@dataclass(frozen=True)
class Map:  # a block kind no writer knows
    text: str = "a map"
    kind: str = field(default="map", init=False)


def test_the_sample_document_holds_every_kind():
    document = sample_document()
    kinds = {b.kind for b in document.title_blocks} | {b.kind for p in document.parts for b in p.blocks}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("writer", registry.WRITERS, ids=lambda w: w.name)
def test_every_writer_renders_every_kind_into_its_file(writer, tmp_path):
    document = sample_document()
    name = writer.write(document, tmp_path)
    assert name == writer.file_name(document.front)
    data = (tmp_path / name).read_bytes()
    if writer.name == "claims":  # one row for each claim the blocks declare, its basis with it
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        assert [r["stated"] for r in rows] == ["Better than Scotland", "Worse than Scotland"]
        assert rows[0]["caveat"] == "calendar year 2025 stands in for 2025/26"
    else:
        assert len(data) > 1000
    if writer.extension in {".docx", ".xlsx", ".odt", ".ods"}:
        assert zipfile.is_zipfile(io.BytesIO(data))
    if writer.extension == ".pdf":
        assert data[:5] == b"%PDF-"


@pytest.mark.parametrize("writer", registry.WRITERS, ids=lambda w: w.name)
def test_every_writer_refuses_a_kind_it_does_not_know(writer):
    document = sample_document()
    document.parts[0].blocks.append(Map())  # past Blocks.add, which refuses it too
    with pytest.raises(TypeError, match="no rendering for Map|no rendering for map"):
        writer.render(document)


def test_formats_select_writers_in_registry_order_and_always_the_qa_page():
    assert [w.name for w in registry.select("pdf, html")] == ["html", "pdf", "figures", "claims", "qa"]
    assert registry.select(None) == registry.WRITERS == registry.select("")
    assert [w.name for w in registry.select(["ODS"])] == ["ods", "figures", "claims", "qa"]
    with pytest.raises(InputError, match="rtf") as err:
        registry.select("html,rtf")
    assert "column 'formats'" in str(err.value) and "odt" in str(err.value)


def test_file_names_come_from_the_document_stem():
    document = sample_document()
    names = {w.name: w.file_name(document.front) for w in registry.WRITERS}
    assert names == {
        "html": "report.html",
        "pdf": "report.pdf",
        "docx": "report.docx",
        "odt": "report.odt",
        "xlsx": "report-data.xlsx",
        "ods": "report-data.ods",
        "figures": "figures.csv",
        "claims": "claims.csv",
        "qa": "qa.html",
    }


def test_each_document_writer_is_an_nbconvert_exporter():
    from nbconvert.exporters import get_exporter

    for writer in registry.WRITERS:
        if writer.audience == registry.QA:
            continue
        exporter = get_exporter(f"hscp-{writer.name}")
        assert exporter.writer is writer and exporter().file_extension == writer.extension


# ------------------------------------------------------------------------------------------------ ODT and ODS
def _xml(data: bytes, member: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(member).decode("utf-8")


def test_odt_has_outline_headings_repeating_header_rows_alt_text_a4_page_numbers_and_en_gb():
    from hscp_nb.document.blocks import Blocks, Heading
    from hscp_nb.document.model import Part
    from hscp_nb.writers.odt import render_odt
    from tests.blocks_sample import wide_table

    document = sample_document()
    document.parts.append(Part("annex", "Annex", Blocks(Heading("Annex", 2), wide_table(10))))
    data = render_odt(document)
    content, styles, meta = _xml(data, "content.xml"), _xml(data, "styles.xml"), _xml(data, "meta.xml")
    assert re.search(r'<text:h [^>]*text:outline-level="1"[^>]*>1\. Indicators and outcomes(<text:bookmark [^>]*/>)?'
                     "</text:h>", content)  # fmt: skip
    assert content.count("<table:table-header-rows>") == 2  # the data tables'; facts and key figures have none
    assert "<svg:title>Bar chart of one bar at 80.</svg:title>" in content
    assert "<svg:desc>Bar chart of one bar at 80.</svg:desc>" in content
    assert 'fo:page-width="210mm"' in styles and 'fo:page-height="297mm"' in styles
    assert "<text:page-number" in styles and "<text:page-count" in styles
    assert 'fo:language="en"' in styles and 'fo:country="GB"' in styles and "<dc:language>en-GB" in meta
    assert "<text:table-of-content" in content and ">Annex<text:tab/>" in content
    # each contents entry's page number is a page reference to a bookmark on its part's heading: laid out on opening
    refs = re.findall(r'<text:bookmark-ref text:reference-format="page" text:ref-name="([^"]+)"', content)
    marks = re.findall(r'<text:bookmark text:name="([^"]+)"/></text:h>', content)
    assert refs == marks and len(refs) == len(document.contents) == 2
    assert 'style:master-page-name="Landscape"' in content  # the annex turns the page
    assert "Sample data: the figures in this report are synthetic" in content
    assert "105,039" in content and "(to be filled in)" in content
    assert 'fo:keep-together="always"' in content  # rows never split


def test_ods_has_cover_contents_notes_and_one_table_per_sheet_with_number_styles():
    from hscp_nb.writers.ods import render_ods

    data = render_ods(sample_document())
    content, styles = _xml(data, "content.xml"), _xml(data, "styles.xml")
    sheets = re.findall(r'<table:table table:name="([^"]+)"', content)
    assert sheets[:3] == ["Cover", "Contents", "Notes"] and {"Chart 1", "Table 1"} <= set(sheets)
    ranges = re.findall(r'<table:database-range [^>]*table:target-range-address="([^"]+)"', content)
    assert len(ranges) == len(sheets) - 1  # one table on every sheet but the cover
    assert "xlink:href=\"#'Chart 1'.A1\"" in content
    assert 'office:value-type="float" office:value="1.5"' in content
    assert "<number:number-style" in styles and 'number:decimal-places="2"' in styles
    assert "[x] marks a value that is not available" not in content  # no cell of the sample is missing
    assert content.count("(cal) marks a calendar-year figure") == 1  # one definition: the table's own gives way
    assert "<text:p>(cal): calendar year.</text:p>" not in content
    assert "Sample data: the figures in this workbook are synthetic" in content


def test_html_chart_data_use_declared_headers_and_house_formats():
    from hscp_nb.document.blocks import Blocks, Data, Figure, Heading
    from hscp_nb.writers.html import render_blocks

    data = Data(
        ("window_year", "value", "stand_in", "lower_ci"),
        ((2024, 414.158, True, 1.08552e8), (2025, None, False, 2.0)),
        ("Year", "Value (per 100,000)", "Stand-in value", "Lower limit"),
        ("year", "number", "flag", "count"),
    )
    html = render_blocks(Blocks(Heading("x", 2), Figure("f", "<svg/>", "alt", "cap", "src", data)))
    for shown in ("Year", "Value (per 100,000)", "414.2", "Yes", "No", "108,552,000", "[x]"):
        assert f">{shown}<" in html, shown
    for raw in ("window_year", "stand_in", "lower_ci", "True", "414.158", "e+08"):
        assert raw not in html, raw


def test_a_public_writer_must_say_how_the_summary_names_its_file():
    """The plain-English summary lists every public format in the registry's words: a public writer without them is
    refused when declared, a ledger or data writer needs none."""
    with pytest.raises(ValueError, match="in_words"):
        registry.Writer("rtf", ".rtf", "application/rtf", registry.PUBLIC, "hscp_nb.writers.rtf:render", "RTF")
    registry.Writer(
        "rtf", ".rtf", "application/rtf", registry.PUBLIC, "hscp_nb.writers.rtf:render", "RTF", "an RTF file"
    )
    registry.Writer("tsv", ".tsv", "text/tab-separated-values", registry.DATA, "hscp_nb.writers.tsv:render", "TSV")
    public = registry.for_audience(registry.WRITERS, registry.PUBLIC)
    assert public and all(w.in_words.strip() for w in public)
