"""Named permissions this app checks (see access.permissions).

`linkage.review` lets its holder see the duplicate review queue (the names, dates of
birth, documents and cases of both persons of a pair, whoever's caseload they are on)
and decide: merge the two or remember them as different people. Which role holds it is
in the policy file (the coordinator by default).
"""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict = {
    "linkage.review": _("Review possible duplicates in the registry: merge, unmerge, or mark as different people"),
}
