"""The QA page: for the performance team and auditors, the compliance list with what is missing and why, the
reading and validation notes, inputs with SHA-256, the changes since the last edition, the summary's readability,
the claims check and timings. Built from a small document and a build's context made by hand, without a kernel."""

import datetime as dt

from hscp_nb.document.blocks import Blocks, BulletList, Heading, Paragraph, Table, Value
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.document.readability import Readability
from hscp_nb.domain.requirements import Check
from hscp_nb.editions.compare import Change
from hscp_nb.inputs.files import InputFile
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.evidence import Evidence
from hscp_nb.present.section import SectionRecord
from hscp_nb.products.qa import qa_page
from hscp_nb.report.about import file_date
from hscp_nb.report.context import Build
from hscp_nb.writers.registry import writer
from tests.conftest import CORE_SUITE

TODAY = dt.date(2026, 7, 1)
CHECKS = (
    Check("OUT-1", "Core indicators against outcomes", "MET", "Indicators"),
    Check("INS-1", "Inspections of delegated functions", "MISSING", "", "the returns list no inspection for 2025/26"),
)
INPUTS = (InputFile("PHS Core Suite of Integration Indicators", CORE_SUITE, "ab" * 32),)
RECORDS = (
    SectionRecord("governance", "Inspections and governance", 1.0, True, False,
                  (Evidence("INS-1", "missing", "", "no inspections"), Evidence("OUT-1", "met", "Indicators")),
                  ("2 blank rows dropped",), (), ()),
    SectionRecord("indicators", "Core indicators", 2.0, True, False, (), ("2 blank rows dropped", "a note"), (), ()),
)  # fmt: skip


def _build(records=RECORDS) -> Build:
    params = ReportParams.build(partnership="Orkney Islands", year=2025)
    return Build(params=params, inputs=INPUTS, records=records, published=(), code="code", cache_key="key",
                 contact="", companions=("report.html",), today=TODAY)  # fmt: skip


def _document(changes=None) -> Document:
    front = FrontMatter(title="x", partnership="Orkney Islands", year_label="2025/26", created="1 July 2026",
                        version="0.3.0", synthetic=True)  # fmt: skip
    value = Value("indicators/ni-12", "indicators", "NI-12 rate", "NI-12", "Orkney Islands", "2024/25", 12.4, "12.4")
    text = Paragraph("The rate was 12.4 in 2024/25.", values=(value,))
    return Document(front, [Part("section-1", "1. Indicators", Blocks(text))], checks=CHECKS, changes=changes)


def _texts(page: Document, part: str) -> list[str]:
    out = []
    for block in next(p for p in page.parts if p.id == part).blocks:
        out += [block.text] if isinstance(block, Paragraph) else list(getattr(block, "items", ()))
    return out


def test_the_qa_page_lists_compliance_notes_inputs_and_timings():
    document = qa_page(_document(), _build(), {"pdf": 0.5, "total": 4.0})
    assert document.front.title == "Quality assurance: Orkney Islands, 2025/26" and document.front.stem == "qa"
    assert document.front.synthetic and not document.front.contents
    assert [p.id for p in document.parts] == ["overview", "compliance", "validation", "reading", "inputs", "changes",
                                              "claims", "timings"]  # fmt: skip
    tables = {b.name: b for p in document.parts for b in p.blocks if isinstance(b, Table)}
    compliance = tables["compliance"]
    assert [r[2] for r in compliance.rows] == ["MET", "MISSING"]
    assert compliance.rows[0][3] == "Indicators" and compliance.rows[1][3] == "–"
    assert "the returns list no inspection" in compliance.rows[1][4]
    assert tables["inputs"].rows[0] == ("PHS Core Suite of Integration Indicators", str(CORE_SUITE),
                                        file_date(CORE_SUITE), "ab" * 32)  # fmt: skip
    assert tables["timings"].rows == (("pdf", "0.50"), ("total", "4.00"))
    [overview] = _texts(document, "overview")
    assert "1 of 2 statutory requirements are met" in overview
    assert "holds 1 figure; 1 number in the report's text were found in it, and none is missing" in overview
    assert _texts(document, "validation") == ["INS-1 (Inspections and governance): no inspections"]
    assert _texts(document, "reading") == ["2 blank rows dropped", "a note"]  # each note once, sorted
    # compared with no edition (changes None): the page says so; only the report's claims are checked
    assert _texts(document, "changes") == ["No edition of this report has been published yet: nothing to compare with."]
    [claims] = _texts(document, "claims")
    assert claims.startswith("report.html: The claims ledger (claims.csv) holds 0 stated verdicts")
    html = writer("qa").render(document)
    assert "1 of 2 statutory requirements are met" in html
    assert "2 blank rows dropped" in html and "no inspections" in html and "0.50" in html


def test_the_changes_the_summarys_readability_and_claims_are_on_the_page_when_there_are_some():
    change = Change("indicators/ni-12", "indicators", "NI-12 rate", "Orkney Islands", "2024/25", "12.1", "12.4",
                    "PHS release revised", "revised")  # fmt: skip
    readable = Readability(120, 10, 18, "A long sentence.", 65.0, 7.2)
    summary = Document(FrontMatter(title="Summary"), [Part("s", "S", Blocks(Paragraph("Plain words.")))])
    page = qa_page(_document((change,)), _build(), {"total": 1.0}, summary, readable)
    assert [p.id for p in page.parts][5:] == ["changes", "readability", "claims", "timings"]
    [table] = [b for p in page.parts if p.id == "changes" for b in p.blocks if isinstance(b, Table)]
    assert table.rows == (("revised", "indicators", "NI-12 rate", "Orkney Islands", "2024/25", "12.1", "12.4",
                           "PHS release revised", "–", "–"),)  # fmt: skip
    assert _texts(page, "readability") == [f"summary.html: {readable.line()}", "Longest sentence: “A long sentence.”"]
    assert [c.split(":")[0] for c in _texts(page, "claims")] == ["report.html", "summary.html"]
    nothing = qa_page(_document(()), _build(), {"total": 1.0})
    assert _texts(nothing, "changes") == ["No figure changed since the last published edition."]


def test_no_notes_say_none_and_a_number_missing_from_the_ledger_is_named():
    document = _document()
    document.parts.append(Part("section-2", "2. More", Blocks(Paragraph("Spending was 843 in the year."))))
    page = qa_page(document, _build(records=()), {"total": 1.0})
    for part in ("validation", "reading"):
        [none] = [b for p in page.parts if p.id == part for b in p.blocks if not isinstance(b, Heading)]
        assert not isinstance(none, BulletList) and none.text == "None."
    [overview] = _texts(page, "overview")
    assert "and 1 were not: 843" in overview, overview
