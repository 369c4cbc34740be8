"""The plain-English summary for residents (``summary.html``, ``.pdf``, ``.docx``, ``.odt``): "our year" on two A4
pages, built from the full report's own figures.

Every number and verdict comes from the report's figure ledger (the values its blocks declare), so nothing is
computed a second way: what went well and what needs to improve are the indicators whose verdicts (from
:mod:`hscp_nb.domain.rules`, as the report printed them) say better than Scotland or improved, worse or worsened.
Numbers are rounded for reading (whole numbers, two significant figures from 100 up) and pictured in words ("about
120 in every 1,000 adults each year") from ``reference_data/plain_names.csv``; each keeps the ledger identifier of
the figure it rounds, with the rounding in its unit. It is a plain-English summary, not Easy Read, which trained
writers make with its readers.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd

from hscp_nb.document.blocks import (
    Blocks,
    BulletList,
    Claim,
    Data,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    Link,
    Paragraph,
    Value,
)
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.domain import reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.inputs.returns_schema import SHEETS_BY_KEY
from hscp_nb.present import claims, figures
from hscp_nb.present.formats import in_sentence
from hscp_nb.report.look import branded
from hscp_nb.writers import registry

MOST = 3  # what went well, what needs to improve: up to three of each
KEY_INDICATORS = ("NI-12", "NI-15", "NI-1", "NI-17", "NI-19")  # the year in numbers, in this order of preference
KEY_FIGURES = 3  # the money and two indicators: one row of tiles on a page, in every format
AREA = "area of care"  # what the returns' care groups are (older people, primary care, hospital services …)
ADDRESS = re.compile(r"https?://[^\s]+[^\s.,;:)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # a web address or an email
NOT_EASY_READ = (
    "This is a short summary in plain English of our full annual performance report. It is not an Easy Read version."
)
SIMILAR = (
    "We compare each result with Scotland as a whole. When we say a result is similar to Scotland, the gap is too "
    "small to matter, or too uncertain to tell apart."
)


@dataclasses.dataclass(frozen=True)
class PrintedResult:
    """One indicator's latest value as the report printed it, with its verdicts and the claims the report stated
    them with (their basis: what was compared, the rule, the values, the caveat and the trend's frame)."""

    value: Value
    against_scotland: str
    trend: str
    against_claim: Claim | None = None
    trend_claim: Claim | None = None

    @property
    def provisional(self) -> bool:
        """PHS marks the value provisional (the report prints it with [p]; the summary says so in words)."""
        return any(c is not None and claims.ESTIMATE in c.caveat for c in (self.against_claim, self.trend_claim))

    @property
    def score(self) -> int:
        return (
            (self.against_scotland == "better")
            + (self.trend == "improved")
            - (self.against_scotland == "worse")
            - (self.trend == "worsened")
        )


def printed_results(report: Document, partnership: reference.Partnership) -> dict[str, PrintedResult]:
    """The latest value of each indicator the report shows, with its verdicts, from the report's ledger."""
    out = {}
    stated = {claim.id: claim for claim in report.claims}
    for value in report.values:
        if value.code and value.area == partnership.name and value.verdict and value.code not in out:
            verdicts = figures.verdicts(value.verdict)
            against = stated.get(claims.claim_id(value.id, claims.AGAINST_SCOTLAND))
            trend = stated.get(claims.claim_id(value.id, claims.TREND))
            out[value.code] = PrintedResult(
                value, verdicts.get("against Scotland", ""), verdicts.get("trend", ""), against, trend
            )  # fmt: skip
    return out


def rounded(number: float) -> tuple[int, int]:
    """``number`` as a reader is told it, and the step it was rounded to: whole below 100, to two significant figures
    from 100 up ("about 1,900 days", not "about 1,911 days": the picture says "about", so the digits should too)."""
    whole = round(number)
    if abs(whole) < 100:
        return whole, 1
    step = 10 ** (len(str(abs(whole))) - 2)
    return round(number / step) * step, step


def pictured(result: PrintedResult) -> tuple[str, Value] | None:
    """'about 120 in every 1,000 adults each year' and the ledger row of the rounded figure, its unit saying how it
    was scaled and rounded (None: no picture)."""
    plain = reference.plain_names().get(result.value.code)
    if plain is None or not plain.picture or result.value.value is None:
        return None
    n, step = rounded(result.value.value / plain.scale)
    text = plain.picture.format(n=f"{n:,}")
    unit = f"{result.value.unit}, ÷ {plain.scale:g}" + (f", to the nearest {step:,}" if step > 1 else "")
    return text, dataclasses.replace(result.value, printed=f"{n:,}", unit=unit)


PROVISIONAL = "provisional"  # a figure PHS may still revise, said in words (the report's [p] is a symbol)


def tile(result: PrintedResult) -> tuple[KeyFigure, Value] | None:
    """The key figure of an indicator: its plain name over a figure that reads on its own ("120 in 1,000") and the
    rest of the picture ("adults each year"); with the ledger row of the rounded figure (None: no picture).

    A figure rounded to two significant figures that the whole number would print otherwise (116 shown as 120) says
    "about" ("about 120 in 1,000"), as the sentences do; one that is its whole number (77) does not. A provisional
    figure says so in its detail ("adults each year, provisional")."""
    shown = pictured(result)
    plain = reference.plain_names().get(result.value.code)
    if shown is None or not plain.tile:
        return None
    _, value = shown
    about = "about " if value.printed != f"{round(result.value.value / plain.scale):,}" else ""
    detail = plain.tile_detail + (f", {PROVISIONAL}" if result.provisional else "")
    figure = plain.tile.format(n=value.printed).replace(" ", "\u00a0")  # '120 in 1,000' kept on one line
    return KeyFigure(_name(result.value.code), about + figure, detail), value


def _name(code: str) -> str:
    name = reference.plain_names()[code].name
    return name[0].upper() + name[1:]


def _why(result: PrintedResult, good: bool) -> tuple[str, list[Claim]]:
    """'This is better than Scotland as a whole. It has got better since 2023/24, when the survey questions
    changed.', with the report's claims restated in these words (the trend's frame is the report's own)."""
    against = {"better": "better than", "worse": "worse than", "similar": "similar to"}.get(result.against_scotland)
    said, stated = [], []
    if against and result.against_claim is not None:
        said.append(f"This is {against} Scotland as a whole.")
        stated.append(dataclasses.replace(result.against_claim, section="summary", stated=f"{against} Scotland"))
    claim = result.trend_claim
    if result.trend == ("improved" if good else "worsened") and claim is not None and claim.frame:
        words = f"got {'better' if good else 'worse'} {claim.frame}"
        said.append(f"It has {words}.")
        stated.append(dataclasses.replace(claim, section="summary", stated=words))
    return " ".join(said), stated


def _chosen(found: dict[str, PrintedResult], good: bool) -> list[PrintedResult]:
    usable = [r for r in found.values() if pictured(r)]
    if good:
        return sorted((r for r in usable if r.score > 0), key=lambda r: -r.score)[:MOST]
    return sorted((r for r in usable if r.score < 0), key=lambda r: r.score)[:MOST]


def _none_claim(partnership: reference.Partnership, year: ReportingYear, good: bool, text: str) -> Claim:
    """'No result was both clearly better than Scotland and improving': a count of the report's verdicts (none)."""
    figure = "Results both better than Scotland and improving" if good else "Results worse than Scotland or worsening"
    return claims.counted("summary", figure, partnership.name, year.label, "none", text, "")


def _millions(value: Value) -> int:
    return round(value.value / 1e6)


def _money(value: Value) -> tuple[str, Value]:
    millions = _millions(value)
    return f"£{millions:,} million", dataclasses.replace(value, printed=f"£{millions:,} million", unit="£, ÷ 1,000,000")


def _find(report: Document, prefix: str) -> Value | None:
    return next((v for v in report.values if v.id.startswith(prefix)), None)


def summary_document(
    report: Document,
    partnership: reference.Partnership,
    year: ReportingYear,
    contact: str,
    figures_dir: Path,
    companions: dict[str, str],
) -> Document:
    """The summary of ``report`` (its document, with its ledger); ``companions``: the full report's file
    (``report``), the names of its other public writers (``formats``, each named to the reader in the registry's
    words, :attr:`hscp_nb.writers.registry.Writer.in_words`) and its data workbook (``data``), for "find out more"."""
    found = printed_results(report, partnership)
    parts: list[Part] = []

    intro = [Paragraph(NOT_EASY_READ)]
    spent = _find(report, "finance/total-spend/")
    who = [Heading("Who we are", 2)]
    who_values = []
    councils = " and ".join(f"{c} Council" for c in partnership.council_areas)
    who_text = (
        f"We plan and provide community health and social care services for the people of {partnership.name}. "
        f"{partnership.health_board} and {councils} work together to do this."
    )
    places = reference.localities(partnership, year.start)
    local = f"We split the area into {len(places)} local areas, called localities." if places else ""
    money_text = ""
    if spent is not None:
        words, rounded = _money(spent)
        money_text = f"In {year.label} we spent {words} on services."
        who_values.append(rounded)
    who.append(Paragraph(" ".join(t for t in (who_text, local, money_text) if t), values=tuple(who_values)))
    parts.append(Part("who", "Who we are", Blocks(*intro, *who)))

    key, key_values = [], []
    if spent is not None:
        words, in_millions = _money(spent)
        key.append(KeyFigure("Money spent on services", words, f"in {year.label}"))
        key_values.append(in_millions)
    for code in KEY_INDICATORS:
        if code in found and len(key) < KEY_FIGURES and (shown := tile(found[code])):
            key.append(shown[0])
            key_values.append(shown[1])
    numbers = Blocks(Heading("Our year in numbers", 2))
    if key:
        numbers.add(KeyFigures(tuple(key), values=tuple(key_values)))
    numbers.add(Paragraph(SIMILAR))
    parts.append(Part("numbers", "Our year in numbers", numbers))

    for good, title, none in (
        (True, "What went well", "No result was both clearly better than Scotland and improving this year."),
        (False, "What needs to improve", "No result was clearly worse than Scotland or getting worse this year."),
    ):
        items, values, stated = [], [], []
        for result in _chosen(found, good):
            text, value = pictured(result)
            why, why_claims = _why(result, good)
            later = f"This figure is {PROVISIONAL}: it may change." if result.provisional else ""
            items.append(" ".join(t for t in (f"{_name(result.value.code)}: {text}.", why, later) if t))
            values.append(value)
            stated += why_claims
        blocks = Blocks(Heading(title, 2))
        if items:
            blocks.add(BulletList(tuple(items), values=tuple(values), claims=tuple(stated)))
        else:
            blocks.add(Paragraph(none, claims=(_none_claim(partnership, year, good, none),)))
        parts.append(Part("well" if good else "improve", title, blocks))

    parts.append(Part("money", "Where the money went", _money_part(report, year, figures_dir)))
    parts.append(Part("places", "Our localities and inspections", _places_part(report, places, year)))
    more = _find_out_more(contact, companions)
    parts.append(Part("more", "Find out more", Blocks(Heading("Find out more", 2), more)))

    front = FrontMatter(
        title=f"{partnership.name} Health and Social Care Partnership: our year, {year.label}",
        description=f"A plain-English summary of the annual performance report of {partnership.name}, {year.label}",
        category="Plain-English summary",
        noun="summary",
        eyebrow=f"Our year, {year.label}: a plain-English summary",
        heading=f"{partnership.name} Health and Social Care Partnership",
        partnership=partnership.name,
        year_label=year.label,
        facts=(("Covers", f"1 April {year.start} to 31 March {year.start + 1}"),),
        synthetic=report.front.synthetic,
        version=report.front.version,
        created=report.front.created,
        contact=contact,
        contents=False,
        part_per_page=False,
        stem="summary",
    )
    return Document(front, parts)


def _find_out_more(contact: str, companions: dict[str, str]) -> BulletList:
    """Where to read more, each file a link to it (they are published beside the summary), and whom to ask, the
    contact's email or web address a link."""
    full = companions.get("report", "report.html")
    items, links = ["Read the full report."], [Link("the full report", full)]
    if companions.get("sections"):  # the partnership's own layout: say what its report holds, in its own words
        items.append("Its sections: " + "; ".join(companions["sections"]) + ".")
    formats = [registry.writer(f) for f in companions.get("formats", ())]  # each public writer names itself
    if formats:
        words = [w.in_words for w in formats]
        listed = ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]
        items.append(f"You can also get it as {listed}.")
        stem = Path(full).stem
        links += [Link(w.in_words, stem + w.extension) for w in formats]
    if companions.get("data"):
        items.append("All the figures are in a spreadsheet.")
        links.append(Link("a spreadsheet", companions["data"]))
    items.append(f"To ask for this summary in another format, or to ask a question, contact {contact}.")
    for address in dict.fromkeys(ADDRESS.findall(contact)):
        links.append(Link(address, address if address.startswith("http") else f"mailto:{address}"))
    return BulletList(tuple(items), links=tuple(links))


def _money_part(report: Document, year: ReportingYear, figures_dir: Path) -> Blocks:
    from hscp_nb.present import charts
    from hscp_nb.present.export import export_chart

    blocks = Blocks(Heading("Where the money went", 2))
    spent, planned = _find(report, "finance/total-spend/"), _find(report, "finance/total-planned-spend/")
    over, under = _find(report, "finance/total-overspend/"), _find(report, "finance/total-underspend/")
    if spent is None or planned is None:
        return blocks.add(Paragraph("The full report sets out what we spent."))
    spent_words, spent_value = _money(spent)
    planned_words, planned_value = _money(planned)
    gap = over or under
    gap_words, gap_value = _money(gap) if gap is not None else ("", None)
    # Rounded to the million, the three amounts need not add up as printed (604.54 and 608.19 give 605, 608 and 4):
    # then each is 'about', so no reader is told a sum that does not add up.
    adds_up = gap is None or abs(_millions(spent) - _millions(planned)) == _millions(gap)
    about = "" if adds_up else "about "
    sentences = [f"We planned to spend {about}{planned_words}.", f"We spent {about}{spent_words}."]
    values, stated = [planned_value, spent_value], []
    if gap is not None:
        position = next(
            (c for c in report.claims if c.id.startswith("finance/total-spend/") and c.kind == "against plan"), None
        )
        if gap_value.printed != "£0 million":
            words = f"{gap_words} {'more' if over else 'less'} than we planned"
            sentences.append(f"That is {about}{words}.")
            values.append(gap_value)
        else:
            words = "close to what we planned"
            sentences.append(f"That is {words}.")
        if position is not None:
            stated.append(dataclasses.replace(position, section="summary", stated=words))
    if report.front.status.startswith("Provisional"):  # the report's accounts are not yet audited
        sentences.append("These figures may change: the accounts are not yet audited.")
    blocks.add(Paragraph(" ".join(sentences), values=tuple(values), claims=tuple(stated)))
    groups = [v for v in report.values if v.id.startswith("finance/care-groups-") and "/actual/" in v.id]
    if groups:
        rows = []
        for v in groups:
            words, in_millions = _money(v)
            rows.append({"area": v.figure.split(":")[0], "spend": v.value / 1e6, "text": words, "value": in_millions})
        table = pd.DataFrame(rows).sort_values("spend", ascending=False)
        source = _returns_source(groups)
        fig = charts.horizontal_bars(
            table,
            label="area",
            value="spend",
            value_text="text",
            title=f"What we spent on each {AREA}, {year.label}",
            xlabel="£ million",
            source=source,
        )
        largest = table.iloc[0]
        alt = (
            f"Bar chart of spending on each {AREA} in {year.label}. The most, {largest['text']}, went on "
            f"{in_sentence(largest['area'])}."
        )
        data = table[["area", "spend"]].rename(columns={"area": AREA.capitalize(), "spend": "Spend (£ million)"})
        svg = export_chart(fig, figures_dir, "summary-spend-by-area", alt=alt, data=data)
        blocks.add(
            Figure("summary-spend-by-area", svg.decode("utf-8"), alt, f"Spending on each {AREA}", source,
                   Data.from_frame(data), tuple(table["value"]))
        )  # fmt: skip
        blocks.add(Paragraph(f"Of all the areas of care, we spent the most on {in_sentence(largest['area'])}: "
                             f"{largest['text']}.", values=(largest["value"],)))  # fmt: skip
    return blocks


def _returns_source(groups: list[Value]) -> str:
    """Where the spending by area of care comes from: the partnership's returns workbook, as the full report's ledger
    rows say ('Source: Highland local returns (highland.xlsx). …'), and the sheet of it that holds the amounts."""
    source = groups[0].source.split(" Table: ")[0]  # the full report's table, which the summary does not show
    sheet = SHEETS_BY_KEY["finance"].name
    where, _, rest = source.partition(". ")
    return (
        f"{where}, {sheet} sheet. {rest}".strip()
        if where.startswith("Source: ")
        else f"Source: our returns workbook, {sheet} sheet."
    )


def _places_part(report: Document, places, year: ReportingYear) -> Blocks:
    blocks = Blocks(Heading("Our localities and inspections", 2))
    if places:
        blocks.add(Paragraph(f"Our {len(places)} localities are:"))
        blocks.add(BulletList(tuple(p.name for p in places)))
        blocks.add(Paragraph("The full report says how each locality involves local people."))
    inspected = _find(report, "governance/number-of-inspections/")
    good = _find(report, "governance/number-of-inspections-graded-good-or-better-throughout/")
    if inspected is not None and inspected.value:
        n = int(inspected.value)
        text = f"Inspectors looked at {n} of our services in {year.label}."
        values = [dataclasses.replace(inspected, printed=f"{n}")]
        if good is not None:
            text += f" Of these, {int(good.value)} got a grade of good or better for everything they checked."
            values.append(dataclasses.replace(good, printed=f"{int(good.value)}"))
        blocks.add(Paragraph(text, values=tuple(values)))
    elif inspected is not None:
        blocks.add(Paragraph(f"None of the services we are responsible for was inspected in {year.label}."))
    else:
        blocks.add(Paragraph(f"The full report says what it knows about inspections in {year.label}."))
    return blocks


def summary_of(report: Document, partnership, year, contact: str, folder: Path, writers, own_layout=False) -> Document:
    """The plain-English summary of the report just built into ``folder``, with the contact from the returns' About
    sheet (else the report's) and the names of the files it points readers to, from the job's ``writers``; with
    ``own_layout`` (sections of the partnership's own in its report.yml), "find out more" names the report's sections
    by their titles."""
    front = report.front
    public = registry.for_audience(writers, registry.PUBLIC)
    data = registry.for_audience(writers, registry.DATA)
    companions = {
        "report": next((w.file_name(front) for w in public if w.name == "html"), public[0].file_name(front)),
        "formats": [w.name for w in public if w.name != "html"],
        "data": data[0].file_name(front) if data else "",
        "sections": [p.title.split(". ", 1)[-1] for p in report.parts if p.id.startswith("section-")]
        if own_layout
        else [],
    }
    charts = folder / "figures" / "summary"
    summary = summary_document(report, partnership, year, contact or front.contact, charts, companions)
    return summary if report.brand is None else branded(summary, report.brand)  # the report's look
