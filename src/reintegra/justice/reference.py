"""Per-jurisdiction reference data: offences and the rules the release dates use.

Shipped as `offences/<country>.yaml`; the offences go into the database (charges point
at them), the rules are read from the file.
"""

from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

from .dates import parse_fraction

DATA_DIR = Path(__file__).resolve().parent / "offences"


class ReferenceDataError(ValueError):
    pass


def _months(value, where: str) -> int:
    if value is None:
        return 0
    if not isinstance(value, dict) or set(value) - {"years", "months"}:
        raise ReferenceDataError(f"{where}: write {{years: N, months: N}}")
    try:
        return int(value.get("years", 0)) * 12 + int(value.get("months", 0))
    except (TypeError, ValueError) as exc:
        raise ReferenceDataError(f"{where}: years and months are whole numbers") from exc


def read_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("jurisdiction"), str):
        raise ReferenceDataError(f"{path}: expected a mapping with 'jurisdiction' and 'offences'")
    try:
        parse_fraction(data.get("conditional_release_after", "1"))
    except (ValueError, ZeroDivisionError) as exc:
        raise ReferenceDataError(f"{path}: conditional_release_after: {exc}") from exc
    for i, row in enumerate(data.get("offences") or [], start=1):
        where = f"{path}: offence {i}"
        if not isinstance(row, dict) or not row.get("code") or not row.get("name"):
            raise ReferenceDataError(f"{where}: needs a code and a name")
        row["min_months"] = _months(row.get("min"), f"{where} ({row['code']}), min")
        row["max_months"] = _months(row.get("max"), f"{where} ({row['code']}), max") if row.get("max") else None
        if row["max_months"] is not None and row["max_months"] < row["min_months"]:
            raise ReferenceDataError(f"{where} ({row['code']}): max is below min")
    return data


def offences_load(*, paths=None, offence_model=None) -> int:
    """Add or update the offences of the shipped files (or the given ones). Returns the count."""
    if offence_model is None:
        from .models import Offence as offence_model
    paths = paths or sorted(DATA_DIR.glob("*.yaml"))
    files = [read_file(p) for p in paths]  # all checked before anything is written
    count = 0
    with transaction.atomic():
        for data in files:
            for row in data.get("offences") or []:
                offence_model.objects.update_or_create(
                    jurisdiction=data["jurisdiction"], code=row["code"],
                    defaults={"name": row["name"], "law": row.get("law", ""), "min_months": row["min_months"],
                              "max_months": row["max_months"], "terrorism": bool(row.get("terrorism"))},
                )
                count += 1
    return count


@cache
def jurisdiction_rules(country: str) -> dict:
    path = DATA_DIR / f"{country}.yaml"
    data = read_file(path) if path.exists() else {}
    return {"conditional_release_after": parse_fraction(data.get("conditional_release_after", "1"))}
