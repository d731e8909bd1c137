from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_shipped_instruments(sender, using="default", **kwargs) -> None:
    """After `migrate` (and after a test flush), load the shipped instrument files the
    database lacks, as Django creates content types and permissions: so that the first
    person to open a case page does not write instrument rows as a side effect of a read."""
    from .services import instruments_sync

    if using == "default":
        instruments_sync(installing=True)


class AssessmentsConfig(AppConfig):
    name = "reintegra.assessments"
    label = "assessments"

    def ready(self) -> None:
        # Registers the compartment tabs, working-list, attention and timeline sources
        # and the periodic reassessment job; and the reception step seam.
        from . import seams, sources  # noqa: F401

        post_migrate.connect(_load_shipped_instruments, sender=self, dispatch_uid="assessments-instruments")
