from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class WebConfig(AppConfig):
    name = "reintegra.web"
    label = "web"


class ReintegraAdminConfig(AdminConfig):
    """django.contrib.admin with Reintegra's two-factor admin site as `admin.site`."""

    default_site = "reintegra.web.admin_site.ReintegraAdminSite"
