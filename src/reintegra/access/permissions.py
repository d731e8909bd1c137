"""Named permissions: actions a role may take beyond reading and writing compartments.

Compartment rules say what a role may read or write on which cases. Some actions need
more than "may write the compartment": countersigning an assessment, overriding a
missing consent, overriding a separation rule in custody, reviewing duplicates. Those
are named permissions, granted to roles in the policy file (`permissions:` of a role)
and edited in the admin like the rules.

Each app declares the permissions it checks in its own `permissions.py`:

    PERMISSIONS = {"justice.custody_override": _("Override a custody separation rule")}

The policy file may grant only declared permissions, so a typo is refused, not ignored.
"""

from functools import cache
from importlib import import_module

from django.apps import apps

PERMISSIONS: dict[str, str] = {}


@cache
def declared_permissions() -> dict[str, str]:
    """Every permission code declared by an installed app, with its description."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("reintegra."):
            continue
        try:
            module = import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.permissions":
                raise
            continue
        found.update(getattr(module, "PERMISSIONS", {}))
    return found


def permission_choices() -> list[tuple[str, str]]:
    return sorted(declared_permissions().items())
