"""What each data column is, for a reader of the data workbooks: its header with the unit, and its kind (which sets
the number format). One declaration per domain column name, used by the reports, the benchmarking pack and the
explorer alike; the CSV files keep the domain names for code.

``{unit}`` in a header is the unit of the figures the table or chart is about (an indicator's unit, passed by the
view), written `` (per 100,000)``; a column whose declared kind is numeric but whose values are text (a partnership
named in a column called ``partnership``) is read as text.
"""

from __future__ import annotations

import pandas as pd

from hscp_nb.document.blocks import Data

VALUE = "number"  # an indicator's values: rates and percentages with one decimal
# domain column name -> (header, kind); kinds are hscp_nb.document.blocks.DATA_KINDS
COLUMNS: dict[str, tuple[str, str]] = {
    # indicators
    "indicator": ("Indicator", "text"),
    "number": ("Indicator number", "count"),
    "title": ("Indicator title", "text"),
    "unit": ("Unit", "text"),
    "unit_short": ("Unit, short form", "text"),
    "status": ("Status", "text"),
    "outcomes": ("National outcomes", "text"),
    "outcome": ("National outcome", "text"),
    "shown": ("Shown in the report", "flag"),
    "not_shown": ("Why it is not shown", "text"),
    "latest_year": ("Latest period", "text"),
    "latest_basis": ("Period basis of the latest value", "text"),
    "basis": ("Period basis", "text"),
    "year": ("Year", "text"),
    "window_year": ("Reporting year it stands for, by the year it starts in (2020 = 2020/21)", "year"),
    "data_year": ("Year the data start in", "year"),
    "first_year": ("First period of the window", "text"),
    "segment": ("Line segment (a new one starts at a series break)", "count"),
    "segments": ("Line segments", "count"),
    "series_break": ("Series break in the window", "flag"),
    "stand_in": ("Calendar year used in place of the financial year", "flag"),
    "estimate": ("Estimate", "flag"),
    "value": ("Value{unit}", VALUE),
    "lower_ci": ("Lower 95% confidence limit{unit}", VALUE),
    "upper_ci": ("Upper 95% confidence limit{unit}", VALUE),
    "scotland": ("Scotland{unit}", VALUE),
    "peer": ("Peer group{unit}", VALUE),
    "peer_group": ("Peer group{unit}", VALUE),
    "partnership": ("Partnership{unit}", VALUE),
    "partnership_code": ("Partnership code", "text"),
    "extract_total": ("Partnership, from the locality extract{unit}", VALUE),
    "numerator": ("Numerator", "count"),
    "denominator": ("Denominator", "count"),
    "rank": ("Rank among the 31 partnerships (1 = best)", "count"),
    "ranked": ("Partnerships ranked", "count"),
    "trend": ("Trend over the window", "text"),
    "trend_from": ("Trend from", "text"),
    "trend_to": ("Trend to", "text"),
    "trend_from_value": ("Trend: value at its start{unit}", VALUE),
    "trend_to_value": ("Trend: value at its end{unit}", VALUE),
    "trend_since_break": ("Trend measured from the survey change (earlier waves not comparable)", "flag"),
    "vs_scotland": ("Against Scotland", "text"),
    "vs_peer": ("Against the peer group", "text"),
    "vs_partnership": ("Against the partnership", "text"),
    "differs": ("Extract total differs from the Core Suite value", "flag"),
    "partnership_source": ("Source of the partnership value", "text"),
    "partnership_estimate": ("Partnership value is an estimate", "flag"),
    "measure": ("Measure", "text"),
    "target": ("Target", "number"),
    "higher_is_better": ("Higher is better", "flag"),
    "row": ("Row in the returns workbook", "count"),
    "note": ("Note", "text"),
    # benchmarking
    "verdict": ("Against the family group", "text"),
    "better_pct": ("Difference from the family group, % (positive = better)", "percent"),
    "gap": ("Difference from the family group as printed, points or % (positive = better)", "number"),
    "gap_unit": ("Unit of the difference", "text"),
    "records_under_95_percent": ("Hospital records under 95% complete", "flag"),
    "difference_pct": ("Difference from the family group, % (positive = higher)", "percent"),
    "family_group": ("Family group", "text"),
    "z": ("z-score against the limits drawn (adjusted for over-dispersion where found)", "number"),
    "z_unadjusted": ("z-score before any over-dispersion adjustment", "number"),
    "outside_95": ("Outside the 95% limits", "flag"),
    "outside_99_8": ("Outside the 99.8% limits", "flag"),
    "lower_95": ("Lower 95% limit{unit}", VALUE),
    "upper_95": ("Upper 95% limit{unit}", VALUE),
    "lower_99_8": ("Lower 99.8% limit{unit}", VALUE),
    "upper_99_8": ("Upper 99.8% limit{unit}", VALUE),
    "quarter": ("Quarter", "text"),
    "median": ("Median{unit}", VALUE),
    "run_shift": ("Part of a shift (6 or more points on one side of the median)", "flag"),
    "run_trend": ("Part of a trend (5 or more points rising or falling)", "flag"),
    "year_label": ("Year", "text"),
    "time_period": ("Period", "text"),
    "label": ("Indicator", "text"),
    "text": ("Against the family group, in words", "text"),
    # finance
    "planned": ("Planned spend (£)", "money"),
    "actual": ("Actual spend (£)", "money"),
    "variance": ("Under(−)/over(+)spend (£)", "money"),
    "variance_pct": ("Under(−)/over(+)spend (% of plan)", "percent"),
    "variance_reason": ("Reason for the variance", "text"),
    "proportion": ("Share of actual spend (%)", "percent"),
    "letter": ("Regulation 4 letter", "text"),
    "reg4_matter": ("Regulation 4 matter", "text"),
    "matter": ("Regulation 4 matter", "text"),
    "care_group": ("Key care group", "text"),
    "partner": ("Partner", "text"),
    "service_line": ("Service line", "text"),
    "service": ("Service", "text"),
    "set_aside": ("Set-aside budget", "flag"),
    "reserve": ("Reserve", "text"),
    "reserve_type": ("Reserve type", "text"),
    "opening": ("Opening balance (£)", "money"),
    "added": ("Added (£)", "money"),
    "used": ("Used (£)", "money"),
    "closing": ("Closing balance (£)", "money"),
    "programme": ("Savings programme", "text"),
    "delivered": ("Savings delivered (£)", "money"),
    "delivered_pct": ("Delivered (% of target)", "percent"),
    "recurring": ("Recurring savings (£)", "money"),
    "check": ("Check", "text"),
    "expected": ("Expected (£)", "money"),
    "found": ("Found (£)", "money"),
    "difference": ("Difference (£)", "money"),
    "amount": ("Amount (£)", "money"),
    "spend": ("Spend (£)", "money"),
    "share": ("Share of spend (%)", "percent"),
    "spend_share": ("Share of spend (%)", "percent"),
    "spend_per_head": ("Spend per head (£)", "money"),
    "population": ("Population", "count"),
    "population_share": ("Share of population (%)", "percent"),
    # localities and governance
    "locality": ("Locality", "text"),
    "date": ("Date", "date"),
    "due_date": ("Due date", "date"),
    "decision": ("Decision", "text"),
    "reason": ("Reason", "text"),
    "reference": ("Reference", "text"),
    "issued_to": ("Issued to", "text"),
    "purpose": ("Purpose", "text"),
    "body": ("Inspection body", "text"),
    "inspection_id": ("Inspection", "text"),
    "link": ("Link to the report", "text"),
    "lowest_grade": ("Lowest grade awarded (1 to 6)", "count"),
    "recommendation": ("Recommendation", "text"),
    "action": ("Action", "text"),
    "owner": ("Owner", "text"),
    "type": ("Type", "text"),
    # Ministerial Strategic Group indicators
    "month": ("Month", "text"),
    "rolling_12_months": ("Rolling 12 months{unit}", VALUE),
    "objective": ("Objective{unit}", VALUE),
    "provisional": ("Provisional", "flag"),
    "baseline_year": ("Baseline year", "text"),
    "baseline": ("Baseline", "number"),
    "objective_as_set": ("Objective as set (a number, or % change from the baseline)", "number"),
    "objective_is": ("Objective is", "text"),
    "objective_value": ("Value the objective asks for", "number"),
    "desired_direction": ("Desired direction", "text"),
    "period": ("Period of the value", "text"),
    "objective_met": ("Objective met", "text"),
    "objective_year": ("Year of the objective (the year the value is for)", "text"),
    "margin": ("Margin from the objective", "number"),
    "records_to_come": ("What hospital records still to come could add", "number"),
    "caveat": ("Caveat on the verdict", "text"),
    "direction_of_travel": ("Direction of travel since the baseline", "text"),
    "latest_data": ("Latest period in PHS's data", "text"),
    "comment": ("Partnership's comment", "text"),
    "code": ("MSG indicator", "text"),
}
NUMERIC_KINDS = {"money", "percent", "number", "count", "year"}


def declare(frame: pd.DataFrame, unit: str = "", kinds: dict[str, str] | None = None) -> tuple[list, list]:
    """Headers and kinds of ``frame``'s columns. A column not declared in :data:`COLUMNS` is already a reader's
    header (``"Locality"``, a partnership's or a regulation 4 matter's name); its kind follows its values, or
    ``kinds`` when the view says (a column of a partnership's values is in ``unit``)."""
    suffix = f" ({unit})" if unit else ""
    labels, column_kinds = [], []
    for column in frame.columns:
        name = str(column)
        numeric = pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
        header, kind = COLUMNS.get(name, (name, None))
        kind = (kinds or {}).get(name, kind)
        if kind is None:
            kind = "flag" if pd.api.types.is_bool_dtype(frame[column]) else VALUE if numeric else "text"
            if numeric and unit and name not in (kinds or {}):
                header = name + "{unit}"
        if kind in NUMERIC_KINDS and not numeric and frame[column].notna().any():
            header, kind = name.replace("_", " ").capitalize(), "text"  # declared numeric, holds text
        labels.append(header.replace("{unit}", suffix if kind == VALUE else ""))
        column_kinds.append(kind)
    return labels, column_kinds


def declared(frame: pd.DataFrame, unit: str = "", kinds: dict[str, str] | None = None) -> Data:
    """``frame`` as a block's data, its columns declared (:func:`declare`)."""
    labels, column_kinds = declare(frame, unit, kinds)
    return Data.from_frame(frame, labels, column_kinds)
