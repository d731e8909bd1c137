"""Named permissions this app checks (see access.permissions).

`conferences.manage` lets a user plan conferences, chair them and keep their minutes.
Which role holds it is in the policy file (the coordinating unit by default).
"""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict = {
    "conferences.manage": _("Plan and chair case conferences, keep and approve their minutes"),
}
