"""Each step of the report's route on a small document, without a kernel: what it adds, moves or marks, and what it
leaves alone."""

from __future__ import annotations

import datetime as dt
import json

import nbformat

from hscp_nb.document.blocks import MIMETYPE, Blocks, Column, Heading, Paragraph, Table, Value
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.document.values import REVISED
from hscp_nb.domain.requirements import REQUIREMENTS
from hscp_nb.editions.register import Edition, Stamp
from hscp_nb.inputs.files import InputFile
from hscp_nb.inputs.params import ReportParams
from hscp_nb.present.evidence import Evidence
from hscp_nb.present.section import SectionRecord
from hscp_nb.report import steps
from hscp_nb.report.context import Build
from hscp_nb.report.stitch import read_sections
from hscp_nb.writers.ledger import render_ledger

TODAY = dt.date(2026, 6, 1)


def _value(ident: str, value: float, printed: str, cell=None) -> Value:
    return Value(ident, "indicators", "NI-12 rate", "NI-12", "Highland", "2024/25", value, printed, cell=cell)


def _table(printed: str, value: float) -> Table:
    return Table("ni-12", "Emergency admissions", (Column("Year"), Column("Rate")), (("2024/25", printed),),
                 values=(_value("indicators/ni-12", value, printed, cell=(0, 1)),))  # fmt: skip


def _document(*parts: Part) -> Document:
    return Document(FrontMatter(title="x", facts=(("Edition", "Final: audited accounts"),)), list(parts))


def _record(*evidence: Evidence, provisional=False) -> SectionRecord:
    return SectionRecord("indicators", "Core indicators", 1.0, True, provisional, evidence, (), (), ())


def _build(tmp_path, records=(), published=(), previous=None, partnership="Orkney Islands") -> Build:
    data = tmp_path / "data.xlsx"
    data.write_bytes(b"phs")
    inputs = (InputFile.hashed("PHS Core Suite of Integration Indicators", data),)
    params = ReportParams.build(partnership=partnership, year=2025)
    build = Build(params, inputs, tuple(records), tuple(published), "code", "key", "", ("report.html",), TODAY)
    if previous is not None:  # a build that replaces ``previous``
        build.__dict__["edition"] = Stamp(2, TODAY.isoformat(), "final", False, inputs, "code", previous)
    return build


def test_the_annex_step_gathers_every_sections_annex_part_at_the_end_under_its_heading(tmp_path):
    one, two = Paragraph("annex of indicators"), Paragraph("annex of MSG")
    first, second = Part("section-1", "1. One", Blocks(Paragraph("a"))), Part("section-2", "2. Two", Blocks())
    document = _document(first, Part("annex", "Annex", Blocks(one)), second, Part("annex", "Annex", Blocks(two)))
    after = steps.annex(document, _build(tmp_path))
    assert [p.id for p in after.parts] == ["section-1", "section-2", "annex"]
    assert list(after.parts[-1].blocks) == [Heading("Annex: national indicators", 2), one, two]
    assert [p.id for p in document.parts] == ["section-1", "annex", "section-2", "annex"]  # the input is untouched
    plain = _document(Part("section-1", "1. One", Blocks(Paragraph("a"))))
    assert steps.annex(plain, _build(tmp_path)).parts == plain.parts


def test_compliance_and_about_say_met_and_missing_from_the_sections_evidence(tmp_path):
    records = [_record(Evidence("OUT-2", "met", "Part 1, table 1"), Evidence("FIN-1", "missing", "Part 2", "no "
                                                                                  "accounts row"))]  # fmt: skip
    build = _build(tmp_path, records)
    document = steps.compliance(_document(Part("section-1", "1. One", Blocks(Paragraph("a")))), build)
    status = {c.id: c.status for c in document.checks}
    assert status["OUT-2"] == "MET" and status["FIN-1"] == "MISSING" and status["OUT-1"] == "MISSING"
    assert "GOV-2" not in status and len(status) == len(REQUIREMENTS) - 1  # the lead-agency requirement is Highland's
    after = steps.about(document, build)
    about = after.parts[-1]
    assert about.id == "about" and len(after.parts) == 2
    table = next(b for b in about.blocks if isinstance(b, Table) and b.name == "requirements")
    where = dict(table.rows)
    assert where[REQUIREMENTS["OUT-2"]] == "Part 1, table 1"
    assert where[REQUIREMENTS["FIN-1"]] == "Not included in this edition"
    assert any("data.xlsx" in item for b in about.blocks for item in getattr(b, "items", ()))


def test_publication_sets_pub_1_from_the_register_after_the_about_part_was_written(tmp_path):
    records = [_record(Evidence("PUB-1", "met", "Title page"))]
    document = steps.compliance(_document(), _build(tmp_path, records))
    due = steps.publication(document, _build(tmp_path, records))
    assert next(c for c in due.checks if c.id == "PUB-1").status == "DUE"
    first = Edition(tmp_path, 1, "2026-07-20", "provisional", (), "0")
    met = steps.publication(document, _build(tmp_path, records, published=[first]))
    pub = next(c for c in met.checks if c.id == "PUB-1")
    assert pub.status == "MET" and "first published 20 July 2026" in pub.detail
    late = Edition(tmp_path, 1, "2026-08-03", "final", (), "0")
    assert next(c for c in steps.publication(document, _build(tmp_path, records, published=[late])).checks
                if c.id == "PUB-1").status == "LATE"  # fmt: skip


def test_the_edition_step_puts_the_edition_line_first_and_keeps_the_status_under_its_own_label(tmp_path):
    after = steps.edition(_document(), _build(tmp_path))
    assert after.front.facts[0] == ("Edition", "First edition (final), 1 June 2026.")
    first = Edition(tmp_path, 1, "2026-05-20", "provisional", (), "0")  # built from other inputs: the next edition
    second = steps.edition(_document(), _build(tmp_path, published=[first])).front.facts[0][1]
    assert second == "Second edition (final), 1 June 2026. Replaces the provisional edition of 20 May 2026."
    assert after.front.facts[1] == ("Status of the figures", "Final: audited accounts")


def test_revisions_mark_the_moved_figure_and_add_the_changes_part_before_about(tmp_path):
    old = _document(Part("section-1", "1. One", Blocks(_table("480.2", 480.2))))
    (tmp_path / "01").mkdir()
    (tmp_path / "01" / "figures.csv").write_text(render_ledger(old), encoding="utf-8")
    previous = Edition(tmp_path / "01", 1, "2026-07-20", "provisional", (), "0", "code")
    document = _document(Part("section-1", "1. One", Blocks(_table("491.0", 491.0))), Part("about", "About"))
    after = steps.revisions(document, _build(tmp_path, previous=previous))
    assert [p.id for p in after.parts] == ["section-1", "changes", "about"]
    table = after.parts[0].blocks[0]
    assert table.rows == (("2024/25", f"491.0 {REVISED}"),) and any(n.startswith(REVISED) for n in table.notes)
    assert [(c.id, c.previous, c.new, c.change) for c in after.changes] == [("indicators/ni-12", "480.2", "491.0",
                                                                              "revised")]  # fmt: skip
    assert document.parts[0].blocks[0].rows == (("2024/25", "491.0"),)  # the input is untouched
    unchanged = steps.revisions(document, _build(tmp_path))  # no previous edition: nothing to compare with
    assert unchanged is document and unchanged.changes is None


def test_the_route_is_the_steps_in_order_and_reads_the_sections_annex_cells_apart(tmp_path):
    assert [s.__name__ for s in steps.STEPS] == ["front_matter", "annex", "compliance", "about", "publication",
                                                 "edition", "revisions", "look"]  # fmt: skip

    def cell(blocks, tags=()):
        output = nbformat.v4.new_output("display_data", data={MIMETYPE: json.loads(json.dumps(blocks.to_json()))})
        return nbformat.v4.new_code_cell(source="x", outputs=[output], metadata={"tags": list(tags)})

    book = nbformat.v4.new_notebook()
    book.cells = [cell(Blocks(Paragraph("parameters")), ["parameters"]), cell(Blocks(Paragraph("main"))),
                  cell(Blocks(Paragraph("annexed")), ["annex"]), cell(Blocks(Paragraph("more")))]  # fmt: skip
    document = read_sections({"msg": book, "indicators": book})
    assert [(p.id, [b.text for b in p.blocks]) for p in document.parts] == [
        ("section-1-indicators", ["1. Indicators and outcomes", "main", "more"]), ("annex", ["annexed"]),
        ("section-5-msg", ["5. Ministerial Strategic Group indicators", "main", "more"]), ("annex", ["annexed"]),
    ]  # fmt: skip
    built = steps.route(document, _build(tmp_path, [_record(Evidence("OUT-2", "met", "Part 1"))]))
    assert [p.id for p in built.parts] == ["section-1-indicators", "section-5-msg", "annex", "about"]
    assert built.front.heading == "Orkney Islands Health and Social Care Partnership"
