"""Random sequences of contract operations (hypothesis, stateful) keep the
ledger consistent with the contracts.

After every step: no budget is overdrawn, no Bindung over-paid; an open year
has exactly its Jahresbetrag bound, a settled one has bound and paid exactly
its actual costs; the year's figures (one aggregate query) equal the sum of its
Bindungen' figures (the ledger's selector); the gebundenes Budget holds nothing
but the contracts' bookings, each recorded in a Vorgang; a refusal books and
records nothing.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from budgets import services as ledger
from budgets.models import Buchung, Budget, Budgetart
from budgets.selectors import Zahlen, mit_zahlen, zahlen_der_bindung, zahlen_von
from budgets.services import aufteilen
from sozialraum.models import Sozialraum
from sozialraum.tests.factories import TraegerFactory

from .. import services
from ..models import Vertragsjahr, Vorgang
from ..selectors import zahlen_der_jahre

CENT = Decimal("0.01")
JAHRE = [2013, 2014]
anteile = st.sampled_from(
    [Decimal("0"), Decimal("0.1"), Decimal("0.5"), Decimal("1"), Decimal("1.2")]
)


class Vertraege(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.art = Budgetart.objects.get(code="gebunden")
        self.vertraege = []
        for kuerzel in ("ADE", "GEL"):
            sozialraum = Sozialraum.objects.get(kuerzel=kuerzel)
            self.vertraege.append(
                services.vertrag_anlegen(
                    sozialraum=sozialraum,
                    traeger=TraegerFactory(),
                    beginn=datetime.date(2013, 1, 1),
                    ende=datetime.date(2014, 12, 31),
                    durch=None,
                )
            )
        for jahr in JAHRE:  # 100.000,00 € for each Sozialraum
            ledger.zuweisen(
                budgetart=self.art,
                haushaltsjahr=jahr,
                gesamtbetrag=Decimal("1000000.00"),
            )

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _stand(self):
        return (
            Buchung.objects.count(),
            Vorgang.objects.count(),
            list(
                Vertragsjahr.objects.order_by("pk").values_list(
                    "personalkosten", "sachkosten", "beratung", "ist_kosten"
                )
            ),
        )

    def _versuchen(self, aufruf, muss_scheitern=False):
        vorher = self._stand()
        try:
            aufruf()
        except ValidationError:
            assert self._stand() == vorher, "refused, yet something changed"
            return False
        assert not muss_scheitern, "should have been refused"
        return True

    def _jahr(self, wahl, jahr):
        vertrag = self.vertraege[wahl % 2]
        return vertrag, Vertragsjahr.objects.filter(
            vertrag=vertrag, haushaltsjahr=jahr
        ).first()

    @rule(
        jahr=st.sampled_from(JAHRE),
        cents=st.integers(1, 20_000_000),
        los=st.integers(0, 4),
    )
    def zuweisen(self, jahr, cents, los):
        if los:  # now and then more money
            return
        self._versuchen(
            lambda: ledger.zuweisen(
                budgetart=self.art, haushaltsjahr=jahr, gesamtbetrag=cents * CENT
            )
        )

    @rule(
        wahl=st.integers(0, 1),
        jahr=st.sampled_from(JAHRE),
        anteil=anteile,
        gewichte=st.tuples(*[st.integers(0, 5)] * 3).filter(any),
    )
    def festsetzen(self, wahl, jahr, anteil, gewichte):
        """A new Jahresbetrag: a share of what the year could hold (the old
        amount plus what is available); 1.2 must be refused."""
        vertrag, vj = self._jahr(wahl, jahr)
        budget = Budget.objects.filter(
            budgetart=self.art, haushaltsjahr=jahr, sozialraum=vertrag.sozialraum
        ).first()
        verfuegbar = zahlen_von(budget).verfuegbar if budget else Decimal(0)
        alt = vj.jahresbetrag if vj else Decimal(0)
        neu = ((alt + verfuegbar) * anteil).quantize(CENT)
        teile = aufteilen(neu, list(enumerate(Decimal(g) for g in gewichte)))
        self._versuchen(
            lambda: services.jahr_festsetzen(
                vertrag=vertrag,
                haushaltsjahr=jahr,
                personalkosten=teile[0],
                sachkosten=teile[1],
                beratung=teile[2],
                durch=None,
            ),
            muss_scheitern=neu - alt > verfuegbar or (vj is None and neu == 0),
        )

    @rule(wahl=st.integers(0, 1), jahr=st.sampled_from(JAHRE), anteil=anteile)
    def zahlen(self, wahl, jahr, anteil):
        _, vj = self._jahr(wahl, jahr)
        if vj is None:
            return
        z = zahlen_der_jahre([vj])[vj.pk]
        betrag = None if anteil == 0 else (z.gebunden * anteil).quantize(CENT)
        if betrag == 0:
            betrag = CENT
        self._versuchen(
            lambda: services.zahlung_erfassen(
                vertragsjahr=vj, betrag=betrag, durch=None
            ),
            muss_scheitern=vj.ist_abgerechnet
            or (betrag is not None and betrag > z.offen),
        )

    @rule(wahl=st.integers(0, 1), anteil=anteile)
    def spitzabrechnen(self, wahl, anteil):
        # only 2013 has ended (2014 is far enough in the past too, but keep one
        # year open for payments)
        _, vj = self._jahr(wahl, 2013)
        if vj is None:
            return
        z = zahlen_der_jahre([vj])[vj.pk]
        ist = (z.gebunden * anteil).quantize(CENT)
        self._versuchen(
            lambda: services.spitzabrechnen(
                vertragsjahr=vj, ist_kosten=ist, durch=None
            ),
            muss_scheitern=vj.ist_abgerechnet or ist > z.gebunden,
        )

    @rule(los=st.integers(0, 9))
    def jahresabschluss_2013(self, los):
        if los == 0:  # rarely: afterwards 2013 takes no new money
            self._versuchen(lambda: ledger.jahresabschluss(jahr=2013))

    # --- invariants -----------------------------------------------------------

    @invariant()
    def jahre_stimmen_mit_dem_hauptbuch(self):
        jahre = list(Vertragsjahr.objects.all())
        zahlen = zahlen_der_jahre(jahre)
        for vj in jahre:
            z = zahlen[vj.pk]
            summe = sum((zahlen_der_bindung(b) for b in vj.bindungen.all()), Zahlen())
            assert z == summe, vj
            assert z.offen >= 0 and z.ausgezahlt >= 0, vj
            if vj.ist_abgerechnet:
                assert z.gebunden == z.ausgezahlt == vj.ist_kosten, vj
            else:
                assert z.gebunden == vj.jahresbetrag, vj

    @invariant()
    def budgets_nie_ueberzogen_und_nur_vertraege(self):
        jahre = list(Vertragsjahr.objects.select_related("vertrag"))
        zahlen = zahlen_der_jahre(jahre)
        # All budgets' figures in one query (the overview's selector): the
        # invariant runs after every step.
        for budget in mit_zahlen(Budget.objects.filter(budgetart=self.art)):
            z = Zahlen.aus(budget)
            assert z.verfuegbar >= 0, budget
            aus_vertraegen = sum(
                (
                    zahlen[vj.pk]
                    for vj in jahre
                    if vj.haushaltsjahr == budget.haushaltsjahr
                    and vj.vertrag.sozialraum_id == budget.sozialraum_id
                ),
                Zahlen(),
            )
            assert (z.gebunden, z.ausgezahlt) == (
                aus_vertraegen.gebunden,
                aus_vertraegen.ausgezahlt,
            ), budget

    @invariant()
    def jede_vertragsbuchung_hat_ihren_vorgang(self):
        ohne = Buchung.objects.filter(
            budget__budgetart=self.art,
            art__in=["bindung", "auszahlung", "aufloesung", "rueckforderung"],
            vertragsvorgaenge__isnull=True,
        )
        assert not ohne.exists()


@pytest.mark.django_db
def test_vertraege_halten_das_hauptbuch_stimmig(grunddaten):
    Vertraege.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=20,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    Vertraege.TestCase().runTest()
