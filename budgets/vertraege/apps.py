from django.apps import AppConfig

from config.begriffe import wortlaut


class VertraegeConfig(AppConfig):
    """Sozialraumverträge: the gebundenes Budget, bound and paid per contract year."""

    name = "budgets.vertraege"
    label = "vertraege"
    verbose_name = wortlaut("{raum}verträge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from budgets.services import STORNO_PRUEFUNGEN

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import storno_pruefen

        STORNO_PRUEFUNGEN.append(storno_pruefen)
