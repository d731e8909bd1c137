from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "reintegra.education"
    label = "education"

    def ready(self):
        # Registers the case tab part, the working-list source of IEP reviews, the timeline
        # and the hook that starts an IEP when an education placement profile is locked.
        from . import selectors  # noqa: F401
