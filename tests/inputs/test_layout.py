"""A partnership's own layout (report.yml) and the inputs declared once: each refusal names report.yml (or the
Markdown file) and the line; the parameters, the command line and the notebooks derive from the declarations."""

import inspect
import json
from pathlib import Path

import nbformat
import pytest

from hscp_nb.domain.errors import InputError
from hscp_nb.domain.sections import BUILT_IN
from hscp_nb.inputs.catalogue import INPUTS
from hscp_nb.inputs.layout import NATIONAL, read_layout
from hscp_nb.inputs.params import NOTEBOOKS_DIR, ReportParams, default_path


def _folder(tmp_path: Path, text: str, **files) -> Path:
    (tmp_path / "report.yml").write_text(text, encoding="utf-8")
    for name, body in files.items():
        (tmp_path / name.replace("_", ".")).write_text(body, encoding="utf-8")
    return tmp_path


def test_no_report_yml_is_the_national_layout_in_the_built_in_order(tmp_path):
    assert read_layout(tmp_path) is NATIONAL and read_layout(tmp_path / "none") is NATIONAL
    assert NATIONAL.names == ["indicators", "finance", "localities", "governance", "msg"]


def test_the_sample_layouts_glasgow_citys_own_sections_and_orkneys_titles():
    glasgow = read_layout(default_path("local") / "glasgow-city")
    assert glasgow.names == ["foreword", "indicators", "msg", "carers", "finance", "localities", "governance"]
    assert glasgow["carers"].title == "Supporting unpaid carers" and glasgow["foreword"].title == "Foreword"
    assert glasgow["foreword"].markdown and glasgow["carers"].notebook.endswith("carers.ipynb")
    assert glasgow.left_out == {}
    orkney = read_layout(default_path("local") / "orkney-islands")
    assert [s.title for s in orkney.sections][:2] == ["How we are doing", "Our money and best value"]
    assert orkney.names == NATIONAL.names


def test_a_layout_without_governance_leaves_its_requirements_missing_naming_the_line(tmp_path):
    layout = read_layout(_folder(tmp_path, "# ours\nsections:\n  - indicators\n  - finance\n  - localities\n"))
    assert set(layout.left_out) == {"INS-1", "INS-2", "GOV-1", "GOV-2", "OUT-3", "OUT-4"}
    assert layout.left_out["INS-1"] == "left out by the layout (report.yml, line 2): the governance section"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("sections:\n  - indicators\n  - finanse\n", 3, "finanse"),
        ("sections:\n  - indicators\n  - carers.ipynb\n", 3, "no such file"),
        ("sections:\n  - indicators\n  - indicators\n", 3, "listed twice"),
        ("sections:\n  - annex\n", 2, "always comes last"),
        ("sections:\n  - ../elsewhere.md\n", 2, "a file name inside"),
        ("sections: [indicators\n", 2, "YAML that parses"),
        ("sectoins:\n  - indicators\n", 1, "only 'sections:'"),
        ("sections: indicators\n", 1, "followed by a list"),
        ("sections:\n  - {indicators: [1, 2]}\n", 2, "'name: Its own title'"),
    ],
)
def test_a_bad_layout_is_one_located_line(tmp_path, text, line, words):
    with pytest.raises(InputError) as err:
        read_layout(_folder(tmp_path, text))
    [problem] = err.value.problems
    assert problem.file.endswith("report.yml") and problem.line == line
    assert words in str(problem) and f"report.yml, line {line}" in str(problem)


def test_every_input_is_a_parameter_an_option_and_a_make_variable_from_the_one_table():
    from hscp_nb.cli import report

    fields = set(ReportParams.model_fields) - {"partnership", "year", "output_dir"}
    assert fields == set(INPUTS)
    options = {p.name: p.default for p in inspect.signature(report).parameters.values()}
    for spec in INPUTS.values():
        assert options[spec.name].param_decls == (spec.option,) and options[spec.name].envvar == spec.make
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert not any(spec.option in makefile or f"$({spec.make})" in makefile for spec in INPUTS.values())


def test_each_notebook_asks_for_exactly_the_inputs_its_section_reads():
    """Adding an input edits no notebook that does not read it: each parameters cell holds the partnership, year,
    output folder and its section's declared inputs, no more."""
    for spec in BUILT_IN.values():
        book = nbformat.read(NOTEBOOKS_DIR / spec.notebook, as_version=4)
        cell = next(c for c in book.cells if "parameters" in c.metadata.get("tags", []))
        names = {line.split("=")[0].strip() for line in cell.source.splitlines() if "=" in line and line[0] != "#"}
        assert names == {"partnership", "year", "output_dir", *spec.reads}, spec.name


def test_the_job_passes_each_section_only_what_it_reads(tmp_path):
    from hscp_nb import batch

    (job,) = batch.plan(2025, "Highland", output_root=tmp_path / "out", editions_root=tmp_path / "editions")
    finance = job.notebook_parameters(BUILT_IN["finance"], tmp_path)
    msg = job.notebook_parameters(BUILT_IN["msg"], tmp_path)
    assert (
        set(finance) == {"partnership", "year", "output_dir", *BUILT_IN["finance"].reads} and "msg_data" not in finance
    )
    assert msg["msg_data"] == str(default_path("msg_data"))
    json.dumps(msg)  # literals only


def test_a_markdown_image_without_alt_text_is_refused_naming_the_file_and_line(tmp_path):
    from hscp_nb.present.markdown import markdown_section
    from hscp_nb.present.section import open_section

    folder = tmp_path / "local" / "highland"
    folder.mkdir(parents=True)
    _folder(folder, "sections:\n  - note.md\n  - indicators\n", note_md="# A note\n\nWords.\n\n![](picture.svg)\n")
    (folder / "picture.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>')
    ctx = open_section("note", "Highland", 2025, tmp_path / "out", local=tmp_path / "local")
    with pytest.raises(InputError) as err:
        markdown_section(ctx)
    assert str(err.value.problems[0]).startswith("note.md, line 5: found 'an image without alt text (picture.svg)'")
    (folder / "note.md").write_text("# A note\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    with pytest.raises(InputError, match="line 3: found 'a table'"):
        markdown_section(ctx)
    (folder / "note.md").write_text("# A note\n\nWe met 12 groups.\n\n![Our map](picture.svg)\n\n- one\n- 2 more\n")
    blocks = markdown_section(ctx)
    assert [b.kind for b in blocks] == ["paragraph", "figure", "list"]  # the title heading is the section's own
    assert blocks[0].values[0].printed == "We met 12 groups." and blocks[0].values[0].source == "note.md, line 3"
    assert blocks[1].alt == "Our map" and blocks[1].svg.startswith("<svg") and 'width="' in blocks[1].svg


def test_the_partnerships_folder_flags_only_its_own_sections_and_only_when_it_is_the_samples(tmp_path):
    """A built-in section's figures come from the PHS files and the returns: the layout folder neither lists them
    among its sources nor marks them synthetic; a partnership's own section reads its folder, which is synthetic only
    when it is the bundled sample's folder."""
    from hscp_nb.inputs.local import read_local

    assert not INPUTS["local"].is_source(False) and INPUTS["local"].is_source(True) and INPUTS["data"].is_source(False)
    params = ReportParams.build(partnership="Moray", year=2025)
    assert read_local(default_path("local") / "glasgow-city", params).synthetic
    assert not read_local(default_path("local") / "moray", params).synthetic  # no folder: nothing of the sample's
    assert not read_local(tmp_path, params).synthetic
