"""A section's record, ``sections/<name>.json``: what it writes is what SectionRecord reads back, typed, and its
charts and tables are the blocks the section returned, their files under the report's figures/ folder."""

import json

from hscp_nb.document.blocks import Figure, Table
from hscp_nb.present.evidence import Evidence
from hscp_nb.present.section import ChartRecord, SectionRecord, TableRecord, open_section
from hscp_nb.present.views import finance
from tests.conftest import CORE_SUITE, RETURNS


def test_the_record_holds_the_charts_and_tables_shown_and_reads_back_typed(tmp_path):
    ctx = open_section("finance", "Highland", 2025, data=CORE_SUITE, returns=RETURNS, output_dir=tmp_path)
    blocks = finance.finance_headline(ctx) + finance.reg4(ctx)
    ctx.finish()
    path = ctx.params.report_dir / "sections" / "finance.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    charts = [b.name for b in blocks if isinstance(b, Figure)]
    tables = [b.name for b in blocks if isinstance(b, Table)]
    assert charts and tables
    assert raw["section"] == "finance" and "figures" not in raw
    assert [c["name"] for c in raw["charts"]] == charts
    assert all(set(c) == {"name", "alt", "caption", "requirement"} for c in raw["charts"])
    assert [t["name"] for t in raw["tables"]] == tables

    record = SectionRecord.read(path)
    assert record.name == "finance" and record.title == raw["title"]
    assert all(isinstance(c, ChartRecord) for c in record.charts) and [c.name for c in record.charts] == charts
    assert all(isinstance(t, TableRecord) for t in record.tables) and [t.name for t in record.tables] == tables
    assert all(isinstance(e, Evidence) for e in record.evidence)
    assert {e.requirement for e in record.evidence} == {e["requirement"] for e in raw["evidence"]}
    assert record.provisional == raw["provisional"] and record.reading_notes == tuple(raw["reading_notes"])

    again = tmp_path / "again.json"
    record.write(again)
    assert SectionRecord.read(again) == record and json.loads(again.read_text(encoding="utf-8")) == raw

    folder = ctx.params.report_dir / "figures"
    for name in charts:
        assert {p.name for p in folder.glob(f"{name}.*")} == {f"{name}.svg", f"{name}.csv", f"{name}.alt.txt"}
    for name in tables:
        assert (folder / f"{name}.csv").is_file()
