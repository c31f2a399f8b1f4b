from django.contrib.admin.apps import AdminConfig


class SozialraumAdminConfig(AdminConfig):
    """The Django admin, with our site: access by role, login through allauth."""

    default_site = "config.admin.SozialraumAdminSite"
