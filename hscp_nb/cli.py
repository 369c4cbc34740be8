"""The hscp-nb command line: the one front end behind the Makefile.

Each command parses its options, calls the package, and turns an InputError into one readable line per problem
and a non-zero exit; it holds no report logic of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Annual Performance Reports for Scotland's Health and Social Care Partnerships.")
console = Console(stderr=True, highlight=False, soft_wrap=True)
DEFAULT_DATA = Path("data/sample/core_suite_sample.xlsx")
DEFAULT_LOCALITY = Path("data/sample/locality_extract_sample.xlsx")
DEFAULT_RETURNS = Path("data/sample/returns")


def _fail(err: InputError) -> None:
    console.print(f"[bold red]{len(err.problems)} problem(s):[/]")
    for problem in err.problems:
        console.print(f"  [red]✗[/] {problem}", soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def sample(out: Path = typer.Option(Path("data/sample"), help="Folder to write the synthetic sample into.")) -> None:
    """Regenerate the synthetic sample data (seeded: byte-identical every run)."""
    from .sample import write_sample

    files = write_sample(out)
    console.print(f"wrote {len(files)} synthetic sample files to {out}")


@app.command()
def template(
    out: Path = typer.Argument(..., help="Where to write the blank returns workbook (.xlsx)."),
    partnership: Optional[str] = typer.Option(None, "--partnership", "-p",
                                              help="Fill in the partnership and its localities' drop-down list."),
) -> None:
    """Write a blank local returns workbook with instructions and drop-down lists."""
    from .returns import write_template

    try:
        write_template(out, partnership)
    except InputError as err:
        _fail(err)
    console.print(f"wrote blank returns template to {out}")


@app.command()
def validate(paths: list[Path] = typer.Argument(..., help="PHS workbooks, locality extracts and returns workbooks.")) -> None:
    """Check any mix of input files; list every problem; exit 1 if any file has one."""
    from .validate import check

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


def main() -> None:  # pragma: no cover
    app()
