"""Failed sign-ins are audited from Django's `user_login_failed` signal: it is the only
hook that sees every failed attempt (page, admin and API alike)."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from .services import audit_record


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    audit_record(
        user=None,
        username=str(credentials.get("username", ""))[:150],
        action="login_failed",
        request=request,
        channel="api" if request is not None and request.path.startswith("/api/") else "page",
    )
