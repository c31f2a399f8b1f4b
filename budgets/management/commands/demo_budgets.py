"""Demo bookings: the Projektmittel of 2012 and 2013 as the papers describe them.

Seed 003: 100.000 € a year from Kostenträger 363-33001, per head 10.000 € per
Sozialraum, unspent money carried once. The projects and amounts below are
invented and marked (Demo).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgets import services
from budgets.models import Budget, Budgetart, Schluesselanteil, Verteilungsschluessel
from sozialraum.models import Sozialraum, User

DEMO = "(Demo)"
BINDUNGEN_2012 = [
    ("ADE", "3200.00", "Familienfrühstück im Ortsteil", datetime.date(2012, 9, 12)),
    ("ADE", "2500.00", "Ferienprogramm", datetime.date(2012, 9, 12)),
    ("DAH", "4800.00", "Elterncafé", datetime.date(2012, 10, 2)),
    ("SCH", "6000.00", "Jugendtreff am Nachmittag", datetime.date(2012, 11, 6)),
    ("OST", "1500.00", "Erste-Hilfe-Kurs für Babysitter", datetime.date(2012, 11, 20)),
]
BINDUNGEN_2013 = [
    ("ADE", "9000.00", "Kooperation Kita–Grundschule", datetime.date(2013, 3, 14)),
    ("AME", "7300.00", "Mobile Jugendarbeit", datetime.date(2013, 4, 23)),
    ("BAR", "2750.50", "Sprachcafé", datetime.date(2013, 6, 5)),
    ("GEL", "5120.00", "Familienzentrum im Aufbau", datetime.date(2013, 9, 10)),
]
# Demo weights for the contract money (e.g. young people per Gemeinde).
GEWICHTE = {
    "NEU": 520,
    "BLE": 1210,
    "DAH": 980,
    "OST": 1390,
    "SCH": 1950,
    "BAR": 2010,
    "ADE": 1100,
    "GEL": 1540,
    "ILM": 1330,
    "AME": 1020,
}


class Command(BaseCommand):
    help = "Legt Demo-Buchungen an (Projektmittel 2012/2013, gebundenes Budget 2013)."

    def handle(self, *args, **options):
        if (
            settings.IS_PRODUCTION
            or User.objects.exclude(email__endswith="@demo.invalid").exists()
        ):
            raise CommandError(
                "Demo-Buchungen nur in einer Demo- oder Entwicklungsdatenbank."
            )
        projektmittel = Budgetart.objects.get(code="projektmittel")
        if Budget.objects.filter(budgetart=projektmittel, haushaltsjahr=2012).exists():
            self.stdout.write("Demo-Buchungen sind schon angelegt.")
            return
        fd51 = User.objects.filter(email="fd51@demo.invalid").first()
        with transaction.atomic():
            self._jahr(
                projektmittel, 2012, BINDUNGEN_2012, datetime.date(2012, 4, 18), fd51
            )
            services.jahresabschluss(jahr=2012, durch=fd51)
            self._jahr(
                projektmittel, 2013, BINDUNGEN_2013, datetime.date(2013, 2, 13), fd51
            )
            self._gebunden(fd51)
        self.stdout.write(self.style.SUCCESS("Demo-Buchungen 2012/2013 angelegt."))

    def _jahr(self, art, jahr, bindungen, datum, fd51):
        services.zuweisen(
            budgetart=art,
            haushaltsjahr=jahr,
            gesamtbetrag=Decimal("100000.00"),
            buchungsdatum=datum,
            text=f"Projektmittel {jahr}, 363-33001 {DEMO}",
            durch=fd51,
        )
        for kuerzel, betrag, titel, tag in bindungen:
            budget = Budget.objects.get(
                budgetart=art, haushaltsjahr=jahr, sozialraum__kuerzel=kuerzel
            )
            bindung = services.binden(
                budget=budget,
                betrag=Decimal(betrag),
                buchungsdatum=tag,
                text=f"{titel} {DEMO}",
                referenz=f"{jahr}-{kuerzel}-DEMO",
                durch=fd51,
            )
            services.auszahlen(
                bindung=bindung,
                betrag=(Decimal(betrag) / 2).quantize(Decimal("0.01")),
                buchungsdatum=tag + datetime.timedelta(days=30),
                text="Abschlag 50 %",
                durch=fd51,
            )

    def _gebunden(self, fd51):
        schluessel, neu = Verteilungsschluessel.objects.get_or_create(
            name="junge-menschen",
            gueltig_ab=2013,
            version=1,
            defaults={
                "bezeichnung": f"Junge Menschen je Gemeinde {DEMO}",
                "art": Verteilungsschluessel.Art.GEWICHTE,
                "ebene": "sozialraum",
            },
        )
        if neu:
            for kuerzel, gewicht in GEWICHTE.items():
                Schluesselanteil.objects.create(
                    schluessel=schluessel,
                    sozialraum=Sozialraum.objects.get(kuerzel=kuerzel),
                    gewicht=gewicht,
                )
        services.zuweisen(
            budgetart=Budgetart.objects.get(code="gebunden"),
            haushaltsjahr=2013,
            gesamtbetrag=Decimal("1700000.00"),
            schluessel_name="junge-menschen",
            buchungsdatum=datetime.date(2013, 1, 2),
            text=f"Gebundenes Budget 2013 {DEMO}",
            durch=fd51,
        )
