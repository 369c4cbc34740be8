"""The QA page: for the performance team and auditors, the compliance list with what is missing and why, the
reading and validation notes, inputs with SHA-256 and timings; and the public appendix says plainly what is absent."""

from hscp_nb.batch.qa import about_blocks, qa_document
from hscp_nb.document.blocks import Paragraph, Table
from hscp_nb.document.model import FrontMatter
from hscp_nb.writers.registry import writer
from tests.conftest import CORE_SUITE

CHECKS = [
    {"id": "OUT-1", "requirement": "Core indicators against outcomes", "status": "MET", "where": "Indicators",
     "detail": ""},
    {"id": "INS-1", "requirement": "Inspections of delegated functions", "status": "MISSING", "where": "",
     "detail": "the returns list no inspection for 2025/26"},
]  # fmt: skip
INPUTS = [{"what": "PHS Core Suite of Integration Indicators", "path": str(CORE_SUITE), "sha256": "ab" * 32}]
EVIDENCE = [{"status": "missing", "requirement": "INS-1", "detail": "no inspections"}]
RECORDS = {"governance": {"title": "Inspections and governance", "reading_notes": ["2 blank rows dropped"],
                          "evidence": EVIDENCE}}  # fmt: skip


def test_the_qa_page_lists_compliance_notes_inputs_and_timings():
    front = FrontMatter(title="x", partnership="Orkney Islands", year_label="2025/26", created="1 July 2026",
                        version="0.3.0", synthetic=True)  # fmt: skip
    document = qa_document(front, CHECKS, RECORDS, INPUTS, {"pdf": 0.5, "total": 4.0})
    assert document.front.title == "Quality assurance: Orkney Islands, 2025/26" and document.front.stem == "qa"
    tables = {b.name: b for p in document.parts for b in p.blocks if isinstance(b, Table)}
    compliance = tables["compliance"]
    assert [r[2] for r in compliance.rows] == ["MET", "MISSING"]
    assert "the returns list no inspection" in compliance.rows[1][4]
    assert tables["inputs"].rows[0][3] == "ab" * 32
    html = writer("qa").render(document)
    assert "1 of 2 statutory requirements are met" in html
    assert "2 blank rows dropped" in html and "no inspections" in html and "0.50" in html


def test_the_public_appendix_says_what_this_edition_does_not_include_without_codes():
    blocks = about_blocks(CHECKS, INPUTS)
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    assert "This edition does not yet include" in text and "INS-1" not in text and "MISSING" not in text
    where = next(b for b in blocks if isinstance(b, Table))
    assert where.rows[1][1] == "Not included in this edition"


GLOSSARY_FILE = "hscp_nb/domain/reference_data/glossary.csv"


def _glossary_rows() -> dict[str, str]:
    import csv

    from tests.conftest import ROOT

    with open(ROOT / GLOSSARY_FILE, encoding="utf-8") as f:
        return {r["term"]: r["explanation"] for r in csv.DictReader(f)}


def _about_document(blocks):
    from hscp_nb.document.model import Document, Part

    front = FrontMatter(title="x", partnership="Orkney Islands", year_label="2025/26", created="1 July 2026",
                        version="0.3.0")  # fmt: skip
    return Document(front, [Part("about", "About this report", blocks)])


def test_the_glossary_lists_only_the_words_the_report_uses_each_explained_in_the_html():
    """A report that uses SMR01E (not SMR01), set-aside and the Act's s42 gets those three in "Words used in this
    report" (plus what the appendix's own method notes use: the confidence interval, the LGBF family group), each
    with its explanation from glossary.csv in the HTML; SMR01, GMS, s36 and the rest are not listed."""
    import html as html_module

    from hscp_nb.document.blocks import BulletList, Heading
    from hscp_nb.present.wording import method_notes

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
    from hscp_nb.batch.qa import glossary_blocks
    from hscp_nb.document import claim_check
    from hscp_nb.document.blocks import Heading

    everything = " ".join(_glossary_rows())
    document = _about_document(glossary_blocks(everything))
    assert len(document.parts[0].blocks[1].items) == len(_glossary_rows())
    assert claim_check.untied(document) == []
    assert any(c.section == "about" and c.kind == "rule" for c in document.claims)
    assert not [b for b in glossary_blocks("Nothing special here.") if isinstance(b, Heading)]


def test_the_msg_data_folder_is_named_as_phss_msg_data_with_its_newest_files_date():
    """PHS's MSG data is a folder: the sources list says what it is and names the folder, dated by its newest file,
    never 'msg, file dated …'."""
    import datetime as dt
    from pathlib import Path
    from types import SimpleNamespace

    from hscp_nb.batch.assemble import input_files
    from hscp_nb.batch.qa import source_line
    from hscp_nb.present.formats import date
    from tests.conftest import ROOT

    folder = ROOT / "data/sample/msg"
    partnership = SimpleNamespace(name="Orkney Islands")
    returns = ROOT / "data/sample/returns/orkney-islands.xlsx"
    params = SimpleNamespace(data=CORE_SUITE, locality_data=None, partnership=partnership, returns_file=returns,
                             msg_data=folder)  # fmt: skip
    lines = [source_line(i) for i in input_files(params)]
    newest = max(p.stat().st_mtime for p in Path(folder).rglob("*") if p.is_file())
    expected = (
        "PHS Ministerial Strategic Group indicators: PHS's MSG data files, in the folder “msg”, newest file dated "
        + date(dt.date.fromtimestamp(newest))
    )
    assert lines[-1] == expected
    assert not any("msg, file dated" in line for line in lines)
    assert lines[0].startswith(f"PHS Core Suite of Integration Indicators: {CORE_SUITE.name}, file dated ")
    blocks = about_blocks(CHECKS, input_files(params))
    assert expected in blocks[2].items
