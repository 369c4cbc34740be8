"""The Ministerial Strategic Group (MSG) indicators as hscp_nb reports them: which column of PHS's MSG data each one
is read from, for which ages, in what unit and which way is better.

PHS calculates the MSG figures for every partnership monthly from April 2017 (its code is public: the msg-indicators
repository of Public-Health-Scotland) and sends them to partnerships as management information. The six indicator
families are in ``reference_data/msg_indicators.csv``; the measures below are the ones partnerships set objectives
for (the Scottish Government's MSG objectives return: 1a, 2a, 2b, 2c, 3a, 3b, 4, 5, 6).

This module is the one place that names them; the reader, the analysis, the report, the pack and the explorer use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hscp_nb.domain.years import ReportingYear

FIRST_MONTH = (2017, 4)  # PHS's MSG series begin in April 2017
BASELINE_YEAR = ReportingYear(2017)  # objectives are set against 2017/18 unless the returns say otherwise
COMPLETE_PERCENT = 95.0  # PHS's threshold: a hospital record source under 95% complete for a month is incomplete
# A verdict the hospital records still to come could turn (the one rule, used by the report and the pack alike)
RECORDS_CAVEAT = "margin within what incomplete records could change"
RECORDS_RULE = (
    "Hospital records still to come can only add to a count. For each month of the 12 whose records were under "
    f"{COMPLETE_PERCENT:.0f}% complete, they could add what the month's count would be if complete, less the count: a "
    "month four-fifths complete could gain a quarter of its count again. When the objective lies between the value "
    "and the value plus all these additions, completing the records could turn the verdict, and the verdict says so: "
    f'"{RECORDS_CAVEAT}".'
)
# A verdict on a provisional value so near the objective that the printed figures cannot separate them: the margin is
# smaller than one unit of the printed precision (0.1 percentage point for a percentage, printed to one decimal; 1
# for a count, printed whole). Revisions of a provisional value are usually larger than that, so the verdict says so.
CLOSE_STEPS = {"percentage": 0.1, "count": 1.0}
CLOSE_WORDS = {"percentage": "0.1 points", "count": "1"}
CLOSE_RULE = (
    "A provisional value nearer the objective than one unit of its printed precision (0.1 percentage point for a "
    "percentage, 1 for a count) could move to the other side of it when PHS revises the figure, so the verdict on it "
    'says so: "provisional value within 0.1 points of the objective" (for a count, "within 1").'
)
NOT_COMPARABLE_NOTE = (
    "The MSG figures are calculated by PHS differently from the Core Suite of Integration Indicators (other "
    "definitions, ages and time periods), so they are not comparable with the indicators in the rest of this report."
)


@dataclass(frozen=True)
class MsgIndicator:
    """One MSG measure: ``code`` as in the objectives return ('1a'), how it is computed from PHS's columns, its unit
    and direction. ``unit``/``higher_is_better``/``series_break`` let :mod:`hscp_nb.domain.rules` judge it as it
    judges a core indicator."""

    code: str
    title: str
    plain: str  # what the figure counts, in a sentence's words
    numerator: str  # PHS column (MSG 1 to 4) or the setting columns summed (MSG 5 and 6)
    age_group: str
    unit: str  # "count" | "percentage"
    higher_is_better: bool
    monthly: bool  # from the monthly sheet (1 to 4) or the annual one (5 and 6)
    completeness: tuple[str, ...] = ()  # the hospital record sources it is counted from
    denominator: str = ""  # for a percentage of the monthly counts
    settings: tuple[str, ...] = ()  # annual: the percentage columns added together
    series_break: bool = False

    @property
    def id(self) -> str:
        return f"MSG {self.code}"

    @property
    def slug(self) -> str:
        return f"msg-{self.code}"

    @property
    def ledger_unit(self) -> str:
        """The unit its figures carry in the figure ledger: '%' or 'count'."""
        return "%" if self.unit == "percentage" else "count"


MSG_INDICATORS: tuple[MsgIndicator, ...] = (
    MsgIndicator("1a", "Emergency admissions", "emergency admissions to hospital", "One_Admissions", "All Ages",
                 "count", False, True, ("SMR01",)),
    MsgIndicator("2a", "Unscheduled acute bed days", "days in an acute hospital bed after an emergency admission",
                 "Two_a", "All Ages", "count", False, True, ("SMR01",)),
    MsgIndicator("2b", "Unscheduled geriatric long stay bed days", "days in a geriatric long stay bed after an "
                 "emergency admission", "Two_b", "All Ages", "count", False, True, ("SMR01E",)),
    MsgIndicator("2c", "Unscheduled mental health bed days", "days in a mental health bed after an emergency "
                 "admission", "Two_c", "All Ages", "count", False, True, ("SMR04",)),
    MsgIndicator("3a", "A&E attendances", "attendances at A&E", "Three_Attendances", "All Ages", "count", False,
                 True),
    MsgIndicator("3b", "A&E attendances seen within 4 hours", "A&E attendances seen within 4 hours",
                 "three_number_meeting_target", "All Ages", "percentage", True, True,
                 denominator="Three_Attendances"),
    MsgIndicator("4", "Delayed discharge bed days", "days people aged 18 and over spent in hospital when ready to "
                 "leave", "Four_all_beddays", "18+", "count", False, True),
    MsgIndicator("5", "Last six months of life at home or in a community setting", "share of the last six months "
                 "of life spent at home or in a community setting", "Community_Percent", "All Ages", "percentage",
                 True, False, ("SMR01", "SMR01E", "SMR04"), settings=("Community_Percent",)),
    MsgIndicator("6", "People aged 65 and over living at home", "share of people aged 65 and over living at home, "
                 "with or without support", "HomeRate6", "65+", "percentage", True, False,
                 settings=("HomeUnsupportedRate6", "HomeSupportedRate6")),
)  # fmt: skip
MSG_CODES = tuple(m.code for m in MSG_INDICATORS)
SHORT_TITLES = {"1a": "Emergency admissions", "2a": "Acute bed days", "2b": "Long stay bed days",
                "2c": "Mental health bed days", "3a": "A&E attendances", "3b": "A&E within 4 hours",
                "4": "Delayed discharge bed days", "5": "End of life in community", "6": "65+ at home"}  # fmt: skip

# "MSG 1 to 4": PHS's monthly columns (the counts every measure is made from), in PHS's order
MONTHLY_KEYS = ["Partnership", "Locality", "AGE_GROUPS", "AreaTreated", "month", "LA_Code"]
MONTHLY_COUNTS = [
    "One_Admissions", "one_b_ae_admissions", "Two_a", "Two_b", "Two_c", "Three_Attendances",
    "three_number_meeting_target", "Four_HSC_beddays", "Four_C9_beddays", "Four_PCF_beddays", "Four_all_beddays",
]  # fmt: skip
ROLLING_SUFFIX = "_R12"  # PHS's rolling 12-month totals, ``<count>_R12``
RATE_COLUMNS = {  # PHS's rates per 1,000 population of the age group, by the count they are made from
    "One_Admissions": "One_rate", "one_b_ae_admissions": "One_b_rate", "Two_a": "Two_a_rate",
    "Two_b": "Two_b_rate", "Two_c": "Two_c_rate", "Three_Attendances": "Three_rate",
    "Four_all_beddays": "Four_all_rate", "Four_C9_beddays": "Four_C9_rate", "Four_HSC_beddays": "Four_HSC_rate",
    "Four_PCF_beddays": "Four_PCF_rate",
}  # fmt: skip
AGE_GROUPS = ("<18", "18-64", "65+", "18+", "All Ages")
AREAS_TREATED = ("Within HBres", "Outwith HBres")

# "MSG 5 and 6": PHS's annual columns
ANNUAL_KEYS = ["Partnership", "year", "Indicator", "Age_Groups"]
END_OF_LIFE_SETTINGS = ["Community_Percent", "Community_Hosp_Percent", "Large_Percent", "Palliative_Percent"]
BALANCE_OF_CARE_SETTINGS = ["HomeUnsupportedRate6", "HomeSupportedRate6", "CareHomeRate6", "HospiceRate6",
                            "CommunityHospitalRate6", "LHRate6"]  # fmt: skip

# "Completeness": hospital record sources
COMPLETENESS_SOURCES = {"SMR01": "acute hospital records (SMR01)", "SMR01E": "geriatric long stay records (SMR01E)",
                        "SMR04": "mental health hospital records (SMR04)"}  # fmt: skip


def records_to_come(count: float, percent: float) -> float:
    """What a month's hospital records still to come could add to its count: the count scaled up to 100% complete,
    less the count (:data:`RECORDS_RULE`; a month 80% complete could add a quarter of its count); a month with no
    records in yet could add anything."""
    return math.inf if percent <= 0 else count * (100 - percent) / percent


def records_could_turn(value: float, target: float, to_come: float, higher_is_better: bool) -> bool:
    """Whether the records still to come (``to_come``: :func:`records_to_come` summed over the incomplete months)
    could turn the verdict of ``value`` against ``target``: they only add, so the completed value lies between
    ``value`` and ``value + to_come``, and the verdict could turn when the objective lies there too."""
    if not to_come:
        return False
    if higher_is_better:  # met at value >= target: a value short of it could reach it
        return value < target <= value + to_come
    return value <= target < value + to_come  # met at value <= target: the additions could carry it past


def close_caveat(unit: str) -> str:
    """The words a verdict carries when :func:`too_close`: 'provisional value within 0.1 points of the objective'."""
    return f"provisional value within {CLOSE_WORDS[unit]} of the objective"


def too_close(value: float, target: float, provisional: bool, unit: str) -> bool:
    """Whether a verdict of ``value`` against ``target`` rests on a provisional value whose margin is smaller than one
    unit of the printed precision (:data:`CLOSE_STEPS`: 0.1 point for a percentage, 1 for a count): 88.48% against
    88.4% is, by 0.08 points (printed 88.5% against 88.4%)."""
    return bool(provisional) and round(abs(float(value) - float(target)), 9) < CLOSE_STEPS[unit]


def msg_indicator(code: str) -> MsgIndicator:
    """The measure '1a' (also 'MSG 1a', 'msg-1a')."""
    key = str(code).strip().lower().removeprefix("msg").strip(" -_")
    for m in MSG_INDICATORS:
        if m.code == key:
            return m
    raise KeyError(code)
