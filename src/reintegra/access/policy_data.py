"""Loading the policy file into the database (it is then edited as data in the admin)."""

from pathlib import Path

import yaml
from django.db import transaction

from .compartments import ALL_COMPARTMENTS
from .models import PolicyRule, Role, RolePermission, Scope
from .permissions import declared_permissions


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


def _parse_permissions(role_code: str, value) -> list[str]:
    where = f"role {role_code!r}, permissions"
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise PolicyFileError(f"{where}: write a list of permission codes")
    known = declared_permissions()
    for code in value:
        if code not in known:
            raise PolicyFileError(
                f"{where}: unknown permission {code!r}; use one of {', '.join(sorted(known)) or '(none declared)'}"
            )
    return list(dict.fromkeys(value))


class _StrictLoader(yaml.SafeLoader):
    """Refuses a key given twice in one mapping: plain YAML keeps the last one silently,
    and a role listed with two `permissions:` lines would lose the first."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> dict:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as exc:
        raise PolicyFileError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise PolicyFileError(f"{path}: expected a mapping with a 'roles' key")
    return data


def policy_load(
    *, path: Path, role_model=Role, rule_model=PolicyRule, permission_model=RolePermission
) -> int:
    """Create or replace the roles, rules and permissions named in the file.

    Returns the rule count. The model arguments let data migrations pass their historical
    models; `permission_model=None` skips permissions (the migration that ran before the
    permission table existed).
    """
    data = _read(path)
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
            if permission_model is not None:
                codes = _parse_permissions(code, spec.get("permissions"))
                permission_model.objects.filter(role=role).delete()
                permission_model.objects.bulk_create(permission_model(role=role, code=c) for c in codes)
    return count


def permissions_grant_defaults(
    *, codes: list[str], path: Path, role_model=Role, permission_model=RolePermission
) -> int:
    """Grant these permissions to the roles the policy file gives them to.

    For the data migration of an app that introduces new permissions: an existing
    database receives the shipped defaults for them once, and no other grant an
    administrator has edited is touched. Returns the number of grants added.
    """
    data = _read(path)
    added = 0
    with transaction.atomic():
        for role_code, spec in data["roles"].items():
            wanted = [c for c in _parse_permissions(role_code, (spec or {}).get("permissions")) if c in codes]
            role = role_model.objects.filter(code=role_code).first()
            if role is None:
                continue
            for code in wanted:
                _grant, created = permission_model.objects.get_or_create(role=role, code=code)
                added += created
    return added
