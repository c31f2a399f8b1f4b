from django.apps import AppConfig


class AntraegeConfig(AppConfig):
    """Project applications and their workflow (issue: applications)."""

    name = "antraege"
    verbose_name = "Anträge"
