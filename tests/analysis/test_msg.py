"""The MSG analysis on small tables a test writes: each area's series is its own rows, from whichever table is given."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from hscp_nb.analysis import msg as analysis
from hscp_nb.domain.msg import msg_indicator
from hscp_nb.domain.years import ReportingYear

ADMISSIONS, SEEN = msg_indicator("1a"), msg_indicator("3b")
MONTHS = pd.date_range("2017-04-01", "2019-06-01", freq="MS")


def _monthly(scale: float = 1.0) -> pd.DataFrame:
    """Two partnerships, two localities and two age groups, each month, rows in no particular order; each row's
    admissions say which row it is, so that a series taken from other rows shows."""
    rows = []
    for code, c in (("S37000001", 1), ("S37000002", 2)):
        for locality, lo in (("All", 0), ("North", 5)):
            for age, a in (("All Ages", 0), ("18+", 7)):
                for i, month in enumerate(MONTHS):
                    rows.append({"partnership_code": code, "locality": locality, "age_group": age, "month": month,
                                 "One_Admissions": (1000 * c + 100 * lo + 10 * a + i) * scale,
                                 "three_number_meeting_target": 90.0 * c + i, "Three_Attendances": 100.0 * c + i,
                                 "population": 5000.0 * c})  # fmt: skip
    return pd.DataFrame(rows).sample(frac=1, random_state=4).reset_index(drop=True)


def test_a_series_is_its_own_areas_rows_in_month_order():
    data = SimpleNamespace(monthly=_monthly())
    series = analysis.monthly_series(data, "S37000002", ADMISSIONS)
    assert list(series["month"]) == list(MONTHS)
    assert list(series["value"]) == [2000.0 + i for i in range(len(MONTHS))]
    north = analysis.monthly_series(data, "S37000001", ADMISSIONS, locality="North")
    assert list(north["numerator"]) == [1500.0 + i for i in range(len(MONTHS))]
    seen = analysis.monthly_series(data, "S37000001", SEEN)
    np.testing.assert_allclose(seen["value"], [(90.0 + i) / (100.0 + i) * 100 for i in range(len(MONTHS))])
    assert analysis.monthly_series(data, "S37000009", ADMISSIONS).empty


def test_a_new_table_gives_its_own_series_never_the_previous_tables():
    first, second = SimpleNamespace(monthly=_monthly()), SimpleNamespace(monthly=_monthly(scale=2.0))
    before = analysis.monthly_series(first, "S37000001", ADMISSIONS)["value"]
    assert list(analysis.monthly_series(second, "S37000001", ADMISSIONS)["value"]) == list(before * 2)
    assert list(analysis.monthly_series(first, "S37000001", ADMISSIONS)["value"]) == list(before)
    fewer = SimpleNamespace(monthly=first.monthly[first.monthly["month"] >= "2018-04-01"].reset_index(drop=True))
    assert len(analysis.monthly_series(fewer, "S37000001", ADMISSIONS)) == len(MONTHS) - 12


def test_twelve_months_of_a_year_and_of_the_months_to_the_latest():
    series = analysis.monthly_series(SimpleNamespace(monthly=_monthly()), "S37000001", ADMISSIONS)
    whole = analysis.twelve_months(series, ADMISSIONS, ReportingYear(2017))
    assert (whole.value, whole.months, whole.label) == (sum(1000.0 + i for i in range(12)), 12, "2017/18")
    latest = analysis.twelve_months(series, ADMISSIONS, ReportingYear(2019))  # April to June 2019 only
    assert latest.label == "12 months to June 2019" and latest.complete
    assert latest.value == sum(1000.0 + i for i in range(15, 27))  # July 2018 to June 2019
    assert analysis.twelve_months(series, ADMISSIONS, ReportingYear(2020)).value is None
    baseline_of = analysis._monthly_baseline(series, ADMISSIONS)
    assert baseline_of(ReportingYear(2017)) == whole.value == baseline_of(ReportingYear(2017))
    assert baseline_of(ReportingYear(2019)) == latest.value
    assert baseline_of(ReportingYear(2020)) is None
