from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "reintegra.demo"
    label = "demo"
