"""A partnership's look (its ``brand.yml``, read by :mod:`hscp_nb.inputs.brand`), as every writer uses it: the colours
for each use, already checked and adjusted for contrast, the chart series in their fixed order, the logos with their
alt text and the font files.

Every output is printed on white, so colours are checked against white. Each use has its own target (the one rule:
:func:`hscp_nb.domain.colour.adjust`), and each colour the rule changed is an :class:`Adjustment` the QA page lists.

=================  ===================================================  ==========  ================================
use                where                                                target      from brand.yml
=================  ===================================================  ==========  ================================
``text``           body text                                            4.5:1       ``color.foreground``
``heading``        large headings (level 1 and 2), rules, borders        3:1         ``color.primary``
``accent``         smaller headings, links, key figures' values          4.5:1       ``color.primary``
``series``         chart lines, bars and markers                        3:1         primary, secondary, tertiary,
                                                                                    then ``color.palette`` in order
``series_text``    a chart's label in its series' colour                4.5:1       the same
=================  ===================================================  ==========  ================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hscp_nb.domain import colour
from hscp_nb.domain.colour import LARGE_RATIO, TEXT_RATIO, WHITE

# The look without a brand (the charts' palette is present/charts.PALETTE, whose slots 0-3 and 5 the series fill)
DEFAULT_TEXT = "#0B0C0C"
DEFAULT_PRIMARY = "#12436D"
SERIES_SLOTS = 5  # the charts' coloured series (dark blue, turquoise, pink, orange, purple); Scotland stays grey
DEFAULT_SERIES = ("#12436D", "#28A197", "#801650", "#F46A25", "#A285D1")
TINT_SHARE = 0.9  # a header fill is the heading colour 90% of the way to white


@dataclass(frozen=True)
class Adjustment:
    """A brand colour the contrast rule changed for one use."""

    key: str  # where it is in brand.yml: 'color.primary', 'color.palette.gold'
    use: str  # 'text', 'large headings', 'chart marks', …
    found: str
    used: str
    before: float  # contrast on white, found
    after: float  # contrast on white, used
    verb: str = "darkened"

    def __str__(self) -> str:
        return (
            f"{self.key} {self.found} {self.verb} to {self.used} for {self.use} "
            f"({self.before:.2f}:1 → {self.after:.2f}:1 on white)"
        )


@dataclass(frozen=True)
class Logo:
    """One logo image: its file's name, bytes, kind ('svg' or 'png') and alt text."""

    name: str
    data: bytes
    kind: str
    alt: str

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self.kind == "svg" else f"image/{self.kind}"


@dataclass(frozen=True)
class FontFile:
    """One font file: the family it holds (as brand.yml names it and the file's own name table says), its weight
    (400, 700) and style (normal, italic)."""

    family: str
    path: str
    weight: int = 400
    style: str = "normal"

    @property
    def format(self) -> str:
        return "opentype" if self.path.lower().endswith(".otf") else "truetype"


@dataclass(frozen=True)
class Brand:
    """A partnership's look, every colour checked for its use (see the module's table)."""

    name: str
    source: str  # the brand.yml it was read from
    digest: str  # SHA-256 of brand.yml and every file it names (presentation only: the edition records it)
    text: str = DEFAULT_TEXT
    heading: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_PRIMARY
    series: tuple[str, ...] = DEFAULT_SERIES
    series_text: tuple[str, ...] = DEFAULT_SERIES
    logo: Logo | None = None  # the title page's and header's (brand.yml's medium, else large, else small)
    small_logo: Logo | None = None  # the year's index (small, else medium, else large)
    fonts: tuple[FontFile, ...] = ()
    base_family: str | None = None
    heading_family: str | None = None
    adjustments: tuple[Adjustment, ...] = ()
    close: tuple[str, ...] = ()  # adjacent chart series hard to tell apart for a dichromacy (markers tell them)
    ignored: tuple[str, ...] = field(default=())  # brand.yml keys read but not used, each with why

    @property
    def tint(self) -> str:
        """A light fill of the heading colour (table header rows, key figures), on which ``text`` reads at 4.5:1."""
        share = TINT_SHARE
        while colour.contrast(self.text, colour.mix(self.heading, WHITE, share)) < TEXT_RATIO and share < 1:
            share = min(1.0, share + 0.02)
        return colour.mix(self.heading, WHITE, share)

    @property
    def font_families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.family for f in self.fonts))

    def report_lines(self) -> list[str]:
        """What the QA page and ``brand-check`` say about the look."""
        lines = [f"Brand: {self.name} ({self.source}), SHA-256 {self.digest[:12]}…"]
        lines += [str(a) for a in self.adjustments] or ["Every brand colour reaches its contrast target on white."]
        lines += list(self.close)
        lines += list(self.ignored)
        return lines


def _checked(key: str, found: str, use: str, target: float, adjustments: list[Adjustment]) -> str:
    result = colour.adjust(found, WHITE, target)
    if result.changed and not key.startswith("default"):  # the toolkit's own colours need no listing
        record = Adjustment(key, use, result.found, result.used, result.before, result.after, result.verb)
        if record not in adjustments:
            adjustments.append(record)
    return result.used


def looks(colours: dict[str, str]) -> dict:
    """The colours for each use from brand.yml's resolved colours (``{'color.primary': '#F9B233', …}``, palette
    entries as ``color.palette.<name>`` in file order), with the adjustments made: the keyword arguments of
    :class:`Brand` for the colours."""
    adjustments: list[Adjustment] = []
    text = _checked("color.foreground", colours.get("color.foreground", DEFAULT_TEXT), "text", TEXT_RATIO, adjustments)
    primary = colours.get("color.primary")
    out: dict = {"text": text}
    if primary:
        out["heading"] = _checked("color.primary", primary, "large headings and rules", LARGE_RATIO, adjustments)
        out["accent"] = _checked("color.primary", primary, "text (headings, links, key figures)", TEXT_RATIO,
                                 adjustments)  # fmt: skip
    order = [k for k in ("color.primary", "color.secondary", "color.tertiary") if colours.get(k)]
    order += [k for k in colours if k.startswith("color.palette.")]
    chosen: list[tuple[str, str]] = []
    for key in order:
        if colours[key] not in {c for _, c in chosen} and len(chosen) < SERIES_SLOTS:
            chosen.append((key, colours[key]))
    if chosen:
        keys = [k for k, _ in chosen] + [f"default series {i + 1}" for i in range(len(chosen), SERIES_SLOTS)]
        found = [c for _, c in chosen] + list(DEFAULT_SERIES[len(chosen) :])
        out["series"] = tuple(_checked(k, c, "chart marks", LARGE_RATIO, adjustments) for k, c in zip(keys, found))
        out["series_text"] = tuple(_checked(k, c, "chart labels", TEXT_RATIO, adjustments) for k, c in zip(keys, found))
        out["close"] = tuple(str(c) for c in colour.close_pairs(out["series"]))
    out["adjustments"] = tuple(adjustments)
    return out
