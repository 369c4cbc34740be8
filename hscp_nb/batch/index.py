"""The indexes of the outputs.

- Each year's, ``outputs/<YYYY-YY>/index.html``: every partnership, this run's status, the statutory requirements its
  report meets (from the report's own manifest, so cached and earlier reports count too), a link to each file it has
  (the writers' registry names them, the board paper's too), and for a failure its message, log, executed notebook
  and what to do next (``templates/index.html.j2``).
- The overview, ``outputs/index.html``: a grid of partnerships by reporting year, each cell the report's status and
  its HTML and PDF, or a failure's log, a link to every year's index and to every year's national overview of the
  reports read together, where ``hscp-nb overview`` has written one (``templates/overview.html.j2``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hscp_nb.batch.job import JobOutcome
from hscp_nb.batch.plan import Job
from hscp_nb.document.model import SAMPLE_SENTENCE, FrontMatter
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError
from hscp_nb.domain.requirements import LEFT_OUT, Check
from hscp_nb.editions.manifest import Manifest
from hscp_nb.editions.register import ordinal_word
from hscp_nb.inputs.files import atomic_path
from hscp_nb.present.formats import date, plural
from hscp_nb.products.overview import FOLDER as NATIONAL_FOLDER
from hscp_nb.products.pack import PACK_FOLDER, board_paper_front
from hscp_nb.writers.registry import DATA, LEDGER, PUBLIC, QA, WRITERS

TEMPLATES = Path(__file__).parent / "templates"


def index_links() -> list[tuple[str, str]]:
    """(file, label) of everything a report folder may hold, in the order the index lists them: the report in each
    writer's format, its data, its figure ledger, its QA page, its plain-English summary, then the board paper and
    its data."""
    report = FrontMatter(title="")
    paper = board_paper_front()
    links = [(w.file_name(report), w.label) for w in WRITERS if w.audience in (PUBLIC, DATA, LEDGER, QA)]
    summary = FrontMatter(title="", stem="summary")
    links += [(w.file_name(summary), f"summary ({w.label})") for w in WRITERS if w.audience == PUBLIC]
    links += [(f"{PACK_FOLDER}/{w.file_name(paper)}", f"board paper ({w.label})") for w in WRITERS
              if w.audience == PUBLIC]  # fmt: skip
    links += [(f"{PACK_FOLDER}/{w.file_name(paper)}", f"benchmarking {w.label}") for w in WRITERS if w.audience == DATA]
    return links


@lru_cache(maxsize=2)
def _template(name: str = "index.html.j2"):
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return environment.get_template(name)


def index_page(year_label: str, rows: list[dict], overview: bool = False) -> str:
    """The page for ``rows`` (one per partnership: its name, slug, status, requirements met, the files it has, and a
    failure's detail, log and notebook). Counts are of reports that exist. ``overview``: the year's national
    overview has been written (``make overview``), and the page links it."""
    links = index_links()
    statuses = Counter(r["status"] for r in rows)
    for row in rows:
        row["links"] = [(href, label) for href, label in links if href in row.get("files", ())] if row["has_report"] \
            else []  # fmt: skip
    return _template().render(
        year_label=year_label,
        rows=rows,
        available=sum(r["has_report"] for r in rows),
        run="; ".join(f"{n} {status}" for status, n in sorted(statuses.items())),
        written=date(dt.date.today()),
        synthetic=any(r.get("synthetic") for r in rows),
        sample_sentence=SAMPLE_SENTENCE.format(what="these reports"),
        overview=overview,
    )


def write_index(jobs: list[Job], results: list[JobOutcome]) -> Path | None:
    """Every year's index for the years ``jobs`` cover, and the overview of all years. Returns the year's index when
    the run was of one year, else the overview."""
    if not jobs:
        return None
    root = Path(jobs[0].output_root)
    years = sorted({job.params.year for job in jobs})
    paths = [_write_year_index(root / year.slug, year, [r for r in results if r.year == year]) for year in years]
    overview = write_overview(root, results)
    return paths[0] if len(paths) == 1 else overview


def _status(result: JobOutcome | None, has_report: bool) -> str:
    """A report's status: this run's, else whether an earlier run left one."""
    return result.status if result else ("built earlier" if has_report else "not built")


def _manifest(report: Path) -> Manifest | None:
    return Manifest.read(report)


def edition_text(manifest: Manifest | None, short: bool = False) -> str:
    """What an index says of a report's edition: 'second edition (provisional), not yet published; 21 figures
    changed since the first'; ``short`` for the overview's grid: 'edition 2, 21 changed'."""
    edition = manifest.edition if manifest else None
    if not edition:
        return "" if short else "–"
    changes, replaces = edition.get("changes") or 0, edition.get("replaces")
    if short:
        return f"edition {edition['number']}" + (f", {changes} changed" if replaces else "")
    state = f"published {date(edition['date'])}" if edition.get("published") else "not yet published"
    text = f"{ordinal_word(edition['number']).lower()} edition ({edition['status']}), {state}"
    if replaces:
        text += f"; {plural(changes, 'figure')} changed since the {ordinal_word(replaces['number']).lower()}"
    return text


UNMET = {"DUE": "due", "LATE": "late", "MISSING": "missing"}  # a check's status as the index says it, in this order


def requirements_text(checks: list[Check], deadline: dt.date, today: dt.date | None = None) -> str:
    """What the index says of a report's statutory requirements: '18 of 19 met; 1 due (publication by 31 July 2026,
    now overdue)'. Publication (PUB-1) is due until ``make publish`` records an edition, not a failure of the
    report."""
    today = today or dt.date.today()
    counts = Counter(c.status for c in checks)
    parts = [f"{counts['MET']} of {len(checks)} met"]
    for status, word in UNMET.items():
        if counts[status]:
            ids = {c.id for c in checks if c.status == status}
            if ids == {"PUB-1"} and status == "DUE":
                overdue = ", now overdue" if today > deadline else ""
                parts.append(f"1 due (publication by {date(deadline)}{overdue})")
            elif ids == {"PUB-1"} and status == "LATE":
                parts.append(f"1 late (published after {date(deadline)})")
            else:
                left = [c.id for c in checks if c.status == status and c.detail.startswith(LEFT_OUT)]
                parts.append(f"{counts[status]} {word}" + (f" ({len(left)} left out by the layout: "
                                                           f"{', '.join(left)})" if left else ""))  # fmt: skip
    return "; ".join(parts)


def refresh_year_index(root: Path, year) -> Path:
    """Write ``year``'s index and the overview again from what the output folder holds (after ``make charts``, so
    that the year's index links each benchmarking pack at once)."""
    path = _write_year_index(root / year.slug, year, [])
    write_overview(root)
    return path


def _small_logo(folder: str | None):
    """The partnership's small logo from its brand.yml (the folder its report was built with), beside its name on the
    year's index: decorative, as the name says it already; None without a brand, or with one its report refused."""
    from markupsafe import Markup

    from hscp_nb.inputs.brand import read_brand
    from hscp_nb.writers.html import logo_img

    try:
        brand = read_brand(Path(folder)) if folder else None
    except InputError:
        return None
    return Markup(logo_img(brand.small_logo, decorative=True)) if brand and brand.small_logo else None


def _write_year_index(year_dir: Path, year, results: list[JobOutcome]) -> Path:
    this_run = {r.slug: r for r in results}
    links = [href for href, _ in index_links()]
    rows = []
    for p in reference.partnerships():
        report = year_dir / p.slug
        manifest = _manifest(report)
        has = manifest is not None
        r = this_run.get(p.slug)
        status = _status(r, has)
        row = {"partnership": p.name, "slug": p.slug, "status": status, "has_report": has,
               "detail": r.detail if r else "", "met": None, "synthetic": False, "log": None, "notebook": None,
               "edition": "–", "logo": None,
               "files": {href for href in links if (report / href).exists()}}  # fmt: skip
        if has:  # requirements met as the report's own manifest records them, for cached and earlier reports too
            checks = manifest.compliance
            row["met"] = requirements_text(checks, year.publication_deadline)
            row["synthetic"] = manifest.synthetic
            row["edition"] = edition_text(manifest)
            row["logo"] = _small_logo(manifest.parameters.get("local"))
        failed = year_dir / "failed" / p.slug
        if status == "failed":
            if (failed / "error.log").exists():
                row["log"] = f"failed/{p.slug}/error.log"
            notebook = next(iter(sorted(failed.glob("*.ipynb"))), None)
            if notebook is not None:
                row["notebook"] = f"failed/{p.slug}/{notebook.name}"
            if has:
                row["detail"] += " (the previous report is kept)"
        rows.append(row)
    path = year_dir / "index.html"
    year_dir.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:  # an interrupt never leaves half an index
        tmp.write_text(
            index_page(year.label, rows, (year_dir / "scotland" / "overview.html").exists()), encoding="utf-8"
        )
    return path


def write_overview(root: Path, results: list[JobOutcome] = ()) -> Path:
    """``outputs/index.html``: every partnership by every reporting year that has a folder under ``root``."""
    from hscp_nb.domain.years import parse_year

    years = []  # every year folder with an index, whichever run wrote it
    for folder in sorted(root.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]")):
        try:
            year = parse_year(folder.name)
        except InputError:
            continue
        if (folder / "index.html").exists():
            years.append(year)
    this_run = {(r.year, r.slug): r for r in results}
    report = FrontMatter(title="")
    shown = [(w.file_name(report), w.label) for w in WRITERS if w.name in {"html", "pdf"}]
    rows, available, synthetic = [], 0, False
    for p in reference.partnerships():
        cells = []
        for year in years:
            folder = root / year.slug / p.slug
            manifest = _manifest(folder)
            r = this_run.get((year, p.slug))
            status = _status(r, manifest is not None)
            links = [(f"{year.slug}/{p.slug}/{href}", label) for href, label in shown if (folder / href).exists()]
            log = root / year.slug / "failed" / p.slug / "error.log"
            cells.append({"year": year.label, "status": status, "links": links if manifest else [],
                          "edition": edition_text(manifest, short=True),
                          "log": f"{year.slug}/failed/{p.slug}/error.log" if status == "failed" and log.exists()
                          else None})  # fmt: skip
            available += manifest is not None
            synthetic = synthetic or bool(manifest and manifest.synthetic)
        rows.append({"partnership": p.name, "cells": cells})
    statuses = Counter(r.status for r in results)
    national = [(year, f"{year.slug}/{NATIONAL_FOLDER}/{name}", label) for year in years
                for name, label in (("overview.html", "web page"), ("overview.pdf", "PDF"))
                if (root / year.slug / NATIONAL_FOLDER / name).exists()]  # fmt: skip
    page = _template("overview.html.j2").render(
        national=national,
        years=years,
        rows=rows,
        available=available,
        run="; ".join(f"{n} {status}" for status, n in sorted(statuses.items())),
        written=date(dt.date.today()),
        synthetic=synthetic,
        sample_sentence=SAMPLE_SENTENCE.format(what="these reports"),
    )
    path = root / "index.html"
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path
