"""Named permissions this app checks (see access.permissions).

Writing plans and making referrals needs the `programme` compartment rule; sending a
referral without the consent the service asks for needs, in addition, the override
permission and a reason. A provider's users answer and follow up the referrals sent to
their agency (the policy decides that: `policy.referral_as_provider`).
"""

from django.utils.translation import gettext_lazy as _

PERMISSIONS: dict = {
    "plans.referral_consent_override": _("Send a referral without the person's consent, with a reason"),
}
