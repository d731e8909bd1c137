from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "reintegra.conferences"
    label = "conferences"

    def ready(self):
        # Registers the "review due" attention reason and the timeline source.
        from . import selectors  # noqa: F401
