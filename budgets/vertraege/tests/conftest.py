import datetime

import pytest

from budgets import services as ledger
from budgets.models import Budgetart
from sozialraum.tests.factories import TraegerFactory

from .. import services
from .factories import d, festsetzen


@pytest.fixture
def gebunden(welt):
    """Gebundenes Budget 2013 and 2014: 200.000,00 € for each Sozialraum."""
    art = Budgetart.objects.get(code="gebunden")
    for jahr in (2013, 2014):
        ledger.zuweisen(budgetart=art, haushaltsjahr=jahr, gesamtbetrag=d("2000000.00"))
    return art


@pytest.fixture
def vertrag_a(welt, gebunden):
    """A's contract 2013–2016 with a Träger (no amounts yet)."""
    return services.vertrag_anlegen(
        sozialraum=welt.a,
        traeger=TraegerFactory(name="Sozialraumträger Adendorf e. V."),
        beginn=datetime.date(2013, 1, 1),
        ende=datetime.date(2016, 12, 31),
        bezeichnung="Sozialraumbüro Adendorf",
        durch=welt.fd51,
    )


@pytest.fixture
def jahr_a(welt, vertrag_a):
    """A's contract 2013: 100.000,00 € (80.000 + 12.000 + 8.000), quarterly."""
    return festsetzen(vertrag_a, welt.fd51)
