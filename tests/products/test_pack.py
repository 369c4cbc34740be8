"""make charts: the benchmarking pack and the exploration notebook."""

import pytest

from hscp_nb.products.pack import build_pack
from tests.conftest import papermill_run
from tests.office import check_word, check_workbook


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return build_pack("Clackmannanshire and Stirling", 2025, None, tmp_path_factory.mktemp("packs"))


def test_pack_files(pack):
    folder = pack.folder
    assert folder.name == "benchmarking" and folder.parent.name == "clackmannanshire-and-stirling"
    names = {c.name for c in pack.charts}
    assert {
        "ni12-emergency-admission-rate-funnel",
        "peer-group-comparison",
        "position-among-31",
        "ni19-delayed-discharge-bed-days-75-run-chart",
    } <= names
    for chart in pack.charts:
        for suffix in (".png", ".svg", ".csv", ".alt.txt"):
            assert (folder / f"{chart.name}{suffix}").stat().st_size > 0


def test_pack_places_the_partnership_among_the_31_on_the_msg_rates(pack):
    charts = {c.name: c for c in pack.charts}
    assert {"msg-position-among-31", "msg-1a-run-chart", "msg-4-run-chart"} <= set(charts)
    ranks = charts["msg-position-among-31"].data
    assert set(ranks["code"]) == {"1a", "2a", "2b", "2c", "3a", "4"}
    for _code, rows in ranks.groupby("code"):
        assert len(rows) == 31
        own = rows[rows["partnership"] == "Clackmannanshire and Stirling"].iloc[0]
        assert own["value"] == pytest.approx(own["numerator"] / own["population"] * 1000)
        assert own["rank"] == 1 + (rows["value"] < own["value"]).sum()  # lower is better for every MSG rate
    assert any(m.startswith("MSG 1a Emergency admissions:") and "per 1,000 people" in m for m in pack.messages)
    assert "Ministerial Strategic Group" in pack.msg_source


def test_board_paper_is_an_a4_word_paper_with_its_parts_fields_and_alt_text(pack):
    doc = check_word(pack.folder / "board-paper.docx", pictures=len(pack.charts), title_has="benchmarking")
    text = "\n".join(p.text for p in doc.paragraphs)
    for part in (
        "1. Purpose",
        "2. Recommendation",
        "The Integration Joint Board is asked to note",  # the body the paper goes to, by name
        "3. Background",
        "4. Assessment",
        "Getting worse over the window",
        "The largest change over the window:",  # what changed most, between the trend verdict's own years
        "5. Implications",
        "Equality and Fairer Scotland Duty:",
        "Islands Communities Impact Assessment:",
        "Data protection:",
        "6. Directions required",
        "7. Consultation",
        "8. Every indicator",
        "9. Charts",
        "What Figure 1 shows:",
        "10. Sources and method",
        "11. Appendices",
    ):
        assert part in text, part  # fmt: skip
    assert "Stirling" in text and "synthetic" in text  # the family-group rule; the sample-data notice
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure")]
    assert len(captions) == len(pack.charts) and all(len(c) < 90 for c in captions)  # short, not the alt text
    xml = doc.element.xml
    for field in ("Report number", "Meeting", "Author", "Date of paper", "Consulted"):  # content controls to fill in
        assert f'w:alias w:val="{field}"' in xml.replace("w:alias ", "w:alias ")
    assert "w:date " in xml or "<w:date>" in xml  # a date picker
    summary = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    indicators = [row.cells[0].text.split(" ")[0] for row in summary.rows[1:]]
    assert indicators == [f"NI-{n}" for n in range(1, 24)]  # every indicator, those not reported too
    header = [c.text for c in summary.rows[0].cells]
    assert header[1] == "Unit" and all(row.cells[1].text for row in summary.rows[1:])
    not_reported = [row for row in summary.rows[1:] if row.cells[0].text.split(" ")[0] == "NI-10"][0]
    assert "Not reported nationally" in not_reported.cells[-1].text  # the reason is in the table
    assert "US Letter" not in xml and "en-US" not in xml


def test_benchmarking_data_workbook_follows_the_spreadsheet_guidance(pack):
    wb = check_workbook(pack.folder / "benchmarking-data.xlsx", sheets_at_least=len(pack.charts) + 2)
    funnel = next(wb[n] for n in wb.sheetnames if "NI-12 Emergency admission rate" in str(wb[n]["A1"].value)
                  and "Funnel" in str(wb[n]["A1"].value))  # fmt: skip
    table = next(iter(funnel.tables.values()))
    first, last = table.ref.split(":")
    header_row = int(first[1:])
    headers = [c.value for c in funnel[header_row]]
    assert "Denominator" in headers and "Outside the 99.8% limits" in headers
    assert int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - header_row == 31  # 31 partnerships
    column = headers.index("Denominator") + 1
    cells = [funnel.cell(row=r, column=column) for r in range(header_row + 1, header_row + 32)]
    assert all(isinstance(c.value, int | float) and c.number_format == "#,##0" for c in cells)
    flags = {funnel.cell(row=r, column=headers.index("Outside the 99.8% limits") + 1).value
             for r in range(header_row + 1, header_row + 32)}  # fmt: skip
    assert flags <= {"Yes", "No"}
    assert "method" not in [str(h).lower() for h in headers]  # the method is a note, not a column repeated


def test_exploration_notebook_runs_headless(tmp_path):
    out = tmp_path / "explore.ipynb"
    papermill_run("explore.ipynb", out, parameters={"interactive": False})
    import nbformat

    book = nbformat.read(out, as_version=4)
    html = "".join(
        o.get("data", {}).get("text/html", "") for c in book.cells if c.cell_type == "code" for o in c.outputs
    )
    # NI-12: trend, funnel, position; MSG 1a: trend, position
    assert html.count("<img ") == 5 and html.count('alt="') == 5
    assert "<h2>MSG 1a Emergency admissions</h2>" in html and "not comparable with the indicators" in html
    assert "Peer group of Highland" in html


def test_validate_calls_the_benchmarking_workbook_an_output_not_an_input(pack):
    from typer.testing import CliRunner

    from hscp_nb.cli import app

    result = CliRunner().invoke(app, ["validate", str(pack.folder / "benchmarking-data.xlsx")])
    assert result.exit_code == 1
    assert "a data workbook that hscp_nb wrote" in result.output
    assert "sheet named" not in result.output  # not mistaken for a broken returns workbook


def test_the_explorer_widgets_are_built_with_every_control():
    """The interactive part, built in-process (papermill skips it: a headless run has no frontend for widgets)."""
    from hscp_nb.products.explore import Explorer
    from tests.conftest import CORE_SUITE

    box = Explorer(CORE_SUITE).widgets(["Highland", "Western Isles"], "NI-12", 2016, 2025)
    controls, _ = box.children
    picker, side = controls.children
    assert set(picker.value) == {"Highland", "Western Isles"} and len(picker.options) == 31
    descriptions = {c.description for c in side.children if hasattr(c, "description")}
    assert {"Indicator", "Years (first to last)", "Export pack"} <= descriptions
    for control in [picker, *side.children[:2]]:  # labels shown whole, not cut to "Partnershi…"
        assert control.style.description_width == "initial", control.description


def test_highlands_paper_goes_to_the_joint_monitoring_committee_and_fifes_to_the_integration_joint_board(tmp_path):
    for name, body in (("Highland", "Joint Monitoring Committee"), ("Fife", "Integration Joint Board")):
        pack = build_pack(name, 2025, None, tmp_path / name, formats="docx")
        doc = check_word(pack.folder / "board-paper.docx", pictures=len(pack.charts), title_has="benchmarking")
        text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for row in t.rows for c in row.cells
        )
        assert f"The {body} is asked to note" in text and f"{name} {body}" in text
        other = {"Joint Monitoring Committee", "Integration Joint Board"} - {body}
        assert not any(o in text for o in other), name


def test_a_partnerships_paper_template_supplies_the_papers_styles(tmp_path):
    import docx
    from docx.shared import Pt, RGBColor

    template = docx.Document()
    heading = template.styles["Heading 1"]
    heading.font.name, heading.font.size, heading.font.color.rgb = "Georgia", Pt(20), RGBColor(0x7A, 0x00, 0x3C)
    template.styles["Normal"].font.name = "Verdana"
    template.add_paragraph("This template's own text, which the paper leaves out.")
    template.save(tmp_path / "our-template.docx")

    pack = build_pack(
        "Fife", 2025, None, tmp_path / "out", formats="docx", paper_template=tmp_path / "our-template.docx"
    )
    doc = check_word(pack.folder / "board-paper.docx", pictures=len(pack.charts), title_has="benchmarking")
    assert doc.styles["Heading 1"].font.name == "Georgia" and doc.styles["Heading 1"].font.size == Pt(20)
    assert doc.styles["Normal"].font.name == "Verdana"
    assert "Caption" in [s.name for s in doc.styles] and "Report table" in [s.name for s in doc.styles]
    assert [p for p in doc.paragraphs if p.style.name == "Heading 1" and p.text == "1. Purpose"]
    assert "which the paper leaves out" not in "\n".join(p.text for p in doc.paragraphs)


def test_a_missing_or_broken_paper_template_is_refused_naming_the_file(tmp_path):
    from hscp_nb.domain.errors import InputError

    (tmp_path / "not-word.docx").write_text("plain text")
    for path, found in ((tmp_path / "absent.docx", "no such file"), (tmp_path / "not-word.docx", "not a Word")):
        with pytest.raises(InputError, match=found) as err:
            build_pack("Fife", 2025, None, tmp_path / "out", formats="docx", paper_template=path)
        assert path.name in str(err.value)


def test_without_phs_rate_columns_the_pack_says_why_the_msg_rates_are_left_out(tmp_path):
    from hscp_nb.domain import reference
    from hscp_nb.domain.years import ReportingYear
    from hscp_nb.inputs.msg import read_msg
    from hscp_nb.products.pack import Pack, add_msg_charts
    from tests.inputs import msg_files as phs

    folder = phs.write_folder(tmp_path / "msg")  # counts only, as some extracts come
    pack = Pack(reference.resolve_partnership("Highland"), ReportingYear(2025), tmp_path / "pack")
    add_msg_charts(pack, read_msg(folder, use_cache=False))
    assert pack.charts == []
    assert pack.messages == [
        "PHS's MSG data hold no rate columns (One_rate, …), which give the populations the rates per 1,000 need, "
        "so the MSG rates are left out."
    ]
