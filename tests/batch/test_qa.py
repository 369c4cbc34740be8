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
