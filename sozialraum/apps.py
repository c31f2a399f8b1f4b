from django.apps import AppConfig

from config.begriffe import begriff


class SozialraumConfig(AppConfig):
    name = "sozialraum"
    verbose_name = begriff("raeume")

    def ready(self):
        from regionen.views import abschnitt_hinzufuegen

        from . import permissions  # noqa: F401  (registers the rules)
        from .views import region_abschnitt

        abschnitt_hinzufuegen(region_abschnitt)
