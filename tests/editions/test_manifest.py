"""``manifest.json``: the typed record of a build read back as written (keys a later version wrote kept), and why a
build no longer stands for its inputs and code."""

import json

from hscp_nb.domain.requirements import Check
from hscp_nb.editions.manifest import FILE, Manifest
from hscp_nb.inputs.files import InputFile, sha256


def _manifest(tmp_path, **changes):
    phs = tmp_path / "phs.xlsx"
    phs.write_bytes(b"first release")
    returns = tmp_path / "returns"
    returns.mkdir(exist_ok=True)
    (returns / "highland.xlsx").write_bytes(b"returns")
    inputs = (
        InputFile.hashed("PHS Core Suite of Integration Indicators", phs),
        InputFile.hashed("PHS Ministerial Strategic Group indicators", returns, "PHS's MSG data files, in"),
    )
    fields = dict(
        partnership={"code": "S37000016", "name": "Highland", "slug": "highland"},
        reporting_year="2025/26",
        parameters={"year": 2025, "data": str(phs)},
        inputs=inputs,
        package_version="0.3.0",
        cache_key="key",
        synthetic=True,
        sections=({"section": "finance", "title": "Finance", "seconds_in_kernel": 1.5, "charts": 2, "tables": 3},),
        files=("report.html", "figures.csv"),
        timings_seconds={"html": 0.5, "total": 4.0},
        compliance=(Check("FIN-1", "Total spent", "MET", "Finance", ""),
                    Check("INS-1", "Inspections", "MISSING", "", "none listed")),
        edition={"number": 2, "date": "2026-10-14", "status": "final", "published": False, "code": "c1",
                 "replaces": {"number": 1, "date": "2026-07-28", "status": "provisional"}, "changes": 3},
        code="c1",
        summary_readability={"grade": 7.5},
    )  # fmt: skip
    return Manifest(**(fields | changes))


def test_a_manifest_is_read_back_as_it_was_written_with_a_later_versions_keys_kept(tmp_path):
    manifest = _manifest(tmp_path)
    assert manifest.write(tmp_path) == FILE
    payload = json.loads((tmp_path / FILE).read_text(encoding="utf-8"))
    # written as plain JSON: inputs and checks as objects, the folder's description kept
    assert payload["inputs"][0] == {
        "what": "PHS Core Suite of Integration Indicators",
        "path": str(tmp_path / "phs.xlsx"),
        "sha256": sha256(tmp_path / "phs.xlsx"),
    }
    assert payload["inputs"][1]["described"] == "PHS's MSG data files, in"
    assert payload["compliance"][1] == {"id": "INS-1", "requirement": "Inspections", "status": "MISSING", "where": "",
                                        "detail": "none listed"}  # fmt: skip
    assert payload["files"] == ["report.html", "figures.csv"] and "extra" not in payload
    read = Manifest.read(tmp_path)
    assert read == manifest
    assert read.inputs[0].sha256 == sha256(tmp_path / "phs.xlsx") and read.compliance[1].detail == "none listed"
    assert read.to_json() == payload
    # a key this version does not know is kept when the manifest is read and written again
    payload["written_by_later_version"] = {"x": 1}
    (tmp_path / FILE).write_text(json.dumps(payload), encoding="utf-8")
    later = Manifest.read(tmp_path)
    assert later.extra == {"written_by_later_version": {"x": 1}}
    assert later.to_json()["written_by_later_version"] == {"x": 1}


def test_no_manifest_or_a_broken_one_reads_as_none(tmp_path):
    assert Manifest.read(tmp_path) is None
    (tmp_path / FILE).write_text("{not json", encoding="utf-8")
    assert Manifest.read(tmp_path) is None


def test_a_build_is_stale_when_an_input_is_gone_or_changed_or_the_version_or_code_differ(tmp_path):
    manifest = _manifest(tmp_path)
    phs = tmp_path / "phs.xlsx"
    assert manifest.stale_reason("c1", "0.3.0") == ""
    assert manifest.stale_reason("", "0.3.0") == ""  # no code digest to compare with: not stale for it
    assert manifest.stale_reason("c2", "0.4.0") == (
        "it is stale: built by hscp_nb 0.3.0, this is 0.4.0; rebuild it first"
    )
    assert manifest.stale_reason("c2", "0.3.0") == (
        "it is stale: it was built by other code than is installed now; rebuild it first"
    )
    phs.write_bytes(b"second release")
    assert manifest.stale_reason("c1", "0.3.0") == (
        f"it is stale: its PHS Core Suite of Integration Indicators ({phs} has changed since); rebuild it first"
    )
    phs.write_bytes(b"first release")  # the same bytes again: it stands again
    assert manifest.stale_reason("c1", "0.3.0") == ""
    (tmp_path / "returns" / "highland.xlsx").write_bytes(b"returns corrected")  # a file in an input folder
    assert f"{tmp_path / 'returns'} has changed since" in manifest.stale_reason("c1", "0.3.0")
    (tmp_path / "returns" / "highland.xlsx").write_bytes(b"returns")
    phs.unlink()
    assert manifest.stale_reason("c1", "0.3.0") == (
        f"it is stale: its PHS Core Suite of Integration Indicators ({phs} is no longer there); rebuild it first"
    )
