"""Counts below KENNZAHLEN_MINDESTZAHL are "< 5" outside FD 51 (and the Büro's
own Leitung), and cannot be worked out from the figures that are shown: not
from the year figure of a Büro, not from the Region or Landkreis sums, not by
combining the list with a Büro's page."""

import pytest
from django.test import override_settings

from kennzahlen.selectors import FEST, Jahressperre, buerojahr, jahresliste
from sozialraum.models import Sozialraum

from .factories import gemeldet, kategorie

pytestmark = pytest.mark.django_db


def _jahr(b, k):
    return next(z.jahr for z in b.zeilen if z.schluessel == k)


def _quartal(b, k, q):
    return next(z.quartale[q - 1] for z in b.zeilen if z.schluessel == k)


def test_kleine_zahl_nur_fuer_fd51_und_eigene_leitung(welt):
    gemeldet(welt, quartal=1, neu=3)
    genau = buerojahr(welt.a, 2013, genau=True)
    anders = buerojahr(welt.a, 2013, genau=False)
    assert _quartal(genau, "faelle_neu", 1).wert == 3
    z = _quartal(anders, "faelle_neu", 1)
    assert (z.wert, z.verborgen, str(z)) == (None, True, "< 5")
    # the year figure is the same 3 cases
    assert str(_jahr(anders, "faelle_neu")) == "< 5"
    # larger figures stay visible
    assert str(_quartal(anders, "beratungstermine", 1)) == "250"


def test_null_bleibt_sichtbar(welt):
    gemeldet(welt, quartal=1, neu=0, abgeschlossen=0)
    anders = buerojahr(welt.a, 2013, genau=False)
    assert str(_quartal(anders, "faelle_neu", 1)) == "0"


def test_jahreszahl_verraet_kein_quartal(welt):
    gemeldet(welt, quartal=1, neu=3)
    gemeldet(welt, quartal=2, neu=30)
    anders = buerojahr(welt.a, 2013, genau=False)
    assert _quartal(anders, "faelle_neu", 1).verborgen
    q2, jahr = _quartal(anders, "faelle_neu", 2), _jahr(anders, "faelle_neu")
    # Q1 = year − Q2: at least one of them must be hidden
    assert q2.verborgen or jahr.verborgen


def test_kategorien_ebenso(welt):
    gemeldet(welt, quartal=1, neu=30, kategorien={kategorie(): 2})
    gemeldet(welt, quartal=2, neu=30, kategorien={kategorie(): 9})
    anders = buerojahr(welt.a, 2013, genau=False)
    k = f"kategorie:{kategorie().pk}"
    assert _quartal(anders, k, 1).verborgen
    assert _quartal(anders, k, 2).verborgen or _jahr(anders, k).verborgen


def _sichtbar_in_liste(liste):
    werte = {}
    for block in liste.bloecke:
        for z in block.zeilen:
            for k, zahl in zip(FEST, z.zahlen, strict=True):
                werte[(z.sozialraum.pk, k)] = zahl
    return werte


def test_landkreissumme_verraet_kein_buero(welt):
    gemeldet(welt, quartal=1, neu=3)
    gemeldet(welt, welt.b, quartal=1, neu=40)
    liste = jahresliste(
        2013, sichtbar=Sozialraum.objects.all(), landkreis=True, genau_fuer=()
    )
    werte = _sichtbar_in_liste(liste)
    assert str(werte[(welt.a.pk, "faelle_neu")]) == "< 5"
    landkreis = dict(zip(FEST, liste.landkreis, strict=True))["faelle_neu"]
    # A = Landkreis − B: one of the two must be hidden as well
    assert landkreis.verborgen or werte[(welt.b.pk, "faelle_neu")].verborgen
    # A's Region has only A's figures: its sum is A's 3 cases
    region_a = next(b for b in liste.bloecke if b.region == welt.a.region)
    assert str(region_a.summen[FEST.index("faelle_neu")]) == "< 5"


def test_liste_und_bueroseite_verbergen_dasselbe(welt):
    """What the list hides for the Landkreis' sake the Büro page hides too
    (else the two pages together would give it away)."""
    gemeldet(welt, quartal=1, neu=3)
    gemeldet(welt, welt.b, quartal=1, neu=40)
    sperre = Jahressperre(2013)
    liste = _sichtbar_in_liste(
        jahresliste(2013, sichtbar=Sozialraum.objects.all(), landkreis=True)
    )
    for s in (welt.a, welt.b):
        seite = buerojahr(s, 2013, genau=False)
        for k in FEST:
            assert _jahr(seite, k).verborgen == liste[(s.pk, k)].verborgen, (s, k)
    assert sperre.grenze == 5


@override_settings(KENNZAHLEN_MINDESTZAHL=50)
def test_grenze_ist_einstellbar(welt):
    gemeldet(welt, quartal=1, neu=30)
    anders = buerojahr(welt.a, 2013, genau=False)
    assert str(_quartal(anders, "faelle_neu", 1)) == "< 50"
