"""Loading the policy file into the database (it is then edited as data in the admin)."""

from pathlib import Path

import yaml
from django.db import transaction

from .compartments import ALL_COMPARTMENTS
from .models import PolicyRule, Role, Scope


class PolicyFileError(ValueError):
    pass


def _parse_rule(role_code: str, compartment: str, value) -> tuple[str, bool, bool]:
    where = f"role {role_code!r}, compartment {compartment!r}"
    if compartment not in ALL_COMPARTMENTS:
        raise PolicyFileError(f"{where}: unknown compartment; use one of {', '.join(ALL_COMPARTMENTS)}")
    if not isinstance(value, list) or len(value) != 2:
        raise PolicyFileError(f"{where}: write [scope, r|rw]")
    scope, mode = value
    if scope not in Scope.values:
        raise PolicyFileError(f"{where}: unknown scope {scope!r}; use one of {', '.join(Scope.values)}")
    if mode not in ("r", "rw"):
        raise PolicyFileError(f"{where}: mode must be r or rw, not {mode!r}")
    return scope, True, mode == "rw"


def policy_load(*, path: Path, role_model=Role, rule_model=PolicyRule) -> int:
    """Create or replace the roles and rules named in the file. Returns the rule count.

    The model arguments let the data migration pass its historical models.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PolicyFileError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise PolicyFileError(f"{path}: expected a mapping with a 'roles' key")
    count = 0
    with transaction.atomic():
        for code, spec in data["roles"].items():
            spec = spec or {}
            role, _created = role_model.objects.update_or_create(
                code=code,
                defaults={
                    "name": spec.get("name", code),
                    "may_break_glass": bool(spec.get("break_glass", False)),
                    "break_glass_minutes": int(spec.get("break_glass_minutes", 60)),
                    "reads_audit": bool(spec.get("reads_audit", False)),
                },
            )
            role.rules.all().delete()
            for compartment, value in (spec.get("rules") or {}).items():
                scope, can_read, can_write = _parse_rule(code, compartment, value)
                rule_model.objects.create(
                    role=role, compartment=compartment, scope=scope,
                    can_read=can_read, can_write=can_write,
                )
                count += 1
    return count
