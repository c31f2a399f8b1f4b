"""`manage.py demo`: a living demo system, never in production.

It lives in the top app because it fills all of them, in the order the
dependencies point: Träger, Büros, Konzepte and logins (sozialraum), then the
allocations, Sitzungen and applications with their bookings (budgets,
antraege; see demo/antraege.py). Repeating it changes nothing.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import stammdaten as demo
from demo.antraege import demo_antraege_anlegen
from demo.hilfen import hilfen_anlegen
from demo.kennzahlen import kennzahlen_anlegen, zielvereinbarungen_anlegen
from demo.vertraege import gebunden_zuweisen, vertraege_anlegen
from konten.models import User
from sozialraum.models import Sozialraum


class Command(BaseCommand):
    help = (
        "Legt deutlich markierte Demo-Inhalte an (Träger, Büros, Konzepte, Benutzer, "
        "Budgets, Sitzungen und Anträge 2012, 2013 und im laufenden Jahr, Kennzahlen "
        "und Zielvereinbarungen) und gibt "
        "die Zugangsdaten aus. Verweigert den Produktionsbetrieb."
    )

    def _vertraege_und_hilfen(self):
        """Sozialraumverträge 2013 and this year (gebundenes Budget), and this
        year's Hilfen in Regionalbudget 2; each step skips what exists."""
        fd51 = User.objects.get(email="fd51@demo.invalid")
        jahr = timezone.localdate().year
        with transaction.atomic():
            for vertragsjahr in (2013, jahr):
                gebunden_zuweisen(vertragsjahr, durch=fd51)
                vertraege_anlegen(vertragsjahr, durch=fd51)
            neu = hilfen_anlegen(jahr=jahr, durch=fd51)
        self.stdout.write(
            f"Sozialraumverträge 2013 und {jahr} angelegt; {neu} neue Hilfen "
            f"im Regionalbudget 2 {jahr}."
        )

    def _kennzahlen(self):
        """Kennzahlen 2013 and this year, Zielvereinbarungen this year (issue 15)."""
        fd51 = User.objects.get(email="fd51@demo.invalid")
        jahr = timezone.localdate().year
        with transaction.atomic():
            meldungen = sum(kennzahlen_anlegen(j, durch=fd51) for j in (2013, jahr))
            vereinbarungen = zielvereinbarungen_anlegen(jahr, durch=fd51)
        self.stdout.write(
            f"{meldungen} neue Quartalsmeldungen (2013 und {jahr}), "
            f"{vereinbarungen} neue Zielvereinbarungen {jahr}."
        )

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "Demo-Inhalte werden in der Produktionsumgebung nicht angelegt."
            )
        # Also without production settings: a database with real accounts is a
        # real installation, and the demo passwords are public.
        echte = demo.echte_konten()
        if echte.exists():
            raise CommandError(
                f"Die Datenbank enthält {echte.count()} echte Benutzerkonten; "
                "Demo-Inhalte werden nur in einer Demo- oder Entwicklungsdatenbank "
                "angelegt."
            )
        if not Sozialraum.objects.filter(kuerzel="ADE").exists():
            call_command("grunddaten", stdout=self.stdout)
        with transaction.atomic():
            demo.organisation_anlegen()
            zeilen = demo.konten_anlegen()
        # Mails about the applications' steps are not sent (see the function).
        demo_antraege_anlegen(stdout=self.stdout)
        self._vertraege_und_hilfen()
        self._kennzahlen()
        self.stdout.write(self.style.SUCCESS("Demo-Zugänge (nur zum Ausprobieren):"))
        self.stdout.write(f"  {'Rolle':<38} {'E-Mail':<40} Passwort")
        for rolle, email in zeilen:
            self.stdout.write(f"  {rolle:<38} {email:<40} {demo.DEMO_PASSWORT}")
        self.stdout.write(
            "  Weitere Sozialraumleitungen: leitung.<sozialraum>@demo.invalid, "
            "z. B. leitung.scharnebeck@demo.invalid (gleiches Passwort)."
        )
