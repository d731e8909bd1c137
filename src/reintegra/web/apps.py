from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "reintegra.web"
    label = "web"
