"""Hilfen built through the services (the real path)."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from budgets import services as ledger
from budgets.models import Budget, Budgetart
from sozialraum.tests.factories import TraegerFactory

from .. import services
from ..models import Hilfeart

JAHR = timezone.localdate().year
_laufend = itertools.count(1)


def rb2():
    return Budgetart.objects.get(code="regional2")


def rb2_zuweisen(jahr=JAHR, gesamt="90000.00"):
    """Regionalbudget 2 for the three Regionen (split equally)."""
    return ledger.zuweisen(
        budgetart=rb2(),
        haushaltsjahr=jahr,
        gesamtbetrag=gesamt,
        schluessel_name="gleich",
    )


def rb2_budget(region, jahr=JAHR):
    return Budget.objects.get(budgetart=rb2(), haushaltsjahr=jahr, region=region)


def hilfe(
    region,
    *,
    aktenzeichen=None,
    hilfeart=Hilfeart.FAMILIENHILFE,
    kosten="1000.00",
    jahr=JAHR,
    traeger=None,
    durch=None,
    **abweichend,
):
    werte = {
        "region": region,
        "aktenzeichen": aktenzeichen or f"51-{jahr}-{next(_laufend):04d}",
        "hilfeart": hilfeart,
        "bedarf_festgestellt_am": datetime.date(jahr, 1, 1),
        "traeger": traeger or TraegerFactory(),
        "beginn": datetime.date(jahr, 1, 1),
        "ende": datetime.date(jahr, 12, 31),
        "kosten": Decimal(kosten),
        "durch": durch,
    }
    werte.update(abweichend)
    return services.hilfe_buchen(**werte)
