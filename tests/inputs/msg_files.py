"""Writers of MSG files in PHS's dashboard layout, for the tests: plain rows with known counts, so that a test can
add up the months itself rather than trust the reader."""

from __future__ import annotations

import csv
from pathlib import Path

MONTHLY_HEADER = ["Partnership", "Locality", "AGE_GROUPS", "AreaTreated", "month", "LA_Code", "One_Admissions",
                  "one_b_ae_admissions", "Two_a", "Two_b", "Two_c", "Three_Attendances",
                  "three_number_meeting_target", "Four_HSC_beddays", "Four_C9_beddays", "Four_PCF_beddays",
                  "Four_all_beddays"]  # fmt: skip
COUNTS = MONTHLY_HEADER[6:]


def months(first=(2017, 4), last=(2026, 3)) -> list[tuple[int, int]]:
    out, (y, m) = [], first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def count(column: str, i: int, area: str, age: str, treated: str) -> int:
    """A known, varied count for month number ``i`` of a series."""
    base = {
        "One_Admissions": 1500,
        "Two_a": 11000,
        "Two_b": 800,
        "Two_c": 3000,
        "Three_Attendances": 5000,
        "one_b_ae_admissions": 900,
        "Four_HSC_beddays": 1400,
        "Four_C9_beddays": 400,
        "Four_PCF_beddays": 150,
    }[column]
    scale = {"All Ages": 1.0, "18+": 0.85, "65+": 0.5, "<18": 0.15, "18-64": 0.35}[age]
    scale *= 0.9 if treated == "Within HBres" else 0.1
    scale *= 1.0 + 0.05 * (len(area) % 5)
    return int(base * scale) + (i * 7 + len(column) * 3) % 41


def monthly_rows(areas=("Highland",), ages=("All Ages", "18+"), first=(2017, 4), last=(2026, 3)) -> list[dict]:
    rows = []
    for area in areas:
        for age in ages:
            for treated in ("Within HBres", "Outwith HBres"):
                for i, (y, m) in enumerate(months(first, last)):
                    row = {"Partnership": area, "Locality": "All", "AGE_GROUPS": age, "AreaTreated": treated,
                           "month": f"{y}-{m:02d}-01", "LA_Code": "S12000017"}  # fmt: skip
                    for c in [c for c in COUNTS[:-1] if c != "three_number_meeting_target"]:
                        row[c] = count(c, i, area, age, treated)
                    row["three_number_meeting_target"] = int(row["Three_Attendances"] * 0.8)
                    if age == "All Ages":  # PHS gives indicator 4 for 18+ only
                        for c in ("Four_HSC_beddays", "Four_C9_beddays", "Four_PCF_beddays"):
                            row[c] = None
                        row["Four_all_beddays"] = None
                    else:
                        row["Four_all_beddays"] = sum(row[c] for c in ("Four_HSC_beddays", "Four_C9_beddays",
                                                                        "Four_PCF_beddays"))  # fmt: skip
                    rows.append(row)
    return rows


def write_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in header])
    return path


ANNUAL_HEADER = ["Partnership", "year", "Indicator", "Age_Groups", "Community_Percent", "Community_Hosp_Percent",
                 "Large_Percent", "Palliative_Percent", "HomeUnsupportedRate6", "HomeSupportedRate6",
                 "CareHomeRate6", "HospiceRate6", "CommunityHospitalRate6", "LHRate6"]  # fmt: skip


def annual_rows(area="Highland", last=2024, provisional=True) -> list[dict]:
    rows = []
    for y in range(2017, last + 1):
        label = f"{y}/{(y + 1) % 100:02d}" + ("p" if provisional and y == last else "")
        rows.append({"Partnership": area, "year": label, "Indicator": 5, "Age_Groups": "All Ages",
                     "Community_Percent": 88 + (y - 2017) * 0.3, "Community_Hosp_Percent": 1.5,
                     "Large_Percent": 9 - (y - 2017) * 0.3, "Palliative_Percent": 1.5})  # fmt: skip
        rows.append({"Partnership": area, "year": label, "Indicator": 6, "Age_Groups": "65+",
                     "HomeUnsupportedRate6": 88.0, "HomeSupportedRate6": 6.0 + (y - 2017) * 0.1, "CareHomeRate6": 3.5,
                     "HospiceRate6": 0.05, "CommunityHospitalRate6": 0.2, "LHRate6": 2.0})  # fmt: skip
    return rows


def completeness_rows(board="NHS Highland", under=()) -> list[dict]:
    """Every month complete (99.5%) but those in ``under``: {(year, month, source): percent}."""
    rows = []
    for y, m in months():
        row = {"NHS Board": board, "Month": f"{y}-{m:02d}-01"}
        for source in ("SMR01", "SMR01E", "SMR04"):
            row[source] = dict(under).get((y, m, source), 99.5)
        rows.append(row)
    return rows


def write_folder(folder: Path, monthly=None, annual=None, completeness=None) -> Path:
    write_csv(folder / "MSG Tableau 1 to 4.csv", MONTHLY_HEADER, monthly if monthly is not None else monthly_rows())
    write_csv(folder / "MSG Tableau 5 and 6.csv", ANNUAL_HEADER, annual if annual is not None else annual_rows())
    write_csv(folder / "Completeness.csv", ["NHS Board", "Month", "SMR01", "SMR01E", "SMR04"],
              completeness if completeness is not None else completeness_rows())  # fmt: skip
    return folder


def with_all_rows(rows: list[dict], column: str = "AreaTreated", only: bool = False) -> list[dict]:
    """PHS's files since 2025: beside each set of parts (rows alike but for ``column``) an aggregate row with ``column``
    'All' whose counts are the parts' sums, added up here from the rows as written. ``only``: the aggregates alone."""
    others = [c for c in rows[0] if c != column and c not in COUNTS and not c.endswith(("_R12", "_rate"))]
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[c] for c in others), []).append(row)
    out = []
    for parts in groups.values():
        total = {**parts[0], column: "All"}
        for c in COUNTS:
            given = [p[c] for p in parts if p[c] is not None]
            total[c] = sum(given) if given else None
        out.extend([total] if only else [*parts, total])
    return out


def by_simd_quintile(rows: list[dict]) -> list[dict]:
    """Each row split into SIMD quintiles 1 to 5 (whole numbers that add up to the row's counts), 'simd_quintile'
    set on each part."""
    out = []
    for row in rows:
        for q in range(1, 6):
            part = {**row, "simd_quintile": q}
            for c in COUNTS:
                if row[c] is not None:
                    part[c] = row[c] // 5 + (1 if q <= row[c] % 5 else 0)
            out.append(part)
    return out


def write_workbook(path: Path, monthly: list[dict], header: list[str]) -> Path:
    """A workbook with the monthly rows on the sheet 'MSG 1 to 4' and PHS's annual rows on 'MSG 5 and 6'."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "MSG 1 to 4"
    ws.append(header)
    for row in monthly:
        ws.append([row.get(c) for c in header])
    annual = wb.create_sheet("MSG 5 and 6")
    annual.append(ANNUAL_HEADER)
    for row in annual_rows():
        annual.append([row.get(c) for c in ANNUAL_HEADER])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
