from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "reintegra.reception"
    label = "reception"
