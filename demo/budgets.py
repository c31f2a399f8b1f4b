"""Demo allocations: the Projektmittel as the papers describe them, the
gebundenes Budget 2013 by a demo key, and the running year.

Seed 003: 100.000 € a year from Kostenträger 363-33001, split per head:
10.000 € per Sozialraum; unspent money is carried once. The weights and the
Regionalbudget 1 total are invented and marked (Demo). Bookings against these
budgets come from the demo applications (`demo/antraege.py`); `manage.py
demo_budgets` books the allocations alone.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from budgets import services
from budgets.models import Budgetart, Schluesselanteil, Verteilungsschluessel
from sozialraum.models import Sozialraum

DEMO = "(Demo)"
# FD 51 closes 2012 in January 2013 (the bookings are dated 31.12.2012).
ABSCHLUSS_2012 = datetime.date(2013, 1, 15)
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


@dataclass(frozen=True)
class DemoZuweisung:
    datum: datetime.date
    budgetart: str  # code
    jahr: int
    gesamtbetrag: Decimal
    text: str
    schluessel: str = services.GLEICH
    # Regionalbudget 2: the total is this percentage of a Haushaltsansatz
    # (gesamtbetrag then only names the expected result).
    bezugsansatz: Decimal | None = None
    prozent: Decimal | None = None


def zuweisungen(heute=None):
    """The demo allocations, oldest first; the running year's at its start, so
    decisions on any day of it find the money."""
    heute = heute or timezone.localdate()
    jahr = heute.year
    anfang = datetime.date(jahr, 1, 1)
    projektmittel = Decimal("100000.00")
    return [
        DemoZuweisung(
            datetime.date(2012, 4, 18),
            "projektmittel",
            2012,
            projektmittel,
            f"Projektmittel 2012, 363-33001 {DEMO}",
        ),
        DemoZuweisung(
            datetime.date(2013, 1, 2),
            "gebunden",
            2013,
            Decimal("1700000.00"),
            f"Gebundenes Budget 2013 {DEMO}",
            "junge-menschen",
        ),
        DemoZuweisung(
            datetime.date(2013, 2, 13),
            "projektmittel",
            2013,
            projektmittel,
            f"Projektmittel 2013, 363-33001 {DEMO}",
        ),
        DemoZuweisung(
            anfang,
            "projektmittel",
            jahr,
            projektmittel,
            f"Projektmittel {jahr}, 363-33001 {DEMO}",
        ),
        DemoZuweisung(
            anfang,
            "regional1",
            jahr,
            Decimal("60000.00"),
            f"Regionalbudget 1 {jahr} {DEMO}",
        ),
        DemoZuweisung(
            anfang,
            "regional2",
            jahr,
            Decimal("240000.00"),
            f"Regionalbudget 2 {jahr} {DEMO}",
            bezugsansatz=Decimal("4800000.00"),
            prozent=Decimal("5.00"),
        ),
    ]


def zuweisung_buchen(zuweisung, *, durch):
    if zuweisung.schluessel == "junge-menschen":
        _schluessel_junge_menschen()
    budgetart = Budgetart.objects.get(code=zuweisung.budgetart)
    gesamt, grundlage = zuweisung.gesamtbetrag, ""
    if zuweisung.bezugsansatz is not None:
        gesamt, grundlage = services.anteil_berechnen(
            budgetart=budgetart,
            haushaltsjahr=zuweisung.jahr,
            bezugsansatz=zuweisung.bezugsansatz,
            prozent=zuweisung.prozent,
        )
    return services.zuweisen(
        budgetart=budgetart,
        haushaltsjahr=zuweisung.jahr,
        gesamtbetrag=gesamt,
        schluessel_name=zuweisung.schluessel,
        buchungsdatum=zuweisung.datum,
        text=zuweisung.text,
        grundlage=grundlage,
        durch=durch,
    )


def _schluessel_junge_menschen():
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
