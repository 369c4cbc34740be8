"""The QA page beside every report (PUBLISHING.md), for the performance team and auditors: the compliance list, the
validation and reading notes, the inputs with their SHA-256, the changes since the last edition, the claims check
of the report and its summary, the summary's readability and the timings. Document blocks, set by the same writers
as the report (the public "About this report" part is :mod:`hscp_nb.report.about`)."""

from __future__ import annotations

from hscp_nb.document import claim_check, coverage
from hscp_nb.document.blocks import Blocks, BulletList, Heading, Paragraph
from hscp_nb.document.model import Document, FrontMatter, Part
from hscp_nb.document.readability import Readability
from hscp_nb.editions.marks import qa_part
from hscp_nb.present.formats import plural
from hscp_nb.report.about import file_date, table
from hscp_nb.report.context import Build


def qa_page(document: Document, build: Build, timings: dict, summary: Document | None = None,
            readable: Readability | None = None) -> Document:  # fmt: skip
    """qa.html's content for the report ``document`` (after its route) and its plain-English ``summary`` (None: none
    was made): the compliance list (met or missing, and why), validation and reading notes, inputs with SHA-256, the
    changes since the last edition, the summary's readability, the claims check of both, and the timings."""
    front, checks, records = document.front, document.checks, build.records
    checked = {"report.html": document} | ({"summary.html": summary} if summary is not None else {})
    extra = (
        *((brand_part(document.brand),) if document.brand is not None else ()),
        qa_part(None if document.changes is None else list(document.changes)),
        *((readability_part(readable),) if readable else ()),
        claims_part(checked),
    )
    met = sum(c.met for c in checks)
    overview = (
        f"For the performance team and auditors; not part of the published report. Built {front.created} with "
        f"hscp_nb {front.version}. {met} of {plural(len(checks), 'statutory requirement')} are met."
    )
    compliance = [
        {"Id": c.id, "Requirement": c.requirement, "Status": c.status, "Where": c.where or "–",
         "Detail": c.detail or "–"}
        for c in checks
    ]  # fmt: skip
    reading = sorted({n for r in records for n in r.reading_notes})
    validation = [
        f"{e.requirement} ({r.title}): {e.detail}" for r in records for e in r.evidence if e.status == "missing"
    ]
    files = [{"Input": i.what, "File": str(i.path), "File dated": file_date(i.path), "SHA-256": i.sha256}
             for i in build.inputs]  # fmt: skip
    steps = [{"Step": step, "Seconds": f"{seconds:.2f}"} for step, seconds in timings.items()]

    missing = coverage.unledgered(document)
    overview += (
        f" The figure ledger (figures.csv) holds {plural(len(document.values), 'figure')}; "
        f"{plural(coverage.checked(document), 'number')} in the report's text were found in it"
        + (
            f", and {len(missing)} were not: " + "; ".join(f"{n} ({w})" for w, n, _ in missing[:20])
            if missing
            else ", and none is missing from it."
        )  # fmt: skip
    )

    def notes(items):
        return BulletList(tuple(items)) if items else Paragraph("None.")

    page = FrontMatter(
        title=f"Quality assurance: {front.partnership}, {front.year_label}",
        category="Quality assurance page",
        partnership=front.partnership,
        year_label=front.year_label,
        synthetic=front.synthetic,
        created=front.created,
        version=front.version,
        contents=False,
        stem="qa",
    )
    return Document(
        page,
        [
            Part("overview", "Overview", Blocks(Paragraph(overview))),
            Part(
                "compliance",
                "Compliance list",
                Blocks(
                    Heading("Compliance list", 2),
                    table(compliance, "compliance", "Statutory requirements: met or missing, where and why"),
                ),
            ),  # fmt: skip
            Part("validation", "Validation notes", Blocks(Heading("Validation notes", 2), notes(validation))),
            Part("reading", "Reading notes", Blocks(Heading("Reading notes", 2), notes(reading))),
            Part("inputs", "Inputs", Blocks(Heading("Inputs", 2), table(files, "inputs", "Inputs with their SHA-256"))),
            *extra,
            Part("timings", "Timings", Blocks(Heading("Timings", 2), table(steps, "timings", "Seconds per step"))),
        ],
    )


def brand_part(brand) -> Part:
    """The partnership's look (its brand.yml): each colour the contrast rule changed, with the ratios before and
    after, the chart series close for a colour-blind reader, and what was read but not used."""
    return Part("brand", "Brand", Blocks(Heading("Brand", 2), BulletList(tuple(brand.report_lines()))))


def claims_part(documents: dict[str, Document]) -> Part:
    """The claims check of each public document (the report, its summary): what the QA page says of each."""
    return Part(
        "claims",
        "Claims check",
        Blocks(
            Heading("Claims check", 2),
            BulletList(tuple(f"{name}: {claims_line(document)}" for name, document in documents.items())),
        ),
    )


def claims_line(document: Document) -> str:
    """What the claims check found (:mod:`hscp_nb.document.claim_check`), in one sentence for the QA page."""
    check = claim_check.tally(document)
    untied = check.untied
    contradicted = claim_check.contradictions(document)
    text = (
        f"The claims ledger (claims.csv) holds {plural(len(document.claims), 'stated verdict')}; "
        f"{plural(check.tied, 'comparative or directional phrase')} in its words were tied to one, "
        f"and {len(untied)} were not"
    )
    text += ": " + "; ".join(f"“{u.phrase}” ({u.where})" for u in untied[:20]) + "." if untied else "."
    if contradicted:
        text += (
            " Claims stated with two verdicts: "
            + "; ".join(f"{claim_id} ({', '.join(sorted(found))})" for claim_id, found in contradicted)
            + "."
        )
    else:
        text += " No claim is stated with two different verdicts."
    return text


def readability_part(readability: Readability) -> Part:
    """The plain-English summary's readability (:mod:`hscp_nb.document.readability`)."""
    return Part(
        "readability",
        "Summary readability",
        Blocks(
            Heading("Summary readability", 2),
            Paragraph(f"summary.html: {readability.line()}"),
            Paragraph(f"Longest sentence: “{readability.longest}”"),
        ),
    )
