from django.apps import AppConfig


class AntraegeConfig(AppConfig):
    """Project applications and their workflow (issue: applications)."""

    name = "antraege"
    verbose_name = "Anträge"

    def ready(self):
        from budgets.services import STORNO_PRUEFUNGEN

        from .services import storno_pruefen

        STORNO_PRUEFUNGEN.append(storno_pruefen)
