from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "reintegra.access"
    label = "access"
