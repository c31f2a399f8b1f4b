from django.apps import AppConfig


class BerichteConfig(AppConfig):
    """Antragsübersicht, Budgetbericht, Bewilligungsschreiben: read from all apps."""

    name = "berichte"
    verbose_name = "Berichte"
