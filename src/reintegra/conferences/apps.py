from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "reintegra.conferences"
    label = "conferences"
