"""Writes in the access app: break-glass grants and their review, API tokens."""

from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.services import audit_record

from . import policy
from .models import ApiToken, BreakGlassGrant

MIN_REASON_LENGTH = 20


class BreakGlassError(ValueError):
    pass


def break_glass_reason_check(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise BreakGlassError(
            _("Write the reason for this emergency access (at least %(n)d characters).")
            % {"n": MIN_REASON_LENGTH}
        )
    return reason


def break_glass_open(*, user, case, reason: str, request=None, channel: str = "page") -> BreakGlassGrant:
    """Open every compartment of one case to the user for a limited time.

    Only roles the policy names may do it, the reason is mandatory and written to the
    audit log, and the grant waits for the data-protection officer's review.
    """
    if not policy.may_break_glass(user):
        raise policy.AccessDenied("break-glass not allowed")
    reason = break_glass_reason_check(reason)
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=user, case=case, reason=reason, granted_at=now,
            expires_at=now + policy.break_glass_duration(user),
        )
        audit_record(
            user=user, action="break_glass", request=request, channel=channel,
            object_type="break_glass_grant", object_id=grant.pk, case_id=case.pk,
            person_id=case.person_id, reason=reason,
            detail={"expires_at": grant.expires_at.isoformat()},
        )
    policy.clear_cache(user)
    return grant


def break_glass_review(*, reviewer, grant: BreakGlassGrant, note: str = "", request=None) -> BreakGlassGrant:
    if not policy.may_review_break_glass(reviewer):
        raise policy.AccessDenied("review not allowed")
    if grant.user_id == reviewer.pk:
        raise BreakGlassError(_("Nobody signs off their own emergency access."))
    with transaction.atomic():
        now = timezone.now()
        # Conditional update: of two reviewers signing at once, only the first counts.
        signed = BreakGlassGrant.objects.filter(pk=grant.pk, reviewed_at__isnull=True).update(
            reviewed_by=reviewer, reviewed_at=now, review_note=note.strip()
        )
        if not signed:
            raise BreakGlassError(_("This break-glass access has already been reviewed."))
        grant.refresh_from_db()
        audit_record(
            user=reviewer, action="review", request=request, object_type="break_glass_grant",
            object_id=grant.pk, case_id=grant.case_id, reason=grant.review_note,
        )
    return grant


def api_token_issue(*, username: str, password: str, request=None) -> tuple[str, ApiToken] | None:
    """Exchange a username and password for a bearer token; None when they are wrong.

    `authenticate` runs through django-axes, so failures count toward the lockout and are
    audited by the failed-login handler.
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    key = ApiToken.new_key()
    from django.conf import settings

    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=ApiToken.hash_key(key),
            password_fingerprint=ApiToken.fingerprint(user),
            expires_at=timezone.now() + timedelta(hours=settings.REINTEGRA_API_TOKEN_HOURS),
        )
        audit_record(user=user, action="login", request=request, channel="api", object_type="api_token", object_id=token.pk)
    return key, token


def api_token_user(key: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.password_fingerprint != ApiToken.fingerprint(token.user):
        return None  # the password changed after the token was issued
    return token.user
