"""The report's MSG part, checked against sums a test makes itself from the rows of a file in PHS's layout."""

from __future__ import annotations

import pandas as pd
import pytest

from hscp_nb.document.blocks import Figure, Paragraph, Table
from hscp_nb.domain import rules
from hscp_nb.present.section import open_section
from hscp_nb.present.views import msg as views
from tests.conftest import CORE_SUITE, LOCALITY_EXTRACT, RETURNS
from tests.inputs import msg_files as phs


def _section(tmp_path, folder, year=2025, partnership="Highland"):
    return open_section("msg", partnership, year, data=CORE_SUITE, locality_data=LOCALITY_EXTRACT, returns=RETURNS,
                        output_dir=tmp_path / "report", msg_data=folder)  # fmt: skip


def _table(blocks) -> Table:
    return next(b for b in blocks if isinstance(b, Table))


def _rows(table: Table) -> dict[str, dict[str, str]]:
    return {row[0]: dict(zip([c.name for c in table.columns], map(str, row))) for row in table.rows}


def _total(rows, column, age, first, last):
    """The test's own sum: every row (both areas treated) of the age group in the months first..last."""
    return sum(r[column] for r in rows if r["AGE_GROUPS"] == age and first <= r["month"][:7] <= last
               and r[column] is not None)  # fmt: skip


def test_the_table_holds_the_twelve_month_totals_and_the_baseline_summed_from_phs_rows(tmp_path):
    rows = phs.monthly_rows()
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "msg", monthly=rows))
    table = _table(views.objectives_table(ctx))
    shown = _rows(table)
    for label, column, age in (("MSG 1a Emergency admissions", "One_Admissions", "All Ages"),
                               ("MSG 2a Unscheduled acute bed days", "Two_a", "All Ages"),
                               ("MSG 2c Unscheduled mental health bed days", "Two_c", "All Ages"),
                               ("MSG 3a A&E attendances", "Three_Attendances", "All Ages"),
                               ("MSG 4 Delayed discharge bed days", "Four_all_beddays", "18+")):  # fmt: skip
        year = _total(rows, column, age, "2025-04", "2026-03")
        baseline = _total(rows, column, age, "2017-04", "2018-03")
        assert shown[label]["2025/26 value"] == f"{year:,}", label
        assert shown[label]["Baseline 2017/18"] == f"{baseline:,}", label
    seen = _total(rows, "three_number_meeting_target", "All Ages", "2025-04", "2026-03")
    attendances = _total(rows, "Three_Attendances", "All Ages", "2025-04", "2026-03")
    assert shown["MSG 3b A&E attendances seen within 4 hours"]["2025/26 value"] == f"{seen / attendances * 100:.1f}%"
    # the ledger holds each printed figure with its unrounded value
    values = {v.id: v for v in table.values}
    admissions = values["msg/msg-1a/value/highland/2025-26"]
    assert admissions.value == _total(rows, "One_Admissions", "All Ages", "2025-04", "2026-03")


def test_met_or_not_met_follows_the_objective_and_the_desired_direction(returns_of, tmp_path):
    rows = phs.monthly_rows()
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "msg", monthly=rows))
    shown = _rows(_table(views.objectives_table(ctx)))
    objectives = returns_of("highland")["msg_objectives"]
    mine = objectives[objectives["year"] == 2025].set_index("indicator")
    admissions = mine.loc["1a"]
    baseline = _total(rows, "One_Admissions", "All Ages", "2017-04", "2018-03")
    year = _total(rows, "One_Admissions", "All Ages", "2025-04", "2026-03")
    target = baseline * (1 + admissions["objective"] / 100)
    assert admissions["objective_kind"] == "% change from baseline" and admissions["direction"] == "Decrease"
    assert shown["MSG 1a Emergency admissions"]["Objective met?"] == ("Met" if year <= target else "Not met")
    assert shown["MSG 1a Emergency admissions"]["Objective"].endswith(f"({round(target):,})")


@pytest.mark.parametrize(
    ("value", "target", "higher_is_better", "verdict"),
    [
        (9_400, 9_500, False, rules.MET),  # a fall wanted, and achieved
        (9_500, 9_500, False, rules.MET),  # exactly on the objective
        (9_600, 9_500, False, rules.NOT_MET),
        (96.0, 95.0, True, rules.MET),  # a rise wanted, and achieved
        (94.9, 95.0, True, rules.NOT_MET),
        (94.9, None, True, rules.NO_OBJECTIVE),
        (None, 95.0, True, rules.NO_DATA),
    ],
)
def test_objective_verdicts_in_each_direction(value, target, higher_is_better, verdict):
    assert rules.objective_verdict(value, target, higher_is_better) == verdict


def test_an_objective_as_a_percentage_change_moves_the_baseline():
    assert rules.objective_target(-5, rules.PERCENT_CHANGE, 10_000) == pytest.approx(9_500)
    assert rules.objective_target(3, rules.PERCENT_CHANGE, 200) == pytest.approx(206)
    assert rules.objective_target(92.5, "Number", 80) == 92.5
    assert rules.objective_target(-5, rules.PERCENT_CHANGE, None) is None
    assert rules.objective_target(None, "Number", 80) is None


def test_a_provisional_year_is_marked_and_its_period_named(tmp_path):
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "msg", annual=phs.annual_rows(last=2024, provisional=True)))
    table = _table(views.objectives_table(ctx))
    shown = _rows(table)
    five = shown["MSG 5 Last six months of life at home or in a community setting"]
    assert five["2025/26 value"] == "90.1% [p] (2024/25)"
    assert five["Latest data"] == "2024/25 [p]"
    assert any(note.startswith("[p] marks a provisional figure") for note in table.notes)

    ctx = _section(tmp_path, phs.write_folder(tmp_path / "final", annual=phs.annual_rows(last=2024, provisional=False)))
    five = _rows(_table(views.objectives_table(ctx)))["MSG 5 Last six months of life at home or in a community setting"]
    assert five["2025/26 value"] == "90.1% (2024/25)"


def _completeness_text(blocks) -> str:
    return " ".join(b.text for b in blocks if isinstance(b, Paragraph))


def test_the_completeness_sentence_appears_exactly_when_a_month_is_under_95_percent(tmp_path):
    complete = _section(tmp_path, phs.write_folder(tmp_path / "complete"))
    assert _completeness_text(views.completeness(complete)) == ""
    monthly = [
        row for row in _table(views.objectives_table(complete)).rows if not row[0].startswith(("MSG 5", "MSG 6"))
    ]
    assert len(monthly) == 7 and "[p]" not in str(monthly)

    at_95 = {(2026, 1, "SMR01"): 95.0}
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "at95", completeness=phs.completeness_rows(under=at_95)))
    assert _completeness_text(views.completeness(ctx)) == ""

    under = {(2026, 1, "SMR01"): 94.9, (2026, 3, "SMR04"): 70.0, (2024, 3, "SMR01"): 50.0}  # 2024: another year
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "under", completeness=phs.completeness_rows(under=under)))
    text = _completeness_text(views.completeness(ctx))
    assert "acute hospital records (SMR01) for January 2026 (94.9%)" in text
    assert "mental health hospital records (SMR04) for March 2026 (70.0%)" in text
    assert "2024" not in text and "SMR01E" not in text
    shown = _rows(_table(views.objectives_table(ctx)))
    assert shown["MSG 1a Emergency admissions"]["2025/26 value"].endswith("[p]")  # SMR01
    assert shown["MSG 2c Unscheduled mental health bed days"]["2025/26 value"].endswith("[p]")  # SMR04
    assert not shown["MSG 2b Unscheduled geriatric long stay bed days"]["2025/26 value"].endswith("[p]")
    assert not shown["MSG 3a A&E attendances"]["2025/26 value"].endswith("[p]")  # not from hospital records


def test_run_charts_end_with_the_reporting_year_and_carry_the_not_comparable_note(tmp_path):
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "msg"), year=2022)
    charts = [b for b in views.run_charts(ctx) if isinstance(b, Figure)]
    assert len(charts) == 9
    monthly = charts[0]
    months = [row[0] for row in monthly.data.rows]
    assert months[0] == "2017-04" and months[-1] == "2023-03"  # nothing after 2022/23
    assert "2022/23 shaded" in monthly.alt
    intro = " ".join(b.text for b in views.introduction(ctx) if isinstance(b, Paragraph))
    assert "not comparable with the indicators in the rest of this report" in intro


def test_without_msg_data_the_part_says_so(tmp_path):
    ctx = open_section("msg", "Highland", 2025, data=CORE_SUITE, returns=RETURNS, output_dir=tmp_path / "r")
    ctx.inputs["msg_data"] = None  # a run that names no MSG data
    text = " ".join(b.text for b in views.introduction(ctx) if isinstance(b, Paragraph))
    assert "does not include the Ministerial Strategic Group indicators" in text
    assert not list(views.objectives_table(ctx)) and not list(views.run_charts(ctx))


def test_a_year_before_phs_msg_series_says_so_once(tmp_path):
    ctx = _section(tmp_path, phs.write_folder(tmp_path / "msg"), year=2016)
    text = " ".join(b.text for b in views.introduction(ctx) if isinstance(b, Paragraph))
    assert text == (
        "PHS's Ministerial Strategic Group figures begin in April 2017, after 2016/17, so this report has none of them."
    )
    for view in (views.objectives_table, views.run_charts, views.completeness):
        assert not list(view(ctx))


# ------------------------------------------------------------------ one verdict per value, on the bundled sample
def _sample_section(tmp_path, partnership="Highland", year=2025):
    from tests.conftest import SAMPLE

    return _section(tmp_path, SAMPLE / "msg", year=year, partnership=partnership)


def _alt_verdicts(figures) -> dict[str, tuple[str, str]]:
    """Each chart's (objective year, verdict) as its alt text states them: 'it was 88.5% [p] against the 2024/25
    objective of 88.4%: met.' (the year '' when no objective was set: 'it was 834: no objective set for 2025/26.')."""
    import re

    out = {}
    for f in figures:
        code = f.name.split("-")[1]
        found = re.search(r"it was [^:]*?(?: against the (\d{4}/\d{2}) objective of [^:]*)?: (.*?)\. The data", f.alt)
        assert found, f.alt
        out[code] = (found.group(1) or "", found.group(2))
    return out


@pytest.mark.parametrize(
    ("slug", "partnership", "board"),
    [("highland", "Highland", "NHS Highland"), ("orkney-islands", "Orkney Islands", "NHS Orkney")],
)
def test_table_chart_alt_text_and_ledger_give_each_value_one_verdict_against_its_own_years_objective(
    tmp_path, slug, partnership, board
):
    from tests.msg_expected import TITLES, expected

    want = expected(slug, partnership, board, 2025)
    ctx = _sample_section(tmp_path, partnership)
    table = _table(views.objectives_table(ctx))
    shown = _rows(table)
    charts = [b for b in views.run_charts(ctx) if isinstance(b, Figure)]
    said = _alt_verdicts(charts)
    assert set(said) == set(want) == set(TITLES)
    ledger = {}
    for v in [*table.values, *(v for f in charts for v in f.values)]:
        ledger.setdefault(v.id, []).append(v)
    for code, e in want.items():
        row = shown[f"MSG {code} {TITLES[code]}"]
        assert row["Objective met?"] == e.words[0].upper() + e.words[1:], code
        assert said[code] == ("" if e.target is None else e.value_year, e.words), code
        value_id = f"msg/msg-{code}/value/{slug}/{e.value_year.replace('/', '-')}"
        rows = ledger[value_id]
        assert len(rows) == 2  # the table's cell and the chart's alt text
        assert len({r.verdict for r in rows}) == 1, code
        assert rows[0].verdict.startswith(f"objective {e.value_year}: {e.ledger_words}; since 2017/18: "), code
        assert all(r.value == pytest.approx(e.value) for r in rows), code
        if e.target is not None:  # the objective the table prints is the value's year's, as the chart's
            objective_rows = ledger[f"msg/msg-{code}/objective/{slug}/{e.value_year.replace('/', '-')}"]
            assert all(r.value == pytest.approx(e.target) for r in objective_rows), code
            assert len(objective_rows) == 2
    for rows in ledger.values():  # every row of one identifier: one value, one verdict
        assert len({r.value for r in rows}) == 1 and len({r.verdict for r in rows}) == 1, rows[0].id


def test_msg_5_and_6_are_judged_against_the_objective_of_the_year_their_value_is_for(tmp_path):
    from tests.msg_expected import expected

    want = expected("highland", "Highland", "NHS Highland", 2025)
    objectives = pd.read_excel(RETURNS / "highland.xlsx", sheet_name="MSG objectives").set_index(["Year", "Indicator"])
    shown = _rows(_table(views.objectives_table(_sample_section(tmp_path))))
    for code, title in (("5", "Last six months of life at home or in a community setting"),
                        ("6", "People aged 65 and over living at home")):  # fmt: skip
        own_year = objectives.loc[("2024/25", code), "Objective"]
        reporting_year = objectives.loc[("2025/26", code), "Objective"]
        assert own_year != reporting_year  # the sample's objectives differ, so the wrong year would show
        row = shown[f"MSG {code} {title}"]
        assert want[code].value_year == "2024/25" and want[code].target == own_year
        assert row["Objective"] == f"{own_year:.1f}% (2024/25)"
        assert row["2025/26 value"] == f"{want[code].value:.1f}% [p] (2024/25)"
        assert row["Latest data"] == "2024/25 [p]"
    # MSG 5: 88.5% is over the 2024/25 objective (88.4%) and under 2025/26's (90.2%): the old table said not met
    assert shown["MSG 5 Last six months of life at home or in a community setting"]["Objective met?"] == (
        "Met (provisional value within 0.1 points of the objective)"
    )


def test_the_2b_verdict_carries_the_completeness_caveat_and_the_method_note_states_the_rule(tmp_path):
    from tests.msg_expected import CAVEAT, expected

    want = expected("highland", "Highland", "NHS Highland", 2025)
    assert want["2b"].caveat and want["2b"].verdict == "met"
    assert want["2b"].target - want["2b"].value < 200  # met by about 191 bed days
    assert [c for c, e in want.items() if e.caveat] == ["2b"]
    assert not want["2b"].close  # 191 bed days from the objective
    ctx = _sample_section(tmp_path)
    table = _table(views.objectives_table(ctx))
    assert _rows(table)["MSG 2b Unscheduled geriatric long stay bed days"]["Objective met?"] == f"Met ({CAVEAT})"
    assert any("would be if complete" in note for note in table.notes)
    chart = next(b for b in views.run_charts(ctx) if isinstance(b, Figure) and b.name == "msg-2b-run-chart")
    assert f"met ({CAVEAT})." in chart.alt
    about = " ".join(b.text if isinstance(b, Paragraph) else " ".join(b.items) for b in views.about_the_figures(ctx))
    assert "could gain a quarter of its count again" in about


def test_provisional_years_are_marked_with_the_report_s_p_not_a_trailing_p(tmp_path):
    ctx = _sample_section(tmp_path)
    blocks = [*views.objectives_table(ctx), *views.run_charts(ctx)]
    five = next(b for b in blocks if isinstance(b, Figure) and b.name == "msg-5-chart")
    assert "2024/25 [p]" in five.svg and "2024/25p" not in five.svg
    assert "2024/25p" not in five.alt
    assert not any("2024/25p" in str(cell) for row in _table(blocks).rows for cell in row)


def test_the_partnership_s_comment_is_quoted_in_a_sentence(tmp_path):
    ctx = _sample_section(tmp_path)
    items = [item for b in views.objectives_table(ctx) if hasattr(b, "items") for item in b.items]
    assert 'On MSG 3b, A&E attendances seen within 4 hours, the partnership comments: "Our objective is the ' \
           'national four-hour standard".' in items  # fmt: skip
    assert not any(item.startswith("MSG 3b:") for item in items)


@pytest.mark.parametrize(
    ("value", "target", "to_come", "higher_is_better", "turns"),
    [
        (9_816, 10_007, 727, False, True),  # met by 191, and the records to come could add 727
        (9_816, 10_007, 150, False, False),  # they could add less than the margin
        (1_618, 1_604, 113, False, False),  # not met, and more records only add: it cannot turn
        (10_007, 10_007, 1, False, True),  # met exactly on the objective
        (90.0, 91.0, 2.0, True, True),  # a rise wanted, short of it by less than could come
        (91.0, 91.0, 5.0, True, False),  # met at the objective: more only adds
        (9_816, 10_007, 0, False, False),  # complete records
    ],
)
def test_the_records_to_come_rule(value, target, to_come, higher_is_better, turns):
    from hscp_nb.domain import msg

    assert msg.records_could_turn(value, target, to_come, higher_is_better) is turns
    assert msg.records_to_come(800, 80.0) == pytest.approx(200)  # 80% complete: a quarter of its count again
    assert msg.records_to_come(673, 67.3) == pytest.approx(327)


def test_a_provisional_value_nearer_its_objective_than_the_printed_precision_says_so_everywhere(tmp_path):
    """Highland's MSG 5 (2024/25, provisional) is 88.48% against an objective of 88.4%: met by 0.08 points, printed
    88.5% against 88.4%. The verdict carries the caveat in the table, the chart's alt text and the ledger."""
    from tests.msg_expected import CLOSE, expected

    want = expected("highland", "Highland", "NHS Highland", 2025)
    words = CLOSE["percentage"][0]
    assert want["5"].close == words and abs(want["5"].value - want["5"].target) < 0.1
    assert [c for c, e in want.items() if e.close] == ["5"]  # 6 is provisional too, but met by about a point
    ctx = _sample_section(tmp_path)
    table = _table(views.objectives_table(ctx))
    title = "MSG 5 Last six months of life at home or in a community setting"
    assert _rows(table)[title]["Objective met?"] == f"Met ({words})"
    assert any("nearer the objective than one unit of its printed precision" in note for note in table.notes)
    chart = next(b for b in views.run_charts(ctx) if isinstance(b, Figure) and b.name == "msg-5-chart")
    assert f"met ({words})." in chart.alt
    assert any(
        v.verdict.startswith(f"objective 2024/25: met ({words});") for v in chart.values if hasattr(v, "verdict")
    )


@pytest.mark.parametrize(
    ("value", "target", "provisional", "unit", "close"),
    [
        (88.48, 88.4, True, "percentage", True),  # Highland's MSG 5: 0.08 points
        (88.5, 88.4, True, "percentage", False),  # a whole 0.1 point: the printed figures separate them
        (88.48, 88.4, False, "percentage", False),  # final figures: the verdict stands
        (94.76, 93.8, True, "percentage", False),
        (10_006.5, 10_006.78, True, "count", True),  # a count printed whole
        (10_005.0, 10_006.78, True, "count", False),
    ],
)
def test_the_close_to_objective_rule(value, target, provisional, unit, close):
    from hscp_nb.domain import msg

    assert msg.too_close(value, target, provisional, unit) is close


@pytest.mark.parametrize(("partnership", "board"), [("Highland", "NHS Highland"), ("Orkney Islands", "NHS Orkney")])
def test_run_charts_mark_exactly_the_months_whose_records_were_under_95_percent_complete(tmp_path, partnership, board):
    """The months of 2025/26 whose hospital records (the measure's source) were under 95% complete, read here from
    PHS's completeness file with pandas alone, are the months the chart's data flag and draw open; the alt text says
    what the open markers are; a measure not counted from hospital records (3a, 4) flags none."""
    from tests.conftest import SAMPLE
    from tests.msg_expected import MONTHLY

    completeness = pd.read_csv(SAMPLE / "msg" / "Completeness.csv", parse_dates=["Month"])
    completeness = completeness[(completeness["NHS Board"] == board)
                                & completeness["Month"].between("2025-04-01", "2026-03-01")]  # fmt: skip
    ctx = _sample_section(tmp_path, partnership)
    charts = {b.name: b for b in views.run_charts(ctx) if isinstance(b, Figure)}
    for code, (_, _, source) in MONTHLY.items():
        want = (
            set() if source is None else set(completeness.loc[completeness[source] < 95, "Month"].dt.strftime("%Y-%m"))
        )
        chart = charts[f"msg-{code}-run-chart"]
        data = pd.DataFrame(chart.data.rows, columns=chart.data.columns)
        assert set(data.loc[data["records_under_95_percent"].astype(bool), "month"]) == want, code
        assert ("records under 95% complete" in chart.alt) == bool(want), code
        assert ("records under 95% complete" in chart.svg.lower()) == bool(want), code  # the legend entry
    assert any(completeness["SMR01"] < 95)  # the sample's last months are incomplete, so the test can fail
