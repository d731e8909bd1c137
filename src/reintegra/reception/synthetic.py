"""Synthetic manifests for tests, the benchmark and the demo (no real person's name).

`kosovo_2019_rows()` has the shape of the April 2019 flight: 4 men, 32 women and 74
children, most under six, each child with its mother's row except a few orphans.
`manifest_rows(n)` repeats that shape to any size.
"""

from __future__ import annotations

import csv
import io
import random

from reintegra.demo import names as N

from .manifest import COLUMNS, OPTIONAL_COLUMNS

HEADER = [*COLUMNS, *OPTIONAL_COLUMNS]


def row_dict(**values) -> dict:
    """One manifest row; the columns not given are empty."""
    row = dict.fromkeys(HEADER, "")
    row.update(values)
    return row


def _child_dob(rng: random.Random) -> str:
    year = rng.randint(2013, 2018)
    roll = rng.random()
    if roll < 0.35:
        return f"{year}"
    if roll < 0.45:
        return f"{year}-{rng.randint(1, 12):02d}"
    if roll < 0.5:
        return ""
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def kosovo_2019_rows(seed: int = 20190420, prefix: str = "") -> list[dict]:
    """110 rows: 4 men, 32 women (6 with three children, 26 with two), 4 orphans."""
    rng = random.Random(seed)
    rows: list[dict] = []

    def add(**values) -> dict:
        row = dict.fromkeys(HEADER, "")
        row.update(values)
        rows.append(row)
        return row

    for i in range(4):
        add(ref=f"{prefix}M{i + 1:03d}", given_name=rng.choice(N.ALBANIAN_MALE), family_name=rng.choice(N.ALBANIAN_SURNAMES),
            father_name=rng.choice(N.ALBANIAN_MALE), sex="M", date_of_birth=f"{rng.randint(1978, 1994)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            citizenship_claim="XK", held_at="al-Hawl", family_ref="", notes="")
    for i in range(32):
        family = rng.choice(N.ALBANIAN_SURNAMES)
        fam = f"{prefix}F{i + 1:03d}"
        mother = add(ref=f"{prefix}W{i + 1:03d}", given_name=rng.choice(N.ALBANIAN_FEMALE), family_name=family,
                     father_name=rng.choice(N.ALBANIAN_MALE), sex="F",
                     date_of_birth=f"{rng.randint(1984, 1999)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     citizenship_claim="XK", held_at="al-Hawl", family_ref=fam)
        for j in range(3 if i < 6 else 2):
            sex = rng.choice("MF")
            add(ref=f"{prefix}C{i + 1:03d}{j + 1}", given_name=rng.choice(N.CHILD_BOYS if sex == "M" else N.CHILD_GIRLS),
                family_name=family, sex=sex, date_of_birth=_child_dob(rng), place_of_birth=rng.choice(N.CAMP_PLACES),
                citizenship_claim="XK", held_at="al-Hawl", family_ref=fam, mother_ref=mother["ref"],
                mother_consent="yes", birth_record=rng.choice(["no", "no", "yes", ""]))
    for i in range(4):
        sex = rng.choice("MF")
        add(ref=f"{prefix}O{i + 1:03d}", given_name=rng.choice(N.CHILD_BOYS if sex == "M" else N.CHILD_GIRLS),
            family_name=rng.choice(N.ALBANIAN_SURNAMES), sex=sex, date_of_birth=_child_dob(rng),
            place_of_birth="al-Hawl", citizenship_claim="XK", held_at="al-Hawl", birth_record="no",
            notes="Both parents reported dead")
    return rows


def manifest_rows(n: int, seed: int = 7) -> list[dict]:
    """n rows in blocks shaped like the 2019 flight, refs unique across blocks."""
    rows: list[dict] = []
    block = 0
    while len(rows) < n:
        block += 1
        rows.extend(kosovo_2019_rows(seed=seed + block, prefix=f"B{block:03d}-"))
    rows = rows[:n]
    refs = {r["ref"] for r in rows}
    for row in rows:  # a block cut short must not leave a child without its mother's row
        if row["mother_ref"] and row["mother_ref"] not in refs:
            row["mother_ref"] = ""
    return rows


def to_csv(rows: list[dict], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def to_xlsx(rows: list[dict], header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    header = header or HEADER
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
