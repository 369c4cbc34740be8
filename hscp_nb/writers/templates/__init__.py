"""The writers' layouts: report.typ (PDF), report.html.j2 and page.html.j2 (HTML), report.css, picture.typ."""

from pathlib import Path

TEMPLATES = Path(__file__).parent
