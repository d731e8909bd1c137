"""The admin site: two-factor sign-in (TOTP) required unless the demo turns it off.

The admin edits roles, rules and users, the keys to everything else, so in production
(`DEBUG` off) only users verified by a registered OTP device get in. The demo runs
with `REINTEGRA_ADMIN_REQUIRES_OTP` off so the tour works without an authenticator app.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class ReintegraAdminSite(OTPAdminSite):
    site_header = _("Reintegra administration")
    site_title = "Reintegra"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    @staticmethod
    def otp_required() -> bool:
        return settings.REINTEGRA_ADMIN_REQUIRES_OTP

    def has_permission(self, request):
        if self.otp_required():
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def login(self, request, extra_context=None):
        # The setting is fixed for a running process; tests change it between requests.
        if self.otp_required():
            self.login_form = OTPAdminAuthenticationForm
            self.login_template = OTPAdminSite.login_template
        else:
            self.login_form = None
            self.login_template = None
        return AdminSite.login(self, request, extra_context)
