"""The register of editions: whether a build is an edition already published (inputs, version and code, each), a
build as an edition (:class:`Stamp`), PUB-1 from the register, and ``publish`` adding an edition only when
something changed."""

import datetime as dt
import json
from pathlib import Path

import pytest

from hscp_nb.domain.errors import InputError
from hscp_nb.domain.requirements import MET, Check
from hscp_nb.domain.years import ReportingYear
from hscp_nb.editions import register
from hscp_nb.editions.register import DUE, LATE, Edition, Stamp, is_edition
from hscp_nb.inputs.files import InputFile

PHS = InputFile("PHS Core Suite of Integration Indicators", Path("/data/phs.xlsx"), "a" * 64)
RETURNS = InputFile("Highland local returns", Path("/data/highland.xlsx"), "b" * 64)


def _edition(number=1, date="2026-07-28", status="provisional", inputs=(PHS, RETURNS), version="0.3.0", code="c1"):
    return Edition(Path(f"/register/2025-26/highland/{number:02d}"), number, date, status, tuple(inputs), version,
                   code)  # fmt: skip


def test_a_build_is_the_edition_only_with_the_same_inputs_in_order_version_and_code():
    edition = _edition()
    assert is_edition(edition, [PHS, RETURNS], "c1", "0.3.0")
    # the path an input was read from is not what it is: the same bytes elsewhere are the same edition
    moved = InputFile(PHS.what, Path("/elsewhere/phs.xlsx"), PHS.sha256)
    assert is_edition(edition, [moved, RETURNS], "c1", "0.3.0")
    assert not is_edition(None, [PHS, RETURNS], "c1", "0.3.0")
    assert not is_edition(edition, [RETURNS, PHS], "c1", "0.3.0")  # order
    assert not is_edition(edition, [PHS], "c1", "0.3.0")  # one input fewer
    assert not is_edition(edition, [PHS, RETURNS, RETURNS], "c1", "0.3.0")  # one more
    other_bytes = InputFile(PHS.what, PHS.path, "d" * 64)
    assert not is_edition(edition, [other_bytes, RETURNS], "c1", "0.3.0")  # sha
    other_what = InputFile("PHS locality extract", PHS.path, PHS.sha256)
    assert not is_edition(edition, [other_what, RETURNS], "c1", "0.3.0")  # what
    assert not is_edition(edition, [PHS, RETURNS], "c1", "0.4.0")  # version
    assert not is_edition(edition, [PHS, RETURNS], "c2", "0.3.0")  # code


def test_a_build_of_the_latest_editions_inputs_is_that_edition_else_the_next_compared_with_the_latest():
    first, second = (
        _edition(1),
        _edition(2, "2026-10-14", "final", (PHS, InputFile(RETURNS.what, RETURNS.path, "e" * 64))),
    )
    today = dt.date(2026, 12, 4)
    same = Stamp.of_build([first, second], second.inputs, "c1", "0.3.0", "provisional", today)
    assert (same.number, same.date, same.status, same.published) == (2, "2026-10-14", "final", True)
    assert same.previous is first  # compared with the edition before it, not with itself
    assert same.line() == "Second edition (final), 14 October 2026. Replaces the provisional edition of 28 July 2026."
    new = Stamp.of_build([first, second], [PHS, RETURNS], "c1", "0.3.0", "final", today)
    assert (new.number, new.date, new.status, new.published) == (3, "2026-12-04", "final", False)
    assert new.previous is second and new.replaces == {"number": 2, "date": "2026-10-14", "status": "final"}
    none = Stamp.of_build([], [PHS, RETURNS], "c1", "0.3.0", "provisional", today)
    assert (none.number, none.published, none.previous) == (1, False, None)
    assert none.line() == "First edition (provisional), 4 December 2026."
    only = Stamp.of_build([first], [PHS, RETURNS], "c1", "0.3.0", "final", today)
    assert only.published and only.number == 1 and only.previous is None
    assert only.to_json(None) == {"number": 1, "date": "2026-07-28", "status": "provisional", "published": True,
                                  "code": "c1", "replaces": None, "changes": None}  # fmt: skip


CHECKS = [
    Check("PUB-1", "Published by 31 July", MET, "", "assumed"),
    Check("FIN-1", "Total spent", MET, "Finance", ""),
]


@pytest.mark.parametrize(
    ("published", "today", "status", "says"),
    [
        ((), "2026-06-01", DUE, "not yet published: due by 31 July 2026 (make publish records it)"),
        ((), "2026-07-31", DUE, "not yet published: due by 31 July 2026 (make publish records it)"),
        ((), "2026-11-30", DUE, "not yet published: due by 31 July 2026; overdue since 31 July 2026"),
        (("2026-07-28", "2026-10-14"), "2026-11-30", MET,
         "first published 28 July 2026 (provisional edition), by the deadline of 31 July 2026; 2 editions published"),
        (("2026-07-31",), "2026-11-30", MET, "first published 31 July 2026 (provisional edition), by the deadline"),
        (("2026-08-03",), "2026-11-30", LATE,
         "first published 3 August 2026 (provisional edition), after the deadline of 31 July 2026; late; 1 edition"),
    ],
)  # fmt: skip
def test_pub1_is_met_only_by_a_first_edition_published_by_the_deadline(published, today, status, says):
    editions = [_edition(n, day) for n, day in enumerate(published, start=1)]
    deadline = ReportingYear(2025).publication_deadline
    assert deadline == dt.date(2026, 7, 31)
    pub1, fin1 = register.publication_check(CHECKS, editions, deadline, dt.date.fromisoformat(today))
    assert pub1.status == status and says in pub1.detail, pub1
    assert (pub1.id, pub1.requirement) == ("PUB-1", "Published by 31 July")
    assert ("overdue" in pub1.detail) == (not published and today > "2026-07-31")
    assert fin1 is CHECKS[1]


def test_a_register_inside_the_output_folder_is_refused_in_one_line(tmp_path):
    from hscp_nb import batch

    with pytest.raises(InputError, match="column 'editions'.*outside the output folder"):
        batch.plan(2025, "Highland", output_root=tmp_path, editions_root=tmp_path / "editions")


def _built(folder: Path, ledger: str, inputs=(PHS, RETURNS), code="c1", version="0.3.0", status="provisional"):
    """A built report's folder as ``publish`` reads it: its manifest, figure ledger and one public file."""
    from hscp_nb.editions.manifest import Manifest

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures.csv").write_text(ledger, encoding="utf-8")
    (folder / "report.html").write_text("<p>report</p>", encoding="utf-8")
    edition = {"number": 0, "date": "2026-07-28", "status": status}
    Manifest(inputs=tuple(inputs), package_version=version, code=code, cache_key="k", edition=edition,
             files=("figures.csv", "report.html")).write(folder)  # fmt: skip
    return folder


def test_publish_adds_an_edition_only_when_the_ledger_inputs_or_code_changed(tmp_path):
    report, root = tmp_path / "outputs" / "2025-26" / "highland", tmp_path / "editions"
    ledger = "id,printed\na,1\n"
    with pytest.raises(InputError, match="no built report"):
        register.publish(report, root, ["report.html"])
    _built(report, ledger)
    first = register.publish(report, root, ["report.html"], today=dt.date(2026, 7, 29))
    assert (first.number, first.date, first.recorded, first.status) == (1, "2026-07-28", "2026-07-29", "provisional")
    assert first.folder == root / "2025-26" / "highland" / "01"
    assert set(first.files) == {"figures.csv", "manifest.json", "report.html"}
    assert json.loads((first.folder / "edition.json").read_text())["inputs"][0]["sha256"] == "a" * 64
    assert Edition.read(first.folder) == first
    assert register.publish(report, root, ["report.html"]) is None  # nothing changed
    _built(report, ledger, code="c2")
    assert register.publish(report, root, ["report.html"]).number == 2  # the code changed
    _built(report, "id,printed\na,2\n", code="c2")
    assert register.publish(report, root, ["report.html"]).number == 3  # a figure changed
    _built(report, "id,printed\na,2\n", (PHS, InputFile(RETURNS.what, RETURNS.path, "f" * 64)), code="c2")
    assert register.publish(report, root, ["report.html"]).number == 4  # an input changed
    assert [e.number for e in register.editions(root, "2025-26", "highland")] == [1, 2, 3, 4]
    assert not list((root / "2025-26" / "highland").glob(".*"))  # no half-written folder left
