"""Agencies, roles, staff, the access policy as data, break-glass grants and API tokens.

Nothing here decides anything: `access.policy` reads these rows and decides.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .compartments import Compartment


class AgencyType(models.TextChoices):
    COORDINATING_UNIT = "coordinating_unit", _("Coordinating unit")
    POLICE = "police", _("Police")
    INTELLIGENCE = "intelligence", _("Intelligence")
    PROSECUTION = "prosecution", _("Prosecution")
    COURT = "court", _("Court")
    PRISON_SERVICE = "prison_service", _("Prison service")
    PROBATION = "probation", _("Probation")
    SOCIAL_WORK_CENTRE = "social_work_centre", _("Social-work centre")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    MUNICIPALITY = "municipality", _("Municipality")
    NGO = "ngo", _("NGO")
    RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=40, choices=AgencyType.choices)
    # Jurisdiction: a country (ISO 3166-1 alpha-2) and, for local bodies, a municipality.
    country = models.CharField(_("country"), max_length=2, default="XK")
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    may_break_glass = models.BooleanField(
        _("may break the glass"),
        default=False,
        help_text=_("Holders may read a case outside their rules in an emergency, with a reason."),
    )
    break_glass_minutes = models.PositiveIntegerField(_("break-glass duration (minutes)"), default=60)
    reads_audit = models.BooleanField(_("reads the audit trail"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """A user's agency and roles. A user without a profile sees no case."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    roles = models.ManyToManyField(Role, related_name="holders", blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.agency})"


class Scope(models.TextChoices):
    CASELOAD = "caseload", _("Own caseload")
    AGENCY = "agency", _("Own agency's cases")
    JURISDICTION = "jurisdiction", _("Cases in the agency's jurisdiction")
    ALL = "all", _("All cases")


class PolicyRule(models.Model):
    """One line of the access policy: a role may read (and write) a compartment in a scope."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="rules")
    compartment = models.CharField(_("compartment"), max_length=30, choices=Compartment.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    can_read = models.BooleanField(_("read"), default=True)
    can_write = models.BooleanField(_("write"), default=False)

    class Meta:
        ordering = ["role__code", "compartment"]
        constraints = [
            models.UniqueConstraint(fields=["role", "compartment"], name="one_rule_per_role_compartment")
        ]
        verbose_name = _("policy rule")
        verbose_name_plural = _("policy rules")

    def __str__(self) -> str:
        mode = "rw" if self.can_write else "r"
        return f"{self.role.code}: {self.compartment} ({mode}, {self.scope})"


class RolePermission(models.Model):
    """A named permission (see `access.permissions`) held by a role."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="permissions")
    code = models.CharField(_("permission"), max_length=80)

    class Meta:
        ordering = ["role__code", "code"]
        constraints = [models.UniqueConstraint(fields=["role", "code"], name="one_grant_per_role_permission")]
        verbose_name = _("role permission")
        verbose_name_plural = _("role permissions")

    def __str__(self) -> str:
        return f"{self.role.code}: {self.code}"


class BreakGlassGrant(models.Model):
    """An emergency read of one case outside the policy: reasoned, time-limited, reviewed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"])]
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    # Derived from the user's password hash when issued: a password change ends every
    # token issued before it, as it ends sessions.
    password_fingerprint = models.CharField(max_length=64, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def fingerprint(user) -> str:
        from django.utils.crypto import salted_hmac

        return salted_hmac("reintegra.api-token", user.password, algorithm="sha256").hexdigest()
