from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "reintegra.linkage"
    label = "linkage"
