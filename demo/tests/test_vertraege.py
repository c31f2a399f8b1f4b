"""The demo contracts: about 1,7 Mio € a year, through the services, idempotent."""

import datetime

import pytest

from budgets.models import Buchung, Buchungsart, Budget
from budgets.selectors import Zahlen, mit_zahlen
from budgets.vertraege.models import Sozialraumvertrag, Vorgang
from budgets.vertraege.selectors import abschlaege, zahlen_des_jahres
from budgets.vertraege.tests.factories import d
from demo.vertraege import gebunden_zuweisen, jahresbetraege, vertraege_anlegen

pytestmark = pytest.mark.django_db


def gebunden_im_jahr(jahr):
    budgets = mit_zahlen(
        Budget.objects.filter(budgetart__code="gebunden", haushaltsjahr=jahr)
    )
    return sum((Zahlen.aus(b) for b in budgets), Zahlen())


def test_jahresbetraege_ergeben_1_7_mio():
    summe = sum(sum(teile.values()) for teile in jahresbetraege().values())
    assert summe == d("1700000.00")


def test_demo_vertraege_vergangenes_und_laufendes_jahr(welt):
    gebunden_zuweisen(2013, durch=welt.fd51)
    jahre = vertraege_anlegen(2013, durch=welt.fd51, heute=datetime.date(2014, 5, 1))
    assert len(jahre) == 10
    assert sum(vj.jahresbetrag for vj in jahre) == d("1700000.00")
    assert all(vj.ist_abgerechnet for vj in jahre)
    z = gebunden_im_jahr(2013)
    # two Träger spent less (3.412,50 € and 1.250,00 €): reclaimed and released
    assert z.gebunden == z.ausgezahlt == d("1700000.00") - d("4662.50")
    assert z.rueckforderung == d("4662.50")
    ame = next(vj for vj in jahre if vj.vertrag.sozialraum.kuerzel == "AME")
    restzahlung = ame.vorgaenge.get(art=Vorgang.Art.SPITZABRECHNUNG).buchungen.get()
    assert restzahlung.art == Buchungsart.AUSZAHLUNG

    # the running year 2014: the same contracts, the Abschläge due by 1 May
    gebunden_zuweisen(2014, durch=welt.fd51)
    jahre = vertraege_anlegen(2014, durch=welt.fd51, heute=datetime.date(2014, 5, 1))
    assert Sozialraumvertrag.objects.count() == 10
    assert not any(vj.ist_abgerechnet for vj in jahre)
    for vj in jahre:
        faellig = 1 if vj.vertrag.sozialraum.kuerzel == "AME" else 2  # Q1, Q2
        erwartet = sum(a.betrag for a in abschlaege(vj)[:faellig])
        assert zahlen_des_jahres(vj).ausgezahlt == erwartet

    vorher = (Buchung.objects.count(), Vorgang.objects.count())
    gebunden_zuweisen(2014, durch=welt.fd51)
    vertraege_anlegen(2013, durch=welt.fd51, heute=datetime.date(2014, 5, 1))
    vertraege_anlegen(2014, durch=welt.fd51, heute=datetime.date(2014, 5, 1))
    assert (Buchung.objects.count(), Vorgang.objects.count()) == vorher
