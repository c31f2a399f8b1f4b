"""`manage.py demo`: a living demo system, never in production.

It lives in the top app because it fills all of them, in the order the
dependencies point: Träger, Büros, Konzepte and logins (sozialraum), then the
allocations, Sitzungen and applications with their bookings (budgets,
antraege; see demo/antraege.py). Repeating it changes nothing.
"""

import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from config.begriffe import begriffe
from demo import hansestadt
from demo import stammdaten as demo
from demo.antraege import demo_antraege_anlegen
from demo.hilfen import hilfen_anlegen
from demo.kennzahlen import kennzahlen_anlegen, zielvereinbarungen_anlegen
from demo.vertraege import gebunden_zuweisen, vertraege_anlegen
from konten.models import User
from sozialraum.models import Sozialraum
from sozialraum.services import kuerzel_der_datei


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

    def _grunddaten_pruefen(self):
        """One installation, one authority: a database holding another
        authority's spaces is refused (docs/betrieb.md)."""
        fremd = sorted(
            set(Sozialraum.objects.values_list("kuerzel", flat=True))
            - kuerzel_der_datei(
                json.loads(settings.GRUNDDATEN.read_text(encoding="utf-8-sig"))
            )
        )
        if fremd:
            raise CommandError(
                f"Die Datenbank enthält die Grunddaten einer anderen Behörde "
                f"({', '.join(fremd[:5])} …); diese Installation dient "
                f"„{begriffe().behoerde}“ (Einstellung GRUNDDATEN). Für jede "
                "Behörde eine eigene Datenbank verwenden (DATABASE_URL; "
                "make run GRUNDDATEN=… wählt eine eigene SQLite-Datei)."
            )

    def _hansestadt(self):
        """The demo of an authority without Regionen (demo/hansestadt.py)."""
        if not Sozialraum.objects.exists():
            call_command("grunddaten", stdout=self.stdout)
        with transaction.atomic():
            hansestadt.organisation_anlegen()
            zeilen = hansestadt.konten_anlegen()
            pruefstelle = User.objects.get(email="bereich51@demo.invalid")
            neu = hansestadt.budgets_anlegen(durch=pruefstelle)
            jahr = timezone.localdate().year
            # the Landkreis' reports are generic: one per Büro and ended quarter
            meldungen = sum(
                kennzahlen_anlegen(j, durch=pruefstelle) for j in (jahr - 1, jahr)
            )
            vereinbarungen = hansestadt.zielvereinbarungen_anlegen(
                pruefstelle=pruefstelle
            )
            antraege = hansestadt.antraege_anlegen(pruefstelle=pruefstelle)
            vertraege = hansestadt.vertraege_anlegen(pruefstelle=pruefstelle)
        wort = begriffe()
        self.stdout.write(
            f"{wort.raeume}, {wort.bueros} und Konzepte angelegt; "
            f"{neu} neue Zuweisungen {jahr}; {meldungen} neue Quartalsmeldungen "
            f"({jahr - 1} und {jahr}); {vereinbarungen} neue Zielvereinbarungen; "
            f"{antraege} neue Anträge; Verträge {jahr} für {len(vertraege)} "
            f"{wort.bueros}."
        )
        self._zugaenge(zeilen)
        self.stdout.write(
            f"  Weitere Leitungen: leitung.<{wort.raum.lower()}>@demo.invalid, "
            "z. B. leitung.weststadt@demo.invalid (gleiches Passwort)."
        )

    def _zugaenge(self, zeilen):
        self.stdout.write(self.style.SUCCESS("Demo-Zugänge (nur zum Ausprobieren):"))
        self.stdout.write(f"  {'Rolle':<38} {'E-Mail':<40} Passwort")
        for rolle, email in zeilen:
            self.stdout.write(f"  {rolle:<38} {email:<40} {demo.DEMO_PASSWORT}")

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
        self._grunddaten_pruefen()
        if hansestadt.ist_hansestadt():
            self._hansestadt()
            return
        if not Sozialraum.objects.filter(kuerzel="ADE").exists():
            call_command("grunddaten", stdout=self.stdout)
        with transaction.atomic():
            demo.organisation_anlegen()
            zeilen = demo.konten_anlegen()
        # Mails about the applications' steps are not sent (see the function).
        demo_antraege_anlegen(stdout=self.stdout)
        self._vertraege_und_hilfen()
        self._kennzahlen()
        self._zugaenge(zeilen)
        self.stdout.write(
            "  Weitere Sozialraumleitungen: leitung.<sozialraum>@demo.invalid, "
            "z. B. leitung.scharnebeck@demo.invalid (gleiches Passwort)."
        )
