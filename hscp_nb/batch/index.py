"""The year's index, ``outputs/<YYYY-YY>/index.html``: every partnership, this run's status, the statutory
requirements its report meets (from the report's own manifest, so cached and earlier reports count too), a link to
each file it has (the writers' registry names them, the board paper's too), and for a failure its message, log,
executed notebook and what to do next. The page is the template ``templates/index.html.j2``."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hscp_nb.batch.job import Result
from hscp_nb.batch.plan import Job
from hscp_nb.document.model import SAMPLE_SENTENCE, FrontMatter
from hscp_nb.domain import reference
from hscp_nb.inputs.files import atomic_path
from hscp_nb.present.formats import date
from hscp_nb.products.pack import PACK_FOLDER, board_paper_front
from hscp_nb.writers.registry import DATA, PUBLIC, QA, WRITERS

TEMPLATES = Path(__file__).parent / "templates"


def index_links() -> list[tuple[str, str]]:
    """(file, label) of everything a report folder may hold, in the order the index lists them: the report in each
    writer's format, its data, its QA page, then the board paper and its data."""
    report = FrontMatter(title="")
    paper = board_paper_front()
    links = [(w.file_name(report), w.label) for w in WRITERS if w.audience in (PUBLIC, DATA, QA)]
    links += [(f"{PACK_FOLDER}/{w.file_name(paper)}", f"board paper ({w.label})") for w in WRITERS
              if w.audience == PUBLIC]  # fmt: skip
    links += [(f"{PACK_FOLDER}/{w.file_name(paper)}", f"benchmarking {w.label}") for w in WRITERS if w.audience == DATA]
    return links


@lru_cache(maxsize=1)
def _template():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return environment.get_template("index.html.j2")


def index_page(year_label: str, rows: list[dict]) -> str:
    """The page for ``rows`` (one per partnership: its name, slug, status, requirements met, the files it has, and a
    failure's detail, log and notebook). Counts are of reports that exist."""
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
    )


def write_index(jobs: list[Job], results: list[Result]) -> Path | None:
    """outputs/<YYYY-YY>/index.html listing every partnership that has a report for the year, and this run's status."""
    if not jobs:
        return None
    year_dir = jobs[0].target.parent
    this_run = {r.slug: r for r in results}
    links = [href for href, _ in index_links()]
    rows = []
    for p in reference.partnerships():
        report = year_dir / p.slug
        has = (report / "manifest.json").exists()
        r = this_run.get(p.slug)
        status = r.status if r else ("built earlier" if has else "not built")
        row = {"partnership": p.name, "slug": p.slug, "status": status, "has_report": has,
               "detail": r.detail if r else "", "met": None, "synthetic": False, "log": None, "notebook": None,
               "files": {href for href in links if (report / href).exists()}}  # fmt: skip
        if has:  # requirements met as the report's own manifest records them, for cached and earlier reports too
            try:
                manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
                checks = manifest.get("compliance", [])
                row["met"] = (sum(c["status"] == "MET" for c in checks), len(checks))
                row["synthetic"] = bool(manifest.get("synthetic"))
            except (OSError, ValueError, KeyError):
                pass
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
    with atomic_path(path) as tmp:  # an interrupt never leaves half an index
        tmp.write_text(index_page(jobs[0].params.year.label, rows), encoding="utf-8")
    return path
