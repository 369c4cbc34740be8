"""Colour rules every output shares: WCAG contrast, the one adjustment rule for a colour that fails it, and the
colour-blind check of a chart palette.

- Contrast is WCAG 2.x's: (L1 + 0.05) / (L2 + 0.05) of the relative luminances (sRGB, linearised).
- **The adjustment rule** (issue 28; the QA page lists each use): a colour under its target is mixed with black (on a
  light background) or white (on a dark one) in steps of 1% of the way, keeping its hue, until it reaches the target;
  the first step that passes is used. Text needs 4.5:1 (WCAG 1.4.3), large headings and chart marks 3:1 (1.4.3's
  large text, 1.4.11's graphical objects).
- **Colour-blind check**: each colour simulated for protanopia, deuteranopia and tritanopia (Machado, Oliveira and
  Fernandes 2009, severity 1.0, applied to linear RGB), then compared pairwise by CIE76 ΔE in CIELAB (D65). Two
  adjacent series closer than :data:`DISTINCT_DELTA_E` in any simulation are "close": the charts then tell them apart
  by marker and line style as well (every multi-series chart has both), and the QA page says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHITE = "#FFFFFF"
BLACK = "#000000"
TEXT_RATIO = 4.5  # WCAG 1.4.3, normal text
LARGE_RATIO = 3.0  # WCAG 1.4.3 large text (18 pt, or 14 pt bold) and 1.4.11 graphical objects (chart marks, rules)
STEP = 0.01  # the share of the way to black (or white) each adjustment step mixes in
DISTINCT_DELTA_E = 12.0  # CIE76 ΔE under which two simulated colours are taken as hard to tell apart

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision deficiency",
# severity 1.0, on linear RGB.
DICHROMACIES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def is_hex(text: object) -> bool:
    return isinstance(text, str) and bool(_HEX.match(text.strip()))


def normal(colour: str) -> str:
    """``#rgb``, ``rgb`` or ``#rrggbb`` in any case as ``#RRGGBB``."""
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits.upper()


def rgb(colour: str) -> tuple[float, float, float]:
    digits = normal(colour)[1:]
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(values) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, v)) * 255):02X}" for v in values)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel: float) -> float:
    channel = min(1.0, max(0.0, channel))
    return channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(colour: str) -> bool:
    """Whether text on ``colour`` reads better in white than in black."""
    return contrast(colour, WHITE) > contrast(colour, BLACK)


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` of the way to ``other`` (in sRGB)."""
    return to_hex(a + (b - a) * share for a, b in zip(rgb(colour), rgb(other)))


@dataclass(frozen=True)
class Adjusted:
    """A colour checked against a background for a use: the colour used, and the ratios before and after."""

    found: str
    used: str
    background: str
    target: float
    before: float
    after: float

    @property
    def changed(self) -> bool:
        return self.found != self.used

    @property
    def verb(self) -> str:
        return "lightened" if is_dark(self.background) else "darkened"


def adjust(colour: str, background: str = WHITE, target: float = TEXT_RATIO) -> Adjusted:
    """``colour`` if it reaches ``target`` against ``background``; else the first 1% step towards black (towards
    white on a dark background) that does."""
    found = normal(colour)
    background = normal(background)
    before = contrast(found, background)
    used, steps = found, 0
    towards = WHITE if is_dark(background) else BLACK
    while contrast(used, background) < target and steps < round(1 / STEP):
        steps += 1
        used = mix(found, towards, steps * STEP)
    return Adjusted(found, used, background, target, round(before, 2), round(contrast(used, background), 2))


# ---------------------------------------------------------------------------------------------- colour blindness
def simulate(colour: str, dichromacy: str) -> str:
    """How ``colour`` looks to a reader with ``dichromacy`` (a key of :data:`DICHROMACIES`)."""
    linear = [_linear(c) for c in rgb(colour)]
    matrix = DICHROMACIES[dichromacy]
    return to_hex(_gamma(sum(m * c for m, c in zip(row, linear))) for row in matrix)


def _lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(first: str, second: str) -> float:
    """CIE76 colour difference in CIELAB."""
    return sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second))) ** 0.5


@dataclass(frozen=True)
class Close:
    """Two adjacent series colours hard to tell apart for one dichromacy."""

    first: int  # positions in the palette, from 0
    second: int
    colours: tuple[str, str]
    dichromacy: str
    delta_e: float

    def __str__(self) -> str:
        return (
            f"chart series {self.first + 1} and {self.second + 1} ({self.colours[0]}, {self.colours[1]}) are close "
            f"for {self.dichromacy} (ΔE {self.delta_e:.1f} < {DISTINCT_DELTA_E:g}): the charts tell them apart by "
            "marker and line style as well"
        )


def close_pairs(palette: list[str] | tuple[str, ...]) -> list[Close]:
    """Adjacent palette colours (1-2, 2-3, …) under :data:`DISTINCT_DELTA_E` in any simulated dichromacy (and in
    ordinary vision, reported as 'typical vision')."""
    found = []
    for i in range(len(palette) - 1):
        a, b = normal(palette[i]), normal(palette[i + 1])
        ordinary = delta_e(a, b)
        if ordinary < DISTINCT_DELTA_E:
            found.append(Close(i, i + 1, (a, b), "typical vision", round(ordinary, 1)))
        for name in DICHROMACIES:
            difference = delta_e(simulate(a, name), simulate(b, name))
            if difference < DISTINCT_DELTA_E:
                found.append(Close(i, i + 1, (a, b), name, round(difference, 1)))
    return found
