from django.apps import AppConfig


class AustauschConfig(AppConfig):
    """Import and export of spreadsheets, written through the apps' services."""

    name = "austausch"
    verbose_name = "Import und Export"
