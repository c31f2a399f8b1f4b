from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    """Budgetarten, ledger, keys and year-end closing (issue: the ledger)."""

    name = "budgets"
    verbose_name = "Budgets"
