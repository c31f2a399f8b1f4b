from django.apps import AppConfig


class RegionenConfig(AppConfig):
    name = "regionen"
    verbose_name = "Regionen"
