from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """Budgetarten, the ledger, distribution keys, year-end closing, plans."""

    name = "budgets"
    verbose_name = "Budgets"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
