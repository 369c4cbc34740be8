"""A small document holding every block kind, shared by the block model's and the writers' tests."""

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
    Note,
    Paragraph,
    Table,
    Value,
)
from hscp_nb.document.model import Document, FrontMatter, Part

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="10" width="80" height="60" fill="#12436D"/></svg>'
)


def _value(figure, area, printed, value, unit="") -> Value:
    ident = f"indicators/{figure.split()[0].lower()}/value/{area.lower()}/2025-26"
    return Value(ident, "indicators", figure, figure.split()[0], area, "2025/26", value, printed, unit,
                 "core_suite.xlsx, sheet Data, row 2")  # fmt: skip


VALUES = tuple(
    _value(f"NI-{n} Indicator {n}", area, f"{n * 101:,}", float(n * 101), "rate per 100,000")
    for n in range(1, 10)
    for area in ("Highland", "Scotland")
)


def _claim(code: str, verdict: str, stated: str) -> Claim:
    return Claim(
        id=f"indicators/{code.lower()}/value/highland/2025-26#against-scotland",
        section="indicators",
        figure=f"{code} Indicator",
        code=code,
        area="Highland",
        period="2025/26",
        kind="against Scotland",
        verdict=verdict,
        stated=stated,
        compared="Highland's 2025/26 value with Scotland's",
        rule="similar when the difference is under 3% of Scotland's",
        values=f"Highland {verdict}",
        caveat="calendar year 2025 stands in for 2025/26",
    )


CLAIMS = (_claim("NI-11", "better", "Better than Scotland"), _claim("NI-12", "worse", "Worse than Scotland"))
# a file published beside the document, and an address
LINKS = (Link("NI-11", "report-data.xlsx"), Link("NI-12", "https://www.publichealthscotland.scot/"))


def every_kind() -> Blocks:
    table = pd.DataFrame(
        {
            "Indicator": ["NI-11", "NI-12"],
            "Title": ["Premature mortality rate <per 100,000>", "Emergency admission rate"],
            "2025/26": ["105,039", "843.1 (cal)"],
            "Change": ["−£0.12m", "+4.1%"],
        }
    )
    return Blocks(
        Heading("1. Indicators and outcomes", 2),
        Paragraph("People are able to look after their own health & wellbeing.", "lead"),
        Paragraph("This edition does not include inspections.", "not-included"),
        BulletList(("Better than Scotland: NI-11", "Worse than Scotland: NI-12"), claims=CLAIMS, links=LINKS),
        KeyFigures((KeyFigure("Total spend", "£608.19m", "against £604.54m planned"),)),
        Figure("bars", SVG, "Bar chart of one bar at 80.", "One bar", "Source: test.", Data(("x", "y"), (("a", 1.5),))),
        Table.from_frame(
            table, "summary", "Core indicators, Highland", data=table, notes=("(cal): calendar year.",), values=VALUES
        ),
        Note("Rates per 100,000 people."),
    )


def wide_table(columns: int = 14) -> Table:
    """A table as wide as the annex: a long title column and many year columns of six-figure numbers."""
    frame = pd.DataFrame(
        {"Indicator": [f"NI-{i}" for i in range(1, 20)], "Title": ["Emergency admission rate per 100,000"] * 19}
        | {f"20{y}/{y + 1}": ["105,039 (cal)"] * 19 for y in range(12, 12 + columns)}
    )
    return Table.from_frame(frame, "annex", "National indicator annex")


def sample_document() -> Document:
    return Document(
        FrontMatter(
            title="Test report",
            partnership="Highland",
            year_label="2025/26",
            synthetic=True,
            facts=(("Reporting year", "2025/26"), ("Meeting", None)),
            sources=("PHS test file",),
        ),
        [Part("section-1", "1. Indicators and outcomes", every_kind())],
    )
