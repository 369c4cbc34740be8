"""make charts: the benchmarking pack and the exploration notebook."""

import pytest
from docx import Document
from openpyxl import load_workbook

from hscp_nb.products.pack import build_pack
from tests.conftest import papermill_run


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


def test_board_paper_opens_with_alt_text_on_every_picture(pack):
    doc = Document(pack.folder / "board-paper.docx")
    pictures = doc.inline_shapes
    assert len(pictures) == len(pack.charts) >= 10
    for picture in pictures:
        assert len(picture._inline.docPr.get("descr", "")) > 40
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Key messages" in text and "Getting worse over the window" in text and "synthetic" in text
    assert "Stirling" in text  # the family-group rule is stated
    table = doc.tables[0]
    assert table.rows[0].cells[0].text == "Indicator" and len(table.rows) >= 18


def test_excel_data_pack_one_sheet_per_chart_numbers_as_numbers(pack):
    wb = load_workbook(pack.folder / "benchmarking-data.xlsx")
    assert wb.sheetnames[0] == "Notes" and len(wb.sheetnames) == len(pack.charts) + 1
    funnel = wb["NI-12 funnel"]
    assert funnel.freeze_panes == "A2"
    header = [c.value for c in funnel[1]]
    column = header.index("denominator") + 1
    assert all(isinstance(funnel.cell(row=r, column=column).value, (int, float)) for r in range(2, funnel.max_row + 1))
    assert funnel.max_row == 32  # 31 partnerships


def test_exploration_notebook_runs_headless(tmp_path):
    out = tmp_path / "explore.ipynb"
    papermill_run("explore.ipynb", out, parameters={"interactive": False})
    import nbformat

    book = nbformat.read(out, as_version=4)
    html = "".join(
        o.get("data", {}).get("text/html", "") for c in book.cells if c.cell_type == "code" for o in c.outputs
    )
    assert html.count("<img ") == 3 and html.count('alt="') == 3  # trend, funnel, position
    assert "Peer group of Highland" in html


def test_validate_calls_the_benchmarking_workbook_an_output_not_an_input(pack):
    from typer.testing import CliRunner

    from hscp_nb.cli import app

    result = CliRunner().invoke(app, ["validate", str(pack.folder / "benchmarking-data.xlsx")])
    assert result.exit_code == 1
    assert "a benchmarking data workbook that hscp_nb wrote" in result.output
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
    assert {"Indicator", "Years", "Export pack"} <= descriptions
