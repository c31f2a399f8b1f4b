from django.apps import AppConfig


class SozialraumConfig(AppConfig):
    name = "sozialraum"
    verbose_name = "Sozialräume und Benutzer"

    def ready(self):
        # Register the permission predicates and signal receivers.
        from . import checks, permissions, signals  # noqa: F401
