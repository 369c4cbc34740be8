"""The report's front matter: its title page's facts, sources and status, built once for every writer."""

from __future__ import annotations

from hscp_nb import __version__
from hscp_nb.document.model import FrontMatter
from hscp_nb.present.formats import date
from hscp_nb.present.wording import method_notes
from hscp_nb.report.about import source_line
from hscp_nb.report.context import Build

STATUTE = "Public Bodies (Joint Working) (Scotland) Act 2014 s42"


def report_front(build: Build) -> FrontMatter:
    p, year = build.partnership, build.year
    edition = (
        "Provisional: figures from unaudited accounts and provisional PHS data; to be refreshed"
        if build.provisional
        else "Final: audited accounts"
    )
    model = (
        "Lead agency (NHS Highland), overseen by a Joint Monitoring Committee"
        if p.is_lead_agency
        else "Integration Joint Board"
    )
    team = f"The performance team of {p.name} Health and Social Care Partnership"
    return FrontMatter(
        title=f"{p.name} Health and Social Care Partnership: Annual Performance Report {year.label}",
        description=f"Statutory annual performance report of {p.name} for {year.label}",
        eyebrow=f"Annual Performance Report {year.label}",
        heading=f"{p.name} Health and Social Care Partnership",
        partnership=p.name,
        year_label=year.label,
        facts=(
            ("Reporting year", f"{year.label} (1 April {year.start} to 31 March {year.start + 1})"),
            ("Publication deadline", f"{date(year.publication_deadline)} ({STATUTE})"),
            ("Governance model", model),
            ("Edition", edition),
        ),
        sources=tuple(source_line(i) for i in build.sources),
        notes=tuple(method_notes()),  # how to read the figures: the data workbook's notes
        synthetic=build.synthetic,
        version=__version__,
        created=date(build.today),
        status="Provisional: unaudited accounts and provisional PHS figures"
        if build.provisional
        else "Final: audited accounts",
        contact=f"{team}: {build.contact}" if build.contact else team,
        companions=build.companions,
    )
