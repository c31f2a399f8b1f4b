from django.apps import AppConfig

from .woerter import wort_der_gruppe


class RegionenConfig(AppConfig):
    name = "regionen"
    verbose_name = wort_der_gruppe(plural=True)

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
