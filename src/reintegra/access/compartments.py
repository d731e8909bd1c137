"""Compartments: kinds of case information, each with its own access rule."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Compartment(models.TextChoices):
    IDENTITY = "identity", _("Identity")
    FAMILY = "family", _("Family")
    SECURITY = "security", _("Security")
    JUSTICE = "justice", _("Justice")
    HEALTH = "health", _("Health")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    EDUCATION = "education", _("Education")
    SOCIAL_SUPPORT = "social_support", _("Social support")
    PROGRAMME = "programme", _("Programme")


ALL_COMPARTMENTS: tuple[str, ...] = tuple(Compartment.values)
