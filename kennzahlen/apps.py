from django.apps import AppConfig


class KennzahlenConfig(AppConfig):
    """Kennzahlen of the Sozialraumbüros per quarter, and their Zielvereinbarungen
    (Vorlage 2017/208, Vorlage 2024/144)."""

    name = "kennzahlen"
    verbose_name = "Kennzahlen und Zielvereinbarungen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
