from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo logins and contents (`manage.py demo`); no product module imports it."""

    name = "demo"
    verbose_name = "Demo-Inhalte"
