"""The public "About this report" part: where the figures come from, what this edition does not include (in plain
words, without codes), and the glossary of the words the report uses."""

import csv
import datetime as dt
import html as html_module
from pathlib import Path

from hscp_nb.document import claim_check
from hscp_nb.document.blocks import BulletList, Heading, Paragraph, Table
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.domain.requirements import Check
from hscp_nb.inputs.catalogue import sources
from hscp_nb.inputs.files import InputFile
from hscp_nb.inputs.params import ReportParams, input_files
from hscp_nb.present.formats import date
from hscp_nb.present.wording import method_notes
from hscp_nb.report.about import about_blocks, glossary_blocks, source_line
from hscp_nb.writers.registry import writer
from tests.conftest import CORE_SUITE, ROOT

CHECKS = [
    Check("OUT-1", "Core indicators against outcomes", "MET", "Indicators"),
    Check("INS-1", "Inspections of delegated functions", "MISSING", "", "the returns list no inspection for 2025/26"),
]
INPUTS = [InputFile("PHS Core Suite of Integration Indicators", CORE_SUITE, "ab" * 32)]
GLOSSARY_FILE = "hscp_nb/domain/reference_data/glossary.csv"


def test_the_public_appendix_says_what_this_edition_does_not_include_without_codes():
    blocks = about_blocks(CHECKS, INPUTS)
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "This edition does not yet include the inspections of delegated functions in the year." in text
    assert "INS-1" not in text and "MISSING" not in text
    where = next(b for b in blocks if isinstance(b, Table))
    assert where.rows == (("Core indicators against outcomes", "Indicators"),
                          ("Inspections of delegated functions", "Not included in this edition"))  # fmt: skip
    everything_met = about_blocks(CHECKS[:1], INPUTS)
    assert not [b for b in everything_met if isinstance(b, Paragraph) and "does not yet include" in b.text]


def _glossary_rows() -> dict[str, str]:
    with open(ROOT / GLOSSARY_FILE, encoding="utf-8") as f:
        return {r["term"]: r["explanation"] for r in csv.DictReader(f)}


def _about_document(blocks):
    front = FrontMatter(title="x", partnership="Orkney Islands", year_label="2025/26", created="1 July 2026",
                        version="0.3.0")  # fmt: skip
    return Document(front, [Part("about", "About this report", blocks)])


def test_the_glossary_lists_only_the_words_the_report_uses_each_explained_in_the_html():
    """A report that uses SMR01E (not SMR01), set-aside and the Act's s42 gets those three in "Words used in this
    report" (plus what the appendix's own method notes use: the confidence interval, the LGBF family group), each
    with its explanation from glossary.csv in the HTML; SMR01, GMS, s36 and the rest are not listed."""
    used = "Acute records (SMR01E) for March 2026. The set-aside budget. Published under the Act s42."
    blocks = about_blocks(CHECKS, INPUTS, used)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings[-1] == "Words used in this report"
    glossary = blocks[-1]
    assert isinstance(glossary, BulletList)
    listed = [item.split(": ", 1)[0] for item in glossary.items]
    rows = _glossary_rows()
    notes = " ".join(method_notes()).lower()  # the appendix's own words (the peer group's LGBF family group, …)
    expected = {"SMR01E", "Set-aside", "s42"} | {term for term in rows if term.lower() in notes}
    assert set(listed) == expected and "SMR01" not in listed
    assert [item.split(": ", 1)[1] for item in glossary.items] == [rows[term] for term in listed]
    page = html_module.unescape(writer("html").render(_about_document(blocks)))
    assert "Words used in this report" in page
    for term in listed:
        assert f"{term}: {rows[term]}" in page
    for absent in ("SMR01:", "GMS:", "s36:", "Special-cause variation:"):
        assert absent not in page


def test_no_glossary_words_means_no_glossary_and_its_explanations_state_no_untied_verdict():
    """With every glossary term used, each explanation whose words look like a verdict ('inside this range') is
    declared as a rule statement, so the claims check finds nothing untied; with none used (and none in the
    appendix's own words) there is no glossary heading at all."""
    everything = " ".join(_glossary_rows())
    document = _about_document(glossary_blocks(everything))
    assert len(document.parts[0].blocks[1].items) == len(_glossary_rows())
    assert claim_check.untied(document) == []
    assert any(c.section == "about" and c.kind == "rule" for c in document.claims)
    assert not [b for b in glossary_blocks("Nothing special here.") if isinstance(b, Heading)]


def test_the_msg_data_folder_is_named_as_phss_msg_data_with_its_newest_files_date():
    """PHS's MSG data is a folder: the sources list says what it is and names the folder, dated by its newest file,
    never 'msg, file dated …'."""
    folder = ROOT / "data/sample/msg"
    returns = ROOT / "data/sample/returns/orkney-islands.xlsx"
    params = ReportParams.build(partnership="Orkney Islands", year=2025, data=CORE_SUITE, returns=returns,
                                msg_data=folder)  # fmt: skip
    inputs = sources(input_files(params))  # the partnership's own folder is no source of figures
    assert [i.what for i in inputs] == [
        "PHS Core Suite of Integration Indicators",
        "PHS locality extract",
        "Orkney Islands local returns",
        "PHS Ministerial Strategic Group indicators",
    ]
    lines = [source_line(i) for i in inputs]
    newest = max(p.stat().st_mtime for p in Path(folder).rglob("*") if p.is_file())
    expected = (
        "PHS Ministerial Strategic Group indicators: PHS's MSG data files, in the folder “msg”, newest file dated "
        + date(dt.date.fromtimestamp(newest))
    )
    assert lines[-1] == expected
    assert not any("msg, file dated" in line for line in lines)
    assert lines[0].startswith(f"PHS Core Suite of Integration Indicators: {CORE_SUITE.name}, file dated ")
    assert lines[2].startswith("Orkney Islands local returns: orkney-islands.xlsx, file dated ")
    blocks = about_blocks(CHECKS, inputs)
    assert expected in blocks[2].items
    # read back from a manifest (how it was described kept), the folder is named the same way
    assert source_line(InputFile.from_json(inputs[-1].to_json())) == expected
