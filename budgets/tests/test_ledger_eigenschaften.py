"""Random sequences of bookings (hypothesis, stateful) keep the ledger's promises.

After every step: "verfügbar", "offen" and "ausgezahlt" are never negative;
every figure equals the sum of its bookings (recomputed here in Python, apart
from the SQL of selectors.py); what a year carries out is what the next carries
in; a closed year is balanced and closing it again changes nothing; every
allocation adds up to its total exactly.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)

from budgets import services
from budgets.models import (
    Buchung,
    Buchungsart,
    Budget,
    Budgetart,
    Schluesselanteil,
    Verteilung,
    Verteilungsschluessel,
)
from budgets.selectors import Zahlen, mit_zahlen, zahlen_der_bindung, zahlen_von
from regionen.models import Region
from sozialraum.models import Sozialraum

JAHRE = [2013, 2014, 2015]
CENT = Decimal("0.01")
betraege = st.integers(min_value=1, max_value=3_000_000).map(lambda c: c * CENT)
anteile = st.sampled_from(
    [Decimal("0.25"), Decimal("0.5"), Decimal("1"), Decimal("1.1")]
)
# sometimes absurd: zero, negative, too many places
unsinn = st.sampled_from(["0", "-1.00", "0.001", "abc", "12,5x"])


def zahlen_in_python(buchungen):
    """The figures, recomputed from the bookings without the SQL of selectors.py."""
    z = defaultdict(Decimal)
    for b in buchungen:
        art = b.storno_von.art if b.art == Buchungsart.STORNO else b.art
        z[art] += -b.betrag if b.art == Buchungsart.STORNO else b.betrag
    return Zahlen(**{k: z[k] for k in Zahlen.__dataclass_fields__})


class Hauptbuch(RuleBasedStateMachine):
    bindungen = Bundle("bindungen")
    stornierbar = Bundle("stornierbar")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        # Two Budgetarten of the Sozialräume (one carries over, one does not)
        # and one of the Regionen; keys with two holders each keep the world
        # small, so that sequences touch the same budgets again and again.
        self.arten = list(
            Budgetart.objects.filter(
                code__in=["projektmittel", "gebunden", "regional1"]
            ).order_by("code")
        )
        zwei = [
            ("sozialraum", Sozialraum.objects.filter(kuerzel__in=["ADE", "GEL"])),
            ("region", Region.objects.filter(nummer__in=[1, 2])),
        ]
        for ebene, inhaber in zwei:
            schluessel = Verteilungsschluessel.objects.create(
                name=f"zwei-{ebene}",
                bezeichnung="zwei",
                art="gewichte",
                ebene=ebene,
                gueltig_ab=2000,
            )
            for i in inhaber:
                Schluesselanteil.objects.create(
                    schluessel=schluessel, gewicht=1, **{ebene: i}
                )

    def teardown(self):
        # Every example starts from the same empty ledger.
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _budgets(self):
        return list(Budget.objects.mit_inhaber().order_by("pk"))

    def _zaehlen(self):
        return Buchung.objects.count()

    def _abgelehnt(self, aufruf):
        vorher = self._zaehlen()
        with pytest.raises(ValidationError):
            aufruf()
        assert self._zaehlen() == vorher, "refused, yet something was booked"

    # --- rules ----------------------------------------------------------------

    @rule(
        target=stornierbar,
        art=st.integers(0, 2),
        jahr=st.sampled_from(JAHRE),
        betrag=betraege,
    )
    def zuweisen(self, art, jahr, betrag):
        budgetart = self.arten[art]
        aufruf = lambda: services.zuweisen(  # noqa: E731
            budgetart=budgetart,
            haushaltsjahr=jahr,
            gesamtbetrag=betrag,
            schluessel_name=f"zwei-{budgetart.ebene}",
        )
        if services.ist_abgeschlossen(jahr):
            self._abgelehnt(aufruf)
            return None
        verteilung = aufruf()
        return verteilung.zuweisungen.first()

    @rule(betrag=unsinn, jahr=st.sampled_from(JAHRE))
    def unsinniger_betrag(self, betrag, jahr):
        self._abgelehnt(
            lambda: services.zuweisen(
                budgetart=self.arten[0], haushaltsjahr=jahr, gesamtbetrag=betrag
            )
        )

    @rule(target=bindungen, wahl=st.integers(0, 10_000), anteil=anteile)
    def binden(self, wahl, anteil):
        budgets = self._budgets()
        if not budgets:
            return None
        budget = budgets[wahl % len(budgets)]
        z = zahlen_von(budget)
        # a share of what is available: 1.1 must be refused
        betrag = max(CENT, (z.verfuegbar * anteil).quantize(CENT))
        aufruf = lambda: services.binden(budget=budget, betrag=betrag)  # noqa: E731
        if services.ist_abgeschlossen(budget.haushaltsjahr) or betrag > z.verfuegbar:
            self._abgelehnt(aufruf)
            return None
        return aufruf()

    def _folge(self, funktion, grenze, bindung, anteil):
        """A follow-up booking; it must succeed exactly when the Bindung allows it."""
        if bindung is None:
            return None
        bindung.refresh_from_db()
        betrag = max(CENT, (bindung.betrag * anteil).quantize(CENT))
        erlaubt = not Buchung.objects.filter(
            storno_von=bindung
        ).exists() and betrag <= grenze(zahlen_der_bindung(bindung))
        aufruf = lambda: funktion(bindung=bindung, betrag=betrag)  # noqa: E731
        if not erlaubt:
            self._abgelehnt(aufruf)
            return None
        return aufruf()

    @rule(
        target=stornierbar,
        bindung=bindungen,
        anteil=st.sampled_from([Decimal("0.3"), Decimal("1"), Decimal("2")]),
    )
    def auszahlen(self, bindung, anteil):
        return self._folge(services.auszahlen, lambda z: z.offen, bindung, anteil)

    @rule(
        target=stornierbar,
        bindung=bindungen,
        anteil=st.sampled_from([Decimal("0.2"), Decimal("1")]),
    )
    def aufloesen(self, bindung, anteil):
        return self._folge(services.aufloesen, lambda z: z.offen, bindung, anteil)

    @rule(
        target=stornierbar,
        bindung=bindungen,
        anteil=st.sampled_from([Decimal("0.1"), Decimal("1")]),
    )
    def zurueckfordern(self, bindung, anteil):
        return self._folge(
            services.zurueckfordern, lambda z: z.ausgezahlt, bindung, anteil
        )

    @rule(
        target=stornierbar,
        von=st.integers(0, 10_000),
        nach=st.integers(0, 10_000),
        anteil=anteile,
    )
    def umbuchen(self, von, nach, anteil):
        budgets = self._budgets()
        if len(budgets) < 2:
            return None
        a, b = budgets[von % len(budgets)], budgets[nach % len(budgets)]
        # a share of all that is available, carried money included: moving
        # carried money must be refused
        betrag = max(CENT, (zahlen_von(a).verfuegbar * anteil).quantize(CENT))
        aufruf = lambda: services.umbuchen(  # noqa: E731
            von=a, nach=b, betrag=betrag, text="Ausgleich"
        )
        erlaubt = (
            a.pk != b.pk
            and a.haushaltsjahr == b.haushaltsjahr
            and not services.ist_abgeschlossen(a.haushaltsjahr)
            and betrag <= zahlen_von(a).eigen_verfuegbar
        )
        if not erlaubt:
            self._abgelehnt(aufruf)
            return None
        aus, _ = aufruf()
        return aus

    @rule(buchung=consumes(stornierbar))
    def stornieren(self, buchung):
        if buchung is None:
            return
        vorher = self._zaehlen()
        try:
            services.stornieren(buchung=buchung, text="Korrektur")
        except ValidationError:
            assert self._zaehlen() == vorher

    @rule(bindung=bindungen)
    def bindung_stornieren(self, bindung):
        if bindung is not None:
            self.stornieren(bindung)

    @rule(jahr=st.sampled_from(JAHRE))
    def jahresabschluss(self, jahr):
        aufruf = lambda: services.jahresabschluss(jahr=jahr)  # noqa: E731
        if services.ist_abgeschlossen(jahr) or services.offene_vorjahre(jahr).exists():
            self._abgelehnt(aufruf)
        else:
            aufruf()

    # --- invariants -----------------------------------------------------------

    @invariant()
    def nie_negativ_und_gleich_der_summe_der_buchungen(self):
        je_budget = defaultdict(list)
        for b in Buchung.objects.select_related("storno_von"):
            je_budget[b.budget_id].append(b)
        for budget in mit_zahlen(Budget.objects.all()):
            sql = Zahlen.aus(budget)
            assert sql == zahlen_in_python(je_budget[budget.pk])
            assert sql.verfuegbar >= 0, budget
            assert sql.offen >= 0, budget
            assert sql.ausgezahlt >= 0, budget

    @invariant()
    def keine_bindung_ueberzogen(self):
        for bindung in Buchung.objects.filter(art=Buchungsart.BINDUNG):
            z = zahlen_der_bindung(bindung)
            assert z.offen >= 0 and z.ausgezahlt >= 0, bindung

    @invariant()
    def nur_eigenes_geld_wird_uebertragen(self):
        """Money is carried once: what a year carries out is at most its own."""
        for budget in mit_zahlen(Budget.objects.all()):
            z = Zahlen.aus(budget)
            assert z.uebertrag_aus <= max(Decimal(0), z.ansatz), budget

    @invariant()
    def uebertrag_aus_gleich_uebertrag_ein(self):
        for jahr in JAHRE:
            if not services.ist_abgeschlossen(jahr):
                continue
            aus = sum(zahlen_von(b).uebertrag_aus for b in Budget.objects.im_jahr(jahr))
            ein = sum(
                b.betrag
                for b in Buchung.objects.filter(
                    art=Buchungsart.UEBERTRAG_EIN, herkunftsjahr=jahr
                )
            )
            assert aus == ein
            for b in Budget.objects.im_jahr(jahr):
                assert zahlen_von(b).verfuegbar == 0, "closed year must be balanced"

    @invariant()
    def verteilungen_gehen_genau_auf(self):
        for v in Verteilung.objects.prefetch_related("zuweisungen"):
            assert sum(z.betrag for z in v.zuweisungen.all()) == v.gesamtbetrag


@pytest.mark.django_db
def test_hauptbuch_haelt_seine_versprechen(grunddaten):
    Hauptbuch.TestCase.settings = settings(
        max_examples=40,
        stateful_step_count=35,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    Hauptbuch.TestCase().runTest()


def test_aufteilung_geht_immer_genau_auf():
    from hypothesis import given

    @settings(max_examples=300, database=None)
    @given(
        gesamt=st.integers(1, 10**11).map(lambda c: c * CENT),
        gewichte=st.lists(st.integers(0, 10**6), min_size=1, max_size=40).filter(any),
    )
    def pruefen(gesamt, gewichte):
        teile = services.aufteilen(
            gesamt, [(i, Decimal(g)) for i, g in enumerate(gewichte)]
        )
        assert sum(teile.values()) == gesamt
        assert all(t >= 0 and t == t.quantize(CENT) for t in teile.values())
        summe = sum(gewichte)
        for i, g in enumerate(gewichte):
            # never more than one cent from the exact share
            assert abs(teile[i] - gesamt * g / summe) < CENT

    pruefen()


def test_jahresabschluss_am_stichtag(grunddaten, db):
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag=Decimal("10.00"))
    services.jahresabschluss(jahr=2013)
    daten = set(
        Buchung.objects.filter(art=Buchungsart.UEBERTRAG_AUS).values_list(
            "buchungsdatum", flat=True
        )
    )
    assert daten == {datetime.date(2013, 12, 31)}
