from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "reintegra.plans"
    label = "plans"

    def ready(self):
        # Registers the programme tab builder, timeline, attention reasons, working-list
        # sources, periodic jobs and the reception and justice seams.
        from . import jobs, seams, selectors  # noqa: F401
