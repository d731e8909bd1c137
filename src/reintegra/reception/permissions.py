"""Named permissions this app checks (see access.permissions)."""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict = {
    "reception.manage_operations": _(
        "Run repatriation operations: people abroad, operations, manifests, capacity planning"
    ),
    "reception.step_any": _("Act on any agency's protocol step (the coordinating unit)"),
}
