"""Reference data: the 31 partnerships, their localities, the 23 core indicators, the 9 outcomes, family groups.

Facts are read from the CSV files in ``hscp_nb/reference_data`` (provenance in ``PROVENANCE.md`` there). A
partnership is resolved once, from a current or superseded S37 code, a council S12 code, a name in any common
spelling, or a slug; anything else raises :class:`~hscp_nb.errors.InputError` with the closest matches.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from hscp_nb.domain.errors import InputError, Problem

SCOTLAND_CODE = "S92000003"
SCOTLAND_NAME = "Scotland"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("hscp_nb.domain").joinpath("reference_data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def normalise_name(text: str) -> str:
    """Fold a place name so that common spellings compare equal ('Argyll & Bute' == 'argyll and bute')."""
    text = str(text).lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"\b(health and social care partnership|integration joint board|hscp|ijb|partnership)\b", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def slugify(text: str) -> str:
    """A lower-case, hyphenated slug for file and folder names ('Orkney Islands' → 'orkney-islands')."""
    return "-".join(normalise_name(text).split())


@dataclass(frozen=True)
class Partnership:
    """One Integration Authority."""

    code: str
    name: str
    name_scotpho: str
    health_board: str
    health_board_code: str
    council_areas: tuple[str, ...]
    council_area_codes: tuple[str, ...]
    model: str
    superseded_codes: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def is_lead_agency(self) -> bool:
        """Highland: NHS Highland leads adult services, overseen by a joint monitoring committee, not an IJB."""
        return self.model.lower().startswith("lead")

    @property
    def governing_body(self) -> str:
        """The body its papers go to: the Joint Monitoring Committee (lead agency), else the Integration Joint Board."""
        return "Joint Monitoring Committee" if self.is_lead_agency else "Integration Joint Board"

    @property
    def is_island(self) -> bool:
        return self.code in ISLAND_CODES

    def __str__(self) -> str:
        return self.name


ISLAND_CODES = frozenset({"S37000022", "S37000026", "S37000031"})

# Spellings seen in PHS, ScotPHO, council and partnership publications that normalising alone does not reach.
_EXTRA_ALIASES = {
    "S37000001": ["Aberdeen"],
    "S37000005": ["Clacks and Stirling", "Clackmannanshire", "Stirling"],
    "S37000007": ["Dundee"],
    "S37000012": ["City of Edinburgh", "Edinburgh City", "Edinburgh, City of"],
    "S37000034": ["Glasgow"],
    "S37000022": ["Orkney"],
    "S37000025": ["Borders"],
    "S37000026": ["Shetland"],
    "S37000031": ["Na h-Eileanan Siar", "Eilean Siar", "Comhairle nan Eilean Siar", "Na h Eileanan an Iar"],
}


@cache
def partnerships() -> tuple[Partnership, ...]:
    """The 31 partnerships in code order."""
    out = []
    for row in _rows("partnerships.csv"):
        superseded = tuple(re.findall(r"S\d{8}", row["superseded_codes"]))
        out.append(
            Partnership(
                code=row["code"],
                name=row["name"],
                name_scotpho=row["name_scotpho_style"],
                health_board=row["health_board"],
                health_board_code=row["health_board_code"],
                council_areas=tuple(s.strip() for s in row["council_areas"].split(";")),
                council_area_codes=tuple(s.strip() for s in row["council_area_codes"].split(";")),
                model=row["model"],
                superseded_codes=superseded,
            )
        )
    return tuple(sorted(out, key=lambda p: p.name))


@cache
def _lookup() -> dict[str, Partnership]:
    table: dict[str, Partnership] = {}
    for p in partnerships():
        keys = [p.code, *p.superseded_codes, *p.council_area_codes, p.name, p.name_scotpho, p.slug, *p.council_areas]
        keys += _EXTRA_ALIASES.get(p.code, [])
        for key in keys:
            table[key.upper() if re.fullmatch(r"[sS]\d{8}", key) else normalise_name(key)] = p
    return table


def resolve_partnership(value: str | Partnership, *, file: str = "parameters", **where) -> Partnership:
    """The partnership named by a code (old or new), a name in any common spelling, or a slug."""
    if isinstance(value, Partnership):
        return value
    text = str(value).strip()
    key = text.upper() if re.fullmatch(r"[sS]\d{8}", text) else normalise_name(text.replace("-", " "))
    found = _lookup().get(key)
    if found is None:
        names = [p.name for p in partnerships()]
        close = difflib.get_close_matches(text, names, n=3, cutoff=0.5) or difflib.get_close_matches(
            key, [normalise_name(n) for n in names], n=3, cutoff=0.5
        )
        hint = f" (closest: {', '.join(close)})" if close else ""
        raise InputError(
            Problem(
                file=file, found=text, expected=f"one of the 31 partnerships by S37 code, name or slug{hint}", **where
            )
        )
    return found


def resolve_partnerships(values: str | list[str] | None) -> list[Partnership]:
    """Several partnerships from a comma-separated string or a list; all 31 when None. A selection given but holding
    no name (',' or ' ') is refused rather than read as all or none."""
    if values is None:
        return list(partnerships())
    given = values
    if isinstance(values, str):
        values = values.split(",")
    values = [v for v in values if str(v).strip()]
    if not values:
        raise InputError(Problem(file="parameters", column="partnerships", found=given,
                                 expected="one or more partnerships by S37 code, name or slug, separated by commas "
                                          "(leave the option out for all 31)"))  # fmt: skip
    problems, out = [], []
    for value in values:
        try:
            p = resolve_partnership(value)
        except InputError as err:
            problems += err.problems
            continue
        if p not in out:
            out.append(p)
    if problems:
        raise InputError(problems)
    return out


# ---------------------------------------------------------------------------------------------- indicators
@dataclass(frozen=True)
class Indicator:
    """One core integration indicator (NI-1 … NI-23)."""

    id: str
    number: int
    title: str
    definition: str
    unit: str
    higher_is_better: bool | None
    period_basis: str
    status: str  # "reported", "suspended" or "not reported"
    notes: str
    outcome_primary: int
    outcomes_secondary: tuple[int, ...] = ()

    @property
    def period(self) -> str:
        """How PHS labels this indicator's periods, read from the ``period_basis`` column of indicators.csv:
        'survey' (biennial waves labelled like financial years), 'calendar', 'financial', 'financial or calendar'
        (financial years, with the calendar year PHS advises in place of an incomplete latest one) or 'none'."""
        return period_of(self.period_basis)

    @property
    def series_break(self) -> bool:
        """The survey question wording changed in 2023/24 (notes column of indicators.csv)."""
        return "wording changed" in self.notes.lower()

    @property
    def reported(self) -> bool:
        return self.status == "reported"

    @property
    def is_survey(self) -> bool:
        return self.period == "survey"

    @property
    def slug(self) -> str:
        return f"ni{self.number}-{slugify(self.title)}"

    @property
    def unit_short(self) -> str:
        if self.unit == "percentage":
            return "%"
        match = re.search(r"per ([\d,]+)", self.unit)
        return f"per {match.group(1)}" if match else self.unit


def period_of(period_basis: str) -> str:
    """The period rule named by a ``period_basis`` text of indicators.csv (see ``Indicator.period``)."""
    text = period_basis.strip().lower()
    if text in {"", "n/a"}:
        return "none"
    if text.startswith("biennial"):
        return "survey"
    if text.startswith("calendar year") or "published as a calendar year" in text:
        return "calendar"
    if text.startswith("financial year"):
        return "financial or calendar" if ("also calendar" in text or "and calendar year" in text) else "financial"
    raise ValueError(f"indicators.csv: a period_basis hscp_nb does not know: {period_basis!r}")


@cache
def indicators() -> tuple[Indicator, ...]:
    """The 23 core integration indicators in number order."""
    out = []
    for row in _rows("indicators.csv"):
        hib = row["higher_is_better"].strip().lower()
        status = {"yes": "reported", "suspended": "suspended"}.get(row["currently_reported"].strip(), "not reported")
        secondary = tuple(int(s) for s in re.findall(r"\d+", row["outcomes_secondary_indicative"]))
        out.append(
            Indicator(
                id=row["id"],
                number=int(row["id"].split("-")[1]),
                title=row["short_title"],
                definition=row["full_definition"],
                unit=row["unit"],
                higher_is_better=True if hib == "yes" else False if hib.startswith("no") else None,
                period_basis=row["period_basis"],
                status=status,
                notes=row["notes"],
                outcome_primary=int(row["outcome_primary_indicative"]),
                outcomes_secondary=secondary,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class PlainName:
    """How a summary for residents names an indicator and pictures its value: ``picture`` with ``{n}`` for the value
    divided by ``scale`` and rounded ("about {n} in every 1,000 adults each year"); as a key figure, ``tile`` is the
    figure that reads on its own ("{n} in 1,000") and ``tile_detail`` the rest of the picture ("adults each year").
    Our own words, for the plain-English summary (reference_data/plain_names.csv); an indicator with no picture is not
    described by a number there."""

    id: str
    name: str
    picture: str
    scale: float | None
    tile: str = ""
    tile_detail: str = ""


@cache
def plain_names() -> dict[str, PlainName]:
    return {
        r["id"]: PlainName(
            r["id"],
            r["plain_name"],
            r["picture"],
            float(r["scale"]) if r["scale"] else None,
            r["tile"],
            r["tile_detail"],
        )  # fmt: skip
        for r in _rows("plain_names.csv")
    }


def indicator(value: str | int) -> Indicator:
    """The indicator named 'NI-12', 'NI12', 'ni 12' or 12."""
    match = re.fullmatch(r"(?:ni)?[\s\-_]*0*(\d{1,2})", str(value).strip().lower())
    if match:
        number = int(match.group(1))
        for ind in indicators():
            if ind.number == number:
                return ind
    raise InputError(Problem(file="parameters", found=value, expected="an indicator NI-1 … NI-23"))


@dataclass(frozen=True)
class Outcome:
    """One National Health and Wellbeing Outcome (SSI 2014/343)."""

    number: int
    text: str
    indicator_ids: tuple[str, ...] = field(default_factory=tuple)


@cache
def outcomes() -> tuple[Outcome, ...]:
    """The 9 outcomes with their indicative indicator mapping."""
    return tuple(
        Outcome(int(r["outcome"]), r["text"], tuple(s.strip() for s in r["indicators_indicative"].split(";")))
        for r in _rows("outcomes.csv")
    )


# ---------------------------------------------------------------------------------------------- localities
@dataclass(frozen=True)
class Locality:
    """One locality of a partnership and the reporting years it existed (None = open-ended)."""

    partnership_code: str
    name: str
    first_year: int | None = None
    last_year: int | None = None
    note: str = ""

    def exists_in(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


@cache
def localities_all() -> tuple[Locality, ...]:
    """Every locality known, current and former, with the years it existed."""
    history = {(r["hscp_code"], r["locality"]): r for r in _rows("locality_history.csv")}
    out = []
    for r in _rows("localities.csv"):
        h = history.pop((r["hscp_code"], r["locality"]), None)
        if h is None:
            out.append(Locality(r["hscp_code"], r["locality"], note=r["status_note"]))
        else:
            out.append(Locality(r["hscp_code"], r["locality"], _int(h["first_year"]), _int(h["last_year"]), h["note"]))
    for (code, name), h in history.items():
        out.append(Locality(code, name, _int(h["first_year"]), _int(h["last_year"]), h["note"]))
    return tuple(out)


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def localities(partnership: Partnership | str, year: int | None = None) -> list[Locality]:
    """The localities of a partnership, all it ever had or those that existed in reporting year ``year``."""
    p = resolve_partnership(partnership)
    return [loc for loc in localities_all() if loc.partnership_code == p.code and (year is None or loc.exists_in(year))]


def resolve_locality(partnership: Partnership, name: str) -> Locality | None:
    """The locality of ``partnership`` spelt ``name`` ('Banff and Buchan' == 'Banff & Buchan'), or None."""
    key = normalise_name(name)
    for loc in localities(partnership):
        if normalise_name(loc.name) == key:
            return loc
    return None


# ---------------------------------------------------------------------------------------------- peer groups
CLACKS_STIRLING_RULE = (
    "Clackmannanshire and Stirling spans two councils in different LGBF family groups; it is placed in the "
    "group of Stirling, the larger council by population, and left out of Clackmannanshire's group."
)


@cache
def family_groups() -> dict[str, int]:
    """Partnership code → LGBF people-services (deprivation) family group (Clackmannanshire and Stirling: the rule)."""
    groups: dict[str, int] = {}
    for r in _rows("family_groups.csv"):
        if r["council_area"] == "Clackmannanshire":
            continue  # see CLACKS_STIRLING_RULE
        groups[r["hscp_code"]] = int(r["fg_people_services_deprivation"])
    return groups


def peer_group(partnership: Partnership | str) -> list[Partnership]:
    """The partnerships in the same LGBF people-services family group (including this one)."""
    p = resolve_partnership(partnership)
    group = family_groups()[p.code]
    return [q for q in partnerships() if family_groups()[q.code] == group]


@cache
def approximate_populations() -> dict[str, dict[str, float]]:
    """Rough populations used only to scale synthetic sample data (see PROVENANCE.md): never shown as statistics."""
    return {r["code"]: {k: float(v) for k, v in r.items() if k != "code"} for r in _rows("populations_approx.csv")}


@cache
def glossary() -> tuple[tuple[str, str], ...]:
    """The words a reader may not know ("set-aside", "SMR01", "s42"), each with its plain explanation, in the
    order of ``glossary.csv``."""
    return tuple((r["term"], r["explanation"]) for r in _rows("glossary.csv"))


def glossary_used(text: str) -> list[tuple[str, str]]:
    """The glossary's (term, explanation) for each term that ``text`` uses, as a whole word in any case ('SMR01' is
    not found in 'SMR01E'), in the glossary's order."""
    return [(term, plain) for term, plain in glossary()
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE)]  # fmt: skip
