"""Issue 18, item 1: the incentive must not undo the small-sums rule.

One Hilfe in a Region: its Regionalbudget 2 is suppressed outside FD 51. A
year later the incentive books half of the unspent rest into the Region's
Regionalbudget 1; Ansatz minus twice that figure is the single case's cost.
The differential check below collects every amount each role can see (pages,
journal, Budgetbericht) and tries to derive each suppressed figure from any
one or two of them (±, ×2, ±1 cent of rounding)."""

import re
from decimal import Decimal as D
from io import StringIO
from itertools import product

import pytest
from django.core.management import call_command
from django.urls import reverse

from berichte.dokumente import budgetbericht_html
from budgets import services as ledger
from budgets.models import Budget, Budgetart
from budgets.selectors import anreiz_sperre, kleine_summen
from regionen.models import Region

from .factories import JAHR, hilfe, rb2_budget, rb2_zuweisen

pytestmark = pytest.mark.django_db
VORJAHR = JAHR - 1
BETRAG = re.compile(r"\d{1,3}(?:\.\d{3})*,\d{2}")
CENT = D("0.01")


def rb1_budget(region, jahr=JAHR):
    return Budget.objects.get(
        budgetart__code="regional1", haushaltsjahr=jahr, region=region
    )


@pytest.fixture
def anreiz(welt):
    """Vorjahr: 100.000,00 € Regionalbudget 2 per Region; Region 1 one Hilfe
    (12.345,67 €), Region 2 (A's) four, Region 3 (B's) five. Closed: the
    incentive goes into this year's Regionalbudget 1 (31.234,56 € Ansatz)."""
    rb2_zuweisen(jahr=VORJAHR, gesamt="300000.00")
    welt.r1 = Region.objects.get(nummer=1)
    hilfe(welt.r1, kosten="12345.67", jahr=VORJAHR)
    for _ in range(4):
        hilfe(welt.a.region, kosten="2111.11", jahr=VORJAHR)
    for _ in range(5):
        hilfe(welt.b.region, kosten="1500.00", jahr=VORJAHR)
    ledger.zuweisen(
        budgetart=Budgetart.objects.get(code="regional1"),
        haushaltsjahr=JAHR,
        gesamtbetrag=D("31234.56"),
        schluessel_name="gleich",
    )
    # this year's Regionalbudget 2 too: the Region's sum holds two budgets
    rb2_zuweisen(jahr=JAHR, gesamt="3000.00")
    ledger.jahresabschluss(jahr=VORJAHR)
    return welt


# Region 1's and (secondary) Region 2's figures: the cases' cost, the unspent
# rest, the incentive and the expired rest.
GEHEIM = {
    "Region 1 gebunden": D("12345.67"),
    "Region 1 Rest": D("87654.33"),
    "Region 1 Anreiz": D("43827.16"),
    "Region 1 Verfall": D("43827.17"),
    "Region 2 gebunden": D("8444.44"),
    "Region 2 Rest": D("91555.56"),
    "Region 2 Anreiz": D("45777.78"),
}


def _betraege(text):
    text = text.replace("\u00a0", " ")
    return {D(b.replace(".", "").replace(",", ".")) for b in BETRAG.findall(text)} | {
        D("0.00")
    }


def sichtbar(client, user):
    """Every amount `user` can see about both years."""
    client.force_login(user)
    seiten = []
    for jahr in (VORJAHR, JAHR):
        for url in (
            reverse("budgets:uebersicht", args=[jahr]),
            reverse("budgets:journal", args=[jahr]),
            reverse("hilfen:summen", args=[jahr]),
        ):
            antwort = client.get(url)
            if antwort.status_code == 200:
                seiten.append(antwort.content.decode())
        # the report goes to the Jugendhilfeausschuss, whoever orders it
        seiten.append(budgetbericht_html(jahr))
    werte = set()
    for s in seiten:
        werte |= _betraege(s)
    return werte


def ableitbar(werte, ziel):
    """Whether ziel = c1·a + c2·b (+ a cent of rounding) for visible a, b."""
    faktoren = (1, -1, 2, -2)
    for a, c1, rest in product(werte, faktoren, (0, CENT, -CENT)):
        uebrig = ziel - c1 * a - rest
        if any(uebrig / c2 in werte for c2 in faktoren):
            return True
    return False


def test_sperre_folgt_dem_anreiz(anreiz):
    quelle = kleine_summen(VORJAHR)
    r1, r2, r3 = (
        rb2_budget(r, VORJAHR) for r in (anreiz.r1, anreiz.a.region, anreiz.b.region)
    )
    assert quelle.budgets == {r1.pk, r2.pk}
    sperre = anreiz_sperre(JAHR)
    ziele = {rb1_budget(r).pk for r in (anreiz.r1, anreiz.a.region)}
    assert sperre.budgets == ziele
    alle = ziele | {rb1_budget(anreiz.b.region).pk}
    # alone or with Region 3: singles out; all three: the sum of enough cases
    assert sperre.verbirgt([rb1_budget(anreiz.r1).pk])
    assert sperre.verbirgt([rb1_budget(anreiz.r1).pk, rb1_budget(anreiz.b.region).pk])
    assert not sperre.verbirgt(alle)
    assert r3.pk not in quelle.budgets


@pytest.mark.parametrize("rolle", ["leitung_a", "leitung_b", "geschaeftsstelle", "jha"])
def test_keine_rolle_ausser_fd51_leitet_den_fall_ab(client, anreiz, rolle):
    werte = sichtbar(client, getattr(anreiz, rolle))
    abgeleitet = [name for name, wert in GEHEIM.items() if ableitbar(werte, wert)]
    assert not abgeleitet, abgeleitet


def test_gegenprobe_fd51_sieht_alles(client, anreiz):
    """The check can fail: FD 51's pages give every figure away."""
    werte = sichtbar(client, anreiz.fd51)
    assert all(ableitbar(werte, wert) for wert in GEHEIM.values())
    assert D("43827.16") in werte


def test_was_sichtbar_bleibt(client, anreiz):
    client.force_login(anreiz.jha)
    seite = client.get(reverse("budgets:uebersicht", args=[JAHR])).content.decode()
    seite = seite.replace("\u00a0", " ")
    assert "weniger als 3 Fälle" in seite and "43.827,16 €" not in seite
    assert "10.411,52 €" in seite  # every Region's Ansatz
    assert "46.250,00 €" in seite and "56.661,52 €" in seite  # Region 3 in full
    assert "135.854,94 €" in seite  # the Landkreis' Übertrag: all three incentives
    bericht = budgetbericht_html(JAHR).replace("\u00a0", " ")
    assert "43.827,16 €" not in bericht and "135.854,94 €" in bericht
    # the Geschäftsstelle's Region 2: Ansatz visible, the incentive not
    client.force_login(anreiz.geschaeftsstelle)
    journal = client.get(reverse("budgets:journal", args=[JAHR])).content.decode()
    journal = journal.replace("\u00a0", " ")
    assert "10.411,52 €" in journal and "Anreiz aus Regionalbudget 2" in journal
    assert "45.777,78" not in journal and "weniger als 3 Fälle" in journal


def test_budgetstand_csv_ohne_den_anreiz(anreiz):
    out = StringIO()
    call_command("budgetstand", jahr=JAHR, format="csv", stdout=out)
    assert "43.827,16" not in out.getvalue() and "weniger als 3 Fälle" in out.getvalue()
    out = StringIO()
    call_command("budgetstand", jahr=JAHR, format="csv", alle_zahlen=True, stdout=out)
    assert "43.827,16" in out.getvalue()


def test_anreiztext_ohne_den_rest(anreiz):
    from budgets.models import Buchung, Buchungsart

    texte = Buchung.objects.filter(art=Buchungsart.UEBERTRAG_AUS).values_list(
        "text", flat=True
    )
    assert texte and all("87.654,33" not in t and "€" not in t for t in texte)


def test_kette_von_uebertraegen(welt):
    """A target Budgetart that carries over once hands the incentive on: the
    next year's budget is suppressed as well."""
    rb1 = Budgetart.objects.get(code="regional1")
    rb1.uebertrag = Budgetart.Uebertrag.EINMAL
    rb1.save()
    erstes, zweites = JAHR - 2, JAHR - 1
    rb2_zuweisen(jahr=erstes, gesamt="300000.00")
    r1 = Region.objects.get(nummer=1)
    hilfe(r1, kosten="12345.67", jahr=erstes)
    ledger.zuweisen(
        budgetart=rb1,
        haushaltsjahr=zweites,
        gesamtbetrag=D("30000.00"),
        schluessel_name="gleich",
    )
    ledger.jahresabschluss(jahr=erstes)
    ledger.jahresabschluss(jahr=zweites)
    assert rb1_budget(r1, zweites).pk in anreiz_sperre(zweites).budgets
    assert rb1_budget(r1, JAHR).pk in anreiz_sperre(JAHR).budgets
