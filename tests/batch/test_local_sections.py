"""A partnership's own section added from a notebook in its own folder, with no change to the package: it is built,
numbered and titled by the layout, its numbers are in the ledger and the workbook; the layout leaves governance out
and the compliance list says so; a layout that cannot be read fails that report alone and keeps the previous one."""

import json
import shutil

import nbformat
import pandas as pd

from hscp_nb import batch
from hscp_nb.inputs.params import default_path
from tests.conftest import papermill_run

OWN = """\
import pandas as pd

from hscp_nb.present.formats import count, said
from hscp_nb.present.section import open_section

ctx = open_section("waiting", partnership, year, output_dir, data=data, locality_data=locality_data, returns=returns,
                   msg_data=msg_data, local=local)
rows = pd.read_csv(ctx.local.file("waiting.csv"))
waiting = count(rows["people"].iloc[-1]).of(figure="People waiting for a care assessment", period=ctx.year.label)
ctx.text(said(f"At the year's end, {waiting} people were waiting for a care assessment.", waiting))
"""


def _notebook(path):
    params = 'partnership = "Highland"\nyear = 2025\ndata = ""\nlocality_data = ""\nreturns = ""\nmsg_data = ""\n'
    params += 'local = ""\noutput_dir = ""'
    cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(OWN),
             nbformat.v4.new_code_cell("ctx.table(rows.assign(people=rows['people'].map(count)), 'waiting', "
                                       "caption='People waiting, by quarter', data=rows)"),
             nbformat.v4.new_code_cell("ctx.finish()")]  # fmt: skip
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


def test_a_section_from_a_notebook_in_the_partnerships_folder_builds_without_touching_the_package(tmp_path):
    local = tmp_path / "local"
    folder = local / "highland"
    folder.mkdir(parents=True)
    _notebook(folder / "waiting.ipynb")
    (folder / "waiting.csv").write_text("quarter,people\nQ1,431\nQ2,402\nQ3,388\nQ4,1376\n")
    (folder / "report.yml").write_text("sections:\n  - finance\n  - waiting.ipynb: People waiting\n")
    out, editions = tmp_path / "out", tmp_path / "editions"
    jobs = batch.plan(2025, "Highland", output_root=out, editions_root=editions, formats="html", local=local)
    [result] = batch.run(jobs, workers=1)
    assert result.status == "built", result.detail
    report = out / "2025-26" / "highland"
    html = (report / "report.html").read_text()
    assert (
        html.index(">1. Finance and best value</h2>") < html.index(">2. People waiting</h2>") < html.index('id="about"')
    )
    ledger = pd.read_csv(report / "figures.csv", dtype=str)
    own = ledger[ledger["section"] == "waiting"]
    assert "1,376" in set(own["printed"]) and "People waiting for a care assessment" in set(own["figure"])
    assert {"431", "402", "388"} <= set(own["printed"])  # the table's cells
    manifest = json.loads((report / "manifest.json").read_text())
    checks = {c["id"]: c for c in manifest["compliance"]}
    for requirement in ("INS-1", "INS-2", "GOV-1", "OUT-3", "OUT-1", "LOC-1"):  # governance, indicators, localities
        assert checks[requirement]["status"] == "MISSING"
    assert checks["INS-1"]["detail"] == "left out by the layout (report.yml, line 1): the governance section"
    assert checks["FIN-1"]["status"] == "MET"
    assert "left out by the layout (report.yml, line 1)" in (report / "qa.html").read_text()
    assert any(i.get("name") == "local" and i["path"].endswith("local/highland") for i in manifest["inputs"])

    # the partnership's folder changed: that report alone is rebuilt
    (folder / "waiting.csv").write_text("quarter,people\nQ1,431\nQ2,402\nQ3,388\nQ4,1299\n")
    again = batch.plan(2025, "Highland,Moray", output_root=out, editions_root=editions, formats="html", local=local)
    assert [j.cache_key != jobs[0].cache_key for j in again if j.partnership.slug == "highland"] == [True]

    # a layout that cannot be read: one located line, and the report built before stays in place
    before = (report / "report.html").read_bytes()
    (folder / "report.yml").write_text("sections:\n  - finance\n  - waitng.ipynb\n")
    [failed] = batch.run(batch.plan(2025, "Highland", output_root=out, editions_root=editions, formats="html",
                                    local=local), workers=1)  # fmt: skip
    assert failed.status == "failed"
    assert "report.yml, line 3" in failed.detail and "waitng.ipynb: no such file" in failed.detail
    assert (report / "report.html").read_bytes() == before


def test_without_a_layout_the_sample_partnerships_keep_the_national_one(tmp_path):
    local = tmp_path / "local"
    shutil.copytree(default_path("local") / "orkney-islands", local / "orkney-islands")
    (job,) = batch.plan(2025, "Moray", output_root=tmp_path / "out", editions_root=tmp_path / "e", local=local)
    assert job.sections == ["indicators", "finance", "localities", "governance", "msg"] and job.layout.file is None


def test_the_sample_carers_notebook_runs_on_its_own_as_an_analyst_opens_it(tmp_path):
    """`make lab` opens Glasgow City's carers notebook: with its default parameters it runs under papermill, shows its
    table and chart, and records its section."""
    notebook = default_path("local") / "glasgow-city" / "carers.ipynb"
    papermill_run(str(notebook), tmp_path / "carers.ipynb", parameters={"output_dir": str(tmp_path)})
    record = json.loads((tmp_path / "sections" / "carers.json").read_text())
    assert record["title"] == "Supporting unpaid carers"
    assert [t["name"] for t in record["tables"]] == ["carers-support"]
    assert [c["name"] for c in record["charts"]] == ["carers-support-plans"]
    assert (tmp_path / "figures" / "carers-support-plans.svg").exists()
