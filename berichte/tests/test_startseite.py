"""The start page of each role (berichte.startseite): its figures are
`manage.py budgetstand`'s, it shows no names to the Jugendhilfeausschuss, and
its query count does not grow with the data."""

import datetime
import re
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from antraege.models import Antrag, Status
from antraege.tests.factories import JAHR, antrag_im_status, sitzung_fuer
from berichte.forms import BudgetberichtForm, UebersichtForm
from budgets import services as ledger
from budgets.hilfen.tests.factories import hilfe, rb2_zuweisen
from budgets.models import Budgetart
from regionen.models import Region
from sozialraum.templatetags.kern import euro

pytestmark = pytest.mark.django_db

SPALTEN = ["ansatz", "uebertrag", "gebunden", "ausgezahlt", "verfuegbar"]


@pytest.fixture
def welt_mit_geld(welt):
    """Projektmittel (10.000,00 € per Sozialraum) with an approved and an
    overdue application of A; Regionalbudget 2 with one Hilfe in Region 1
    (suppressed outside FD 51) and five in A's Region; a Sitzung ahead."""
    _, welt.sitzung = antrag_im_status(welt, Status.BEWILLIGT)
    ueberfaellig, _ = antrag_im_status(welt, Status.IN_AUSZAHLUNG, sitzung=welt.sitzung)
    ende = timezone.localdate() - datetime.timedelta(days=400)
    Antrag.objects.filter(pk=ueberfaellig.pk).update(beginn=ende, ende=ende)
    welt.ueberfaellig = ueberfaellig
    antrag_im_status(welt, Status.EINGEREICHT)
    rb2_zuweisen(gesamt="90000.00")
    hilfe(Region.objects.get(nummer=1), kosten="1234.56")
    for _ in range(5):
        hilfe(welt.a.region, kosten="1000.00")
    welt.naechste = sitzung_fuer(
        welt,
        datum=timezone.localdate() + datetime.timedelta(days=20),
        ist_budgetsitzung=False,
    )
    return welt


def seite(client, user, **query):
    client.force_login(user)
    antwort = client.get(reverse("start"), query)
    assert antwort.status_code == 200
    return antwort, antwort.content.decode()


def zahl(text):
    return Decimal(text.replace(".", "").replace(",", "."))


def budgetstand(*argumente):
    """budgetstand's CSV rows as dicts (suppressed figures stay text)."""
    out = StringIO()
    call_command(
        "budgetstand", f"--jahr={JAHR}", "--format=csv", *argumente, stdout=out
    )
    kopf, *zeilen = [z.split(";") for z in out.getvalue().strip().splitlines()]
    return [dict(zip(kopf, z, strict=True)) for z in zeilen]


KOPF = {
    "ansatz": "Ansatz",
    "uebertrag": "Übertrag",
    "gebunden": "gebunden",
    "ausgezahlt": "ausgezahlt",
    "verfuegbar": "verfügbar",
}


def summen(zeilen, schluessel):
    ergebnis = defaultdict(lambda: defaultdict(Decimal))
    for z in zeilen:
        for spalte, text in KOPF.items():
            ergebnis[z[schluessel]][spalte] += zahl(z[text])
    return ergebnis


def zeile_der_tabelle(html, tabelle_id, name):
    """The cells of the row `name` in the table captioned `tabelle_id`."""
    tabelle = html[html.index(f'id="{tabelle_id}"') :]
    tabelle = tabelle[: tabelle.index("</table>")]
    zeile = re.search(
        rf"<th scope=\"row\"[^>]*>{re.escape(name)}</th>(.*?)</tr>", tabelle, re.S
    )
    assert zeile, (tabelle_id, name)
    return [
        re.sub(r"<[^>]+>", "", z).strip()
        for z in re.findall(r"<td[^>]*>(.*?)</td>", zeile.group(1), re.S)
    ]


def test_fd51_zahlen_gleich_budgetstand(client, welt_mit_geld):
    """Every figure per Budgetart, per Region and for the Landkreis is the sum
    of budgetstand --alle-zahlen's rows (FD 51 sees all figures)."""
    w = welt_mit_geld
    zeilen = budgetstand("--alle-zahlen")
    antwort, html = seite(client, w.fd51, jahr=JAHR)
    geld = antwort.context["geld"]
    je_region = summen(zeilen, "Region")
    je_art = summen(zeilen, "Budgetart")
    assert {b.region.name for b in geld.regionen} == set(je_region)
    for block in geld.regionen:
        erwartet = je_region[block.region.name]
        assert {s: getattr(block.summe, s) for s in SPALTEN} == erwartet
        assert zeile_der_tabelle(html, "t-geld-regionen", block.region.name) == [
            euro(erwartet[s]) for s in SPALTEN
        ]
    for art, z in geld.arten:
        erwartet = je_art[art.name]
        assert {s: getattr(z, s) for s in SPALTEN} == erwartet
        assert zeile_der_tabelle(html, "t-geld-arten", art.name) == [
            euro(erwartet[s]) for s in SPALTEN
        ]
    gesamt = summen(zeilen, "Sozialraum")  # one key per holder; add them up
    landkreis = {s: sum(g[s] for g in gesamt.values()) for s in SPALTEN}
    assert {s: getattr(geld.gesamt, s) for s in SPALTEN} == landkreis
    assert landkreis["gebunden"] > 0 and landkreis["ausgezahlt"] >= 0


def test_jha_zahlen_gleich_budgetstand_mit_sperre(client, welt_mit_geld):
    """The JHA gets budgetstand's default figures: Region 1's case-bound sum
    is suppressed, the others and the Landkreis total are the rows' sums."""
    w = welt_mit_geld
    zeilen = budgetstand()
    gesperrt = {z["Region"] for z in zeilen if "Fälle" in z["gebunden"]}
    # Region 1's single case, and a second Region so that the Landkreis
    # total does not give it away
    assert Region.objects.get(nummer=1).name in gesperrt and len(gesperrt) == 2
    antwort, html = seite(client, w.jha, jahr=JAHR)
    geld = antwort.context["geld"]
    je_region = summen([z for z in zeilen if z["Region"] not in gesperrt], "Region")
    for block in geld.regionen:
        zellen = zeile_der_tabelle(html, "t-geld-regionen", block.region.name)
        if block.region.name in gesperrt:
            assert block.summe.gebunden is None
            assert zellen[2].startswith("weniger als")
        else:
            erwartet = je_region[block.region.name]
            assert zellen == [euro(erwartet[s]) for s in SPALTEN]
    # the suppressed region gets no bar either (its length would tell)
    assert len(geld.regionen_diagramm.balken) == len(geld.regionen) - len(gesperrt)


def test_fd51_sieht_arbeitsliste_und_ueberfaellige_nachweise(client, welt_mit_geld):
    w = welt_mit_geld
    _, html = seite(client, w.fd51)
    assert "Zu prüfen: <strong>1</strong>" in html
    assert f'href="{reverse("antraege:arbeitsliste")}#nachweise-faellig"' in html
    assert "Überfällige Verwendungsnachweise (1)" in html
    assert w.ueberfaellig.nummer in html
    # the plan: the base year before the first Planrate, +20 % in 2027
    assert "Wachstumsplan" in html and "20 % ab 2027" in html


def test_jha_ohne_namen_und_kontakte(client, welt_mit_geld):
    w = welt_mit_geld
    antwort, html = seite(client, w.jha)
    assert antwort.context["art"] == "landkreis"
    inhalt = html[html.index('id="inhalt"') :]
    for verraeterisch in (
        "kontakt-a@example.org",
        "Erika Kontakt",
        w.leitung_a.get_full_name(),
        w.fd51.get_full_name(),
        w.ueberfaellig.nummer,
        w.ueberfaellig.antragsteller,
        "Arbeitsliste",
    ):
        assert verraeterisch not in inhalt, verraeterisch
    assert "Summe Landkreis" in inhalt and "<svg" in inhalt


def test_leitung_sieht_ihr_budget_sitzung_und_offene_antraege(client, welt_mit_geld):
    w = welt_mit_geld
    antwort, html = seite(client, w.leitung_a)
    buero = antwort.context["buero"]
    assert [sr.sozialraum for sr in buero.sozialraeume] == [w.a]
    assert w.b.voller_name not in html
    # 10.000,00 € Projektmittel, 2 × 1.000,00 € bound by the fixture's approvals
    zeile = zeile_der_tabelle(html, f"t-sr-{w.a.kuerzel}", "Sozialraum-Projektmittel")
    assert zeile[0] == euro(Decimal("10000.00"))
    assert zahl(zeile[4].removesuffix("\xa0€")) < Decimal("10000.00")
    # today's Sitzung (the fixture's decisions) is the next one; one per committee
    assert buero.sitzungen == [w.sitzung]
    assert f"{w.sitzung.datum:%d.%m.%Y}" in html
    w.sitzung.datum -= datetime.timedelta(days=1)
    w.sitzung.save()
    assert seite(client, w.leitung_a)[0].context["buero"].sitzungen == [w.naechste]
    assert buero.offene_anzahl == 3  # approved, in payment, submitted
    assert "Eingereicht: <strong>1</strong>" in html
    # B's Leitung sees none of it
    _, html_b = seite(client, w.leitung_b)
    assert w.ueberfaellig.nummer not in html_b


def test_leitung_zahlen_gleich_budgetstand(client, welt_mit_geld):
    """Each figure of her Sozialraum's budgets is budgetstand's row of that
    budget; her Sozialraum's sum is the sum of those rows."""
    w = welt_mit_geld
    ledger.zuweisen(
        budgetart=Budgetart.objects.get(code="gebunden"),
        haushaltsjahr=JAHR,
        gesamtbetrag="500000.00",
    )
    zeilen = [z for z in budgetstand() if z["Sozialraum"] == w.a.voller_name]
    assert len(zeilen) >= 2  # Projektmittel and gebundenes Budget at least
    _, html = seite(client, w.leitung_a, jahr=JAHR)
    for z in zeilen:
        assert zeile_der_tabelle(html, f"t-sr-{w.a.kuerzel}", z["Budgetart"]) == [
            euro(zahl(z[text])) for text in KOPF.values()
        ]
    summe = summen(zeilen, "Sozialraum")[w.a.voller_name]
    assert zeile_der_tabelle(html, f"t-sr-{w.a.kuerzel}", "Summe") == [
        euro(summe[s]) for s in SPALTEN
    ]


def _kennzahlen_2013(welt):
    """A's Büro: Q1 locked (30 new cases), Q2 reported (3 new: small), Q3 and Q4
    not reported; a Zielvereinbarung with a target of 120 new cases. B's Büro:
    a quarter of small figures (below 5)."""
    from kennzahlen.tests.factories import gemeldet, gesperrt, vereinbart

    gesperrt(welt, quartal=1, neu=30)
    gemeldet(welt, quartal=2, neu=3, abgeschlossen=2, laufend=61, beratung=100)
    gemeldet(welt, welt.b, quartal=1, neu=3, abgeschlossen=1, laufend=2, beratung=4)
    vereinbart(welt, jahr=2013, vereinbart_am=datetime.date(2013, 2, 1))


def test_kennzahlen_wie_auf_der_kennzahlenseite(client, welt):
    """FD 51 and the Jugendhilfeausschuss see the Kennzahlen page's year table:
    the same figures, and for the Ausschuss the small ones as "< 5"."""
    _kennzahlen_2013(welt)
    for user in (welt.fd51, welt.jha):
        _, html = seite(client, user, jahr=2013)
        client.force_login(user)
        liste = client.get(reverse("kennzahlen:liste", args=[2013])).content.decode()
        tabelle = liste[liste.index('<div class="app-table-wrap"') :]
        tabelle = tabelle[: tabelle.index("</table>")]
        assert tabelle in html, user
    assert "&lt;&nbsp;5" not in seite(client, welt.fd51, jahr=2013)[1]
    assert "&lt;&nbsp;5" in seite(client, welt.jha, jahr=2013)[1]


def test_leitung_sieht_was_zu_melden_ist_und_ihre_ziele(client, welt):
    _kennzahlen_2013(welt)
    antwort, html = seite(client, welt.leitung_a, jahr=2013)
    (stand,) = antwort.context["meldestand"]
    assert stand.zu_melden == [3, 4]
    assert "Noch zu melden: 3. Quartal, 4. Quartal." in html
    zeile = zeile_der_tabelle(
        html, f"t-ziele-{welt.a.kuerzel}", "1. Mehr Familien erreichen"
    )
    # 30 + 3 new cases, 28 % of the target; hidden from others (Q2 is small)
    assert zeile[0] == "120"
    assert zeile[1].startswith("33") and zeile[1].endswith("(28 %)")
    # B's Leitung: her own Büro, nothing reported, no agreement
    _, html_b = seite(client, welt.leitung_b, jahr=2013)
    assert "Mehr Familien erreichen" not in html_b
    assert "Noch zu melden: 2. Quartal, 3. Quartal, 4. Quartal." in html_b


def test_geschaeftsstelle_landet_auf_ihrer_region(client, welt):
    client.force_login(welt.geschaeftsstelle)
    antwort = client.get(reverse("start"))
    assert antwort.status_code == 302
    assert antwort["Location"] == welt.a.region.get_absolute_url()


def test_falsches_jahr_zeigt_meldung_und_das_laufende_jahr(client, welt_mit_geld):
    antwort, html = seite(client, welt_mit_geld.fd51, jahr="zwanzig")
    assert antwort.context["jahr"] == timezone.localdate().year
    assert "Bitte ein Jahr als Zahl angeben" in html
    antwort, html = seite(client, welt_mit_geld.fd51, jahr="1700")
    assert "zwischen 1990 und 2200" in html


def test_diagramme_ohne_inline_style_mit_textalternative(client, welt_mit_geld):
    """The strict CSP refuses style attributes: the charts need none. Each
    chart has a text alternative and the figures stand in a table."""
    for user in (welt_mit_geld.fd51, welt_mit_geld.jha, welt_mit_geld.leitung_a):
        _, html = seite(client, user)
        assert "style=" not in html and "<style" not in html and "<script" not in html
        assert html.count('<svg class="diagramm" role="img" aria-label="') >= 1
        assert html.count('<svg class="diagramm"') == html.count(
            "<title>Balkendiagramm"
        )


def test_formulare_mit_dem_laufenden_haushaltsjahr(welt):
    jahr = timezone.localdate().year
    assert f'value="{jahr}"' in str(UebersichtForm(user=welt.fd51)["jahr_von"])
    assert f'value="{jahr}"' in str(BudgetberichtForm()["jahr"])


def _mehr_daten(w):
    """More of everything the pages list or sum: applications in every open
    state, Sitzungen, Hilfen, budgets of another Budgetart."""
    from antraege.tests.factories import budgets_fuellen

    for status in (Status.EINGEREICHT, Status.BEWILLIGT, Status.IN_AUSZAHLUNG):
        for _ in range(2):
            antrag_im_status(w, status, sitzung=w.sitzung)
    for tage in (30, 60):
        sitzung_fuer(
            w,
            datum=timezone.localdate() + datetime.timedelta(days=tage),
            ist_budgetsitzung=False,
        )
    for _ in range(3):
        hilfe(w.b.region, kosten="500.00")
    budgets_fuellen(code="projektmittel", gesamt="50000.00")
    # three more budgets (Regionalbudget 1 of each Region)
    ledger.zuweisen(
        budgetart=Budgetart.objects.get(code="regional1"),
        haushaltsjahr=JAHR,
        gesamtbetrag=Decimal("30000.00"),
        schluessel_name="gleich",
    )


def _kennzahlen_in_diesem_jahr(w, *, quartale, vereinbaren=True):
    """Reports of both Büros and an agreed target for A, this year (the
    fixture's year has had three quarters end by any day of December)."""
    from kennzahlen.models import ist_meldbar
    from kennzahlen.tests.factories import gemeldet, vereinbart

    for sozialraum in (w.a, w.b):
        for q in quartale:
            if ist_meldbar(JAHR, q):
                gemeldet(w, sozialraum, jahr=JAHR, quartal=q)
    if vereinbaren:
        vereinbart(w, jahr=JAHR)


@pytest.mark.parametrize("rolle", ["fd51", "jha", "leitung_a", "admin"])
def test_abfragen_konstant_in_der_datenmenge(client, welt_mit_geld, rolle):
    user = welt_mit_geld.rolle(rolle)
    client.force_login(user)

    def zaehlen():
        with CaptureQueriesContext(connection) as abfragen:
            assert client.get(reverse("start")).status_code == 200
        return len(abfragen)

    _kennzahlen_in_diesem_jahr(welt_mit_geld, quartale=[1])
    zaehlen()  # warm: session, content types
    vorher = zaehlen()
    _mehr_daten(welt_mit_geld)
    _kennzahlen_in_diesem_jahr(welt_mit_geld, quartale=[2, 3], vereinbaren=False)
    assert zaehlen() == vorher
