"""`manage.py migrate`, and before it one repair for databases migrated before
the accounts moved from sozialraum to konten (konten 0001).

Every migration that points at the user model (allauth's, the admin's, the
ledger's) depends on konten's first migration. A database migrated before the
move has them applied, but not konten 0001, and Django refuses such a history
("InconsistentMigrationHistory") before it runs anything. konten 0001 changes
nothing in the database (the tables kept their names), so recording it as
applied is exactly what running it would do. It is recorded only where the
old state is complete (sozialraum 0002 applied), never on an empty database.
"""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

UMZUG = ("konten", "0001_initial")
VORHER = ("sozialraum", "0002_protokoll")


def umzug_nachtragen(verbindung):
    """Record konten 0001 on a database from before the move; True if done."""
    recorder = MigrationRecorder(verbindung)
    if not recorder.has_table():
        return False
    angewendet = recorder.applied_migrations()
    if VORHER not in angewendet or UMZUG in angewendet:
        return False
    recorder.record_applied(*UMZUG)
    return True


class Command(MigrateCommand):
    def handle(self, *args, **options):
        verbindung = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if umzug_nachtragen(verbindung) and options["verbosity"] >= 1:
            self.stdout.write(
                "Benutzer und Rollen sind nach „konten“ umgezogen: konten.0001 "
                "als angewendet vermerkt (ändert nichts an den Tabellen)."
            )
        return super().handle(*args, **options)
