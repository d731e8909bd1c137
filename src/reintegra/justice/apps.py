from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "reintegra.justice"
    label = "justice"

    def ready(self):
        # Registers the justice tab builder, timeline, attention reasons, the working-list
        # source of supervision meetings and the pre-release periodic job.
        from . import jobs, selectors  # noqa: F401
