"""Synthetic MSG data in PHS's dashboard layout, and each partnership's synthetic MSG objectives.

SYNTHETIC: every number is made up. Magnitudes are of the order of Scotland's published MSG totals per 1,000 people
(admissions about 100 a year, acute unscheduled bed days about 650, delayed discharge bed days about 110 per 1,000
adults), scaled by the rough populations of ``reference_data/populations_approx.csv``. Built in: winter peaks, the
fall in spring 2020 and the slow return, the four-hour standard slipping after 2021, a provisional latest year for
indicators 5 and 6, hospital records under 95% complete for the latest three months, and quirks of PHS's files ('&'
in names, Clackmannanshire & Stirling also given as its two councils, Comhairle nan Eilean Siar for the Western Isles,
blank rows). Seeded: ``make sample`` writes the same bytes every time.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import numpy as np

from hscp_nb.domain import msg, reference
from hscp_nb.domain.years import ReportingYear
from hscp_nb.sample.generate import SYNTHETIC_NOTE, Area, _largest_remainder, _rng, areas, locality_shares

FIRST_MONTH = msg.FIRST_MONTH
LAST_MONTH = (2026, 3)  # the sample's latest month: March 2026, the end of 2025/26
# Yearly counts per 1,000 people of the age group (All Ages; delayed discharges per 1,000 aged 18+), Scotland
PER_1000 = {"One_Admissions": 100.0, "Two_a": 650.0, "Two_b": 45.0, "Two_c": 190.0, "Three_Attendances": 300.0,
            "Four_all_beddays": 110.0}  # fmt: skip
WINTER = np.array([0.97, 0.96, 0.95, 0.98, 0.95, 0.97, 1.01, 1.03, 1.08, 1.07, 1.00, 1.03])  # April … March
SPRING_2020 = {(2020, 4): 0.62, (2020, 5): 0.72, (2020, 6): 0.84, (2020, 7): 0.9, (2020, 8): 0.92, (2020, 9): 0.94,
               (2021, 1): 0.88, (2021, 2): 0.9}  # fmt: skip
SHARE_18 = 0.86  # of all-ages counts, those aged 18 and over
SHARE_65_OF_18 = 0.6
WITHIN_BOARD = 0.93  # treated within the health board of residence
DELAY_REASONS = {"Four_HSC_beddays": 0.7, "Four_C9_beddays": 0.22, "Four_PCF_beddays": 0.08}
INCOMPLETE = {SRC: (88.0, 81.0, 70.0) for SRC in msg.COMPLETENESS_SOURCES}  # the latest three months


def months() -> list[tuple[int, int]]:
    out, (year, month) = [], FIRST_MONTH
    while (year, month) <= LAST_MONTH:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _financial_start(year: int, month: int) -> int:
    return year if month >= 4 else year - 1


def _level(area: Area, column: str) -> float:
    """A partnership's rate relative to Scotland's: deprivation raises emergency care; islands have fewer A&E
    attendances and less mental health bed use; some partnerships have many more delays."""
    rng = _rng("msg-level", area.partnership.code, column)
    deprivation = 1 + 0.4 * (area.deprivation - 1) if column != "Four_all_beddays" else 1.0
    island = 0.8 if area.partnership.is_island and column in {"Three_Attendances", "Two_c"} else 1.0
    return float(deprivation * island * np.exp(rng.normal(0, 0.15 if column == "Four_all_beddays" else 0.06)))


def _trend(column: str, year: int, month: int, slope: float) -> float:
    """Growth (or decline, ``slope`` a year) over the years, the pandemic fall, and delays rising after 2021."""
    t = (year + (month - 4) / 12) - 2017.25
    growth = 1 + (slope if column != "Four_all_beddays" else 0.0) * t
    if column == "Four_all_beddays":
        growth *= 0.6 if (year, month) < (2021, 4) and (year, month) >= (2020, 4) else 1.0 + 0.05 * max(0, t - 4)
    return growth * SPRING_2020.get((year, month), 1.0)


def _four_hours(area: Area, year: int, month: int) -> float:
    """Share of A&E attendances within four hours: about 90% before 2020, falling to about 70% since 2022, worst in
    winter."""
    base = 0.9 if (year, month) < (2021, 6) else 0.76 - 0.01 * min(3, year - 2021)
    island = 0.08 if area.partnership.is_island else 0.0
    return min(0.99, base + island - 0.05 * (WINTER[(month - 4) % 12] - 1) * 10)


def monthly_rows() -> list[dict]:
    """Rows of 'MSG 1 to 4': each partnership ('All' and its localities), Scotland, and Clackmannanshire and Stirling
    also as the two councils, by age group and area treated, April 2017 to March 2026."""
    rows: list[dict] = []
    scotland: dict[tuple, dict] = {}
    for area in areas():
        p = area.partnership
        name = p.name_scotpho  # PHS writes '&'
        rng = _rng("msg-counts", p.code)
        level = {c: _level(area, c) for c in PER_1000}
        slope = {c: float(_rng("msg-slope", p.code, c).normal(-0.01, 0.012)) for c in PER_1000}
        shares = locality_shares(area, 2025)
        names = sorted(shares)
        for year, month in months():
            fy = _financial_start(year, month)
            pops = {"All Ages": area.pop(fy, "all"), "18+": area.pop(fy, "18+"), "65+": area.pop(fy, "65+")}
            season = WINTER[(month - 4) % 12]
            expected = {}
            for column, per in PER_1000.items():
                base = pops["18+" if column == "Four_all_beddays" else "All Ages"]
                expected[column] = (
                    per * base / 1000 / 12 * level[column] * season * _trend(column, year, month, slope[column])
                )
            counts = {c: int(rng.poisson(v)) for c, v in expected.items()}
            counts["three_number_meeting_target"] = int(rng.binomial(counts["Three_Attendances"],
                                                                     _four_hours(area, year, month)))  # fmt: skip
            counts["one_b_ae_admissions"] = int(rng.binomial(counts["One_Admissions"], 0.62))
            delays = counts.pop("Four_all_beddays")
            by_age = _ages(rng, counts, delays)
            for age, age_counts in by_age.items():
                for treated, part in _treated(rng, age_counts).items():
                    row = _row(name, "All", age, treated, year, month, p, part, pops[age])
                    rows.append(row)
                    key = (age, treated, year, month)
                    total = scotland.setdefault(key, {"population": 0, **{c: 0 for c in msg.MONTHLY_COUNTS}})
                    total["population"] += pops[age]
                    for c in msg.MONTHLY_COUNTS:
                        total[c] += part.get(c) or 0
                    if p.code == "S37000005":  # PHS also gives the two councils separately
                        rows += _councils(rng, age, treated, year, month, p, part, pops[age])
                    if age == "65+":
                        continue
                    weights = [shares[n] for n in names]
                    split = {c: _largest_remainder(v, weights) if v is not None else [None] * len(names)
                             for c, v in part.items()}  # fmt: skip
                    for i, locality in enumerate(names):
                        local = {c: split[c][i] for c in part}
                        rows.append(_row(name, locality, age, treated, year, month, p, local,
                                         round(pops[age] * weights[i])))  # fmt: skip
    for (age, treated, year, month), total in scotland.items():
        population = total.pop("population")
        counts = {c: (v if not (age == "All Ages" and c.startswith("Four")) else None) for c, v in total.items()}
        rows.append(_row("Scotland", "All", age, treated, year, month, None, counts, population))
    _rolling(rows)
    return rows


def _ages(rng, counts: dict[str, int], delays: int) -> dict[str, dict]:
    """All Ages, 18+ and 65+ counts; delayed discharges are counted for 18+ (PHS's 'all' for indicator 4)."""
    adults = {c: int(rng.binomial(v, SHARE_18)) for c, v in counts.items()}
    adults["three_number_meeting_target"] = min(adults["three_number_meeting_target"], adults["Three_Attendances"])
    older = {c: int(rng.binomial(v, SHARE_65_OF_18)) for c, v in adults.items()}
    older["three_number_meeting_target"] = min(older["three_number_meeting_target"], older["Three_Attendances"])
    reasons = _largest_remainder(delays, list(DELAY_REASONS.values()))
    older_delays = _largest_remainder(int(rng.binomial(delays, 0.82)), list(DELAY_REASONS.values()))
    return {
        "All Ages": {**counts, **{c: None for c in DELAY_REASONS}, "Four_all_beddays": None},
        "18+": {**adults, **dict(zip(DELAY_REASONS, reasons)), "Four_all_beddays": delays},
        "65+": {**older, **dict(zip(DELAY_REASONS, older_delays)), "Four_all_beddays": sum(older_delays)},
    }


def _split(rng, counts: dict, share: float) -> tuple[dict, dict]:
    """Counts split at random in two (``share`` of each to the first), keeping attendances seen within four hours
    no more than the attendances and delayed bed days the sum of their reasons."""
    part = {c: (int(rng.binomial(v, share)) if v is not None else None) for c, v in counts.items()}
    part["three_number_meeting_target"] = min(part["three_number_meeting_target"], part["Three_Attendances"])
    rest = {c: (v - part[c] if v is not None else None) for c, v in counts.items()}
    if rest["three_number_meeting_target"] > rest["Three_Attendances"]:
        moved = rest["three_number_meeting_target"] - rest["Three_Attendances"]
        part["three_number_meeting_target"] += moved
        rest["three_number_meeting_target"] -= moved
    for side in (part, rest):
        if side["Four_all_beddays"] is not None:
            side["Four_all_beddays"] = sum(side[c] for c in DELAY_REASONS)
    return part, rest


def _treated(rng, counts: dict) -> dict[str, dict]:
    within, outwith = _split(rng, counts, WITHIN_BOARD)
    return {"Within HBres": within, "Outwith HBres": outwith}


def _councils(rng, age, treated, year, month, p, part, population) -> list[dict]:
    """Clackmannanshire & Stirling's totals split into its two councils (Clackmannanshire about 40%)."""
    clacks, stirling = _split(rng, part, 0.4)
    share = round(population * 0.4)
    return [_row("Clackmannanshire", "All", age, treated, year, month, p, clacks, share),
            _row("Stirling", "All", age, treated, year, month, p, stirling, population - share)]  # fmt: skip


def _row(name, locality, age, treated, year, month, p, counts, population) -> dict:
    row = {"Partnership": name, "Locality": locality, "AGE_GROUPS": age, "AreaTreated": treated,
           "month": f"{year}-{month:02d}-01", "LA_Code": (p.council_area_codes[0] if p else "S99999999")}  # fmt: skip
    for c in msg.MONTHLY_COUNTS:
        row[c] = counts.get(c)
    for c, rate in msg.RATE_COLUMNS.items():
        given = row[c] is not None and population and locality == "All"  # the sample's localities carry no rates
        row[rate] = round(row[c] * 1000 / population, 4) if given else None
    return row


def _rolling(rows: list[dict]) -> None:
    """PHS's rolling 12-month totals, ``<count>_R12``, from the 12th month of each series on."""
    series: dict[tuple, list[dict]] = {}
    for row in rows:
        series.setdefault((row["Partnership"], row["Locality"], row["AGE_GROUPS"], row["AreaTreated"]), []).append(row)
    for group in series.values():
        for c in msg.MONTHLY_COUNTS:
            values = [r[c] for r in group]
            for i, row in enumerate(group):
                window = values[i - 11 : i + 1] if i >= 11 else None
                row[c + msg.ROLLING_SUFFIX] = (
                    sum(v or 0 for v in window) if window is not None and any(v is not None for v in window) else None
                )


MONTHLY_HEADER = [*msg.MONTHLY_KEYS, *msg.MONTHLY_COUNTS, *(c + msg.ROLLING_SUFFIX for c in msg.MONTHLY_COUNTS),
                  *msg.RATE_COLUMNS.values()]  # fmt: skip
ANNUAL_HEADER = [*msg.ANNUAL_KEYS, *msg.END_OF_LIFE_SETTINGS, *msg.BALANCE_OF_CARE_SETTINGS]


def annual_rows() -> list[dict]:
    """Rows of 'MSG 5 and 6': 2017/18 to 2024/25, the latest provisional."""
    rows = []
    last = LAST_MONTH[0] - 2  # 2024/25: a year behind the monthly data, as PHS's are
    for area in areas():
        p = area.partnership
        name = "Comhairle nan Eilean Siar" if p.code == "S37000031" else p.name_scotpho
        rng = _rng("msg-annual", p.code)
        island = 1.5 if p.is_island else 0.0
        for year in range(2017, last + 1):
            label = ReportingYear(year).label + ("p" if year == last else "")
            hospital = max(
                4.0, 10.5 - island - 0.25 * (year - 2017) - (1.2 if year == 2020 else 0) + rng.normal(0, 0.6)
            )
            community_hosp = 1.2 + (2.0 if p.is_island else 0) + rng.normal(0, 0.15)
            palliative = 1.4 + rng.normal(0, 0.1)
            community = 100 - hospital - community_hosp - palliative
            rows.append({"Partnership": name, "year": label, "Indicator": 5, "Age_Groups": "All Ages",
                         "Community_Percent": round(community, 2), "Community_Hosp_Percent": round(community_hosp, 2),
                         "Large_Percent": round(hospital, 2), "Palliative_Percent": round(palliative, 2)})  # fmt: skip
            care_home = 3.6 - 0.05 * (year - 2017) + rng.normal(0, 0.2)
            hospital6 = 1.9 - (0.3 if year == 2020 else 0) + rng.normal(0, 0.1)
            supported = 6.0 + 0.1 * (year - 2017) + rng.normal(0, 0.3)
            hospice, community_hospital = 0.05, 0.12 + (0.3 if p.is_island else 0)
            unsupported = 100 - care_home - hospital6 - supported - hospice - community_hospital
            rows.append(
                {
                    "Partnership": name,
                    "year": label,
                    "Indicator": 6,
                    "Age_Groups": "65+",
                    "HomeUnsupportedRate6": round(unsupported, 2),
                    "HomeSupportedRate6": round(supported, 2),
                    "CareHomeRate6": round(care_home, 2),
                    "HospiceRate6": hospice,
                    "CommunityHospitalRate6": round(community_hospital, 2),
                    "LHRate6": round(hospital6, 2),
                }
            )
    return rows


def completeness_rows() -> list[dict]:
    """'Completeness': every NHS board, every month, SMR01, SMR01E and SMR04; the latest three months under 95%."""
    boards = sorted({p.health_board for p in reference.partnerships()})
    rows = []
    recent = months()[-3:]
    for board in boards:
        rng = _rng("msg-completeness", board)
        for year, month in months():
            row = {"NHS Board": board, "Month": f"{year}-{month:02d}-01"}
            for source in msg.COMPLETENESS_SOURCES:
                if (year, month) in recent:
                    value = min(94.0, INCOMPLETE[source][recent.index((year, month))] + rng.normal(0, 3))
                else:
                    value = 100 - abs(rng.normal(0, 0.6))
                row[source] = round(min(100.0, value), 1)
            rows.append(row)
    return rows


def _csv_bytes(header: list[str], rows: list[dict], blank_every: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for i, row in enumerate(rows, start=1):
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in header])
        if blank_every and i % blank_every == 0:
            writer.writerow([])  # PHS extracts carry the odd blank row
    return buffer.getvalue().encode("utf-8")


def write_msg_sample(folder: Path) -> list[Path]:
    """The sample's MSG data: a folder of PHS's three CSV files (the monthly one compressed) and a README."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    path = folder / "MSG Tableau 1 to 4.csv.gz"
    data = _csv_bytes(MONTHLY_HEADER, monthly_rows(), blank_every=25000)
    with open(path, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    written.append(path)
    for name, header, rows in (("MSG Tableau 5 and 6.csv", ANNUAL_HEADER, annual_rows()),
                               ("Completeness.csv", ["NHS Board", "Month", *msg.COMPLETENESS_SOURCES],
                                completeness_rows())):  # fmt: skip
        (folder / name).write_bytes(_csv_bytes(header, rows))
        written.append(folder / name)
    readme = folder / "README.txt"
    readme.write_text(
        f"{SYNTHETIC_NOTE}\n\nLayout: PHS's MSG dashboard files (Ministerial Strategic Group indicators): "
        "'MSG Tableau 1 to 4' monthly by partnership, locality, age group and area treated; 'MSG Tableau 5 and 6' "
        "annual; 'Completeness' of SMR01, SMR01E and SMR04 by NHS board and month.\n",
        encoding="utf-8",
    )
    written.append(readme)
    return written
