"""Abschläge and the growth plan: derived, exact to the cent."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ..models import Sozialraumvertrag, Zahlungsplan
from ..selectors import (
    Zeile,
    abschlaege_berechnen,
    abschlaege_mit_stand,
    faellig_bis,
    vertragsplan,
)
from .factories import d

D = datetime.date
CENT = Decimal("0.01")


def vertrag(beginn, ende):
    return Sozialraumvertrag(nummer="SRV-T-1", beginn=beginn, ende=ende)


def berechnen(beginn, ende, betrag, plan, jahr=2013):
    return abschlaege_berechnen(
        vertrag=vertrag(beginn, ende),
        haushaltsjahr=jahr,
        jahresbetrag=d(betrag),
        zahlungsplan=plan,
    )


def test_vierteljaehrlich_ganzes_jahr():
    liste = berechnen(D(2013, 1, 1), D(2016, 12, 31), "100000.01", "vierteljaehrlich")
    assert [(a.faellig_am, a.betrag) for a in liste] == [
        (D(2013, 1, 1), d("25000.01")),
        (D(2013, 4, 1), d("25000.00")),
        (D(2013, 7, 1), d("25000.00")),
        (D(2013, 10, 1), d("25000.00")),
    ]
    assert liste[-1].bis == D(2013, 12, 31)


def test_monatlich_geht_auf_den_cent_auf():
    liste = berechnen(D(2013, 1, 1), D(2013, 12, 31), "1000.00", "monatlich")
    assert len(liste) == 12
    assert sum(a.betrag for a in liste) == d("1000.00")
    # 83,33 × 12 = 999,96: four cents to the first four months
    assert [a.betrag for a in liste[:5]] == [d("83.34")] * 4 + [d("83.33")]


def test_halbjaehrlich_und_jaehrlich():
    halb = berechnen(D(2013, 1, 1), D(2013, 12, 31), "60000.00", "halbjaehrlich")
    assert [(a.faellig_am, a.betrag) for a in halb] == [
        (D(2013, 1, 1), d("30000.00")),
        (D(2013, 7, 1), d("30000.00")),
    ]
    ganz = berechnen(D(2013, 1, 1), D(2013, 12, 31), "60000.00", "jaehrlich")
    assert [(a.faellig_am, a.betrag) for a in ganz] == [(D(2013, 1, 1), d("60000.00"))]


def test_beginn_im_quartal_anteilig_nach_tagen():
    # Q1 from 15.02.: 45 of 90 days = half a quarter; then three full ones.
    liste = berechnen(D(2013, 2, 15), D(2015, 12, 31), "35000.00", "vierteljaehrlich")
    assert [(a.faellig_am, a.von, a.betrag) for a in liste] == [
        (D(2013, 2, 15), D(2013, 2, 15), d("5000.00")),
        (D(2013, 4, 1), D(2013, 4, 1), d("10000.00")),
        (D(2013, 7, 1), D(2013, 7, 1), d("10000.00")),
        (D(2013, 10, 1), D(2013, 10, 1), d("10000.00")),
    ]


def test_ende_im_jahr_keine_abschlaege_danach():
    liste = berechnen(D(2012, 1, 1), D(2013, 6, 30), "50000.00", "monatlich")
    assert len(liste) == 6
    assert liste[-1].bis == D(2013, 6, 30)
    assert sum(a.betrag for a in liste) == d("50000.00")


def test_jahr_ausserhalb_hat_keine_abschlaege():
    assert berechnen(D(2014, 1, 1), D(2014, 12, 31), "1.00", "monatlich") == []


@settings(max_examples=300, deadline=None, database=None)
@given(
    cents=st.integers(0, 10**10),
    plan=st.sampled_from(Zahlungsplan.values),
    beginn=st.dates(D(2012, 1, 1), D(2014, 12, 31)),
    tage=st.integers(0, 900),
)
def test_abschlaege_gehen_immer_genau_auf(cents, plan, beginn, tage):
    ende = beginn + datetime.timedelta(days=tage)
    betrag = cents * CENT
    for jahr in range(beginn.year, ende.year + 1):
        liste = abschlaege_berechnen(
            vertrag=vertrag(beginn, ende),
            haushaltsjahr=jahr,
            jahresbetrag=betrag,
            zahlungsplan=plan,
        )
        assert liste, "every year of the period has at least one Abschlag"
        assert sum(a.betrag for a in liste) == betrag
        assert all(a.betrag >= 0 and a.betrag == a.betrag.quantize(CENT) for a in liste)
        faellig = [a.faellig_am for a in liste]
        assert faellig == sorted(faellig)
        assert all(beginn <= a.von <= a.bis <= ende for a in liste)
        assert all(a.von.year == a.bis.year == jahr for a in liste)


class _Jahr:
    """A contract year without the database."""

    def __init__(self, betrag, plan="vierteljaehrlich"):
        self.vertrag = vertrag(D(2013, 1, 1), D(2013, 12, 31))
        self.haushaltsjahr = 2013
        self.jahresbetrag = d(betrag)
        self.zahlungsplan = plan


def test_stand_der_abschlaege_nach_zahlungen():
    vj = _Jahr("100000.00")
    stand = abschlaege_mit_stand(vj, d("30000.00"), heute=D(2013, 5, 1))
    assert [(s.faellig, s.bezahlt, s.offen) for s in stand] == [
        (True, d("25000.00"), d("0")),
        (True, d("5000.00"), d("20000.00")),
        (False, d("0"), d("25000.00")),
        (False, d("0"), d("25000.00")),
    ]
    assert faellig_bis(vj, heute=D(2013, 4, 1)) == d("50000.00")
    assert faellig_bis(vj, heute=D(2013, 3, 31)) == d("25000.00")


RATEN = [(2027, d("20.00")), (2028, d("5.00"))]


def test_plan_je_vertrag_und_summe():
    zeilen = [
        Zeile(vertrag(D(2026, 1, 1), D(2030, 12, 31)), _Jahr("100000.00")),
        Zeile(vertrag(D(2026, 1, 1), D(2027, 12, 31)), _Jahr("33333.33")),
    ]
    jahre, planzeilen, summe = vertragsplan(zeilen, 2026, jahre=5, raten=RATEN)
    assert jahre == [2026, 2027, 2028, 2029, 2030]
    assert [p for _, p, _ in planzeilen[0].werte] == [
        d("100000.00"),
        d("120000.00"),
        d("126000.00"),
        d("132300.00"),
        d("138915.00"),
    ]
    # 33.333,33 × 1,2 = 39.999,996 → 40.000,00 (half up, per contract)
    zweiter = planzeilen[1].werte
    assert zweiter[1] == (2027, d("40000.00"), False)
    assert zweiter[2] == (2028, d("42000.00"), True)  # after the contract's end
    assert zweiter[4][1] == d("46305.00")  # 33.333,33 × 1,2 × 1,05³ = 46.304,9954
    assert summe == [
        (j, planzeilen[0].werte[i][1] + zweiter[i][1]) for i, j in enumerate(jahre)
    ]


def test_plan_ohne_raten_bleibt_gleich():
    zeilen = [Zeile(vertrag(D(2013, 1, 1), D(2016, 12, 31)), _Jahr("1234.56"))]
    _, planzeilen, summe = vertragsplan(zeilen, 2013, jahre=3, raten=[])
    assert [p for _, p, _ in planzeilen[0].werte] == [d("1234.56")] * 3
    assert summe[-1] == (2015, d("1234.56"))


def test_plan_laesst_vertraege_ohne_jahresbetrag_aus():
    zeilen = [Zeile(vertrag(D(2013, 1, 1), D(2016, 12, 31)), None)]
    _, planzeilen, summe = vertragsplan(zeilen, 2013, jahre=2, raten=RATEN)
    assert planzeilen == [] and summe == [(2013, d("0")), (2014, d("0"))]
