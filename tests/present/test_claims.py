"""Every stated verdict recomputed from its own basis, for all 31 partnerships' 2025/26 indicators and summaries,
with the published rule written out again here (not imported), frame included.

The published rule (the report's "How to read the figures"): a difference under 1 percentage point (indicators in
per cent) or under 3% of the comparison value (rates) is similar / little change; for a survey indicator, Scotland
inside the value's 95% confidence interval is similar; otherwise better or worse by the indicator's direction. A
trend never compares values across the 2023/24 survey change of NI-2, 3, 4, 5, 7 and 9.
"""

from __future__ import annotations

import csv
import re

import pytest

from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.domain import reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.present.section import open_section
from hscp_nb.present.views import indicators as view
from hscp_nb.products.summary import summary_document
from tests.conftest import CORE_SUITE, RETURNS, ROOT

YEAR = 2025
BREAK = "2023/24"
BROKEN = {"NI-2", "NI-3", "NI-4", "NI-5", "NI-7", "NI-9"}  # the indicators.csv notes: question wording changed
INDICATORS = {
    row["id"]: row
    for row in csv.DictReader(open(ROOT / "hscp_nb/domain/reference_data/indicators.csv", encoding="utf-8"))
}


def recomputed(ind: str, value: float, reference_value: float, lower=None, upper=None, over_time=False) -> str:
    """The published rule, written out again: over time, ``value`` is the latest and ``reference_value`` the first
    of the window, and a survey value's interval is the latest's."""
    if lower is not None and lower <= reference_value <= upper:
        similar = True
    elif INDICATORS[ind]["unit"] == "percentage":
        similar = abs(value - reference_value) < 1.0
    else:
        similar = abs(value - reference_value) < 0.03 * abs(reference_value)
    higher_is_better = {"yes": True, "no": False}.get(INDICATORS[ind]["higher_is_better"].split(" ")[0])
    if similar or higher_is_better is None:
        return "little change" if over_time else "similar"
    good = (value > reference_value) == higher_is_better
    if over_time:
        return "improved" if good else "worsened"
    return "better" if good else "worse"


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"(?<![\d/])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\d/])", text)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """For each partnership, its 2025/26 indicators part (the summary table and every indicator's sentence, as
    the report prints them) as a document, and the plain-English summary made from it."""
    out = {}
    year = ReportingYear(YEAR)
    for partnership in reference.partnerships():
        folder = tmp_path_factory.mktemp(partnership.slug)
        ctx = open_section("indicators", partnership.name, YEAR, data=CORE_SUITE, returns=RETURNS, output_dir=folder)
        results = view.indicator_results(ctx)
        blocks = view.latest_table(ctx, results)
        blocks += ctx.bullets(list(view.sentences(ctx, results).values()))
        blocks += view.key_messages(ctx, results)
        front = FrontMatter(title="Test", partnership=partnership.name, year_label=year.label)
        report = Document(front, [Part("indicators", "1. Indicators and outcomes", blocks)])
        summary = summary_document(report, partnership, year, "test@example.org", folder / "summary", {})
        out[partnership.name] = (report, summary)
    return out


def _check_trend(claim) -> None:
    """A trend claim against its own values, with the rule and the frame written out again."""
    (start, first), (end, last) = [
        (label, float(v))
        for label, v in re.findall(r"(\d{4}(?:/\d{2})?) (-?[\d.e+-]+)", claim.values.split("; 95%")[0])
    ]
    ci = _numbers(claim.values.split("95% CI")[1]) if "CI" in claim.values else [None, None]
    assert claim.verdict == recomputed(claim.code, last, first, *ci, over_time=True), claim
    if claim.code in BROKEN and end >= BREAK:
        assert start >= BREAK, f"{claim.id} compares {start} with {end} across the survey change"
    if claim.code in BROKEN and start == BREAK and claim.caveat:
        assert "survey" in claim.frame and BREAK in claim.frame, claim
    assert claim.frame.startswith(f"since {start}"), claim


def test_every_trend_and_comparison_in_31_reports_recomputes_from_its_values(reports):
    checked = {"trend": 0, "against Scotland": 0}
    for report, _ in reports.values():
        for claim in report.claims:
            if claim.kind == "trend" and claim.verdict in {"improved", "worsened", "little change"}:
                _check_trend(claim)
                checked["trend"] += 1
            elif claim.kind == "against Scotland" and claim.verdict != "no data":
                numbers = _numbers(claim.values.split("; 95% CI")[0])
                ci = _numbers(claim.values.split("95% CI")[1]) if "CI" in claim.values else [None, None]
                assert claim.verdict == recomputed(claim.code, numbers[0], numbers[1], *ci), claim
                checked["against Scotland"] += 1
    assert checked["trend"] > 31 * 10 and checked["against Scotland"] > 31 * 15, checked


def test_a_claim_states_the_verdict_it_records(reports):
    """The words agree with the verdict: 'better than Scotland' states better, 'it worsened' states worsened."""
    words = {"better": "better", "worse": "worse", "similar": "similar", "improved": "improved",
             "worsened": "worsened", "little change": "little change"}  # fmt: skip
    for report, summary in reports.values():
        for claim in report.claims:
            if claim.verdict in words and claim.kind in {"trend", "against Scotland"}:
                assert words[claim.verdict] in claim.stated.lower(), claim
        for claim in summary.claims:
            if claim.kind == "trend":
                expected = {"improved": "got better", "worsened": "got worse"}[claim.verdict]
                assert claim.stated == f"{expected} {claim.frame}", claim


def test_no_summary_states_a_trend_across_the_survey_change(reports):
    """Highland's NI-2 and NI-7 fell from 2019/20 to 2025/26 and rose since 2023/24 by less than the latest wave's
    confidence interval: the report says 'little change' since the survey change, and the summary says nothing of a
    trend for them. Across the 31 summaries, every trend stated for a survey indicator with the break starts at the
    change or later and says why."""
    survey_trends = 0
    for name, (_, summary) in reports.items():
        for claim in summary.claims:
            if claim.kind != "trend":
                continue
            _check_trend(claim)
            if claim.code in BROKEN:
                survey_trends += 1
                assert claim.frame == f"since {BREAK}, when the survey questions changed", (name, claim)
    report, highland = reports["Highland"]
    trends = {c.code: c for c in report.claims if c.kind == "trend"}
    for code in ("NI-2", "NI-7"):
        assert trends[code].verdict == "little change" and trends[code].values.startswith(f"{BREAK} "), trends[code]
        assert "95% CI" in trends[code].values
        assert not [c for c in highland.claims if c.kind == "trend" and c.code == code]
    said = " ".join(
        item for part in highland.parts for block in part.blocks if block.kind == "list" for item in block.items
    )
    assert "last six years" not in said


def test_every_phrase_of_the_31_indicator_parts_and_summaries_is_tied_to_a_claim(reports):
    from hscp_nb.document.claim_check import contradictions, phrases, untied

    for name, (report, summary) in reports.items():
        for document in (report, summary):
            assert untied(document) == [], (name, untied(document)[:3])
            assert contradictions(document) == [], name
    report, _ = reports["Highland"]
    assert [m.group() for m in phrases("It worsened, better than Scotland; higher is better")] == [
        "worsened",
        "better",
    ]
    assert len(report.claims) > 50


def test_the_quick_look_for_a_phrase_never_changes_what_the_check_finds(reports):
    """phrases() skips the blanking of names and definitions for a text no phrase occurs in: on every text of the
    31 reports and summaries it finds exactly what the full blanking finds, and the tally counts each phrase once."""
    import re

    from hscp_nb.document import claim_check
    from hscp_nb.document.coverage import texts_of

    def blanked_phrases(text):
        names = claim_check._names().sub(lambda m: " " * len(m.group()), text)
        return [m.span() for m in claim_check.PHRASES.finditer(
            claim_check.NOT_CLAIMS.sub(lambda m: " " * len(m.group()), names))]  # fmt: skip

    texts = {text for report, summary in reports.values() for d in (report, summary) for _, text, _ in texts_of(d)}
    skipped = [t for t in texts if not claim_check._ANYWHERE.search(t)]
    assert len(skipped) > 100  # the quick look does skip texts
    for text in texts:
        assert [m.span() for m in claim_check.phrases(text)] == blanked_phrases(text), text
    assert claim_check.phrases("Xbetter") == [] and re.search("better", "Xbetter")
    report, summary = reports["Highland"]
    check = claim_check.tally(report)
    assert check.found == sum(len(blanked_phrases(t)) for _, t, c in texts_of(report) if c is not None) > 50
    assert check.tied == check.found - len(check.untied)


def test_the_check_finds_an_untied_phrase_and_a_contradiction():
    import dataclasses

    from hscp_nb.document.blocks import Blocks, Paragraph
    from hscp_nb.document.claim_check import contradictions, untied
    from tests.blocks_sample import CLAIMS

    front = FrontMatter(title="Test", partnership="Highland", year_label="2025/26")
    flipped = dataclasses.replace(CLAIMS[0], verdict="worse", stated="worse than Scotland")
    document = Document(
        front,
        [Part("p", "Part", Blocks(Paragraph("NI-11 was better than Scotland and got worse.", claims=(CLAIMS[0],)),
                                  Paragraph("NI-11 was worse than Scotland.", claims=(flipped,))))],
    )  # fmt: skip
    assert [u.phrase for u in untied(document)] == ["better", "got worse"]  # "Better than Scotland" is not the words
    assert contradictions(document) == [(CLAIMS[0].id, {"better", "worse"})]


def test_the_ni14_caveat_says_plainly_what_the_rate_is_per():
    """NI-14's caveat, which the report prints beside its value, in a reader's words: PHS's title says per 1,000
    population, the rate is per 1,000 discharges; no build wording ('titled', 'computed')."""
    from hscp_nb.present import claims

    row = {"first_year": "2020/21", "latest_year": "2025/26", "stand_in": False, "estimate": False}
    (said,) = claims.caveats(row, reference.indicator("NI-14"))
    assert said == "PHS's title says per 1,000 population; the rate is per 1,000 discharges"
    assert "titled" not in said and "computed" not in said
