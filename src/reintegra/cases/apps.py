from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "reintegra.cases"
    label = "cases"

    def ready(self):
        # Registers the task source of the working list and the stage timeline.
        from . import selectors  # noqa: F401
