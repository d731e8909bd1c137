"""Persons, their names in every script, documents, relationships, households, consent.

Names are stored as written; `NameToken` rows hold the folded forms that search uses and
are derived by `people.services`, never typed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Unknown")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Unknown")


class CitizenshipStatus(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    CLAIM_PENDING = "claim_pending", _("Claim pending verification")
    VERIFIED = "verified", _("Verified")
    STATELESSNESS_RISK = "statelessness_risk", _("At risk of statelessness")
    FOREIGN = "foreign", _("Foreign national")


class Person(models.Model):
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    # The first day of the known period (1990-01-01 for "1990"); read with its precision.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    country_of_birth = models.CharField(_("country of birth"), max_length=2, blank=True)
    citizenship_status = models.CharField(
        _("citizenship status"),
        max_length=30,
        choices=CitizenshipStatus.choices,
        default=CitizenshipStatus.CLAIM_PENDING,
    )
    # Denormalised from the primary name so lists sort and show without a join; copied
    # again into NameToken.sort_name for search (a service that changes it updates both).
    # Not indexed on purpose: an index here tempts SQLite to walk every person in name
    # order for a search instead of starting from the few whose name tokens match.
    display_name = models.CharField(_("name"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.display_name


class Script(models.TextChoices):
    LATIN = "latin", _("Latin")
    CYRILLIC = "cyrillic", _("Cyrillic")
    ARABIC = "arabic", _("Arabic")
    OTHER = "other", _("Other")


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("Name")
    ALIAS = "alias", _("Alias")
    KUNYA = "kunya", _("Kunya")
    MAIDEN = "maiden", _("Maiden name")
    SPELLING = "spelling", _("Other spelling")


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.PRIMARY)
    script = models.CharField(_("script"), max_length=20, choices=Script.choices, default=Script.LATIN)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    father_name = models.CharField(_("father's name"), max_length=150, blank=True)
    # A kunya or nickname written as one string ("Abu Hamza al-Kosovi").
    full_text = models.CharField(_("name as written"), max_length=300, blank=True)
    folded = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        ordering = ["person_id", "id"]
        verbose_name = _("name")
        verbose_name_plural = _("names")

    def __str__(self) -> str:
        return self.as_written()

    def as_written(self) -> str:
        if self.full_text:
            return self.full_text
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class NameToken(models.Model):
    """One folded word of one name: prefix search on an ordinary B-tree index.

    `sort_name` is the person's `display_name`, copied by `people.services` whenever a
    token is written or the display name changes: search then reads the matches in
    display order from this index alone, without visiting a person row per match.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=100)
    sort_name = models.CharField(max_length=300, editable=False)

    class Meta:
        indexes = [models.Index(fields=["token", "sort_name", "person"], name="nametoken_token_sort_person")]


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    TRAVEL_DOCUMENT = "travel_document", _("Emergency travel document")
    OTHER = "other", _("Other document")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=64)
    issuing_country = models.CharField(_("issuing country"), max_length=2)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["person_id", "kind"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")


class RelationshipKind(models.TextChoices):
    # Read as: `from_person` is the <kind> of `to_person`.
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    CHILD = "child", _("Child")
    SPOUSE = "spouse", _("Spouse")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GUARDIAN = "guardian", _("Guardian")
    WARD = "ward", _("Ward")
    OTHER_RELATIVE = "other_relative", _("Other relative")


class Relationship(models.Model):
    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_person", "to_person", "kind"], name="unique_relationship"),
            models.CheckConstraint(
                condition=~models.Q(from_person=models.F("to_person")), name="relationship_not_self"
            ),
        ]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")


class Household(models.Model):
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    members = models.ManyToManyField(Person, through="HouseholdMember", related_name="households")

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    role = models.CharField(_("role in household"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="unique_household_member")
        ]


class Consent(models.Model):
    """A consent: to what, by whom (the person or a guardian), when, scope, withdrawal."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("what is consented to"), max_length=300)
    scope = models.TextField(_("scope"), blank=True)
    # Empty when the person consented for themselves; otherwise the guardian or parent.
    given_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="consents_given"
    )
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
