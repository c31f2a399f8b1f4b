"""manage.py auftraege_abarbeiten [--einmal]: does the ordered background work
(Antragsübersichten, import dry runs and imports; antraege/auftraege). Needed
when BERICHTE_ERZEUGEN=worker; harmless beside the thread mode."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from antraege.auftraege.services import offene_abarbeiten


class Command(BaseCommand):
    help = (
        "Arbeitet Aufträge im Hintergrund ab (Antragsübersichten, Probeläufe und "
        "Importe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--einmal", action="store_true", help="nicht warten")
        parser.add_argument("--pause", type=float, default=2.0)

    def handle(self, *args, einmal, pause, **options):
        while True:
            close_old_connections()
            anzahl = offene_abarbeiten()
            if anzahl:
                self.stdout.write(f"{anzahl} Auftrag/Aufträge abgearbeitet.")
            if einmal:
                return
            time.sleep(pause)
