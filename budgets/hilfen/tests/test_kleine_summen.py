"""No figure about fewer than HILFEN_MINDESTFALLZAHL cases outside FD 51 —
neither directly nor worked out from totals (secondary suppression)."""

from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from berichte.dokumente import budgetbericht_html
from budgets.selectors import fallzahlen_sperren, kleine_summen
from regionen.models import Region

from .. import services
from ..models import Hilfeart
from ..selectors import summen
from ..sperrung import GESAMT, Tabelle, spalte_summe, tabelle_sperren, verletzung
from ..sperrung import zeile_summe as r
from ..sperrung import zelle as z
from .factories import JAHR, hilfe, rb2_budget, rb2_zuweisen

FB = Hilfeart.FAMILIENHILFE
EB = Hilfeart.ERZIEHUNGSBEISTANDSCHAFT
FL = Hilfeart.FLEXIBLE_HILFE
HINWEIS = "weniger als 3 Fälle"


# --- The rules themselves ---------------------------------------------------------


def test_eindimensional_primaer_und_sekundaer():
    gruppen = {"rb2": ["r1", "r2", "r3"]}
    # 1 case alone: hidden; the total minus the others would show it, so the
    # smallest other cell is hidden too.
    gesperrt, unsicher = fallzahlen_sperren({"r1": 1, "r2": 4, "r3": 5}, 3, gruppen)
    assert gesperrt == {"r1", "r2"} and not unsicher
    # together still fewer than 3 cases and no other cell with cases: the
    # total must go as well
    gesperrt, unsicher = fallzahlen_sperren({"r1": 1, "r2": 1, "r3": 0}, 3, gruppen)
    assert gesperrt == {"r1", "r2"} and unsicher == {"rb2"}
    # enough cases everywhere, or none at all: nothing hidden
    assert fallzahlen_sperren({"r1": 3, "r2": 0, "r3": 7}, 3, gruppen) == (
        set(),
        set(),
    )


def test_tabelle_zeilensumme_mit_einer_verborgenen_zelle():
    t = Tabelle(
        {("r1", "a"): 1, ("r1", "b"): 5, ("r2", "a"): 5, ("r2", "b"): 5},
        ["r1", "r2"],
        ["a", "b"],
    )
    verborgen = tabelle_sperren(t, 3)
    assert z("r1", "a") in verborgen
    # one more cell in its row and one in its column, and one to close the
    # loop; the totals stay visible
    assert {z("r1", "b"), z("r2", "a"), z("r2", "b")} <= verborgen
    assert not {r("r1"), r("r2"), spalte_summe("a"), GESAMT} & verborgen
    assert verletzung(t, verborgen, 3) is None
    # the audit itself: with only the primary cell hidden, it is revealed
    assert verletzung(t, {z("r1", "a")}, 3) == {("r1", "a")}


def test_feste_summen_werden_nicht_verborgen():
    t = Tabelle({("r1", "a"): 1, ("r1", "b"): 5}, ["r1"], ["a", "b"])
    verborgen = tabelle_sperren(t, 3, fest_sichtbar={r("r1"), GESAMT})
    assert r("r1") not in verborgen and GESAMT not in verborgen
    assert {z("r1", "a"), z("r1", "b")} <= verborgen
    assert verletzung(t, verborgen, 3) is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=9, max_size=9),
    st.integers(2, 4),
)
def test_eigenschaft_nichts_unter_der_grenze_ermittelbar(werte, grenze):
    zeilen, spalten = ["r1", "r2", "r3"], ["a", "b", "c"]
    faelle = {
        (zz, s): werte[i * 3 + j]
        for i, zz in enumerate(zeilen)
        for j, s in enumerate(spalten)
    }
    t = Tabelle(faelle, zeilen, spalten)
    verborgen = tabelle_sperren(t, grenze)
    assert verletzung(t, verborgen, grenze) is None
    for k in t.schluessel():
        if k not in verborgen:
            assert t.anzahl(k) == 0 or t.anzahl(k) >= grenze


# --- The pages and the report ------------------------------------------------------


@pytest.fixture
def faelle(welt):
    """Region 1: one Hilfe; Region 2 (A's): four; Region 3 (B's): five."""
    rb2_zuweisen()
    r1 = Region.objects.get(nummer=1)
    hilfe(r1, kosten="1111.11")
    for art in (FB, FB, EB, EB):
        hilfe(welt.a.region, hilfeart=art, kosten="2000.00")
    for _ in range(5):
        hilfe(welt.b.region, kosten="1500.00")
    welt.r1 = r1
    return welt


def html(client, user, jahr=JAHR):
    client.force_login(user)
    antwort = client.get(reverse("budgets:uebersicht", args=[jahr]))
    assert antwort.status_code == 200
    return antwort.content.decode().replace("\u00a0", " ")


def test_sperre_im_haushaltsbuch(faelle):
    sperre = kleine_summen(JAHR)
    r1, r2, r3 = (rb2_budget(x) for x in (faelle.r1, faelle.a.region, faelle.b.region))
    assert sperre.faelle == {r1.pk: 1, r2.pk: 4, r3.pk: 5}
    assert sperre.budgets == {r1.pk, r2.pk}  # r2: secondary
    assert not sperre.verbirgt([r1.pk, r2.pk, r3.pk])  # the Landkreis total
    assert sperre.verbirgt([r2.pk]) and sperre.verbirgt([r1.pk, r3.pk])


def test_ausschuss_sieht_keine_kleinen_summen(client, faelle):
    seite = html(client, faelle.jha)
    assert HINWEIS in seite
    assert "1.111,11 €" not in seite and "28.888,89 €" not in seite  # Region 1
    # secondary: Region 2 hidden too, else total - Region 2 - Region 3 = Region 1
    assert "8.000,00 €" not in seite and "22.000,00 €" not in seite
    assert "7.500,00 €" in seite and "22.500,00 €" in seite  # Region 3
    assert "16.611,11 €" in seite  # the Landkreis total of all three
    assert "30.000,00 €" in seite  # the Ansatz is no case figure


def test_fd51_sieht_alles(client, faelle):
    seite = html(client, faelle.fd51)
    assert HINWEIS not in seite
    assert "1.111,11 €" in seite and "8.000,00 €" in seite


def test_geschaeftsstelle_sieht_keinen_teil_der_verborgenen(client, faelle):
    seite = html(client, faelle.geschaeftsstelle)  # Region 2 only
    assert HINWEIS in seite
    assert "8.000,00 €" not in seite and "22.000,00 €" not in seite
    # its Landkreis total would be Region 2's figure: hidden as well
    assert "16.611,11 €" not in seite


def test_leitung_sieht_kein_regionalbudget(client, faelle):
    seite = html(client, faelle.leitung_a)
    assert "Regionalbudget 2" not in seite


def test_budgetbericht_immer_gesperrt(faelle):
    bericht = budgetbericht_html(JAHR).replace("\u00a0", " ")
    assert HINWEIS in bericht
    for betrag in ("1.111,11 €", "8.000,00 €", "28.888,89 €", "22.000,00 €"):
        assert betrag not in bericht
    assert "7.500,00 €" in bericht and "16.611,11 €" in bericht


@override_settings(HILFEN_MINDESTFALLZAHL=6)
def test_grenze_ist_einstellbar(client, faelle):
    seite = html(client, faelle.jha)
    assert "weniger als 6 Fälle" in seite
    assert "7.500,00 €" not in seite  # five cases are too few now
    assert "16.611,11 €" in seite  # ten cases in all


def test_aufgeloeste_hilfe_zaehlt_nicht(client, faelle):
    """A Hilfe whose money is released describes nobody's figure any more."""
    from ..models import Hilfe

    for h in Hilfe.objects.filter(region=faelle.b.region)[:3]:
        services.hilfe_beenden(hilfe=h, ende=h.beginn)
    sperre = kleine_summen(JAHR)
    assert sperre.faelle[rb2_budget(faelle.b.region).pk] == 2


def test_summenseite(client, faelle):
    t = summen(JAHR)
    zeilen = {zz.region.nummer: zz for zz in t.zeilen}
    assert zeilen[1].summe.verborgen and zeilen[1].summe.gebunden is None
    assert zeilen[2].summe.verborgen  # as in the budget overview
    assert not zeilen[3].summe.verborgen
    assert zeilen[3].summe.anzahl == 5 and zeilen[3].summe.gebunden == D("7500.00")
    assert not t.gesamt.verborgen and t.gesamt.anzahl == 10
    client.force_login(faelle.jha)
    seite = client.get(reverse("hilfen:summen", args=[JAHR])).content.decode()
    seite = seite.replace("\u00a0", " ")
    assert HINWEIS in seite
    assert "1.111,11 €" not in seite and "8.000,00 €" not in seite
    assert "4.000,00 €" not in seite  # Region 2's cells of two Hilfen each
    assert "7.500,00 €" in seite and "16.611,11 €" in seite


def test_summenseite_fd51_mit_markierung(client, faelle):
    client.force_login(faelle.fd51)
    seite = client.get(reverse("hilfen:summen", args=[JAHR])).content.decode()
    assert "1.111,11" in seite and "für andere verborgen" in seite
