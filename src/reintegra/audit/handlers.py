"""Sign-ins, sign-outs and failed sign-ins are audited from Django's auth signals: they
are the only hooks that see every attempt (page, admin and API alike)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_record


def _channel(request) -> str:
    return "api" if request is not None and request.path.startswith("/api/") else "page"


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(user=user, action="login", request=request, channel=_channel(request))


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action="logout", request=request, channel=_channel(request))


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    # Every failed attempt is recorded, also those django-axes refuses during a lockout
    # (marked `locked_out`): a data-protection officer must see a guessing attack whole.
    audit_record(
        user=None,
        username=str(credentials.get("username", ""))[:150],
        action="login_failed",
        request=request,
        channel=_channel(request),
        detail={"locked_out": True} if getattr(request, "axes_locked_out", False) else {},
    )
