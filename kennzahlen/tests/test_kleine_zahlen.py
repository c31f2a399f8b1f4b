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


# --- Sums with one contributor, and the mark of a figure hidden for another's sake


def _dritter_in_region_a(welt):
    """Another Büro in A's Region, with its Leitung (reports through the service)."""
    from konten.models import Rolle
    from sozialraum.tests.factories import SozialraumbueroFactory, benutzer_mit_rolle

    c = Sozialraum.objects.filter(region=welt.a.region).exclude(pk=welt.a.pk).first()
    if not hasattr(c, "buero"):
        SozialraumbueroFactory(sozialraum=c)
    return c, benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=c)


def _melden(sozialraum, leitung, quartal=1, **werte):
    from kennzahlen import services

    from .factories import zahlen

    services.meldung_abgeben(
        sozialraum=sozialraum,
        jahr=2013,
        quartal=quartal,
        zahlen=zahlen(**werte),
        kategorien={},
        durch=leitung,
    )


def test_regionssumme_mit_einem_beitrag_verraet_ihn_nicht(welt):
    """A Region in which one Büro has reported: its sum is that Büro's figure,
    so it is hidden when the Büro's figure is hidden — and the figure hidden
    for the Landkreis sum's sake is not shown as "< 5" (it is 40)."""
    gemeldet(welt, quartal=1, neu=3)
    gemeldet(welt, welt.b, quartal=1, neu=40)
    liste = jahresliste(2013, sichtbar=Sozialraum.objects.all(), landkreis=True)
    werte = _sichtbar_in_liste(liste)
    for block in liste.bloecke:
        gemeldet_ = [z for z in block.zeilen if z.zahlen[0].gemeldet]
        if len(gemeldet_) != 1:
            continue
        for i, k in enumerate(FEST):
            einzige = werte[(gemeldet_[0].sozialraum.pk, k)]
            if einzige.verborgen:
                assert block.summen[i].verborgen, (block.region, k)
            if einzige.verborgen and not einzige.klein:
                assert str(einzige) == "•"
    for k in FEST:
        zahl = werte[(welt.b.pk, k)]
        assert str(zahl) != "< 5", k
    # A's 3 cannot be worked out: the Landkreis sum of new cases is hidden
    # (or B's 40 with B's Region's sum)
    landkreis = dict(zip(FEST, liste.landkreis, strict=True))["faelle_neu"]
    region_b = next(b for b in liste.bloecke if b.region == welt.b.region)
    assert landkreis.verborgen or region_b.summen[0].verborgen


def test_was_die_liste_sperrt_verraet_die_bueroseite_nicht(welt):
    """A (3) and C (40) in one Region, B (50) in another: the list hides C's
    40 so that the Region's 43 does not give A's 3 away. C's page must not
    show it either — its only quarter is its year figure."""
    c, leitung_c = _dritter_in_region_a(welt)
    gemeldet(welt, quartal=1, neu=3)
    _melden(c, leitung_c, neu=40)
    gemeldet(welt, welt.b, quartal=1, neu=50)
    werte = _sichtbar_in_liste(
        jahresliste(2013, sichtbar=Sozialraum.objects.all(), landkreis=True)
    )
    assert str(werte[(welt.a.pk, "faelle_neu")]) == "< 5"
    assert str(werte[(c.pk, "faelle_neu")]) == "•"  # hidden, but not small
    seite = buerojahr(c, 2013, genau=False)
    assert _quartal(seite, "faelle_neu", 1).verborgen
    assert str(_quartal(seite, "faelle_neu", 1)) == "•"
    assert str(_jahr(seite, "faelle_neu")) == "•"
    # what is visible stays visible: C's other figures are large and safe
    assert str(_quartal(seite, "beratungstermine", 1)) == "250"


def test_geschuetzte_zahl_mit_einem_beitrag():
    """The engine: a figure another table hides (here the cell r1/a, 40
    cases) must not follow from this table: its row sum, of which it is the
    only contributor, is hidden with it."""
    from budgets.hilfen.sperrung import Tabelle, tabelle_sperren, zeile_summe, zelle

    t = Tabelle({("r1", "a"): 40, ("r2", "a"): 7}, ["r1", "r2"], ["a"])
    geschuetzt = {zelle("r1", "a")}
    verborgen = tabelle_sperren(t, 5, fest_verborgen=geschuetzt, geschuetzt=geschuetzt)
    assert zeile_summe("r1") in verborgen
    # and the column sum with r2's visible 7 would give it too
    assert ("spalte", "a") in verborgen or zelle("r2", "a") in verborgen
    ohne = tabelle_sperren(t, 5, fest_verborgen=geschuetzt)
    assert zeile_summe("r1") not in ohne  # the engine alone knows no better
