"""What changed since the previous edition: each reason, no revision within the printed rounding, and
``changes.csv`` read back as written."""

import csv
import json
from pathlib import Path

import pytest

from hscp_nb.document.blocks import Value
from hscp_nb.editions import compare, register
from hscp_nb.editions.compare import Change, read_changes, write_changes
from hscp_nb.editions.register import Stamp
from hscp_nb.inputs.files import InputFile

PHS, RETURNS = "PHS Core Suite of Integration Indicators", "Highland local returns"


def _published_ledger(tmp_path, rows, status="provisional", code="c1"):
    """An edition folder holding a ledger of ``rows`` (id, section, code, printed, verdict)."""
    folder = tmp_path / "2025-26" / "highland" / "01"
    folder.mkdir(parents=True)
    with open(folder / "figures.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "section", "figure", "code", "area", "period", "value", "printed", "unit", "source",
                         "verdict"])  # fmt: skip
        for ident, section, code_, printed, verdict in rows:
            writer.writerow([ident, section, ident, code_, "Highland", "2025/26", "", printed, "", "s", verdict])
    inputs = [{"what": PHS, "sha256": "a", "path": "/phs.xlsx"}, {"what": RETURNS, "sha256": "b", "path": "/r.xlsx"}]
    record = {"number": 1, "date": "2026-07-28", "status": status, "inputs": inputs, "package_version": "0.3.0",
              "code": code}  # fmt: skip
    (folder / "edition.json").write_text(json.dumps(record))
    return register.latest(tmp_path, "2025-26", "highland")


def _now(ident, section, code, printed, verdict="", value=1.0):
    return Value(ident, section, ident, code, "Highland", "2025/26", value, printed, "", "s", verdict)


def _stamp(previous, changed_input, status, code="c1"):
    inputs = tuple(InputFile(i.what, i.path, i.sha256 + ("2" if i.what == changed_input else ""))
                   for i in previous.inputs)  # fmt: skip
    return Stamp(2, "2026-10-14", status, False, inputs, code, previous)


@pytest.mark.parametrize(
    ("changed_input", "status", "section", "code", "reason"),
    [
        (PHS, "provisional", "indicators", "NI-12", "PHS release revised"),
        (RETURNS, "final", "finance", "", "accounts audited"),
        (RETURNS, "provisional", "finance", "", "returns corrected"),
        (None, "provisional", "finance", "", "method changed"),
    ],
)
def test_each_reason_for_a_change_and_no_revision_within_the_rounding(tmp_path, changed_input, status, section,
                                                                       code, reason):  # fmt: skip
    previous = _published_ledger(
        tmp_path,
        [("moved", section, code, "12.4%", "against Scotland: similar"), ("same", section, code, "843", ""),
         ("gone", section, code, "1", "")],
    )  # fmt: skip
    now = [
        _now("moved", section, code, "12.9%", "against Scotland: worse"),
        _now("same", section, code, "843", value=843.4),  # moved within the printed rounding: not a revision
        _now("new", section, code, "7"),
    ]
    found = {c.id: c for c in compare.changes(previous, now, _stamp(previous, changed_input, status))}
    assert set(found) == {"moved", "new", "gone"}
    moved = found["moved"]
    assert (moved.change, moved.previous, moved.new, moved.reason) == ("revised", "12.4%", "12.9%", reason)
    assert (moved.verdict_previous, moved.verdict_new) == ("against Scotland: similar", "against Scotland: worse")
    assert (found["new"].change, found["new"].previous, found["new"].new) == ("added", "", "7")
    assert (found["gone"].change, found["gone"].previous, found["gone"].new) == ("removed", "1", "")


def test_a_figure_that_appears_or_goes_with_new_code_is_the_methods_doing(tmp_path):
    previous = _published_ledger(tmp_path, [("moved", "indicators", "NI-12", "12.4%", ""),
                                            ("gone", "indicators", "NI-12", "1", "")])  # fmt: skip
    now = [_now("moved", "indicators", "NI-12", "12.9%"), _now("new", "indicators", "NI-12", "7")]
    found = {c.id: c for c in compare.changes(previous, now, _stamp(previous, PHS, "provisional", code="c2"))}
    assert found["moved"].reason == "PHS release revised"
    assert found["new"].reason == found["gone"].reason == "method changed"


def test_a_neutralised_printed_value_in_the_published_ledger_is_no_revision(tmp_path):
    previous = _published_ledger(tmp_path, [("dash", "finance", "", "'-£1.2m", "")])
    assert compare.changes(previous, [_now("dash", "finance", "", "-£1.2m")], _stamp(previous, None, "final")) == []


def test_changes_csv_is_read_back_as_written_and_none_without_it(tmp_path):
    assert read_changes(tmp_path) is None
    found = [
        Change("ni-12/highland/2025-26", "indicators", "Emergency admissions", "Highland", "2025/26", "12,400",
               "12,900", "PHS release revised", "revised", "against Scotland: similar", "against Scotland: worse"),
        Change("fin/total", "finance", "Total spend, with a comma", "Highland", "2025/26", "", "£1.2m",
               "method changed", "added"),
        Change("x", "finance", 'A "quoted" figure', "Highland", "2025/26", "-1", "", "returns corrected", "removed"),
    ]  # fmt: skip
    assert write_changes(found, tmp_path) == "changes.csv"
    with open(tmp_path / "changes.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == ["section", "figure", "area", "period", "previous", "new", "reason", "verdict_previous",
                      "verdict_new", "id", "change"]  # fmt: skip
    assert read_changes(tmp_path) == found
    write_changes([], tmp_path)
    assert read_changes(Path(tmp_path)) == []  # compared with an edition, nothing changed: not None


def test_a_changed_layout_is_the_methods_doing_and_the_edition_records_its_digest(tmp_path):
    """The partnership's own folder (its report.yml) is an input named 'local': a section it adds or drops, and a
    figure that moves with it, are 'method changed', never a PHS revision or a returns correction."""
    previous = _published_ledger(tmp_path, [("gone", "governance", "", "3", ""), ("moved", "finance", "", "843", "")])
    layout = InputFile("Highland's own layout, sections and look", Path("/local/highland"), "d1", name="local")
    now_inputs = (*previous.inputs, layout)  # the folder appeared: the layout changed since the last edition
    stamp = Stamp(2, "2026-10-14", "provisional", False, now_inputs, "c1", previous)
    now = [_now("moved", "finance", "", "850"), _now("new", "carers", "", "4,318")]
    found = {c.id: c for c in compare.changes(previous, now, stamp)}
    assert {c.reason for c in found.values()} == {"method changed"}
    assert set(found) == {"gone", "moved", "new"}
    assert layout.to_json()["name"] == "local" and InputFile.from_json(layout.to_json()) == layout
