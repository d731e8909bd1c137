from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "reintegra.audit"
    label = "audit"

    def ready(self):
        from . import handlers  # noqa: F401  (connects the failed sign-in receiver)
