from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "reintegra.people"
    label = "people"
