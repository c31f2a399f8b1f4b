"""Demo Hilfen: a plausible handful per Region, booked through the services.

Idempotent: a Hilfe whose Aktenzeichen already exists in the year is not booked
again. Needs Regionalbudget 2 money in the year; if the Regionen have none yet,
a Zuweisung (split equally) is booked first.

    from demo.hilfen import hilfen_anlegen
    hilfen_anlegen(jahr=2026, durch=fd51_user)
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from budgets import services as ledger
from budgets.hilfen import services
from budgets.hilfen.models import Hilfe, Hilfeart
from budgets.selectors import zahlen_von
from regionen.models import Region
from sozialraum.models import Traeger

# (Hilfeart, month of need, months, monthly cost, paid months)
FAELLE = [
    (Hilfeart.FAMILIENHILFE, 1, 10, Decimal("1850.00"), 3),
    (Hilfeart.ERZIEHUNGSBEISTANDSCHAFT, 2, 9, Decimal("980.00"), 2),
    (Hilfeart.FLEXIBLE_HILFE, 3, 6, Decimal("640.00"), 1),
    (Hilfeart.FAMILIENHILFE, 4, 8, Decimal("1720.00"), 0),
]
DEMO_ZUWEISUNG = Decimal("240000.00")


def _traeger():
    traeger = list(Traeger.objects.order_by("name")[:3])
    if not traeger:
        traeger = [
            Traeger.objects.get_or_create(name="Demo-Träger Ambulante Hilfen")[0]
        ]
    return traeger


def hilfen_anlegen(*, jahr, durch=None):
    """Book the demo Hilfen of `jahr`; returns the number newly booked."""
    art = services.budgetart()
    regionen = list(Region.objects.order_by("nummer"))
    if not regionen:
        return 0
    budgets = [
        ledger.budget_holen(budgetart=art, haushaltsjahr=jahr, inhaber=r)
        for r in regionen
    ]
    if all(zahlen_von(b).ansatz == 0 for b in budgets):
        ledger.zuweisen(
            budgetart=art,
            haushaltsjahr=jahr,
            gesamtbetrag=DEMO_ZUWEISUNG,
            schluessel_name="gleich",
            text=f"Demo: Zuweisung Regionalbudget 2 {jahr}",
            durch=durch,
        )
    traeger = _traeger()
    heute = timezone.localdate()
    neu = 0
    for r_index, region in enumerate(regionen):
        for f_index, (hilfeart, monat, monate, rate, bezahlt) in enumerate(FAELLE):
            aktenzeichen = f"51-{jahr}-{region.nummer}{f_index + 1:02d}"
            if Hilfe.objects.filter(
                haushaltsjahr=jahr, aktenzeichen=aktenzeichen
            ).exists():
                continue
            beginn = datetime.date(jahr, monat, 1)
            ende_monat = min(12, monat + monate - 1)
            ende = datetime.date(jahr, ende_monat, 28)
            hilfe = services.hilfe_buchen(
                region=region,
                aktenzeichen=aktenzeichen,
                hilfeart=hilfeart,
                bedarf_festgestellt_am=min(beginn - datetime.timedelta(days=14), heute),
                traeger=traeger[(r_index + f_index) % len(traeger)],
                beginn=beginn,
                ende=ende,
                kosten=rate * (ende_monat - monat + 1),
                durch=durch,
            )
            for m in range(bezahlt):
                tag = datetime.date(jahr, monat + m, 28)
                if tag > heute:
                    break
                services.hilfe_auszahlen(
                    hilfe=hilfe, betrag=rate, buchungsdatum=tag, durch=durch
                )
            neu += 1
    return neu
