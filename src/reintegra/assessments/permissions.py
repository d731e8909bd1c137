"""Named permissions this app checks (see access.permissions)."""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict = {
    "assessments.countersign": _("Countersign an assessment (with training on its instrument)"),
    "assessments.manage_training": _("Record who is trained on which assessment instrument"),
}
