from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from reintegra.access.api import router as auth_router
from reintegra.access.policy import AccessDenied
from reintegra.assessments.api import router as assessments_router
from reintegra.audit.api import router as audit_router
from reintegra.cases.api import router as cases_router
from reintegra.cases.api import work_router
from reintegra.conferences.api import router as conferences_router
from reintegra.education.api import router as education_router
from reintegra.justice.api import router as justice_router
from reintegra.linkage.api import router as linkage_router
from reintegra.people.api import router as people_router
from reintegra.plans.api import router as plans_router
from reintegra.reception.api import router as reception_router

from .auth import BearerToken

api = NinjaAPI(
    title="Reintegra API",
    version="1",
    description="Case management for returnees. Every answer is filtered by the caller's access policy.",
    auth=BearerToken(),
    urls_namespace="api",
)
api.add_router("/auth", auth_router)
api.add_router("/persons", people_router)
api.add_router("/cases", cases_router)
api.add_router("/audit", audit_router)
api.add_router("/work", work_router)
api.add_router("/reception", reception_router)
api.add_router("/justice", justice_router)
api.add_router("/assessments", assessments_router)
api.add_router("/plans", plans_router)
api.add_router("/education", education_router)
api.add_router("/conferences", conferences_router)
api.add_router("/linkage", linkage_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": _("Sign in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/token.")},
        status=401,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    # Denied and absent look the same: the caller learns nothing about what exists.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AccessDenied)
def _denied(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    problems = [{"field": _field_name(err.get("loc", [])), "message": err.get("msg")} for err in exc.errors]
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": problems}, status=422
    )


def _field_name(loc) -> str | None:
    """("body", "payload", "password") -> "password"; ("query", "limit") -> "limit"."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["body"] and len(parts) > 2:
        parts = parts[2:]
    else:
        parts = parts[1:]
    return ".".join(parts) or None
