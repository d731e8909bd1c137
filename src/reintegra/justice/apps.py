from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "reintegra.justice"
    label = "justice"
