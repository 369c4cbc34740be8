"""What the local returns workbook holds: its sheets and columns, one spec for the template and the reader.

Each partnership keeps one workbook for all its years (a ``Year`` column on every sheet, so a new year is new rows).
It holds everything REPORT_SPEC.md needs that national data cannot give. Change a column here and both the blank
template and the validation follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hscp_nb.domain.msg import MSG_CODES
from hscp_nb.domain.rules import PERCENT_CHANGE
from hscp_nb.domain.statutory import (
    GRADE_THEMES,
    INSPECTION_TYPES,
    REG4_MATTERS,
    SCRUTINY_BODIES,
)

PARTNERS = ("NHS board", "Council")
CARE_GROUPS = (
    "Older people",
    "Adults with learning disabilities",
    "Mental health",
    "Physical disability",
    "Addictions",
    "Unpaid carers",
    "Primary care",
    "Hospital services",
    "Children and families",
    "Other",
)
RECOMMENDATION_STATUS = ("Not started", "In progress", "Complete", "Superseded")
NARRATIVE_TOPICS = (
    *(f"Outcome {n}" for n in range(1, 10)),
    "Delivery principles",
    "Best value",
    "Efficiency opportunities",
    "Financial performance",
    "Summary",
)
YES_NO = ("Yes", "No")
OBJECTIVE_KINDS = ("Number", PERCENT_CHANGE)
DIRECTIONS = ("Decrease", "Increase")


@dataclass(frozen=True)
class Column:
    """One column of a returns sheet: its header, the tidy name, the kind of value and whether it may be blank."""

    header: str
    name: str
    kind: str  # text | year | money | integer | date | choice | grade | url | locality | number
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""
    minimum: float | None = None

    @property
    def expected(self) -> str:
        what = {
            "text": "text",
            "year": "a reporting year such as 2021/22",
            "money": "an amount in pounds (a number, e.g. 1234.56)",
            "integer": "a whole number",
            "date": "a date (e.g. 2021-09-30 or 30/09/2021)",
            "choice": "one of: " + ", ".join(self.choices),
            "grade": "a Care Inspectorate grade, a whole number from 1 to 6",
            "url": "a web address starting http:// or https://",
            "locality": "a locality of this partnership in that year",
            "number": "a number",
        }[self.kind]
        if self.minimum is not None and self.kind in {"money", "integer", "number"}:
            what += f" of at least {self.minimum:g}"
        return what if self.required else what + " (or blank)"


@dataclass(frozen=True)
class Sheet:
    """One sheet: its columns, the columns that identify a row (no two rows may share them) and what it is for."""

    name: str
    key: str
    purpose: str
    columns: tuple[Column, ...]
    identity: tuple[str, ...]
    required: bool = True
    requirement_ids: tuple[str, ...] = field(default_factory=tuple)


YEAR = Column("Year", "year", "year", help="Reporting year, e.g. 2021/22")


def _choice(header, name, choices, required=True, help=""):
    return Column(header, name, "choice", required, tuple(choices), help)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "About",
        "about",
        "Who the workbook belongs to, and the status of each year's figures.",
        (
            YEAR,
            Column("Partnership", "partnership", "text", help="Partnership name or S37 code, the same on every row"),
            _choice(
                "Accounts status",
                "accounts_status",
                ("Audited", "Unaudited"),
                help="Unaudited marks a provisional edition",
            ),
            _choice("Synthetic data", "synthetic", YES_NO, help="Yes only for made-up sample data"),
            Column("Contact", "contact", "text", required=False, help="Who to ask about this year's figures"),
            _choice(
                "No inspections this year",
                "no_inspections",
                YES_NO,
                required=False,
                help="Yes to confirm there were no inspections of delegated functions in the year",
            ),
        ),
        ("year",),
        requirement_ids=("PUB-1",),
    ),
    Sheet(
        "Finance",
        "finance",
        "Spend by service line: partner, reg 4 matter, care group, planned and actual.",
        (
            YEAR,
            Column("Service line", "service_line", "text", help="Budget line as in the annual accounts"),
            _choice("Partner", "partner", PARTNERS, help="Whose budget the line sits in"),
            _choice("Reg 4 matter", "reg4_matter", REG4_MATTERS, help="SSI 2014/326 reg 4(2) category (a)–(e)"),
            _choice("Care group", "care_group", CARE_GROUPS, help="Key care group, reg 4(2)(f)"),
            _choice("Set aside", "set_aside", YES_NO, help="Yes for the set-aside budget for large hospital services"),
            Column("Planned spend (£)", "planned", "money", minimum=0, help="Budget in the annual financial statement"),
            Column("Actual spend (£)", "actual", "money", minimum=0, help="Outturn"),
            Column(
                "Variance reason", "variance_reason", "text", required=False, help="Why actual differs from planned"
            ),
        ),
        ("year", "service_line", "partner"),
        requirement_ids=("FIN-1", "FIN-2", "FIN-3", "FIN-4"),
    ),
    Sheet(
        "Accounts",
        "accounts",
        "Totals from the annual accounts, which the finance lines must reconcile to.",
        (
            YEAR,
            Column(
                "Total expenditure (£)",
                "total_expenditure",
                "money",
                minimum=0,
                help="Total expenditure in the annual accounts (Comprehensive Income and Expenditure Statement)",
            ),
            Column(
                "NHS board contribution (£)",
                "nhs_contribution",
                "money",
                minimum=0,
                help="Funding contributed by the NHS board, set-aside included",
            ),
            Column(
                "Council contribution (£)",
                "council_contribution",
                "money",
                minimum=0,
                help="Funding contributed by the council(s)",
            ),
            Column(
                "Set-aside (£)",
                "set_aside",
                "money",
                minimum=0,
                help="Set-aside budget for large hospital services in the accounts (0 if none)",
            ),
            Column(
                "Source", "source", "text", required=False, help="Where the figures come from, e.g. the note number"
            ),
        ),
        ("year",),
        required=False,  # workbooks made before it still read; without it the finance section says it cannot check
        requirement_ids=("FIN-1",),
    ),
    Sheet(
        "Reserves",
        "reserves",
        "Reserves held: opening balance, added, used and closing balance.",
        (
            YEAR,
            Column("Reserve", "reserve", "text"),
            _choice("Type", "reserve_type", ("General", "Earmarked")),
            Column("Opening (£)", "opening", "money", minimum=0),
            Column("Added (£)", "added", "money", minimum=0),
            Column("Used (£)", "used", "money", minimum=0),
            Column("Closing (£)", "closing", "money", minimum=0, help="Must equal opening + added − used"),
        ),
        ("year", "reserve"),
    ),
    Sheet(
        "Savings",
        "savings",
        "Savings programmes: target and delivered.",
        (
            YEAR,
            Column("Savings programme", "programme", "text"),
            Column("Target (£)", "target", "money", minimum=0),
            Column("Delivered (£)", "delivered", "money", minimum=0),
            Column(
                "Delivered recurrently (£)",
                "recurring",
                "money",
                required=False,
                minimum=0,
                help="Part of delivered that recurs",
            ),
        ),
        ("year", "programme"),
        requirement_ids=("BV-1",),
    ),
    Sheet(
        "Localities",
        "localities",
        "Each locality: population, spend, engagement and its contribution.",
        (
            YEAR,
            Column("Locality", "locality", "locality", help="As in the PHS locality lookup for that year"),
            Column("Population", "population", "integer", minimum=0),
            Column("Spend (£)", "spend", "money", minimum=0, help="Amount paid to or set aside for the locality"),
            Column("Engagement arrangements", "engagement", "text", help="How the locality is consulted and involved"),
            Column(
                "Contribution assessment", "contribution", "text", help="How those arrangements contributed to services"
            ),
        ),
        ("year", "locality"),
        requirement_ids=("LOC-1", "LOC-2", "LOC-3", "FIN-5"),
    ),
    Sheet(
        "Inspections",
        "inspections",
        "Every inspection in the year of delegated functions.",
        (
            YEAR,
            Column(
                "Inspection ID", "inspection_id", "text", help="Your own reference, used on the Recommendations sheet"
            ),
            _choice("Body", "body", SCRUTINY_BODIES),
            Column("Date", "date", "date", help="Date the report was published"),
            Column("Service", "service", "text"),
            _choice("Inspection type", "inspection_type", INSPECTION_TYPES),
            *(
                Column(
                    f"Grade: {theme}",
                    name,
                    "grade",
                    required=False,
                    help="1 Unsatisfactory … 6 Excellent; blank if not graded",
                )
                for name, theme in GRADE_THEMES.items()
            ),
            Column("Report link", "link", "url", required=False),
        ),
        ("year", "inspection_id"),
        requirement_ids=("INS-1",),
    ),
    Sheet(
        "Recommendations",
        "recommendations",
        "Each inspection recommendation and the partnership's action.",
        (
            YEAR,
            Column("Inspection ID", "inspection_id", "text", help="As on the Inspections sheet"),
            Column("Recommendation", "recommendation", "text"),
            Column("Action", "action", "text"),
            Column("Owner", "owner", "text"),
            Column("Due date", "due_date", "date", required=False),
            _choice("Status", "status", RECOMMENDATION_STATUS),
        ),
        ("year", "inspection_id", "recommendation"),
        requirement_ids=("INS-2",),
    ),
    Sheet(
        "Plan review",
        "plan_review",
        "Whether the strategic commissioning plan was reviewed in the year.",
        (
            YEAR,
            _choice("Plan reviewed", "reviewed", YES_NO),
            Column("Why reviewed", "why", "text", required=False, help="Needed when reviewed is Yes"),
            _choice("Plan changed", "changed", YES_NO, required=False),
            Column("What changed", "what_changed", "text", required=False, help="Needed when changed is Yes"),
        ),
        ("year",),
        requirement_ids=("GOV-1",),
    ),
    Sheet(
        "Decisions",
        "decisions",
        "Significant decisions taken outside the strategic plan (Act s36).",
        (
            YEAR,
            Column("Decision", "decision", "text"),
            Column("Date", "date", "date"),
            Column("Reason", "reason", "text"),
        ),
        ("year", "decision"),
        required=False,
        requirement_ids=("OUT-4",),
    ),
    Sheet(
        "Directions",
        "directions",
        "Directions issued to the NHS board and council.",
        (
            YEAR,
            Column("Reference", "reference", "text"),
            _choice("Issued to", "issued_to", ("NHS board", "Council", "NHS board and council")),
            Column("Date", "date", "date"),
            Column("Purpose", "purpose", "text"),
            Column("Amount (£)", "amount", "money", required=False, minimum=0),
        ),
        ("year", "reference"),
        required=False,
    ),
    Sheet(
        "JMC recommendations",
        "jmc",
        "Lead-agency model only (Highland): joint monitoring committee recommendations.",
        (
            YEAR,
            Column("Recommendation", "recommendation", "text"),
            Column("Response", "response", "text"),
            _choice("Status", "status", RECOMMENDATION_STATUS),
        ),
        ("year", "recommendation"),
        required=False,
        requirement_ids=("GOV-2",),
    ),
    Sheet(
        "Narrative",
        "narrative",
        "The partnership's own assessments: outcomes, principles, best value, summary.",
        (
            YEAR,
            _choice("Topic", "topic", NARRATIVE_TOPICS),
            Column("Text", "text", "text"),
        ),
        ("year", "topic"),
        requirement_ids=("OUT-1", "OUT-3", "BV-1"),
    ),
    Sheet(
        "Local measures",
        "local_measures",
        "Optional local performance measures.",
        (
            YEAR,
            Column("Measure", "measure", "text"),
            _choice("Outcome", "outcome", tuple(str(n) for n in range(1, 10))),
            Column("Unit", "unit", "text"),
            Column("Value", "value", "number"),
            Column("Target", "target", "number", required=False),
            _choice("Higher is better", "higher_is_better", YES_NO),
        ),
        ("year", "measure"),
        required=False,
        requirement_ids=("OUT-2",),
    ),
)

SHEETS = (
    *SHEETS,
    Sheet(
        "MSG objectives",
        "msg_objectives",
        "The partnership's objectives for the Ministerial Strategic Group (MSG) indicators, one row per indicator and "
        "year.",
        (
            YEAR,
            _choice("Indicator", "indicator", MSG_CODES, help="MSG indicator: 1a, 2a, 2b, 2c, 3a, 3b, 4, 5 or 6"),
            Column(
                "Objective",
                "objective",
                "number",
                required=False,
                help="The objective for the year: a number (e.g. 950 bed days, 92.5 for a percentage), or a % change "
                "from the baseline (e.g. -5 for a 5% fall); blank when no objective was set",
            ),
            _choice(
                "Objective is",
                "objective_kind",
                OBJECTIVE_KINDS,
                required=False,
                help="A number, or a % change from the baseline year (needed with an objective)",
            ),
            Column("Baseline year", "baseline_year", "year", required=False, help="Blank means 2017/18"),
            _choice("Desired direction", "direction", DIRECTIONS, help="Which way the partnership wants it to move"),
            Column("Comment", "comment", "text", required=False, help="Context for the objective or progress"),
        ),
        ("year", "indicator"),
        required=False,  # workbooks made before it still read; the MSG part then says no objectives were set
    ),
)

SHEETS_BY_KEY = {s.key: s for s in SHEETS}
