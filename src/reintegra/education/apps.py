from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "reintegra.education"
    label = "education"
