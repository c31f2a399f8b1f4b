from django.apps import AppConfig


class BetriebConfig(AppConfig):
    """Operations: background orders, backup and restore, deploy checks."""

    name = "betrieb"
    verbose_name = "Betrieb"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
