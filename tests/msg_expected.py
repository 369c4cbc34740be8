"""The MSG verdicts a test expects, worked out here from the bundled sample's files with pandas alone (never through
hscp_nb's reader or analysis): each value against the objective of its own year, and the completeness caveat by
the rule written out again.

The rule, as the report's method note states it: hospital records still to come can only add to a count; for each
month of the 12 under 95% complete, they could add the month's count scaled up to 100% complete, less the count;
when the objective lies between the value and the value plus all these additions, the verdict could turn and
carries the caveat."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tests.conftest import RETURNS, SAMPLE

CAVEAT = "margin within what incomplete records could change"
# A provisional value nearer its objective than the printed precision (0.1 point for a percentage, 1 for a count)
CLOSE = {"percentage": ("provisional value within 0.1 points of the objective", 0.1),
         "count": ("provisional value within 1 of the objective", 1.0)}  # fmt: skip
PERCENTAGES = ("3b", "5", "6")
# measure → (PHS column, age group, hospital record source it is counted from); 3b: the share within 4 hours
MONTHLY = {"1a": ("One_Admissions", "All Ages", "SMR01"), "2a": ("Two_a", "All Ages", "SMR01"),
           "2b": ("Two_b", "All Ages", "SMR01E"), "2c": ("Two_c", "All Ages", "SMR04"),
           "3a": ("Three_Attendances", "All Ages", None), "4": ("Four_all_beddays", "18+", None)}  # fmt: skip
TITLES = {"1a": "Emergency admissions", "2a": "Unscheduled acute bed days",
          "2b": "Unscheduled geriatric long stay bed days", "2c": "Unscheduled mental health bed days",
          "3a": "A&E attendances", "3b": "A&E attendances seen within 4 hours", "4": "Delayed discharge bed days",
          "5": "Last six months of life at home or in a community setting",
          "6": "People aged 65 and over living at home"}  # fmt: skip


@dataclass(frozen=True)
class Expected:
    code: str
    value: float
    value_year: str  # '2025/26'
    target: float | None
    verdict: str  # 'met', 'not met', 'no objective set'
    caveat: bool
    close: str = ""  # the words of a provisional value nearer the objective than the printed precision

    @property
    def words(self) -> str:
        """The verdict as the table, the alt text and the ledger print it (the ledger without the year)."""
        if self.verdict == "no objective set":
            return f"no objective set for {self.value_year}"
        caveats = ([CAVEAT] if self.caveat else []) + ([self.close] if self.close else [])
        return self.verdict + (f" ({'; '.join(caveats)})" if caveats else "")

    @property
    def ledger_words(self) -> str:
        return "no objective set" if self.verdict == "no objective set" else self.words


def _label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def expected(slug: str, partnership: str, board: str, year: int) -> dict[str, Expected]:
    objectives = pd.read_excel(RETURNS / f"{slug}.xlsx", sheet_name="MSG objectives")
    monthly = pd.read_csv(SAMPLE / "msg" / "MSG Tableau 1 to 4.csv.gz", parse_dates=["month"])
    monthly = monthly[(monthly["Partnership"] == partnership) & (monthly["Locality"] == "All")]
    annual = pd.read_csv(SAMPLE / "msg" / "MSG Tableau 5 and 6.csv")
    annual = annual[annual["Partnership"] == partnership]
    completeness = pd.read_csv(SAMPLE / "msg" / "Completeness.csv", parse_dates=["Month"])
    completeness = completeness[completeness["NHS Board"] == board].set_index("Month")

    def twelve(column: str, age: str, start: int) -> float:
        rows = monthly[
            (monthly["AGE_GROUPS"] == age) & monthly["month"].between(f"{start}-04-01", f"{start + 1}-03-01")
        ]
        return float(rows[column].sum())

    def objective(code: str, start: int, baseline: float) -> tuple[float | None, str]:
        row = objectives[(objectives["Indicator"].astype(str) == code) & (objectives["Year"] == _label(start))]
        if row.empty or pd.isna(row["Objective"].iloc[0]):
            return None, ""
        row = row.iloc[0]
        assert pd.isna(row["Baseline year"])  # every sample objective is set against 2017/18
        target = baseline * (1 + row["Objective"] / 100) if row["Objective is"] == "% change from baseline" else (
            row["Objective"])  # fmt: skip
        return float(target), row["Desired direction"]

    def judged(code, value, value_year, baseline, to_come=0.0, provisional=False) -> Expected:
        target, direction = objective(code, value_year, baseline)
        if target is None:
            return Expected(code, value, _label(value_year), None, "no objective set", False)
        met = value >= target if direction == "Increase" else value <= target
        if direction == "Increase":
            caveat = value < target <= value + to_come
        else:
            caveat = value <= target < value + to_come
        words, step = CLOSE["percentage" if code in PERCENTAGES else "count"]
        close = words if provisional and abs(value - target) < step else ""
        return Expected(code, value, _label(value_year), target, "met" if met else "not met", bool(caveat), close)

    out = {}
    months = pd.date_range(f"{year}-04-01", periods=12, freq="MS")
    for code, (column, age, source) in MONTHLY.items():
        value = twelve(column, age, year)
        to_come, provisional = 0.0, False
        if source:
            counts = monthly[monthly["AGE_GROUPS"] == age].groupby("month")[column].sum()
            for month in months:
                share = completeness.loc[month, source]
                if share < 95:
                    to_come += counts[month] * (100 - share) / share
                    provisional = True
        out[code] = judged(code, value, year, twelve(column, age, 2017), to_come, provisional)
    seen = twelve("three_number_meeting_target", "All Ages", year) / twelve("Three_Attendances", "All Ages", year)
    base = twelve("three_number_meeting_target", "All Ages", 2017) / twelve("Three_Attendances", "All Ages", 2017)
    out["3b"] = judged("3b", seen * 100, year, base * 100)
    for code, age, columns in (("5", "All Ages", ["Community_Percent"]),
                               ("6", "65+", ["HomeUnsupportedRate6", "HomeSupportedRate6"])):  # fmt: skip
        rows = annual[(annual["Indicator"] == int(code)) & (annual["Age_Groups"] == age)]
        rows = rows.assign(start=rows["year"].str[:4].astype(int), value=rows[columns].sum(axis=1))
        rows = rows[rows["start"] <= year].sort_values("start")
        last = rows.iloc[-1]
        baseline = float(rows[rows["start"] == 2017]["value"].iloc[0])
        provisional = str(last["year"]).strip().endswith("p")  # PHS writes a provisional year '2024/25p'
        out[code] = judged(code, float(last["value"]), int(last["start"]), baseline, provisional=provisional)
    return out
