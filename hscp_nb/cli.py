"""The hscp-nb command line: the one front end behind the Makefile.

Each command parses its options, calls the package, and turns an InputError into one readable line per problem
and a non-zero exit; it holds no report logic of its own.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError
from hscp_nb.domain.sections import SECTION_NAMES
from hscp_nb.inputs.catalogue import INPUTS
from hscp_nb.writers.registry import FORMAT_NAMES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Annual Performance Reports for Scotland's Health and Social Care Partnerships.",
)
console = Console(stderr=True, highlight=False, soft_wrap=True)


def with_inputs(command):
    """The command with one option per input of the catalogue (:data:`~hscp_nb.inputs.catalogue.INPUTS`: ``--data``,
    ``--msg-data``, …, each also read from its Makefile variable in the environment, ``DATA=``, ``MSG_DATA=``), passed
    to it as ``inputs``: input name → path, the ones given (the others are the bundled sample's)."""
    import functools
    import inspect

    own = [p for p in inspect.signature(command).parameters.values() if p.name != "inputs"]
    options = [
        inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, annotation=Path | None,
                          default=typer.Option(None, spec.option, envvar=spec.make, show_envvar=False,
                                               help=f"{spec.help} ({spec.make}=; default: the bundled sample's)."))
        for spec in INPUTS.values()
    ]  # fmt: skip

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        given = {name: kwargs.pop(name) for name in INPUTS}
        return command(*args, inputs={n: v for n, v in given.items() if v not in (None, "")}, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + options)
    return wrapper


def _fail(err: InputError) -> None:
    console.print(f"[bold red]{len(err.problems)} problem(s):[/]")
    for problem in err.problems:
        console.print(f"  [red]✗[/] {problem}", soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def sample(out: Path = typer.Option(Path("data/sample"), help="Folder to write the synthetic sample into.")) -> None:
    """Regenerate the synthetic sample data (seeded: byte-identical every run)."""
    from hscp_nb.sample import write_sample

    files = write_sample(out)
    console.print(f"wrote {len(files)} synthetic sample files to {out}")


@app.command()
def template(
    out: Path = typer.Argument(..., help="Where to write the blank returns workbook (.xlsx)."),
    partnership: str | None = typer.Option(
        None, "--partnership", "-p", help="Fill in the partnership and its localities' drop-down list."
    ),
) -> None:
    """Write a blank local returns workbook with instructions and drop-down lists."""
    from hscp_nb.inputs.returns_template import write_template

    try:
        write_template(out, partnership)
    except InputError as err:
        _fail(err)
    console.print(f"wrote blank returns template to {out}")


@app.command()
def publish(
    year: str = typer.Option(..., help="Reporting year(s) of the reports to publish (2025 means 2025/26)."),
    partnership: str = typer.Option(..., "--partnership", "--hscp", help="Partnership(s), comma separated."),
    output: Path | None = typer.Option(None, help="Output root the report was built in (default: outputs/)."),
    editions: Path | None = typer.Option(None, "--editions", help="Register of editions (default: editions/)."),
) -> None:
    """Record built reports as published editions: their public files, figure ledger and manifest, in the register.

    The inputs are those the report's manifest records: each must still be where it was, with the same SHA-256, and
    the code must be the code that built it. A report that is not built or is stale is refused in one line, naming
    the file; publishing again with nothing changed adds no edition."""
    import datetime as dt

    from hscp_nb import __version__
    from hscp_nb.batch.plan import code_digest, default_editions_root
    from hscp_nb.domain import reference
    from hscp_nb.domain.years import parse_years
    from hscp_nb.editions import register
    from hscp_nb.editions.manifest import Manifest
    from hscp_nb.inputs.params import default_output_root
    from hscp_nb.writers.registry import DATA, PUBLIC, WRITERS

    try:
        chosen = reference.resolve_partnerships(partnership)
        years = parse_years(year, dt.date.today().year)
    except InputError as err:
        _fail(err)
    root = Path(output or default_output_root()).expanduser().resolve()
    editions_root = default_editions_root(root, editions)
    code, refused = code_digest(), False
    for reporting_year in years:
        for one in sorted(chosen, key=lambda p: p.name):
            name, folder = f"{one.name} {reporting_year.label}", root / reporting_year.slug / one.slug
            built = Manifest.read(folder)
            why = (f"it is not built (no {folder / 'manifest.json'}); run make report first" if built is None
                   else built.stale_reason(code, __version__))  # fmt: skip
            if why:
                console.print(f"[red]✗ {name}: not published: {why}[/]", soft_wrap=True)
                refused = True
                continue
            public = [w for w in WRITERS if w.audience in (PUBLIC, DATA)]
            names = [n for n in built.files if n != "qa.html" and any(n.endswith(w.extension) for w in public)]
            edition = register.publish(folder, editions_root, names)
            if edition is None:
                last = register.latest(editions_root, reporting_year.slug, one.slug)
                console.print(f"{name}: nothing changed since the {last.name} ({last.date}); no edition added")
            else:
                console.print(
                    f"[green]✓ {name}: {edition.name} ({edition.status}, {edition.date}) in {edition.folder}[/]"
                )
    if refused:
        raise typer.Exit(1)


@app.command()
def overview(
    year: str = typer.Option(..., "--year", "-y", help="Reporting year: 2025 means 2025/26."),
    output: Path | None = typer.Option(None, help="Output root the reports were built in (default: outputs/)."),
    editions: Path | None = typer.Option(None, "--editions", help="Register of editions (default: editions/)."),
) -> None:
    """The national overview: every partnership's built report of the year, read together, in
    outputs/<YYYY-YY>/scotland/ (overview.html, overview.pdf, overview-data.xlsx and .ods, and its figures.csv).

    It reads each report's figure and claims ledgers, its manifest and the register of editions, and computes no
    figure again. A report that is missing, failed or stale is named (and the command exits with status 1); the
    overview of the others is written all the same."""
    from hscp_nb.batch.index import refresh_year_index
    from hscp_nb.batch.plan import code_digest, default_editions_root
    from hscp_nb.domain.years import parse_year
    from hscp_nb.inputs.params import default_output_root
    from hscp_nb.products.overview import write_overview

    try:
        reporting_year = parse_year(year)
        root = Path(output or default_output_root()).expanduser().resolve()
        written = write_overview(reporting_year, root, default_editions_root(root, editions), code=code_digest())
    except InputError as err:
        _fail(err)
    refresh_year_index(root, reporting_year)  # the year's index and outputs/index.html link the overview
    for name, why in written.left_out:
        console.print(f"[red]✗ {name} {reporting_year.label}: not in the overview: {why}[/]", soft_wrap=True)
    total = len(reference.partnerships())
    console.print(f"overview: {written.path} ({total - len(written.left_out)} of {total} reports read)")
    if written.left_out:
        raise typer.Exit(1)


@app.command()
def validate(
    paths: list[Path] | None = typer.Argument(
        None,
        help="PHS workbooks, locality extracts, MSG data, returns workbooks and layouts (report.yml). Default: "
        "every input the environment's DATA=, RETURNS=, LOCAL=, … name, else the bundled sample's.",
    ),
) -> None:
    """Check any mix of input files; list every problem; exit 1 if any file has one."""
    from hscp_nb.inputs.validate import check

    paths = paths or _inputs_named()

    failed = 0
    for path in paths:
        try:
            result = check(path)
        except InputError as err:
            failed += 1
            console.print(f"[red]✗ {path}[/]: {len(err.problems)} problem(s)")
            for problem in err.problems:
                console.print(f"    {problem}", soft_wrap=True)
            continue
        console.print(f"[green]✓ {path}[/] ({result.kind}): {result.summary}")
        for note in result.notes:
            console.print(f"    note: {note}")
    console.print(f"{len(paths) - failed} of {len(paths)} file(s) valid")
    if failed:
        raise typer.Exit(1)


@app.command("brand-check")
def brand_check(
    partnership: str = typer.Option(..., "--partnership", "--hscp", help="Partnership(s), comma separated."),
    local: Path | None = typer.Option(
        None, "--local", envvar=INPUTS["local"].make, help="Folder of partnerships' own files (default: the sample's)."
    ),
) -> None:
    """What each partnership's brand.yml would change (colours darkened for contrast, close chart series), without
    building; exit 1 if one would be refused."""
    from hscp_nb.inputs.brand import check_lines
    from hscp_nb.inputs.params import default_path

    root = Path(local or default_path("local"))
    failed = False
    try:
        chosen = reference.resolve_partnerships(partnership)
    except InputError as err:
        _fail(err)
    for one in chosen:
        try:
            for line in check_lines(root / one.slug):
                console.print(f"{one.name}: {line}", soft_wrap=True)
        except InputError as err:
            failed = True
            for problem in err.problems:
                console.print(f"[red]✗ {one.name}: {problem}[/]", soft_wrap=True)
    if failed:
        raise typer.Exit(1)


def _inputs_named() -> list[Path]:
    """Every file the inputs name (each from its Makefile variable in the environment, else the sample's): a folder
    of partnerships' files as its files (returns workbooks, layouts)."""
    import os

    from hscp_nb.inputs.layout import LAYOUT_FILE
    from hscp_nb.inputs.params import default_path

    paths = []
    for spec in INPUTS.values():
        path = Path(os.environ.get(spec.make) or default_path(spec.name))
        if spec.kind == "folder":
            paths += sorted(path.glob(f"*/{LAYOUT_FILE}")) + sorted(path.glob("*/brand.yml"))
        elif spec.per_partnership and path.is_dir():
            paths += sorted(path.glob(spec.per_partnership.format(slug="*")))
        else:
            paths.append(path)
    return paths


def main() -> None:  # pragma: no cover
    app()


@app.command()
@with_inputs
def report(
    year: str = typer.Option(
        ...,
        "--year",
        "-y",
        help="Reporting year: 2021 means 2021/22 (also '2021/22' or '2122'); a range of start years such as "
        "2019-2025; or 'all' (2016/17 to the PHS file's latest).",
    ),
    partnership: str | None = typer.Option(
        None,
        "--partnership",
        "--hscp",
        help="Partnership(s): S37 code, name or slug, comma separated. Default: all 31.",
    ),
    sections: str | None = typer.Option(None, "--sections", help=f"Subset of sections: {SECTION_NAMES}."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", help="Parallel workers (default: the machine's cores)."),
    output: Path | None = typer.Option(None, help="Output root (default: outputs/)."),
    force: bool = typer.Option(False, "--force", help="Rebuild even when inputs are unchanged."),
    formats: str | None = typer.Option(
        None,
        "--formats",
        help=f"Formats to write, comma separated: {FORMAT_NAMES}. "
        "Default: all. The QA page, figure ledger and manifest are always written.",
    ),
    editions: Path | None = typer.Option(
        None,
        "--editions",
        help="Register of published editions the reports compare themselves with (default: editions/ beside outputs/).",
    ),
    inputs: dict | None = None,
) -> None:
    """Build Annual Performance Reports in every format (HTML, tagged PDF, Word, ODT, data workbooks), the QA page,
    manifest and figures, and outputs/<YYYY-YY>/index.html.

    One partnership failing never stops the others; the run ends with a summary table and exits 1 if any failed.
    Ctrl-C stops it within seconds with the summary marked interrupted (exit 130); a second Ctrl-C ends it at once.
    """
    try:
        _report(year, partnership, sections, jobs, inputs or {}, output, force, formats, editions)
    except KeyboardInterrupt:  # Ctrl-C before the batch began or after it stopped: nothing was half-written
        console.print("[red]Ended at once by an interrupt; earlier reports are unchanged.[/]")
        raise typer.Exit(130) from None


def _how_many(partnership) -> int | None:
    """How many partnerships ``--partnership`` names (None: all, or a name the plan will refuse)."""
    try:
        return len(reference.resolve_partnerships(partnership)) if partnership else None
    except InputError:
        return None


def _report(year, partnership, sections, jobs, inputs: dict, output, force, formats, editions) -> None:
    import signal
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from hscp_nb import batch

    workers = batch.start_workers(jobs, _how_many(partnership))  # they start their kernels while the batch is planned
    try:
        planned = batch.plan(
            year,
            partnership,
            sections,
            output_root=output,
            force=force,
            formats=formats,
            editions_root=editions,
            **inputs,
        )
    except InputError as err:
        workers.shutdown()
        _fail(err)
    except BaseException:
        workers.shutdown()
        raise
    started = time.perf_counter()
    counts = {"done": 0, "failed": 0, "running": 0}
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TextColumn("{task.fields[state]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        years = sorted({job.params.year for job in planned})
        span = years[0].label if len(years) == 1 else f"{years[0].label} to {years[-1].label}"
        task = progress.add_task(f"Reports {span}", total=len(planned), state="")

        def update(result, event):
            if event == "start":
                counts["running"] += 1
            else:
                counts["done"] += 1
                counts["failed"] += result.status == "failed"
                counts["running"] = max(0, min(counts["running"], len(planned) - counts["done"]))
                progress.advance(task)
            progress.update(
                task,
                state=f"built/cached {counts['done'] - counts['failed']} · failed {counts['failed']} · "
                f"running {counts['running']}",
            )

        results = batch.run(planned, jobs, update, pool=workers)  # a second Ctrl-C raises KeyboardInterrupt
    interrupted = any(r.status in {batch.INTERRUPTED, batch.NOT_BUILT} for r in results)
    if interrupted:  # what is left (index, summary) takes milliseconds: a further Ctrl-C need not cut it short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    index = batch.write_index(planned, results)
    order = {p.code: i for i, p in enumerate(reference.partnerships())}
    results = sorted(results, key=lambda r: (r.year.start, order[r.partnership.code]))
    title = f"Reports {span} ({time.perf_counter() - started:.1f} s)" + (": INTERRUPTED" if interrupted else "")
    console.print(_summary(results, title) if len(years) == 1 else _summary_by_year(results, title))
    for r in results:
        if r.status == "failed":
            console.print(f"[red]✗ {r.partnership.name} {r.year.label}[/]: {r.detail}")
            console.print(f"    executed notebook: {r.failed_notebook or '–'}\n    log: {r.log}")
    console.print(f"index: {index}")
    if interrupted:
        counts = {s: sum(r.status == s for r in results) for s in ("built", "cached", "failed")}
        stopped = sum(r.status in {batch.INTERRUPTED, batch.NOT_BUILT} for r in results)
        console.print(
            f"[yellow]Interrupted:[/] {counts['built']} built, {counts['cached']} cached, "
            f"{counts['failed']} failed, {stopped} not built (run the same command again to finish)"
        )
        raise typer.Exit(130)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


STATUS_STYLES = {"failed": "red", "cached": "dim", "interrupted": "yellow", "not built": "yellow"}


def _summary(results, title: str):
    """One row per report: partnership, status, seconds and the first line of what to look at."""
    from rich.table import Table

    table = Table(title=title)
    for column in ("Partnership", "Status", "Seconds", "Detail / where to look"):
        table.add_column(column)
    for r in results:
        detail = r.detail.splitlines()[0] if r.detail else ""
        table.add_row(r.partnership.name, r.status, f"{r.seconds:.1f}", detail, style=STATUS_STYLES.get(r.status, ""))
    return table


def _summary_by_year(results, title: str):
    """One row per reporting year with its counts (a run of 310 reports reads at a glance); failures follow."""
    from collections import Counter

    from rich.table import Table

    statuses = ("built", "cached", "failed", "interrupted", "not built")
    table = Table(title=title)
    for column in ("Year", *(s.capitalize() for s in statuses), "Seconds"):
        table.add_column(column, justify="left" if column == "Year" else "right")
    for year in sorted({r.year for r in results}):
        mine = [r for r in results if r.year == year]
        counts = Counter(r.status for r in mine)
        table.add_row(year.label, *(str(counts.get(s, 0) or "–") for s in statuses),
                      f"{sum(r.seconds for r in mine):.1f}", style="red" if counts.get("failed") else "")  # fmt: skip
    return table


def _pack_job(args):
    from hscp_nb.products.pack import build_pack

    code, year, data, output, formats, template, msg_data = args
    try:
        pack = build_pack(code, year, data, output, formats, template, msg_data)
        return code, "built", f"{len(pack.charts)} charts, board paper, data pack", str(pack.folder)
    except InputError as err:
        return code, "failed", err.summary(), ""


@app.command()
def charts(
    year: str = typer.Option(..., "--year", "-y", help="Reporting year: 2025 means 2025/26."),
    partnership: str | None = typer.Option(
        None, "--partnership", "--hscp", help="Partnership(s), comma separated. Default: all 31."
    ),
    data: Path | None = typer.Option(
        None, envvar=INPUTS["data"].make, help="PHS Core Suite workbook (default: sample)."
    ),
    output: Path | None = typer.Option(None, help="Output root (default: outputs/)."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", help="Parallel workers (default: the machine's cores)."),
    formats: str | None = typer.Option(None, "--formats", help=f"Formats to write: {FORMAT_NAMES}. Default: all."),
    paper_template: Path | None = typer.Option(
        None, "--paper-template", help="The partnership's Word paper template (.docx): its styles and numbering."
    ),
    msg_data: Path | None = typer.Option(
        None, envvar=INPUTS["msg_data"].make, help="PHS MSG data, for the MSG rates of all 31 (default: sample)."
    ),
) -> None:
    """Benchmarking pack for board papers: funnel plots, peer group, position among 31, run charts, Word, Excel."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from hscp_nb.domain.reference import resolve_partnerships
    from hscp_nb.domain.years import parse_year
    from hscp_nb.writers.registry import select

    try:
        chosen = resolve_partnerships(partnership)
        parse_year(year)
        select(formats)
        from hscp_nb.products.pack import check_paper_template

        template = check_paper_template(paper_template)
    except InputError as err:
        _fail(err)
    msg = str(msg_data) if msg_data else None
    work = [(p.code, year, str(data) if data else None, str(output) if output else None, formats, template, msg)
            for p in chosen]  # fmt: skip
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_pack_job, work))
    failed = 0
    for code, status, detail, folder in results:
        failed += status == "failed"
        mark = "[green]✓[/]" if status == "built" else "[red]✗[/]"
        console.print(f"{mark} {code}: {detail} {folder}")
    console.print(f"{len(results) - failed} of {len(results)} benchmarking packs built")
    from hscp_nb.batch.index import refresh_year_index
    from hscp_nb.inputs.params import default_output_root

    root = Path(output or default_output_root())
    if (root / parse_year(year).slug / "index.html").exists():  # the year's index links each pack at once
        console.print(f"index: {refresh_year_index(root, parse_year(year))}")
    if failed:
        raise typer.Exit(1)
