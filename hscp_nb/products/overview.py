"""The national overview (issue 30): all 31 partnerships' built reports of one year, read together, for the Scottish
Government, PHS and auditors: ``outputs/<YYYY-YY>/scotland/overview.html`` (``.pdf``, ``overview-data.xlsx`` and
``.ods``) and its own figure ledger, ``figures.csv``.

It reads what the reports printed and recomputes nothing they printed: each report's figure ledger
(:func:`hscp_nb.writers.ledger.read_ledger`), its claims ledger (:func:`hscp_nb.writers.claims.read_claims`), its
manifest (:class:`hscp_nb.editions.manifest.Manifest`) and the register of its editions
(:mod:`hscp_nb.editions.register`). Every value it prints is a ledger row of one partnership's report (Scotland's
values: of the first report that prints them), and its own ledger row says which: ``<slug>/figures.csv, row n``
(the file's line, the header being row 1) with the row's identifier, which the overview keeps. What the overview
counts (how many reports printed a verdict, how many meet a requirement) is a count of what the reports printed, its
source naming every row counted.

A report that is missing, failed, stale against its inputs, or of another year is named in the overview (and by
:func:`write_overview`'s result), never silently skipped; its figures are left out. A report built by other code
than is installed is read and named too (what it printed still stands for its inputs).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hscp_nb import __version__
from hscp_nb.document.blocks import (
    Blocks,
    BulletList,
    Column,
    Data,
    Figure,
    Heading,
    Link,
    Note,
    Paragraph,
    Table,
    Value,
)
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.domain import msg, reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.requirements import MET, MISSING, Check
from hscp_nb.domain.years import ReportingYear, parse_year
from hscp_nb.editions import register
from hscp_nb.editions.manifest import FILE as MANIFEST_FILE
from hscp_nb.editions.manifest import Manifest
from hscp_nb.inputs.files import replace_dir
from hscp_nb.present import claims as claim_kinds
from hscp_nb.present.figures import verdicts
from hscp_nb.present.formats import date, listed
from hscp_nb.present.ledger import identifier
from hscp_nb.writers.claims import CLAIMS_FILE, read_claims
from hscp_nb.writers.ledger import LEDGER_FILE, read_ledger
from hscp_nb.writers.registry import BY_NAME

BAR_PITCH = 0.2  # inches a bar: 32 bars and the chart's title, axis and source fit one A4 page with the caption
FOLDER = "scotland"  # outputs/<YYYY-YY>/scotland/: the overview beside the partnerships' folders
FORMATS = ("html", "pdf", "xlsx", "ods", "figures")
SECTION = "overview"
STATUS_WORDS = {MET: "Met", MISSING: "Missing", register.DUE: "Due", register.LATE: "Late"}
AGAINST = ("better", "similar", "worse")
TRAVEL = ("improved", "little change", "worsened")
# What limits the national picture, as the reports' claims ledgers state it (the caveats of present/claims.py)
CAVEATS = (
    ("calendar year in place of the reporting year", "stands in for the financial year"),
    ("latest value an estimate", claim_kinds.ESTIMATE),
    ("trend only since the 2023/24 survey change", "survey questions changed"),
    ("calendar-year figures", "calendar years"),
)


# ----------------------------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class Row:
    """One row of a report's ledger (figures.csv or claims.csv) and where it is: ``number`` is the file's line
    (the header is row 1), so ``highland/figures.csv, row 12`` finds it."""

    slug: str
    file: str
    number: int
    fields: dict

    def __getitem__(self, key: str) -> str:
        return self.fields[key]

    @property
    def where(self) -> str:
        return f"{self.slug}/{self.file}, row {self.number}"

    @property
    def value(self) -> float | None:
        text = self.fields.get("value", "")
        return float(text) if text not in ("", None) else None


@dataclass
class Report:
    """One partnership's report for the year as the overview reads it. ``problem`` says why it is left out ('' when
    it is read); ``note`` says what else a reader should know (its latest build failed, the earlier one is read)."""

    partnership: reference.Partnership
    folder: Path
    manifest: Manifest | None = None
    figures: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    published: list[register.Edition] = field(default_factory=list)
    checks: tuple[Check, ...] = ()  # the manifest's, with PUB-1 judged from the register now
    problem: str = ""
    note: str = ""

    @property
    def name(self) -> str:
        return self.partnership.name

    @property
    def slug(self) -> str:
        return self.partnership.slug

    @property
    def read(self) -> bool:
        return not self.problem

    def row(self, prefix: str) -> Row | None:
        """The first figure-ledger row whose identifier starts with ``prefix``."""
        return next((r for r in self.figures if r["id"].startswith(prefix)), None)

    def claim(self, claim_id: str) -> Row | None:
        return next((r for r in self.claims if r["id"] == claim_id), None)

    def headline(self, code: str) -> Row | None:
        """An indicator's latest value as the report printed it with its verdicts (the first row of its code, for
        the partnership, that carries a verdict: the summary table's)."""
        return next(
            (r for r in self.figures if r["code"] == code and r["area"] == self.name and r["verdict"]
             and r["section"] == "indicators"),
            None,
        )  # fmt: skip


def read_reports(year: ReportingYear, output_root: Path, editions_root: Path | None, code: str,
                 version: str = __version__, today: dt.date | None = None) -> list[Report]:  # fmt: skip
    """Every partnership's report for ``year`` under ``output_root``, each read or with the reason it is not."""
    today = today or dt.date.today()
    year_dir = Path(output_root) / year.slug
    out = []
    for p in reference.partnerships():
        report = Report(p, year_dir / p.slug)
        failed = year_dir / "failed" / p.slug
        report.manifest = Manifest.read(report.folder)
        m = report.manifest
        if m is None:
            report.problem = (
                f"its latest build failed (see failed/{p.slug}/error.log) and no earlier report is left"
                if failed.is_dir()
                else f"missing: there is no built report ({year.slug}/{p.slug}/{MANIFEST_FILE}); run make report"
            )
        elif m.reporting_year != year.label:
            report.problem = f"its folder holds a report for {m.reporting_year}, not {year.label}; rebuild it"
        elif not (report.folder / LEDGER_FILE).is_file() or not (report.folder / CLAIMS_FILE).is_file():
            report.problem = f"incomplete: its {LEDGER_FILE} or {CLAIMS_FILE} is missing; rebuild it"
        else:
            # Stale against its inputs (one changed since, or is gone): what it printed no longer stands for them,
            # so it is left out. Built by other code than is installed: what it printed still stands for its
            # inputs, so it is read, and named (make report rebuilds it; make publish would refuse it).
            report.problem = m.stale_reason(m.code, m.package_version)
            if not report.problem:
                why = m.stale_reason(code, version).replace("; rebuild it first", "").replace("it is stale: ", "")
                report.note = f"{why}: the overview reads what it printed (make report rebuilds it)" if why else ""
        if report.read and failed.is_dir():
            report.note = "; ".join(n for n in (
                f"its latest build failed (see failed/{p.slug}/error.log); the overview reads its earlier report, "
                "which still matches its inputs", report.note) if n)  # fmt: skip
        if report.read:
            report.figures = [Row(p.slug, LEDGER_FILE, n, r)
                              for n, r in enumerate(read_ledger(report.folder / LEDGER_FILE), start=2)]  # fmt: skip
            report.claims = [Row(p.slug, CLAIMS_FILE, n, r)
                             for n, r in enumerate(read_claims(report.folder / CLAIMS_FILE), start=2)]  # fmt: skip
            report.published = register.editions(editions_root, year.slug, p.slug)
            report.checks = tuple(
                register.publication_check(m.compliance, report.published, year.publication_deadline, today)
            )
        out.append(report)
    return out


# ----------------------------------------------------------------------------------------------- ledger rows
def cited(row: Row, *, cell=None, printed: str | None = None) -> Value:
    """A report's ledger row as the overview prints it: the same identifier, figure, area, period, value and
    printed form, its source the row it is (file and line) and where the report says the number came from."""
    f = row.fields
    return Value(id=f["id"], section=SECTION, figure=f["figure"], code=f["code"], area=f["area"], period=f["period"],
                 value=row.value, printed=f["printed"] if printed is None else printed, unit=f["unit"],
                 source=f"{row.where} ({f['source']})" if f.get("source") else row.where, verdict=f.get("verdict", ""),
                 cell=cell)  # fmt: skip


def counted(what: str, n: int, rows: list[Row], *, period: str, area: str = "Scotland", code: str = "",
            cell=None, source: str = "", unit: str = "count of reports") -> Value:  # fmt: skip
    """A count the overview makes of what the reports printed (verdicts, requirements met), its source every row
    counted."""
    ident = identifier(SECTION, what, "count", area, period)
    where = source or ("a count of " + ("; ".join(r.where for r in rows) if rows else "no rows"))
    return Value(id=ident, section=SECTION, figure=what, code=code, area=area, period=period,
                 value=float(n), printed=str(n), unit=unit, source=where, cell=cell)  # fmt: skip


@dataclass
class Grid:
    """A table being made: its columns, and cells that are text or a ledger Value (printed as the value prints)."""

    name: str
    caption: str
    columns: list[tuple[str, str]]  # (heading, role)
    rows: list[list] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    source: str = ""

    def add(self, *cells) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.name}: {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(list(cells))

    def table(self) -> Table:
        values, printed_rows, data_rows = [], [], []
        for r, row in enumerate(self.rows):
            printed, data = [], []
            for c, cell in enumerate(row):
                if isinstance(cell, Value):
                    values.append(dataclasses.replace(cell, cell=(r, c)))
                    printed.append(cell.printed)
                    data.append(cell.value)
                else:
                    printed.append(str(cell))
                    data.append(str(cell))
            printed_rows.append(tuple(printed))
            data_rows.append(tuple(data))
        kinds = tuple(
            "number" if any(isinstance(row[c], Value) for row in self.rows)
            and all(isinstance(row[c], Value) or row[c] in ("–", "") for row in self.rows) else "text"
            for c in range(len(self.columns))
        )  # fmt: skip
        data_rows = [tuple(None if kinds[c] == "number" and not isinstance(v, float) else v for c, v in enumerate(row))
                     for row in data_rows]  # fmt: skip
        headings = tuple(h for h, _ in self.columns)
        data = Data(headings, tuple(data_rows), headings, kinds)
        columns = tuple(Column(h, role) for h, role in self.columns)
        return Table(self.name, self.caption, columns, tuple(printed_rows), data, self.notes, self.source,
                     tuple(values))  # fmt: skip


# ----------------------------------------------------------------------------------------------- the parts
def _reports_part(reports: list[Report], year: ReportingYear, read_count: Value) -> Part:
    read = [r for r in reports if r.read]
    left = [r for r in reports if not r.read]
    blocks = Blocks(Heading("The reports read", 2))
    partnerships = Value(
        id=f"{SECTION}/partnerships/count/scotland/{year.slug}",
        section=SECTION,
        figure="Health and Social Care Partnerships",
        code="",
        area="Scotland",
        period=year.label,
        value=float(len(reports)),
        printed=str(len(reports)),
        unit="count of partnerships",
        source="the partnerships of the reference data (domain/reference_data/partnerships.csv)",
    )
    blocks.add(Paragraph(
        f"This overview reads the {year.label} annual performance reports of Scotland's {partnerships.printed} "
        "Health and Social Care Partnerships as they were built: what each report printed, its statutory "
        f"requirements and its editions. It computes no figure again. It read {read_count.printed} of the "
        f"{partnerships.printed} reports.",
        values=(partnerships, read_count),
    ))  # fmt: skip
    if left:
        blocks.add(Heading("Reports not included", 3))
        blocks.add(
            Paragraph("These reports are not in the overview's figures, and every count below is of the reports read:")
        )
        blocks.add(BulletList(tuple(f"{r.name}: {r.problem}." for r in left)))
    noted: dict[str, list[str]] = {}
    for r in read:
        if r.note:
            noted.setdefault(r.note, []).append(r.name)
    if noted:  # one item for each thing to know, naming every report it applies to
        blocks.add(Heading("What to know about the reports read", 3))
        blocks.add(BulletList(tuple(f"{listed(names)}: {note}." for note, names in noted.items())))
    blocks.add(Heading("Each partnership's report", 3))
    items, links = [], []
    for r in read:  # a sentence around each link: a link alone in a list item is a small target (WCAG 2.5.8)
        html, pdf = f"{r.name} report (web page)", f"{r.name} report (PDF)"
        with_pdf = "report.pdf" in (r.manifest.files if r.manifest else ())
        items.append(f"Read the {html}" + (f" or the {pdf}." if with_pdf else "."))
        links += [Link(html, f"../{r.slug}/report.html")] + ([Link(pdf, f"../{r.slug}/report.pdf")] if with_pdf else [])
    if items:
        blocks.add(BulletList(tuple(items), links=tuple(links)))
    return Part("reports", "The reports read", blocks)


REFERENCE = re.compile(r" \((?:guidance|reg|Act)\b[^)]*\)$")  # the statute's paragraph: each report cites it
MATRIX_GROUPS = (  # the matrix in two tables, so that each fits a landscape page with every name whole
    ("outcomes and finance", ("OUT", "FIN", "BV")),
    ("localities, inspections, governance, publication and the annex", ("LOC", "INS", "GOV", "PUB", "ANX")),
)


def _compliance_part(reports: list[Report], year: ReportingYear) -> Part:
    read = [r for r in reports if r.read]
    ids = list(dict.fromkeys(c.id for r in read for c in r.checks))
    titles = {c.id: REFERENCE.sub("", c.requirement) for r in read for c in r.checks}
    by_report = {r.slug: {c.id: c for c in r.checks} for r in read}
    source = ("Source: each report's manifest.json (its compliance list); publication (PUB-1) from the register of "
              "editions.")  # fmt: skip
    tables = []
    for n, (words, prefixes) in enumerate(MATRIX_GROUPS, start=1):
        group = [i for i in ids if i.split("-")[0] in prefixes]
        last = n == len(MATRIX_GROUPS)
        matrix = Grid(
            f"compliance-matrix-{n}",
            f"Statutory requirements met by each partnership's {year.label} report: {words}",
            [("Partnership", "row-header"), *[(i, "text") for i in group]] + ([("All met", "number")] if last else []),
            source=source,
            notes=("Met: the report answers it. Missing: it does not (the next table says why). Publication: Due "
                   "(not yet published) or Late (first published after 31 July). – : does not apply (GOV-2 applies "
                   "to the lead-agency model only). All met: of the requirements that apply.",) if last else (),
        )  # fmt: skip
        for r in read:
            by_id = by_report[r.slug]
            cells = [STATUS_WORDS.get(by_id[i].status, by_id[i].status.title()) if i in by_id else "–" for i in group]
            if last:
                met = sum(c.status == MET for c in r.checks)
                cells.append(counted("Requirements met", met, [], period=year.label, area=r.name,
                                     source=f"a count of the MET checks in {r.slug}/{MANIFEST_FILE} (PUB-1 judged "
                                     "from the register of editions)", unit="count of requirements"))  # fmt: skip
            matrix.add(r.name, *cells)
        tables.append(matrix.table())
    counts = Grid(
        "requirements-met",
        f"How many partnerships' {year.label} reports meet each statutory requirement, and why the others do not",
        [
            ("Requirement", "row-header"),
            ("What it asks", "text"),
            ("Partnerships meeting it", "number"),
            ("Not met: why, and which partnerships", "text"),
        ],  # fmt: skip
        source="Source: each report's manifest.json; publication from the register of editions.",
    )
    summary = []
    for i in ids:
        checks = [(r, by_report[r.slug][i]) for r in read if i in by_report[r.slug]]
        met = [r for r, c in checks if c.status == MET]
        reasons: dict[str, list[str]] = {}
        for r, c in checks:
            if c.status != MET:
                why = STATUS_WORDS.get(c.status, c.status) + (f": {_plainer(c.detail)}" if c.detail else "")
                reasons.setdefault(why, []).append(r.name)
        why = "; ".join(f"{words} ({'all reports read' if len(names) == len(read) else listed(names)})"
                        for words, names in reasons.items())  # fmt: skip
        n = counted(f"Partnerships meeting {i}", len(met), [], period=year.label, code=i,
                    source="a count of the reports whose manifest.json marks " + i + " MET: "
                    + (", ".join(f"{r.slug}/{MANIFEST_FILE}" for r in met) or "none"))  # fmt: skip
        counts.add(i, titles[i], n, why or "–")
        summary.append((i, n))
    everywhere = [i for i, n in summary if n.value == len(read)]
    blocks = Blocks(
        Heading("Statutory requirements", 2),
        Paragraph(
            "Each report traces the statutory requirements (SSI 2014/326 and the Scottish Government's guidance) "
            "to where it answers them. "
            + (
                f"Every report read meets {listed(everywhere)}."
                if everywhere
                else "No requirement is met by every report read."
            )
            + " Publication (PUB-1) is judged from the register of editions, not assumed."
        ),  # fmt: skip
        *tables,
        counts.table(),
    )
    return Part("compliance", "Statutory requirements", blocks)


def _plainer(detail: str) -> str:
    """A check's detail without the build's instructions ('(make publish records it)')."""
    return detail.replace(" (make publish records it)", "")


def _publication_part(reports: list[Report], year: ReportingYear, today: dt.date) -> Part:
    read = [r for r in reports if r.read]
    grid = Grid(
        "publication",
        f"Publication of each partnership's {year.label} report: the deadline is {date(year.publication_deadline)}",
        [
            ("Partnership", "row-header"),
            ("Publication (PUB-1)", "text"),
            ("Latest edition", "text"),
            ("Figures changed since the previous edition", "number"),
        ],  # fmt: skip
        source="Source: the register of editions (edition.json of each published edition) and each report's "
        "manifest.json (the edition it was built as).",
    )
    statuses: dict[str, list[Report]] = {}
    for r in read:
        pub = next((c for c in r.checks if c.id == "PUB-1"), None)
        status = pub.status if pub else MISSING
        statuses.setdefault(status, []).append(r)
        first = r.published[0] if r.published else None
        if status == MET and first is not None:
            words = f"Published {date(first.date)}, by the deadline"
        elif status == register.LATE and first is not None:
            words = f"Late: first published {date(first.date)}"
        elif status == register.DUE:
            words = "Not yet published" + (", overdue" if today > year.publication_deadline else "")
        else:
            words = STATUS_WORDS.get(status, status)
        latest = r.published[-1] if r.published else None
        edition = r.manifest.edition or {}
        if latest is not None:
            latest_words = f"{register.ordinal_word(latest.number)} edition ({latest.status}), {date(latest.date)}"
        else:
            latest_words = f"None yet (built as a {edition.get('status', '–')} edition)"
        changes = edition.get("changes")
        if edition.get("replaces") and changes is not None:
            changed = Value(id=f"editions/changes/value/{r.slug}/{year.slug}", section=SECTION,
                            figure="Figures changed since the previous edition", code="", area=r.name,
                            period=year.label, value=float(changes), printed=f"{changes:,}", unit="count",
                            source=f"{r.slug}/{MANIFEST_FILE}: edition.changes")  # fmt: skip
        else:
            changed = "–"
        grid.add(r.name, words, latest_words, changed)
    counts = [counted(f"Reports {label}", len(statuses.get(status, [])), [], period=year.label,
                      source="a count of the PUB-1 checks judged from the register of editions")
              for status, label in ((MET, "published by the deadline"), (register.LATE, "published late"),
                                    (register.DUE, "not yet published"))]  # fmt: skip
    overdue = " (overdue)" if today > year.publication_deadline else ""
    text = (f"By the register of editions, {counts[0].printed} of the reports read were published by "
            f"{date(year.publication_deadline)}, {counts[1].printed} after it, and {counts[2].printed} are not yet "
            f"published{overdue}.")  # fmt: skip
    blocks = Blocks(Heading("Publication", 2), Paragraph(text, values=tuple(counts)), grid.table())
    return Part("publication", "Publication", blocks)


def _indicator_rows(read: list[Report], code: str):
    """(report, headline row, trend claim row) for each report that printed the indicator."""
    out = []
    for r in read:
        head = r.headline(code)
        if head is not None:
            out.append((r, head, r.claim(claim_kinds.claim_id(head["id"], claim_kinds.TREND))))
    return out


def _indicators_part(reports: list[Report], year: ReportingYear, folder: Path) -> tuple[Part, list[tuple]]:
    """Per core indicator: the reports' values with Scotland's, ordered, in a chart and a table, and the counts of
    the verdicts they printed; and a summary of the counts."""
    from matplotlib.ticker import StrMethodFormatter

    from hscp_nb.present import charts
    from hscp_nb.present.export import export_chart

    read = [r for r in reports if r.read]
    funnels = [r.name for r in read if any("funnel" in row["id"] for row in r.figures)]
    blocks = Blocks(Heading("Core integration indicators", 2))
    blocks.add(Paragraph(
        "For each core integration indicator, every partnership's latest value as its report printed it, with "
        "Scotland's, and each report's own verdicts: against Scotland (better, similar or worse) and over its "
        "window (improved, little change or worsened). The verdicts are counted as the reports printed them; the "
        "overview judges nothing itself. "
        + (f"{listed(funnels)} print funnel limits: see their reports." if funnels else
           "No report printed funnel limits, so none are drawn here.")
    ))  # fmt: skip
    summary = Grid(
        "indicator-verdicts",
        f"How many partnerships' {year.label} reports printed each verdict, by indicator",
        [
            ("Indicator", "row-header"),
            ("Reports with a value", "number"),
            ("Better than Scotland", "number"),
            ("Similar", "number"),
            ("Worse", "number"),
            ("Improved", "number"),
            ("Little change", "number"),
            ("Worsened", "number"),
        ],  # fmt: skip
        source="Source: the verdict column of each report's figures.csv (the indicator's latest value).",
    )
    per_indicator, disagreements = [], []
    for ind in reference.indicators():
        found = _indicator_rows(read, ind.id)
        if not found:
            continue
        said = {r.slug: verdicts(head["verdict"]) for r, head, _ in found}
        against = {v: [head for r, head, _ in found if said[r.slug].get("against Scotland") == v] for v in AGAINST}
        travel = {v: [head for r, head, _ in found if said[r.slug].get("trend") == v] for v in TRAVEL}
        n_with = counted(f"Reports with a value of {ind.id}", len(found), [h for _, h, _ in found],
                         period=year.label, code=ind.id)  # fmt: skip
        against_n = {v: counted(f"Reports printing {ind.id} {v} against Scotland", len(rows), rows,
                                period=year.label, code=ind.id) for v, rows in against.items()}  # fmt: skip
        travel_n = {v: counted(f"Reports printing {ind.id} {v} over the window", len(rows), rows,
                               period=year.label, code=ind.id) for v, rows in travel.items()}  # fmt: skip
        summary.add(f"{ind.id} {ind.title}", n_with, *against_n.values(), *travel_n.values())
        per_indicator.append((ind.id, found))

        # Scotland's value of each period the reports printed, from the first report that printed it
        scotland: dict[str, Row] = {}
        for r, head, _ in found:
            if head["period"] not in scotland:
                row = r.row(f"indicators/{ind.id.lower()}/value/scotland/{head['id'].rsplit('/', 1)[1]}")
                if row is not None:
                    scotland[head["period"]] = row
        for period_label, first in scotland.items():  # every report should print PHS's one Scotland value
            differ = [r.name for r, head, _ in found if head["period"] == period_label and (other := r.row(first["id"]))
                      is not None and other["printed"] != first["printed"]]  # fmt: skip
            if differ:
                disagreements.append(f"{ind.id} {period_label}: Scotland's value is {first['printed']} in the "
                                     f"{first.slug} report but other in {listed(differ)}")  # fmt: skip
        higher = ind.higher_is_better is not False
        ordered = sorted(found, key=lambda t: (t[1].value if t[1].value is not None else float("-inf")),
                         reverse=higher)  # fmt: skip
        grid = Grid(
            f"{ind.id.lower()}-values",
            f"{ind.id} {ind.title}: each partnership's latest value and its report's verdicts, "
            + ("highest first" if higher else "lowest first")
            + " (best first)",
            [
                ("Partnership", "row-header"),
                ("Period", "text"),
                ("Value", "number"),
                ("Against Scotland", "text"),
                ("Over the window", "text"),
            ],  # fmt: skip
            source="Source: each partnership's figures.csv (its latest value and verdicts).",
        )
        for period_label, row in scotland.items():
            grid.add("Scotland", period_label, cited(row), "–", "–")
        for r, head, _ in ordered:
            grid.add(r.name, head["period"], cited(head), said[r.slug].get("against Scotland", "–"),
                     said[r.slug].get("trend", "–"))  # fmt: skip
        periods = sorted({head["period"] for _, head, _ in found})
        chart_rows = [("Scotland", row.value, row["printed"], p) for p, row in scotland.items()] + [
            (r.name, head.value, head["printed"], head["period"]) for r, head, _ in ordered if head.value is not None
        ]
        table = pd.DataFrame(chart_rows, columns=["partnership", "value", "printed", "period"])
        table = table.sort_values("value", ascending=not higher, kind="stable").reset_index(drop=True)
        first_scotland = next(iter(scotland.values()), None)
        scot_words = f" Scotland: {first_scotland['printed']}." if first_scotland is not None else ""
        title = (f"{ind.id} {ind.title}, {year.label} reports: {against_n['better'].printed} partnerships better "
                 f"than Scotland, {against_n['worse'].printed} worse")  # fmt: skip
        alt = (
            f"Bar chart of {ind.id} {ind.title} for the {n_with.printed} partnerships whose {year.label} reports "
            f"print it, with Scotland's value highlighted, {'highest' if higher else 'lowest'} (best) first."
            f"{scot_words} As the reports printed them: {against_n['better'].printed} better than Scotland, "
            f"{against_n['similar'].printed} similar and {against_n['worse'].printed} worse."
        )
        source = f"Source: the partnerships' {year.label} reports (figures.csv)."
        fig = charts.horizontal_bars(table, label="partnership", value="value", value_text="printed", title=title,
                                     xlabel=ind.unit, source=source, highlight="Scotland", pitch=BAR_PITCH)  # fmt: skip
        if table["value"].max() >= 1000:  # 12,000, not 12000
            fig.axes[0].xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        name = f"{ind.id.lower()}-partnerships"
        data = table.rename(columns={"partnership": "Partnership", "value": f"Value ({ind.unit})",
                                     "printed": "As printed", "period": "Period"})  # fmt: skip
        svg = export_chart(fig, folder / "figures", name, alt=alt, data=data)
        chart_values = tuple(grid_value for row in grid.rows for grid_value in row if isinstance(grid_value, Value))
        note = "Periods: " + listed(periods) + "." if len(periods) > 1 else ""
        blocks.add(Heading(f"{ind.id} {ind.title}", 3))
        blocks.add(Paragraph(
            f"{n_with.printed} reports print {ind.id}. Against Scotland, {against_n['better'].printed} printed "
            f"better, {against_n['similar'].printed} similar and {against_n['worse'].printed} worse; over their "
            f"windows, {travel_n['improved'].printed} improved, {travel_n['little change'].printed} showed little "
            f"change and {travel_n['worsened'].printed} worsened.",
            values=(n_with, *against_n.values(), *travel_n.values()),
        ))  # fmt: skip
        blocks.add(Figure(name, svg.decode("utf-8"), alt, f"{ind.id} {ind.title}: the "
                          f"partnerships' values and Scotland's, {year.label} reports", source,
                          Data(tuple(data.columns), tuple(tuple(_plain(v) for v in row) for row in data.values),
                               tuple(data.columns), ("text", "number", "text", "text")),
                          values=chart_values + (n_with, *against_n.values())))  # fmt: skip
        if note:
            blocks.add(Note(note + " A value marked (cal) is a calendar year standing in for the reporting year."))
        blocks.add(grid.table())
    blocks.insert(2, summary.table())
    if disagreements:  # the reports were built from different PHS files: said, never averaged away
        blocks.insert(3, BulletList(tuple(f"The reports disagree on Scotland: {d}." for d in disagreements)))
    return Part("indicators", "Core integration indicators", blocks), per_indicator


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _msg_part(reports: list[Report], year: ReportingYear) -> Part:
    read = [r for r in reports if r.read]
    codes = [m.id for m in msg.MSG_INDICATORS]
    grid = Grid(
        "msg-objectives",
        f"Each partnership's MSG indicators against its own objectives, as its {year.label} report judged them",
        [("Partnership", "row-header"), *[(c, "text") for c in codes], ("Objectives met", "number")],
        source="Source: the verdict column of each report's figures.csv (its MSG values).",
    )
    per_measure: dict[str, dict[str, list[Row]]] = {c: {} for c in codes}
    for r in read:
        cells, met_rows = [], []
        for c in codes:
            row = r.row(f"msg/{c.lower().replace(' ', '-')}/value/")
            verdict = ""
            if row is not None:
                verdict = next((v for k, v in verdicts(row["verdict"]).items() if k.startswith("objective")), "")
            cells.append(verdict or "–")
            word = verdict.split(" (")[0] if verdict else "not reported"
            word = "no objective set" if word.startswith("no objective") else word
            per_measure[c].setdefault(word, []).append(row) if row is not None else None
            if word == "met":
                met_rows.append(row)
        grid.add(r.name, *cells, counted("MSG objectives met", len(met_rows), met_rows, period=year.label,
                                         area=r.name, unit="count of objectives"))  # fmt: skip
    counts = Grid(
        "msg-objectives-met",
        f"How many partnerships' {year.label} reports judged each MSG objective met",
        [("MSG indicator", "row-header"), ("Met", "number"), ("Not met", "number"), ("No objective set", "number")],
        source="Source: the verdict column of each report's figures.csv.",
    )
    for c in codes:
        found = per_measure[c]
        counts.add(
            c,
            *[
                counted(
                    f"Reports judging {c} {word}",
                    len(found.get(word, [])),
                    found.get(word, []),
                    period=year.label,
                    code=c,
                )
                for word in ("met", "not met", "no objective set")
            ],
        )
    boards = Grid(
        "incomplete-records",
        f"Hospital records under {msg.COMPLETE_PERCENT:g}% complete in the months the reports name, by NHS board",
        [
            ("NHS board", "row-header"),
            ("Records", "text"),
            ("Month", "text"),
            ("Complete", "number"),
            ("Reports that name it", "text"),
        ],  # fmt: skip
        source="Source: each report's figures.csv (PHS's completeness of hospital records).",
    )
    seen: dict[tuple, tuple[Row, list[str]]] = {}
    for r in read:
        for row in r.figures:
            if row["id"].startswith("msg/completeness-") and row.value is not None and row.value < msg.COMPLETE_PERCENT:
                key = (row["area"], row["figure"], row["period"])
                seen.setdefault(key, (row, []))[1].append(r.name)
    board_names = sorted({k[0] for k in seen})
    first_rows = [next(seen[k][0] for k in seen if k[0] == board) for board in board_names]
    n_boards = counted("NHS boards with hospital records under 95% complete", len(board_names), first_rows,
                       period=year.label, unit="count of NHS boards")  # fmt: skip
    for key in sorted(seen, key=lambda k: (k[0], k[1], _month(k[2]))):
        row, names = seen[key]
        records = key[1].split(" records")[0].replace("Completeness of ", "")
        boards.add(key[0], records, key[2], cited(row), listed(names))
    blocks = Blocks(
        Heading("Ministerial Strategic Group indicators", 2),
        Paragraph(
            "Each partnership sets its own objectives for the MSG indicators; its report judges each value against "
            "the objective for the year the value covers. " + msg.NOT_COMPARABLE_NOTE
        ),
        grid.table(),
        counts.table(),
        Heading("Hospital records still incomplete", 3),
        Paragraph(
            (
                f"The reports name {n_boards.printed} NHS boards whose hospital records were under "
                f"{msg.COMPLETE_PERCENT:g}% complete in a month of the year: {listed(board_names)}. Verdicts on those "
                "months could change when the records are complete."
            )
            if board_names
            else f"No report names a month whose hospital records were under {msg.COMPLETE_PERCENT:g}% complete.",
            values=(n_boards,) if board_names else (),
        ),  # fmt: skip
    )
    if seen:
        blocks.add(boards.table())
    return Part("msg", "Ministerial Strategic Group indicators", blocks)


def _month(label: str):
    try:
        return dt.datetime.strptime(label, "%B %Y")
    except ValueError:
        return dt.datetime.min


def _quality_part(reports: list[Report], year: ReportingYear, per_indicator: list[tuple]) -> Part:
    read = [r for r in reports if r.read]
    grid = Grid(
        "data-limits",
        f"What limits each indicator's national picture in the {year.label} reports: how many reports say so",
        [("Indicator", "row-header"), *[(label[0].upper() + label[1:], "number") for label, _ in CAVEATS]],
        source="Source: the caveat column of each report's claims.csv (the verdicts on each indicator's latest value).",
    )
    totals = {label: set() for label, _ in CAVEATS}
    for code, found in per_indicator:
        cells = []
        for label, phrase in CAVEATS:
            rows = [trend for _, _, trend in found if trend is not None and phrase in trend["caveat"]]
            totals[label] |= {code} if rows else set()
            cells.append(counted(f"Reports whose {code} trend carries: {label}", len(rows), rows, period=year.label,
                                 code=code))  # fmt: skip
        grid.add(code, *cells)
    not_reported = []
    for r in read:
        row = r.row("indicators/number-of-indicators-not-reported/")
        if row is not None:
            not_reported.append(cited(row))
    shown = {code for code, _ in per_indicator}
    absent = [i for i in reference.indicators() if i.id not in shown]
    provisional = [r.claim(c) for r in read for c in [x["id"] for x in r.claims
                   if x["kind"] == "objective" and "provisional value" in x["caveat"]]]  # fmt: skip
    provisional_reports = sorted({row.slug for row in provisional if row is not None})
    unaudited = [(r, row) for r in read for row in r.claims
                 if row["id"].startswith("finance/total-spend/") and "unaudited" in row["caveat"]]  # fmt: skip
    n_prov = counted("Reports with provisional MSG values", len(provisional_reports),
                     [row for row in provisional if row is not None], period=year.label)  # fmt: skip
    n_unaudited = counted("Reports from unaudited accounts", len(unaudited), [row for _, row in unaudited],
                          period=year.label)  # fmt: skip
    items = [
        _not_reported(absent),
        "A calendar year standing in: where PHS has not finalised the financial year, the reports give the "
        "calendar year instead, as PHS advises, and mark it (cal): "
        + (listed(sorted(totals['calendar year in place of the reporting year'])) or "none") + ".",
        "Estimates: PHS marks some latest values as estimates: "
        + (listed(sorted(totals['latest value an estimate'])) or "none") + ".",
        "Survey breaks: the survey questions changed in 2023/24, so the trends of "
        + (listed(sorted(totals['trend only since the 2023/24 survey change'])) or "no indicator")
        + " start there and earlier waves are not compared.",
        f"Provisional MSG values: {n_prov.printed} reports judge an MSG objective on a provisional PHS value.",
        f"Unaudited accounts: {n_unaudited.printed} reports give finance figures from unaudited accounts.",
    ]  # fmt: skip
    blocks = Blocks(
        Heading("Data quality: what limits the national picture", 2),
        BulletList(tuple(i for i in items if i), values=(n_prov, n_unaudited)),
        grid.table(),
    )
    if not_reported:
        blocks.add(Paragraph(
            "Each report also says how many indicators it does not report: "
            + "; ".join(f"{v.area} {v.printed}" for v in not_reported) + ".",
            values=tuple(not_reported),
        ))  # fmt: skip
    return Part("quality", "Data quality", blocks)


def _not_reported(absent) -> str:
    """'Not reported by any report read: NI-10, NI-21, NI-22 and NI-23 (not reported by PHS for partnerships) and
    NI-20 (suspended): …', from the reference data's status of each."""
    if not absent:
        return ""
    groups: dict[str, list[str]] = {}
    for ind in absent:
        groups.setdefault(ind.status, []).append(ind.id)
    words = {"not reported": "PHS does not publish it for partnerships", "suspended": "PHS has suspended it"}
    return "In no report read: " + "; ".join(f"{listed(ids)} ({words.get(status, status)})"
                                              for status, ids in groups.items()) + "."  # fmt: skip


def _finance_part(reports: list[Report], year: ReportingYear) -> Part:
    read = [r for r in reports if r.read]
    grid = Grid(
        "finance",
        f"Each partnership's year-end position, {year.label}, as its report printed it",
        [("Partnership", "row-header"), ("Planned spend", "number"), ("Actual spend", "number"),
         ("Position", "text"), ("Amount", "number"), ("Share of plan", "number"), ("Accounts", "text")],
        source="Source: each report's figures.csv and claims.csv (finance, from the partnership's returns); the "
        "accounts' status from its manifest.json (the edition is provisional while the accounts are unaudited).",
    )  # fmt: skip
    positions: dict[str, list[Row]] = {}
    for r in read:
        planned, spent = r.row("finance/total-planned-spend/"), r.row("finance/total-spend/")
        if planned is None or spent is None:
            continue
        gap = r.row("finance/total-overspend/value/") or r.row("finance/total-underspend/value/")
        share = r.row("finance/total-overspend-as-pct-of-plan/") or r.row("finance/total-underspend-as-pct-of-plan/")
        position = r.claim(spent["id"] + "#against-plan")
        verdict = position["verdict"] if position is not None else "–"
        positions.setdefault(verdict, []).append(position)
        status = (r.manifest.edition or {}).get("status")
        accounts = {"provisional": "Unaudited", "final": "Audited"}.get(status, "–")
        grid.add(r.name, cited(planned), cited(spent), verdict, cited(gap) if gap else "–",
                 cited(share) if share else "–", accounts)  # fmt: skip
    counts = [counted(f"Reports with an {v}", len(positions.get(v, [])), positions.get(v, []), period=year.label)
              for v in ("overspend", "underspend")]  # fmt: skip
    blocks = Blocks(
        Heading("Finance", 2),
        Paragraph(
            f"Where the partnerships' returns give the year's accounts: {counts[0].printed} reports show an "
            f"overspend against the planned spend and {counts[1].printed} an underspend.",
            values=tuple(counts),
        ),
        grid.table(),
    )
    return Part("finance", "Finance", blocks)


# ----------------------------------------------------------------------------------------------- the document
def overview_document(reports: list[Report], year: ReportingYear, folder: Path, today: dt.date | None = None,
                      ) -> Document:  # fmt: skip
    """The overview as a document of blocks, for the report's own writers."""
    today = today or dt.date.today()
    read = [r for r in reports if r.read]
    if not read:
        first = reports[0]
        found = f"no report of {year.label} it can read ({first.name}: {first.problem}; and {len(reports) - 1} more)"
        expected = "the year's reports, built by make report with the installed code"
        raise InputError(Problem(file=str(first.folder.parent), found=found, expected=expected))
    read_count = counted(
        "Reports read",
        len(read),
        [],
        period=year.label,
        source="a count of the report folders read: " + ", ".join(r.slug for r in read),
    )
    indicators_part, per_indicator = _indicators_part(reports, year, folder)
    parts = [
        _reports_part(reports, year, read_count),
        _compliance_part(reports, year),
        _publication_part(reports, year, today),
        indicators_part,
        _msg_part(reports, year),
        _quality_part(reports, year, per_indicator),
        _finance_part(reports, year),
    ]
    synthetic = any(r.manifest.synthetic for r in read)
    left = [r.name for r in reports if not r.read]
    front = FrontMatter(
        title=f"Scotland: the partnerships' annual performance reports read together, {year.label}",
        description=f"A national overview of the {year.label} annual performance reports of Scotland's 31 Health "
        "and Social Care Partnerships",
        category="National overview",
        noun="overview",
        eyebrow=f"National overview {year.label}",
        heading="The 31 partnerships' annual performance reports, read together",
        partnership="Scotland",
        year_label=year.label,
        facts=(
            ("Reporting year", f"{year.label}: 1 April {year.start} to 31 March {year.start + 1}"),
            ("Reports read", f"{len(read)} of 31" + (f" (not included: {listed(left)})" if left else "")),
            ("Written", date(today)),
        ),  # fmt: skip
        sources=(
            f"The partnerships' {year.label} annual performance reports as built: each report's figure ledger "
            "(figures.csv), claims ledger (claims.csv) and manifest (manifest.json)",
            f"The register of editions of the {year.label} reports (make publish records each edition)",
        ),  # fmt: skip
        notes=(
            "Every value is a row of one partnership's figures.csv, which the overview's figures.csv names (file "
            "and row).",
            "Counts are of the verdicts and statuses the reports printed.",
        ),  # fmt: skip
        synthetic=synthetic,
        version=__version__,
        created=date(today),
        contact="Public Health Scotland and the Scottish Government's integration team",
        stem="overview",
        data_stem="overview-data",
        about_data="The data behind every table and chart of the national overview.",
    )
    return Document(front, parts)


@dataclass(frozen=True)
class Written:
    """What :func:`write_overview` wrote, and the reports it left out (each with why)."""

    folder: Path
    files: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...]  # (partnership, why)

    @property
    def path(self) -> Path:
        return self.folder / "overview.html"


def write_overview(year, output_root, editions_root=None, *, code: str, version: str = __version__,
                   formats=FORMATS, today: dt.date | None = None) -> Written:  # fmt: skip
    """Read ``year``'s built reports under ``output_root`` (and their editions under ``editions_root``), and write
    the overview into ``<output_root>/<YYYY-YY>/scotland/`` (a temporary folder moved into place whole). ``code``:
    the installed code's digest (:func:`hscp_nb.batch.plan.code_digest`), against which a report is stale."""
    year = year if isinstance(year, ReportingYear) else parse_year(str(year))
    output_root = Path(output_root)
    reports = read_reports(year, output_root, editions_root, code, version, today)
    target = output_root / year.slug / FOLDER
    tmp = target.with_name(f".{FOLDER}-tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        document = overview_document(reports, year, tmp, today)
        files = tuple(BY_NAME[name].write(document, tmp) for name in formats)
        replace_dir(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Written(target, files, tuple((r.name, r.problem) for r in reports if not r.read))
