"""The ledger stays consistent with the Hilfen under any sequence of bookings,
payments, lowered costs and endings (property test)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets.selectors import fallzahlen, zahlen_der_bindung, zahlen_von
from demo.hilfen import hilfen_anlegen
from regionen.models import Region

from .. import services
from ..models import Hilfe, Hilfeart
from ..selectors import mit_betraegen, summen
from .factories import JAHR, hilfe, rb2_budget, rb2_zuweisen

pytestmark = pytest.mark.django_db

schritt = st.one_of(
    st.tuples(
        st.just("buchen"),
        st.integers(1, 3),
        st.sampled_from(Hilfeart.values),
        st.integers(1, 1500000),
    ),
    st.tuples(st.just("auszahlen"), st.integers(0, 20), st.integers(1, 500000)),
    st.tuples(st.just("senken"), st.integers(0, 20), st.integers(1, 1000000)),
    st.tuples(st.just("beenden"), st.integers(0, 20), st.integers(0, 200)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(schritte=st.lists(schritt, max_size=25))
def test_haushaltsbuch_und_hilfen_stimmen_ueberein(welt, schritte):
    if not Region.objects.filter(budgets__haushaltsjahr=JAHR).exists():
        rb2_zuweisen(gesamt="30000.00")
    start = Hilfe.objects.count()
    regionen = {r.nummer: r for r in Region.objects.all()}
    for art, *werte in schritte:
        hilfen = list(Hilfe.objects.order_by("pk")[start:])
        cent = D(werte[-1]) / 100
        try:
            if art == "buchen":
                hilfe(regionen[werte[0]], hilfeart=werte[1], kosten=str(cent))
            elif not hilfen:
                continue
            elif art == "auszahlen":
                services.hilfe_auszahlen(
                    hilfe=hilfen[werte[0] % len(hilfen)], betrag=cent
                )
            elif art == "senken":
                services.hilfe_kosten_senken(
                    hilfe=hilfen[werte[0] % len(hilfen)], kosten=cent
                )
            else:
                h = hilfen[werte[0] % len(hilfen)]
                services.hilfe_beenden(
                    hilfe=h, ende=h.beginn + datetime.timedelta(days=werte[1])
                )
        except ValidationError:
            pass
    alle = mit_betraegen(Hilfe.objects.mit_bezug())
    for region in regionen.values():
        budget = rb2_budget(region)
        z = zahlen_von(budget)
        eigene = [h for h in alle if h.region_id == region.pk]
        assert z.gebunden == sum((h.betraege.gebunden for h in eigene), D(0))
        assert z.ausgezahlt == sum((h.betraege.ausgezahlt for h in eigene), D(0))
        assert z.verfuegbar >= 0 and z.verfuegbar == z.ansatz - z.gebunden
        assert fallzahlen([budget.pk])[budget.pk] == sum(
            1 for h in eigene if h.betraege.gebunden > 0
        )
    for h in alle:
        assert h.betraege.gebunden == zahlen_der_bindung(h.bindung).gebunden
        assert 0 <= h.betraege.ausgezahlt <= h.betraege.gebunden <= h.kosten
        if h.ist_beendet:
            assert h.betraege.offen == 0
    t = summen(JAHR, mit_verborgenen_werten=True)
    assert t.gesamt.anzahl == sum(1 for h in alle if h.betraege.gebunden > 0)


def test_demo_ist_wiederholbar(welt):
    assert hilfen_anlegen(jahr=JAHR - 1, durch=welt.fd51) == 12
    assert hilfen_anlegen(jahr=JAHR - 1, durch=welt.fd51) == 0
    assert Hilfe.objects.filter(haushaltsjahr=JAHR - 1).count() == 12
    assert all(
        h.aktenzeichen.startswith(f"51-{JAHR - 1}-") for h in Hilfe.objects.all()
    )
