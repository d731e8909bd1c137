"""Named permissions this app checks (see access.permissions).

Each is checked together with the compartment rule: the holder must also be allowed to
write the `justice` compartment of the case (`policy.require_permission(user, code,
case=case, compartment="justice")`). Which role holds which is in the policy file.
"""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict = {
    "justice.proceedings_write": _("Record proceedings: investigation, measures, charges, plea, hearings, verdict, sentence, appeals"),
    "justice.custody_write": _("Record custody: placements, transfers, prison programmes, releases"),
    "justice.separation_override": _("Place a person against a custody separation rule, with a reason"),
    "justice.release_plan_write": _("Prepare a release plan"),
    "justice.supervision_write": _("Record probation supervision: meetings, compliance, breaches"),
}
