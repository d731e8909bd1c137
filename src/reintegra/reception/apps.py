from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "reintegra.reception"
    label = "reception"

    def ready(self):
        # Registers the working-list, timeline and attention sources.
        from . import selectors  # noqa: F401
