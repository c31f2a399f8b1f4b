from django.apps import AppConfig


class HilfenConfig(AppConfig):
    """Regionalbudget 2: case-bound Hilfen, pseudonymised and restricted."""

    name = "budgets.hilfen"
    label = "hilfen"
    verbose_name = "Regionalbudget 2 (Hilfen)"

    def ready(self):
        from budgets.services import STORNO_PRUEFUNGEN

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import storno_pruefen

        STORNO_PRUEFUNGEN.append(storno_pruefen)
