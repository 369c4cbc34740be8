"""The PHS reader on workbooks written in the published Core Suite layout (not the bundled sample's own file), with
the quirks real files carry: each is read identically or refused with a located message, never published
differently."""

from __future__ import annotations

import pandas as pd
import pytest

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.phs import read_core_suite
from hscp_nb.inputs.validate import check, detect_kind
from tests.published import KEY, published_rows, write


@pytest.fixture(scope="module")
def published(core_suite):
    """The bundled sample's Annual rows for five partnerships and Scotland (enough for every rule, quick to write)."""
    keep = {reference.SCOTLAND_CODE} | {reference.resolve_partnership(n).code for n in
                                         ["Highland", "Orkney Islands", "Glasgow City", "Angus", "Fife"]}  # fmt: skip
    table = core_suite.table
    return table[table.partnership_code.isin(keep) & (table.time_period == "Annual")].reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    left = a.drop(columns="source_row").sort_values(KEY).reset_index(drop=True)
    right = b.drop(columns="source_row").sort_values(KEY).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


def test_published_layout_reads_back_every_value(tmp_path, published):
    data = read_core_suite(write(tmp_path / "core.xlsx", published_rows(published)), use_cache=False)
    _same(data.table, published)


def test_years_stored_as_numbers_read_as_the_calendar_years_they_are(tmp_path, published):
    plain = read_core_suite(write(tmp_path / "text.xlsx", published_rows(published)), use_cache=False)
    numbers = write(tmp_path / "numbers.xlsx", published_rows(published, years_as_numbers=True))
    _same(read_core_suite(numbers, use_cache=False).table, plain.table)
    assert check(numbers).kind == "core suite"  # validate reads it too, no traceback


def test_a_number_where_a_survey_or_financial_year_is_expected_is_refused_with_its_row(tmp_path, published):
    rows = published_rows(published)
    survey = next(i for i, r in enumerate(rows) if r[4] == "NI1" and r[1] == "2023/24")
    financial = next(i for i, r in enumerate(rows) if r[4] == "NI17")
    rows[survey][1] = 2023
    rows[financial][1] = 2021
    with pytest.raises(InputError) as err:
        read_core_suite(write(tmp_path / "bad.xlsx", rows), use_cache=False)
    problems = {p.row: p for p in err.value.problems}
    assert set(problems) == {survey + 2, financial + 2}  # header on row 1
    assert problems[survey + 2].column == "Year" and "survey year such as '2023/24'" in problems[survey + 2].expected
    assert "financial year" in problems[financial + 2].expected


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(tmp_path, published):
    titles = ["Core Suite of Integration Indicators", "Published July 2026", None]
    data = read_core_suite(write(tmp_path / "titled.xlsx", published_rows(published), titles=titles), use_cache=False)
    _same(data.table, published)
    assert data.table.source_row.min() == 5  # header on row 4
    assert any("header from row 4" in n for n in data.notes)


def test_a_workbook_with_no_scotland_rows_is_refused(tmp_path, published):
    rows = [r for r in published_rows(published) if r[3] != "Scotland"]
    with pytest.raises(InputError) as err:
        read_core_suite(write(tmp_path / "noscot.xlsx", rows), use_cache=False)
    assert len(err.value.problems) == 1
    assert "no 'Scotland' rows" in str(err.value)


def test_a_year_missing_its_scotland_row_is_refused_with_the_row(tmp_path, published):
    rows = published_rows(published)
    rows = [r for r in rows if not (r[3] == "Scotland" and r[4] == "NI12" and r[1] == "2023/24")]
    with pytest.raises(InputError) as err:
        read_core_suite(write(tmp_path / "gap.xlsx", rows), use_cache=False)
    assert len(err.value.problems) == 1 and "NI-12 2023/24" in str(err.value)


def test_a_data_sheet_under_another_name_is_named_as_such(tmp_path, published):
    path = write(tmp_path / "renamed.xlsx", published_rows(published)[:50], sheet="Data 2026")
    with pytest.raises(InputError) as err:
        read_core_suite(path, use_cache=False)
    assert "looks like a PHS core suite workbook whose data are on sheet 'Data 2026'" in str(err.value)
    assert detect_kind(path) == "core suite"
