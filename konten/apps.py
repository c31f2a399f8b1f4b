from django.apps import AppConfig


class KontenConfig(AppConfig):
    """Accounts: users, roles and their scopes, login rules, the security log."""

    name = "konten"
    verbose_name = "Benutzer und Rollen"

    def ready(self):
        # Register the permission predicates and signal receivers.
        from . import permissions, signals  # noqa: F401
