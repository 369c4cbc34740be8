"""Show that a change left the published figures alone: compare two output folders report by report.

    python benchmarks/same_outputs.py BEFORE_ROOT AFTER_ROOT [YEAR_SLUG] [--reflow]

For every report folder present in both roots (``<root>/<YYYY-YY>/<slug>``) it compares every figure CSV byte for
byte and the text of report.pdf line by line, with dates ("30 November 2026") masked, since a rebuild on another day
prints another build date. With ``--reflow``, page numbers (running footers, the contents list's numbers) are masked
too, and the text is compared as one run of words, so that a change that moves text to another page shows as that
change alone. It prints each difference and exits 1 if there is any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)


FOOTER = re.compile(r"^.* · Annual Performance Report \d{4}/\d{2} Page \d+ of \d+$")
CONTENTS_NUMBER = re.compile(r"(\.{5,}) ?\d+$")
REFLOW = False


def pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    lines = [DATE.sub("<date>", line).rstrip() for line in text.splitlines()]
    if REFLOW:
        lines = [CONTENTS_NUMBER.sub(r"\1", line) for line in lines if not FOOTER.match(line)]
        lines = " ".join(lines).split()
    return lines


def compare(before: Path, after: Path) -> list[str]:
    differences = []
    for csv in sorted((before / "figures").glob("*.csv")):
        other = after / "figures" / csv.name
        if not other.exists():
            differences.append(f"{other}: missing")
        elif other.read_bytes() != csv.read_bytes():
            differences.append(f"{other}: differs from {csv}")
    for extra in sorted(
        {p.name for p in (after / "figures").glob("*.csv")} - {p.name for p in (before / "figures").glob("*.csv")}
    ):
        differences.append(f"{after / 'figures' / extra}: new")
    if (before / "report.pdf").exists():
        import difflib

        old, new = pdf_lines(before / "report.pdf"), pdf_lines(after / "report.pdf")
        diff = [line for line in difflib.unified_diff(old, new, "before", "after", lineterm="", n=0)]
        if diff:
            differences.append(f"{after / 'report.pdf'}: text differs\n" + "\n".join(diff[:200]))
    return differences


def main(argv: list[str]) -> int:
    global REFLOW
    REFLOW = "--reflow" in argv
    argv = [a for a in argv if a != "--reflow"]
    before_root, after_root = Path(argv[1]), Path(argv[2])
    years = [argv[3]] if len(argv) > 3 else sorted(p.name for p in before_root.iterdir() if p.is_dir())
    compared, differences = 0, []
    for year in years:
        for report in sorted(p for p in (before_root / year).iterdir() if (p / "manifest.json").exists()):
            twin = after_root / year / report.name
            if (twin / "manifest.json").exists():
                compared += 1
                differences += compare(report, twin)
    for line in differences:
        print(line)
    print(f"{compared} report(s) compared: {len(differences)} difference(s)")
    return 1 if differences or not compared else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
