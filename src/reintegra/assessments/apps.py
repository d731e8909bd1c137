from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "reintegra.assessments"
    label = "assessments"

    def ready(self) -> None:
        # Registers the compartment tabs, working-list, attention and timeline sources
        # and the periodic reassessment job.
        from . import sources  # noqa: F401
