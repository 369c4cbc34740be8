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
        "Got worse (",  # the indicators that got worse over the window, named
        "The largest change over the window:",  # what changed most, between the trend verdict's own years
        "5. Implications",
        "Equality and Fairer Scotland Duty:",
        "Islands Communities Impact Assessment:",
        "Data protection:",
        "6. Directions required",
        "7. Consultation",
        "8. Sources and method",
        "9. Appendices",
        "Appendix 1: Every indicator",
        "Appendix 2: Charts",
        "What Figure 1 shows:",
    ):
        assert part in text, part  # fmt: skip
    assert "Stirling" in text and "synthetic" in text  # the family-group rule; the sample-data notice
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure")]
    assert len(captions) == len(pack.charts) and all(len(c) < 90 for c in captions)  # short, not the alt text
    xml = doc.element.xml
    for field in ("Report number", "Meeting", "Author", "Date of paper", "Consulted"):  # content controls to fill in
        assert f'w:alias w:val="{field}"' in xml.replace("w:alias ", "w:alias ")
    assert "w:date " in xml or "<w:date>" in xml  # a date picker
    appendix_1 = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    indicators = [row.cells[0].text.split(" ")[0] for row in appendix_1.rows[1:]]
    assert indicators == [f"NI-{n}" for n in range(1, 24)]  # every indicator, those not reported too
    header = [c.text for c in appendix_1.rows[0].cells]
    assert header[1] == "Unit" and all(row.cells[1].text for row in appendix_1.rows[1:])
    not_reported = [row for row in appendix_1.rows[1:] if row.cells[0].text.split(" ")[0] == "NI-10"][0]
    assert "Not reported nationally" in not_reported.cells[-1].text  # the reason is in the table
    assert "US Letter" not in xml and "en-US" not in xml


def _paper(pack):
    """The Word paper's blocks in reading order: ('heading', text), ('text', text), ('table', first cell) or
    ('picture', '')."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(pack.folder / "board-paper.docx")
    out = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}tbl"):
            out.append(("table", Table(child, doc).rows[0].cells[0].text))
        elif child.tag.endswith("}p"):
            paragraph = Paragraph(child, doc)
            if child.xpath(".//w:drawing"):
                out.append(("picture", ""))
            kind = "heading" if paragraph.style.name.startswith("Heading") else "text"
            if paragraph.text:
                out.append((kind, paragraph.text))
    return out


def test_the_papers_body_ends_before_its_appendices_of_the_indicator_table_and_the_charts(pack):
    blocks = _paper(pack)
    headings = [text for kind, text in blocks if kind == "heading"]
    assert headings == ["1. Purpose", "2. Recommendation", "3. Background", "4. Assessment", "5. Implications",
                        "6. Directions required", "7. Consultation", "8. Sources and method", "9. Appendices",
                        "Appendix 1: Every indicator", "Appendix 2: Charts"]  # fmt: skip
    at = {text: i for i, (kind, text) in enumerate(blocks) if kind == "heading"}
    appendix_1 = [i for i, (kind, text) in enumerate(blocks) if kind == "table" and text == "Indicator"]
    assert len(appendix_1) == 1 and at["Appendix 1: Every indicator"] < appendix_1[0] < at["Appendix 2: Charts"]
    pictures = [i for i, (kind, _) in enumerate(blocks) if kind == "picture"]
    assert len(pictures) == len(pack.charts) and min(pictures) > at["Appendix 2: Charts"]
    listing = [text for kind, text in blocks[at["9. Appendices"] : at["Appendix 1: Every indicator"]] if kind == "text"]
    assert any(t.startswith("Appendix 1: Every indicator") for t in listing)
    assert any(t.startswith(f"Appendix 2: Charts: {len(pack.charts)} charts") for t in listing)


def test_the_papers_data_sources_are_listed_once_under_sources_and_method(pack):
    import openpyxl

    blocks = _paper(pack)
    texts = [text for _, text in blocks]
    assert "Data sources" not in texts  # no second list of them on the title page
    start, end = texts.index("8. Sources and method"), texts.index("9. Appendices")
    for source in (pack.source, pack.msg_source):
        where = [i for i, text in enumerate(texts) if source in text]
        assert len(where) == 1 and start < where[0] < end, source
    cover = openpyxl.load_workbook(pack.folder / "benchmarking-data.xlsx")["Cover"]
    assert any(pack.source in str(c.value) for row in cover.iter_rows() for c in row)  # the workbook still names it


def test_the_papers_marks_are_explained_under_the_table_that_prints_them(pack):
    from hscp_nb.products.pack import symbol_notes

    blocks = _paper(pack)
    at = [text for _, text in blocks].index("Appendix 1: Every indicator")
    notes = [text for kind, text in blocks[at:] if kind == "text"][:4]
    latest = pack.latest[pack.latest["shown"]]
    assert latest["estimate"].any()  # the sample's latest NI-19 is an estimate: printed with [p]
    assert any(n.startswith("[p] marks a provisional figure") and "estimate" in n for n in notes)
    assert not any(n.startswith("[r]") for n in notes)  # nothing is revised in a pack: no note for [r]
    import pandas as pd

    revised = symbol_notes(pd.DataFrame({"Value": ["12.0", "13.5 [r]"]}))
    assert len(revised) == 1 and revised[0].startswith("[r] marks a figure revised since the last edition")
    assert symbol_notes(pd.DataFrame({"Value": ["12.0", "13.5"]})) == []


def test_the_table_says_from_the_data_why_a_calendar_year_stands_in(pack):
    """The indicator table's 'incomplete' financial year, explained from PHS's rows: the year's quarters are
    published but marked as estimates, as the run charts show them."""
    from hscp_nb.inputs.phs import read_core_suite
    from tests.conftest import CORE_SUITE

    table = read_core_suite(CORE_SUITE).table
    stood = list(pack.latest[pack.latest["shown"] & pack.latest["stand_in"].eq(True)]["indicator"])
    assert stood
    rows = table[(table["year_label"] == "2025/26") & (table["period_basis"] == "financial")
                 & (table["partnership_code"] == pack.partnership.code)]  # fmt: skip
    for ind in stood:
        own = rows[rows["indicator"] == ind]
        assert len(own) and own["estimate"].all()  # published, every row an estimate: not missing
    note = next(text for _, text in _paper(pack) if text.startswith(", ".join(stood[:-1])))
    assert "PHS has published 2025/26 but marks the figures as estimates" in note
    assert "show all four quarters of 2025/26 as estimates" in note
    run = next(c for c in pack.charts if c.name == "ni12-emergency-admission-rate-run-chart")
    quarters = rows[(rows["indicator"] == "NI-12") & rows["time_period"].str.startswith("Q")]
    assert len(quarters) == 4 and run.data["estimate"].sum() == 4
    assert "PHS marks 2025/26 Q1 to Q4 as estimates" in run.alt


def test_the_msg_ranks_carry_the_hospital_records_completeness_sentence(pack):
    from hscp_nb.analysis.msg import year_months
    from hscp_nb.inputs.msg import read_msg
    from tests.conftest import SAMPLE

    data = read_msg(SAMPLE / "msg")
    board = pack.partnership.health_board
    c = data.completeness
    under = c[(c["board"] == board) & c["month"].isin(year_months(pack.year)) & (c["percent"] < 95)]
    assert len(under)  # the sample's last months are under 95% complete
    ranks = [i for i, m in enumerate(pack.messages) if m.startswith("MSG ") and "of 31" in m]
    caveat = pack.messages[ranks[-1] + 1]  # right after the MSG ranks
    assert caveat.startswith(f"When PHS extracted these figures, some of {board}'s hospital records for 2025/26")
    for row in under.itertuples():
        assert f"{row.month:%B %Y} ({row.percent:.1f}%)" in caveat
    assert "ranks may change" in caveat
    chart = next(c for c in pack.charts if c.name == "msg-position-among-31")
    blocks = _paper(pack)
    shows = [t for _, t in blocks if t.startswith("What Figure") and chart.alt in t]
    assert len(shows) == 1 and caveat in shows[0]


def test_count_phrases_agree_with_their_numbers_and_titles_keep_abbreviations(pack):
    import re

    text = "\n".join(t for _, t in _paper(pack))
    assert not re.search(r"\b1 (partnerships|indicators|charts|MSG rates|quarters)\b", text)
    assert not re.search(r"\b(0|[2-9]|\d\d+) (partnership|indicator|chart) (lies|is)\b", text)
    for chart in pack.charts:
        if chart.name.endswith("-funnel"):
            n = int(chart.data["outside_99_8"].sum())
            said = f"{n} partnership lies" if n == 1 else f"{n} partnerships lie"
            assert f"{said} outside the 99.8% limits." in chart.alt, chart.name
    assert "a&e" not in text and "MSG 3a A&E attendances per 1,000 people, by month" in text


def test_the_funnel_limits_are_explained_in_plain_words(pack):
    text = "\n".join(t for _, t in _paper(pack))
    method = text.index("Funnel limits:")
    assert "vary more than chance alone would explain" in text[method : method + 400]
    assert "φ (phi), the over-dispersion factor" in text and "τ (tau)" in text
    assert "Spiegelhalter DJ (2005), Funnel plots for comparing institutional performance" in text
    first_figure = text.index("Figure 1.")
    assert method < first_figure  # explained before the first chart that uses φ and τ
    funnels = [c for c in pack.charts if c.name.endswith("-funnel")]
    assert all(("φ = " in c.note) for c in funnels)


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


def test_the_pack_states_the_msg_verdicts_the_report_does(tmp_path):
    """The board paper's MSG sentence gives each indicator the verdict the report's table gives it: the value against
    the objective of its own year (MSG 5 and 6: 2024/25), with the completeness caveat (MSG 2b), recomputed here
    from the sample's files."""
    import re

    from hscp_nb.domain import reference
    from hscp_nb.domain.years import ReportingYear
    from hscp_nb.inputs.msg import read_msg
    from hscp_nb.inputs.returns import read_returns
    from hscp_nb.products.pack import Pack, add_msg_charts
    from tests.conftest import RETURNS, SAMPLE
    from tests.msg_expected import CAVEAT, expected

    pack = Pack(reference.resolve_partnership("Highland"), ReportingYear(2025), tmp_path / "pack")
    add_msg_charts(pack, read_msg(SAMPLE / "msg"), read_returns(RETURNS / "highland.xlsx"))
    said = [m for m in pack.messages if m.startswith("Against its MSG objectives for 2025/26")]
    assert len(said) == 1
    groups = {}
    for part in said[0].split(": ", 1)[1].rstrip(".").split("; "):
        verdict, items = part.split(" for ", 1)
        for item in re.split(r", (?=MSG)| and (?=MSG)", items):
            groups[item.split(" (")[0]] = (verdict, item)
    want = expected("highland", "Highland", "NHS Highland", 2025)
    assert set(groups) == {f"MSG {code}" for code in want}
    for code, e in want.items():
        verdict, item = groups[f"MSG {code}"]
        assert verdict == e.verdict, code
        assert ("(the 2024/25 objective" in item) == (e.value_year == "2024/25"), code
        assert (CAVEAT in item) == e.caveat, code
        assert (bool(e.close) and e.close in item) == bool(e.close), code
    assert groups["MSG 5"][0] == "met" and CAVEAT in groups["MSG 2b"][1]
    assert "MSG 5 (the 2024/25 objective, provisional value within 0.1 points of the objective)" in said[0]


def test_the_board_paper_carries_the_msg_verdicts(pack):
    assert any(m.startswith("Against its MSG objectives for 2025/26") for m in pack.messages)


def test_every_claim_of_the_board_paper_is_tied_and_each_funnel_verdict_recomputes_from_its_z(pack):
    """The claims check finds no untied phrase and no figure with two verdicts in the paper; claims.csv beside it
    holds every claim; and each funnel verdict agrees with its own recorded z (the rule written out again: beyond
    ±3.09 outside the 99.8% limits, beyond ±1.96 between the 95% and 99.8% limits, else inside the 95% limits) and
    with the side of Scotland its value lies on."""
    import csv
    import re

    from hscp_nb.document.claim_check import contradictions, tied, untied
    from hscp_nb.products.pack import board_paper

    paper = board_paper(pack)
    assert untied(paper) == [] and contradictions(paper) == []
    assert tied(paper) > 60
    with open(pack.folder / "claims.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(paper.claims)
    funnels = [r for r in rows if r["kind"] == "funnel limits"]
    assert len(funnels) >= 5
    for r in funnels:
        value, scotland, z = (float(x) for x in re.findall(r"(?:value|Scotland|z) (-?[\d.e+-]+)", r["values"]))
        expected = (
            "outside the 99.8% limits" if abs(z) > 3.09 else
            "between the 95% and 99.8% limits" if abs(z) > 1.96 else "inside the 95% limits"
        )  # fmt: skip
        assert r["verdict"].startswith(expected), r
        if expected != "inside the 95% limits":
            assert r["verdict"].endswith(f"({'above' if value > scotland else 'below'} Scotland)"), r


def test_funnel_legends_figure_8_and_the_ranks_print_as_the_reader_reads_them(pack):
    """Scotland's value in each funnel's legend in the indicator's own format (11,653, not 11,653.0); Figure 8's
    labels in points for a percentage and % of the group's value for a rate, from the printed values; the rank note
    beside the position chart and under Appendix 1."""
    import re

    from hscp_nb.domain import reference as ref
    from hscp_nb.present.tables import RANK_NOTE

    for chart in (c for c in pack.charts if c.name.endswith("-funnel")):
        scotland = float(chart.data["scotland"].iloc[0])
        ind = next(i for i in ref.indicators() if chart.name.startswith(i.slug))
        decimals = 0 if ("100,000" in ind.unit and "EASR" not in ind.unit) else 1
        printed = f"{round(scotland, decimals):,.{decimals}f}" + ("%" if ind.unit == "percentage" else "")
        assert f"Scotland {printed}<" in chart.svg or f"Scotland {printed}" in chart.svg, chart.name
        assert not re.search(r"Scotland \d[\d,]*\d{3}\.0\b", chart.svg), chart.name
    peers = next(c for c in pack.charts if c.name == "peer-group-comparison")
    rows = peers.data.to_dict("records")
    for r in rows:
        ind = ref.indicator(r["indicator"])
        decimals = 0 if ("100,000" in ind.unit and "EASR" not in ind.unit) else 1
        value, group = round(float(r["value"]), decimals), round(float(r["peer_group"]), decimals)
        gap = value - group if ind.unit == "percentage" else (value - group) / abs(group) * 100
        assert float(r["gap"]) == round(gap if ind.higher_is_better else -gap, 1), r["indicator"]
        assert r["gap_unit"] == ("points" if ind.unit == "percentage" else "% of group value")
    assert "percentage points" in peers.alt
    position = next(c for c in pack.charts if c.name == "position-among-31")
    assert RANK_NOTE in position.note
    assert any(RANK_NOTE in t for _, t in _paper(pack))


def test_the_msg_run_charts_draw_the_months_under_95_percent_complete_open(tmp_path):
    """Highland's MSG run charts: the months PHS's completeness file (read here with pandas) has under 95% for the
    measure's hospital records are flagged in the chart's data, named in the legend and said in the alt text."""
    import pandas as pd

    from hscp_nb.domain import reference
    from hscp_nb.domain.years import ReportingYear
    from hscp_nb.inputs.msg import read_msg
    from hscp_nb.inputs.returns import read_returns
    from hscp_nb.products.pack import Pack, add_msg_charts
    from tests.conftest import RETURNS, SAMPLE
    from tests.msg_expected import MONTHLY

    completeness = pd.read_csv(SAMPLE / "msg" / "Completeness.csv", parse_dates=["Month"])
    completeness = completeness[(completeness["NHS Board"] == "NHS Highland")
                                & completeness["Month"].between("2025-04-01", "2026-03-01")]  # fmt: skip
    pack = Pack(reference.resolve_partnership("Highland"), ReportingYear(2025), tmp_path / "pack")
    add_msg_charts(pack, read_msg(SAMPLE / "msg"), read_returns(RETURNS / "highland.xlsx"))
    for code, (_, _, source) in MONTHLY.items():
        chart = next(c for c in pack.charts if c.name == f"msg-{code}-run-chart")
        want = (
            set() if source is None else set(completeness.loc[completeness[source] < 95, "Month"].dt.strftime("%b %Y"))
        )
        assert set(chart.data.loc[chart.data["records_under_95_percent"], "month"]) == want, code
        assert ("Records under 95% complete (figure likely to rise)" in chart.svg) == bool(want), code
        assert ("records under 95% complete" in chart.alt) == bool(want), code
    assert len(set(completeness.loc[completeness["SMR01"] < 95, "Month"])) == 3  # January to March 2026
