"""Retention (meant for cron): replace the Aktenzeichen of Hilfen that ended
more than N years ago by "anonymisiert". The figures stay: the ledger never
held the Aktenzeichen. Every real run is logged (Anonymisierungslauf);
--dry-run only reports.

    manage.py hilfen_anonymisieren [--jahre N] [--dry-run]
"""

import getpass
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ... import services


class Command(BaseCommand):
    help = (
        "Aktenzeichen von Hilfen, die vor mehr als N Jahren endeten, durch "
        "„anonymisiert“ ersetzen (für cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jahre",
            type=int,
            default=None,
            help="Aufbewahrungsfrist in Jahren (Standard: "
            f"HILFEN_AUFBEWAHRUNG_JAHRE = {settings.HILFEN_AUFBEWAHRUNG_JAHRE}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur zählen, nichts ändern und nichts protokollieren.",
        )

    def handle(self, *args, jahre, dry_run, **options):
        jahre = settings.HILFEN_AUFBEWAHRUNG_JAHRE if jahre is None else jahre
        if jahre < 1:
            raise CommandError("--jahre muss mindestens 1 sein.")
        stichtag = services.stichtag_fuer(jahre)
        if dry_run:
            anzahl = services.faellige_hilfen(jahre=jahre).count()
            self.stdout.write(
                f"Probelauf: {anzahl} Hilfe(n) mit Ende vor dem "
                f"{stichtag:%d.%m.%Y} würden anonymisiert."
            )
            return
        prozess = (
            f"manage.py hilfen_anonymisieren (Benutzer {getpass.getuser()}, "
            f"PID {os.getpid()})"
        )
        try:
            lauf = services.hilfen_anonymisieren(jahre=jahre, prozess=prozess)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"{lauf.anzahl} Hilfe(n) mit Ende vor dem {stichtag:%d.%m.%Y} "
            "anonymisiert; Lauf protokolliert."
        )
