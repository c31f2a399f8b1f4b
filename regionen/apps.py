from django.apps import AppConfig


class RegionenConfig(AppConfig):
    name = "regionen"
    verbose_name = "Regionen"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
