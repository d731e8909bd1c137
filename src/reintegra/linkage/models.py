"""The duplicate review queue: candidate pairs of registry persons, decisions, merges.

A pair is stored once, its two persons ordered by id. Its status is the decision: a
pair decided "different people" stays in the table, and the (person_a, person_b)
uniqueness is what keeps it from ever being proposed again. A merge keeps what undoing
it needs: the ids of the rows it moved, per table and field, and the absorbed person's
state before the merge.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PairSource(models.TextChoices):
    FIND_DUPLICATES = "find_duplicates", _("Duplicate search of the registry")
    MANIFEST = "manifest", _("Manifest import")
    NEW_PERSON = "new_person", _("New person entered by hand")


class PairStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    SAME = "same", _("Same person (merged)")
    DIFFERENT = "different", _("Different people")


class CandidatePair(models.Model):
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    # Empty until the engine scores the pair (an arrival check proposes without a model run).
    match_probability = models.FloatField(_("match probability"), null=True, blank=True)
    match_weight = models.FloatField(_("match weight"), null=True, blank=True)
    # {"comparisons": {field: {"level": label, "match_weight": bits, "bayes_factor": x,
    #  "agrees": bool}}, "model": "default"|"saved"}: why the model proposes the pair.
    explanation = models.JSONField(default=dict, blank=True)
    source = models.CharField(_("found by"), max_length=20, choices=PairSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PENDING)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="linkage_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="linkage_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-match_probability"], name="linkage_pair_queue")]
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")

    def __str__(self) -> str:
        return f"{self.person_a_id} / {self.person_b_id} ({self.status})"


class Merge(models.Model):
    """`absorbed` merged into `kept`: every row that pointed to `absorbed` now points to
    `kept`, except those listed in `kept_back` (moving them would have broken a unique
    rule, e.g. both already in the same household). `undone_at` is set by unmerge."""

    pair = models.ForeignKey(CandidatePair, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges")
    kept = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    absorbed = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # {"app_label.Model.field": [row ids]}
    moved = models.JSONField(default=dict)
    kept_back = models.JSONField(default=dict, blank=True)
    # Names of the absorbed person that were its primary name and became "other spelling".
    renamed = models.JSONField(default=list, blank=True)
    absorbed_state = models.JSONField(default=dict)
    merged_at = models.DateTimeField(_("merged at"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["absorbed"], condition=Q(undone_at__isnull=True), name="linkage_absorbed_once"
            ),
        ]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
