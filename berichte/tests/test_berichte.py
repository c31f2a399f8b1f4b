"""The PDF reports, read back as text with poppler's pdftotext (a real PDF)."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from antraege.services import antrag_anlegen, antrag_uebergang
from antraege.tests.factories import JAHR, budgets_fuellen, sitzung_fuer
from antraege.tests.factories import inhalt as inhalt_fuer
from antraege.workflow import Aktion
from berichte.auftraege import auswahl_als_parameter
from berichte.diagramme import FAELLE, kennzahl_diagramm, ziel_diagramm
from berichte.dokumente import (
    antragsuebersicht_html,
    antragsuebersicht_pdf,
    budgetbericht_html,
    budgetbericht_pdf,
)
from berichte.pdf import StatischeDateien, html_zu_pdf
from berichte.selectors import Auswahl, antragsuebersicht
from betrieb import auftraege
from betrieb.models import Auftrag
from betrieb.tests.warteschlange import WARTESCHLANGE, abarbeiten
from budgets.models import Budgetart
from config.begriffe import begriffe
from kennzahlen.selectors import Zahl
from kennzahlen.tests.factories import gemeldet, vereinbart

pytestmark = pytest.mark.django_db
# poppler-utils (make systempakete) reads the PDFs back.
PDFTOTEXT, PDFINFO = shutil.which("pdftotext"), shutil.which("pdfinfo")

SITZUNG_1 = datetime.date(JAHR, 3, 10)
SITZUNG_2 = datetime.date(JAHR, 6, 10)
STAND = datetime.date(JAHR, 3, 31)  # between the two Sitzungen


def text(pdf):
    """The PDF's text (layout kept), with non-breaking spaces as spaces."""
    ergebnis = subprocess.run(  # noqa: S603 (poppler on our own PDF)
        [PDFTOTEXT, "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return ergebnis.stdout.decode("utf-8").replace("\u00a0", " ")


def metadaten(pdf, *optionen):
    ergebnis = subprocess.run(  # noqa: S603 (poppler on our own PDF)
        [PDFINFO, *optionen, "-"], input=pdf, capture_output=True, check=True
    )
    return ergebnis.stdout.decode("utf-8")


def zeile_mit(inhalt, suche):
    return next(z for z in inhalt.splitlines() if suche in z)


def schritt(antrag, aktion, durch, **kwargs):
    antrag_uebergang(antrag=antrag, aktion=aktion, durch=durch, **kwargs)


def beraten(welt, sitzung, **felder):
    """A's application, submitted and checked in February, on the Sitzung's agenda."""
    antrag = antrag_anlegen(
        budgetart=projektmittel(),
        haushaltsjahr=JAHR,
        inhaber=welt.a,
        inhalt=inhalt_fuer(welt.a, **felder),
        durch=welt.leitung_a,
        datum=datetime.date(JAHR, 1, 20),
    )
    schritt(antrag, Aktion.EINREICHEN, welt.leitung_a, datum=datetime.date(JAHR, 2, 1))
    schritt(antrag, Aktion.PRUEFEN, welt.fd51, datum=datetime.date(JAHR, 2, 5))
    schritt(
        antrag,
        Aktion.AUF_TAGESORDNUNG,
        welt.leitung_a,
        sitzung=sitzung,
        datum=datetime.date(JAHR, 2, 10),
    )
    return antrag


@pytest.fixture
def zwei_sitzungen(welt):
    """X approved at the first Sitzung (1.234,56 €); Y approved at the second,
    after the Stand. Both decisions are typed in today."""
    budgets_fuellen()
    erste = sitzung_fuer(welt, datum=SITZUNG_1)
    zweite = sitzung_fuer(welt, datum=SITZUNG_2)
    x = beraten(welt, erste, titel="Ferienprogramm X", antragsteller="Verein Iks")
    y = beraten(welt, zweite, titel="Elterncafé Y", antragsteller="Verein Ypsilon")
    schritt(
        x, Aktion.BEWILLIGEN, welt.leitung_a, sitzung=erste, betrag=Decimal("1234.56")
    )
    schritt(y, Aktion.BEWILLIGEN, welt.leitung_a, sitzung=zweite, betrag=Decimal("900"))
    x.refresh_from_db()
    y.refresh_from_db()
    return x, y


def projektmittel():
    return Budgetart.objects.get(code="projektmittel")


def auswahl(**kwargs):
    return Auswahl(jahre=(JAHR,), budgetarten=(projektmittel(),), **kwargs)


# --- Antragsübersicht -----------------------------------------------------------


def test_uebersicht_zeigt_den_stand_nicht_den_heutigen_zustand(zwei_sitzungen, welt):
    x, y = zwei_sitzungen
    inhalt = text(antragsuebersicht_pdf(auswahl(), STAND))

    assert f"Antragsübersicht Sozialraum-Projektmittel – Stand {STAND:%d.%m.%Y}" in (
        inhalt
    )
    zeile_x = zeile_mit(inhalt, x.nummer)
    assert "1.234,56 €" in zeile_x and "Bewilligt" in zeile_x
    assert f"{SITZUNG_1:%d.%m.%Y}" in zeile_x
    # Y was approved after the Stand: then it was still on the agenda.
    zeile_y = zeile_mit(inhalt, y.nummer)
    assert "Zur Beratung" in zeile_y and "900,00" not in zeile_y
    assert "2.000,00 €" in zeile_y  # beantragt
    summe = zeile_mit(inhalt, "Summe Landkreis")
    assert (
        "4.000,00 €" in summe and summe.count("1.234,56 €") == 2
    )  # bewilligt, gebunden
    assert "ein Volumen von 1.234,56 € gebunden" in inhalt
    assert "über 1 Antrag beraten" in inhalt
    ohne = inhalt[inhalt.index("Noch keine Mittel gebunden") :]
    assert "Gellersen" in ohne and "Adendorf" not in ohne.split(".")[0]
    assert "Seite 1 von" in inhalt


def test_uebersicht_heute_zeigt_beide_bewilligungen(zwei_sitzungen):
    x, y = zwei_sitzungen
    heute = datetime.date.today()
    uebersicht = antragsuebersicht(auswahl(), heute)
    assert uebersicht.bewilligt == Decimal("2134.56")
    assert uebersicht.gebunden == Decimal("2134.56")
    assert uebersicht.beraten == 2
    inhalt = text(antragsuebersicht_pdf(auswahl(), heute))
    assert "900,00 €" in zeile_mit(inhalt, y.nummer)
    assert "2.134,56 €" in zeile_mit(inhalt, "Summe Landkreis")


def test_vor_der_einreichung_fehlt_der_antrag(zwei_sitzungen):
    x, _ = zwei_sitzungen
    inhalt = text(antragsuebersicht_pdf(auswahl(), datetime.date(JAHR, 1, 15)))
    assert x.nummer not in inhalt
    assert "keine Anträge" in inhalt


def test_veto_nach_dem_stand_aendert_den_stand_nicht(zwei_sitzungen, welt):
    x, _ = zwei_sitzungen
    veto_am = datetime.date(JAHR, 4, 5)  # after the Stand, within the period
    schritt(x, Aktion.VETO, welt.fd51, kommentar="Reine Jugendpflege.", datum=veto_am)
    vorher = antragsuebersicht(auswahl(), STAND)
    assert vorher.bewilligt == Decimal("1234.56")
    heute = antragsuebersicht(auswahl(), datetime.date.today())
    zeile = next(z for b in heute.bloecke for z in b.zeilen if z.nummer == x.nummer)
    assert zeile.status == "Veto" and zeile.bewilligt is None
    assert heute.gebunden == Decimal("900.00")


def test_pdf_ist_pdf_a_mit_titel_und_autor(zwei_sitzungen, settings):
    pdf = antragsuebersicht_pdf(auswahl(), STAND)
    xmp = metadaten(pdf, "-meta")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    info = metadaten(pdf)
    titel = f"Antragsübersicht Sozialraum-Projektmittel – Stand {STAND:%d.%m.%Y}"
    assert f"Title:           {titel}" in info
    assert f"Author:          {begriffe().jugendamt}" in info
    assert "841.89 x 595.276 pts (A4)" in info  # landscape


def test_keine_kontaktdaten_in_der_uebersicht(zwei_sitzungen):
    html = antragsuebersicht_html(auswahl(), STAND)
    assert "Erika Muster" not in html and "erika@example.org" not in html


def test_auswahl_eines_sozialraums(zwei_sitzungen, welt):
    uebersicht = antragsuebersicht(auswahl(sozialraeume=(welt.b,)), STAND)
    assert [b.name for b in uebersicht.bloecke] == [welt.b.name]
    assert uebersicht.anzahl == 0 and uebersicht.ohne_bindung == [welt.b.name]


def test_abfragen_wachsen_nicht_mit_den_antraegen(zwei_sitzungen, welt):
    def zaehlen():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as abfragen:
            antragsuebersicht(auswahl(), datetime.date.today())
        return len(abfragen)

    vorher = zaehlen()
    for i in range(3):
        beraten(welt, sitzung_fuer(welt, datum=datetime.date(JAHR, 7, 1 + i)))
    assert zaehlen() == vorher


# --- Budgetbericht --------------------------------------------------------------


def test_budgetbericht_zahlen_und_diagramme(zwei_sitzungen):
    html = budgetbericht_html(JAHR)
    assert "<svg" in html and "<rect" in html
    assert 'width="100,' not in html  # SVG numbers are never localised
    inhalt = text(budgetbericht_pdf(JAHR))
    assert f"Budgetbericht Haushaltsjahr {JAHR}" in inhalt
    zeile = zeile_mit(inhalt, "Summe Landkreis")
    assert "100.000,00 €" in zeile and "2.134,56 €" in zeile and "97.865,44 €" in zeile


def test_budgetbericht_zum_stichtag(zwei_sitzungen):
    inhalt = text(budgetbericht_pdf(JAHR, STAND))
    assert f"Stand {STAND:%d.%m.%Y}" in inhalt
    assert "1.234,56 €" in zeile_mit(inhalt, "Summe Landkreis")


def test_budgetbericht_kennzahlen_kleine_zahlen_verborgen(welt):
    """The Jugendhilfeausschuss' report: Kennzahlen per Büro and Region with a
    chart, a count below the limit as "< 5", never the count itself."""
    gemeldet(welt, jahr=JAHR, quartal=1, neu=3, beratung=1234)
    gemeldet(welt, welt.b, jahr=JAHR, quartal=1, neu=40, beratung=250)
    html = budgetbericht_html(JAHR)
    assert f"Fälle neu {JAHR} je Sozialraumbüro" in html  # the charts
    # title and aria-label of one chart in A's Region and one in B's, none elsewhere
    assert html.count(f"Beratungstermine {JAHR} je Sozialraumbüro") == 4
    inhalt = text(budgetbericht_pdf(JAHR))
    teil = inhalt.split(f"Kennzahlen und Zielvereinbarungen {JAHR}")[1]
    zeile_a = zeile_mit(teil, welt.a.name)
    assert re.search(r"<\s?5", zeile_a) and "keine" in zeile_a
    assert not re.search(r"\b3\b", zeile_a)
    # the Landkreis sums: 1.234 + 250 Beratungen, 25 + 25 Fälle abgeschlossen;
    # the new cases (3 + 40) hidden, else A's 3 would follow from B's 40
    landkreis = zeile_mit(teil, "Summe Landkreis")
    assert "1.484" in landkreis and " 50 " in landkreis
    # 43 is not small: hidden for A's sake it shows as "•", not "< 5"
    assert "•" in landkreis and "43" not in landkreis


def test_budgetbericht_fortschritt_je_zielvorgabe(welt):
    """Each agreed target with its progress, as on the Büro's page: so far
    against the target during the year; a small figure's progress hidden."""
    from kennzahlen.selectors import FEST
    from kennzahlen.services import meldung_abgeben
    from kennzahlen.tests.factories import vereinbart

    gemeldet(welt, jahr=JAHR, quartal=1, neu=30)
    gemeldet(welt, jahr=JAHR, quartal=2, neu=18)
    b = gemeldet(welt, welt.b, jahr=JAHR, quartal=1, neu=40)
    vereinbart(welt, jahr=JAHR)
    vereinbart(welt, welt.b, jahr=JAHR)

    def zeilen():
        inhalt = text(budgetbericht_pdf(JAHR))
        teil = inhalt.split(f"Kennzahlen und Zielvereinbarungen {JAHR}")[1]
        zeilen = [z for z in teil.splitlines() if "Mehr Familien erreichen" in z]
        assert len(zeilen) == 2
        return (
            next(z for z in zeilen if welt.a.name in z),
            next(z for z in zeilen if welt.b.name in z),
        )

    zeile_a, zeile_b = zeilen()
    assert re.search(r"120\s+48\s+40 %", zeile_a) and "noch nicht bewertet" in zeile_a
    assert re.search(r"120\s+40\s+33 %", zeile_b)
    # B's report changed to 3 new cases: the figure and its share are hidden
    meldung_abgeben(
        sozialraum=welt.b,
        jahr=JAHR,
        quartal=1,
        zahlen={**{k: b.wert(k) for k in FEST}, "faelle_neu": 3},
        kategorien={},
        durch=welt.leitung_b,
    )
    _, zeile_b = zeilen()
    assert re.search(r"120\s+<\s?5\s+–", zeile_b) and "%" not in zeile_b


def _ziele_vereinbart(welt, sozialraum, vorgaben):
    """An agreed Zielvereinbarung of the running test year with `vorgaben`:
    [(titel, kennzahl, zielwert)], a qualitative goal where kennzahl is None."""
    from kennzahlen import services

    zv = services.zielvereinbarung_entwerfen(
        sozialraum=sozialraum, jahr=JAHR, durch=welt.fd51
    )
    for titel, kennzahl, zielwert in vorgaben:
        services.zielvorgabe_hinzufuegen(
            zielvereinbarung=zv,
            art="kennzahl" if kennzahl else "qualitativ",
            titel=titel,
            kennzahl=kennzahl or "",
            zielwert=zielwert,
            durch=welt.fd51,
        )
    return services.zielvereinbarung_vereinbaren(
        zielvereinbarung=zv, vereinbart_am=datetime.date(JAHR, 1, 1), durch=welt.fd51
    )


def _svgs(html, beschriftung):
    """The <svg> elements of the charts with that text alternative."""
    return [
        teil.split("</svg>")[0]
        for teil in html.split("<svg")[1:]
        if f'aria-label="{beschriftung}"' in teil.split(">")[0]
    ]


ZIELERREICHUNG = f"Zielerreichung {JAHR} je Sozialraumbüro"


def test_budgetbericht_zielerreichung_je_region(welt):
    """Per Region a bar per Kennzahl target of its share of the target value,
    with a mark at 100 %, the same shares as the table beside it; the
    qualitative goal stays in the table only."""
    gemeldet(welt, jahr=JAHR, quartal=1, neu=30, beratung=300)
    gemeldet(welt, jahr=JAHR, quartal=2, neu=18, beratung=200)
    gemeldet(welt, welt.b, jahr=JAHR, quartal=1, neu=40)
    _ziele_vereinbart(
        welt,
        welt.a,
        [
            ("Mehr Familien erreichen", "faelle_neu", 120),
            ("Netzwerk pflegen", None, None),
            ("Beratung ausbauen", "beratungstermine", 400),
        ],
    )
    _ziele_vereinbart(welt, welt.b, [("Mehr Familien erreichen", "faelle_neu", 120)])
    html = budgetbericht_html(JAHR)
    svg_a, svg_b = _svgs(html, ZIELERREICHUNG)  # A's Region and B's, no other
    # the text alternative: title, aria-label and a <desc> with each target
    assert html.count(ZIELERREICHUNG) == 4
    assert f"<title>{ZIELERREICHUNG}</title>" in svg_a
    assert (
        f"<desc>{welt.a.name}, 1. Mehr Familien erreichen (Fälle neu): 40 % "
        f"(Stand 48 von 120); {welt.a.name}, 3. Beratung ausbauen "
        "(Beratungstermine): 125 % (Stand 500 von 400).</desc>"
    ) in svg_a
    assert "Netzwerk pflegen" not in svg_a and "Ziel 2" not in svg_a
    assert svg_a.count("<rect") == 2 and svg_b.count("<rect") == 1
    assert "<line" in svg_a and "100 %" in svg_a  # the mark
    assert 'width="100,' not in html and ',5"' not in svg_a  # not localised

    inhalt = text(budgetbericht_pdf(JAHR))
    teil = inhalt.split(f"Kennzahlen und Zielvereinbarungen {JAHR}")[1]
    assert teil.count("Zielerreichung: Stand bisher im Verhältnis zum Zielwert") == 2

    def anteil(zeile):
        return re.search(r"(\d+) %", zeile).group(1)

    # each bar's share is the table's "erreicht" of the same target
    for sozialraum, nummer, titel, erwartet in [
        (welt.a, 1, "Mehr Familien erreichen", "40"),
        (welt.a, 3, "Beratung ausbauen", "125"),
        (welt.b, 1, "Mehr Familien erreichen", "33"),
    ]:
        tabelle = next(
            z
            for z in teil.splitlines()
            if f"{nummer}. {titel}" in z
            and (sozialraum.name in z or sozialraum == welt.a and nummer == 3)
        )
        balken = zeile_mit(teil, f"{sozialraum.name}, Ziel {nummer}")
        assert anteil(balken) == anteil(tabelle) == erwartet
    assert f"{welt.a.name}, Ziel 2" not in teil
    assert "Netzwerk pflegen" in teil  # in the table


def test_budgetbericht_zielerreichung_verraet_keine_kleine_zahl(welt):
    """A Stand hidden as "< 5" gets no bar and no share, in the PDF and in
    the SVG: the chart says that it is hidden, not how far it got."""
    gemeldet(welt, jahr=JAHR, quartal=1, neu=30)
    gemeldet(welt, welt.b, jahr=JAHR, quartal=1, neu=3)
    vereinbart(welt, jahr=JAHR)
    vereinbart(welt, welt.b, jahr=JAHR)
    html = budgetbericht_html(JAHR)
    svg_a, svg_b = _svgs(html, ZIELERREICHUNG)
    assert "<rect" in svg_a and "<rect" not in svg_b
    assert "Stand &lt; 5, nicht ausgewiesen, ohne Balken" in svg_b  # the <desc>
    assert "Stand &lt; 5: ohne Balken" in svg_b  # the text beside the bar
    # 3 of 120 is 2 %: neither the figure nor the share anywhere in the chart
    assert not re.search(r"\b[23]\b", svg_b.split("<desc>")[1].split("</desc>")[0])
    assert " 2 %" not in svg_b and ">3<" not in svg_b

    teil = text(budgetbericht_pdf(JAHR)).split(
        f"Kennzahlen und Zielvereinbarungen {JAHR}"
    )[1]
    balken = zeile_mit(teil, f"{welt.b.name}, Ziel 1")
    assert re.search(r"Stand <\s?5: ohne Balken", balken)
    assert "%" not in balken and not re.search(r"\b[23]\b", balken)
    assert "25 %" in zeile_mit(teil, f"{welt.a.name}, Ziel 1")  # 30 of 120


def test_budgetbericht_ohne_kennzahl_ziele_kein_zieldiagramm(welt):
    """No Kennzahl target in a Region, no chart: A has only a qualitative
    goal (it stays in the table), B no Zielvereinbarung."""
    gemeldet(welt, jahr=JAHR, quartal=1, neu=30)
    gemeldet(welt, welt.b, jahr=JAHR, quartal=1, neu=40)
    assert "Zielerreichung" not in budgetbericht_html(JAHR)
    _ziele_vereinbart(welt, welt.a, [("Netzwerk pflegen", None, None)])
    html = budgetbericht_html(JAHR)
    assert "Netzwerk pflegen" in html and "Zielerreichung" not in html
    inhalt = text(budgetbericht_pdf(JAHR))
    assert "Netzwerk pflegen" in inhalt and "Zielerreichung" not in inhalt


def test_budgetbericht_abfragen_konstant_mit_zielvorgaben(welt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kennzahlen.tests.factories import vereinbart

    def zaehlen():
        with CaptureQueriesContext(connection) as abfragen:
            budgetbericht_html(JAHR)
        return len(abfragen)

    gemeldet(welt, jahr=JAHR, quartal=1)
    vereinbart(welt, jahr=JAHR)
    vorher = zaehlen()
    gemeldet(welt, welt.b, jahr=JAHR, quartal=1)
    gemeldet(welt, jahr=JAHR, quartal=2)
    vereinbart(welt, welt.b, jahr=JAHR)
    assert zaehlen() == vorher


# --- Bewilligungsschreiben ------------------------------------------------------


def test_bewilligungsschreiben(client, zwei_sitzungen, welt):
    x, _ = zwei_sitzungen
    client.force_login(welt.leitung_a)
    antwort = client.get(reverse("berichte:bewilligungsschreiben", args=[x.nummer]))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert f"Bewilligung_{x.nummer}.pdf" in antwort["Content-Disposition"]
    inhalt = text(antwort.content)
    assert "Verein Iks" in inhalt and "z. Hd. Erika Muster" in inhalt
    assert "1.234,56 €" in inhalt and f"Sitzung am {SITZUNG_1:%d.%m.%Y}" in inhalt
    # Due three months after the project's end (31.10.).
    assert f"bis zum 31.01.{JAHR + 1}" in inhalt
    assert "Frist für ein Veto des Landkreises ist am" in inhalt


def test_bewilligungsschreiben_nur_bei_geltender_bewilligung(
    client, zwei_sitzungen, welt
):
    x, _ = zwei_sitzungen
    veto_am = datetime.date(JAHR, 4, 5)
    schritt(x, Aktion.VETO, welt.fd51, kommentar="Reine Jugendpflege.", datum=veto_am)
    client.force_login(welt.fd51)
    url = reverse("berichte:bewilligungsschreiben", args=[x.nummer])
    assert client.get(url).status_code == 404


# --- The page, the background order and the commands ---------------------------


def _formular(**abweichend):
    return {"jahr_von": JAHR, "budgetart": projektmittel().pk, **abweichend}


def test_bestellen_erstellen_herunterladen(
    client, zwei_sitzungen, welt, django_capture_on_commit_callbacks
):
    client.force_login(welt.jha)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("berichte:antragsuebersicht"),
            _formular(stand=f"{STAND:%d.%m.%Y}"),
        )
    auftrag = Auftrag.objects.get()
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("betrieb:auftrag", args=[auftrag.pk])
    seite = client.get(antwort["Location"]).content.decode()
    assert "Fertig" in seite and "herunterladen" in seite
    assert 'http-equiv="refresh"' not in seite
    pdf = client.get(reverse("betrieb:auftrag_datei", args=[auftrag.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert f"Stand {STAND:%d.%m.%Y}" in text(pdf.content)
    # Someone else's order is not found.
    client.force_login(welt.fd51)
    assert client.get(antwort["Location"]).status_code == 404


@pytest.mark.parametrize(
    ("daten", "meldung"),
    [
        ({"stand": "01.01.2999"}, "nicht in der Zukunft"),
        ({"stand": "31.02.2013"}, "Bitte ein Datum"),
        ({"jahr_von": "zwanzig"}, "Bitte ein Jahr als Zahl"),
        ({"jahr_bis": JAHR - 1}, "nicht vor „von“"),
        ({"budgetart": "999"}, "Bitte eine gültige Auswahl treffen"),
    ],
)
def test_falsche_eingaben(client, welt, daten, meldung):
    client.force_login(welt.fd51)
    antwort = client.post(reverse("berichte:antragsuebersicht"), _formular(**daten))
    assert antwort.status_code == 400
    assert meldung in antwort.content.decode()
    assert not Auftrag.objects.exists()


def test_buero_sieht_nur_den_eigenen_sozialraum(client, welt):
    client.force_login(welt.leitung_a)
    url = reverse("berichte:antragsuebersicht")
    ohne = client.post(url, _formular())
    assert "Bitte wählen Sie Ihren Sozialraum" in ohne.content.decode()
    fremd = client.post(url, _formular(sozialraum=welt.b.pk))
    assert fremd.status_code == 400
    assert client.post(url, _formular(sozialraum=welt.a.pk)).status_code == 302
    assert Auftrag.objects.get().parameter["sozialraeume"] == [welt.a.pk]


@override_settings(TASKS=WARTESCHLANGE)
def test_auftrag_im_worker_und_doppelt_abgeschickt(
    client, zwei_sitzungen, welt, nach_commit
):
    client.force_login(welt.fd51)
    url = reverse("berichte:antragsuebersicht")
    nach_commit(client.post, url, _formular())
    nach_commit(client.post, url, _formular())  # double submit: the same order
    auftrag = Auftrag.objects.get()
    assert auftrag.stand == Auftrag.Stand.WARTET
    seite = client.get(reverse("betrieb:auftrag", args=[auftrag.pk])).content.decode()
    assert "wartet auf seine Bearbeitung" in seite
    assert 'http-equiv="refresh" content="3"' in seite and 'aria-live="polite"' in seite
    # no file before it is done
    datei = reverse("betrieb:auftrag_datei", args=[auftrag.pk])
    assert client.get(datei).status_code == 404
    assert abarbeiten() == 1
    assert abarbeiten() == 0
    auftrag.refresh_from_db()
    assert auftrag.stand == Auftrag.Stand.FERTIG
    assert bytes(auftrag.datei).startswith(b"%PDF")


def test_fehler_beim_erzeugen_wird_gemeldet(
    welt, monkeypatch, django_capture_on_commit_callbacks
):
    def kaputt(auftrag):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("berichte.auftraege.antragsuebersicht_erstellen", kaputt)
    with django_capture_on_commit_callbacks(execute=True):
        auftrag = auftraege.auftrag_anlegen(
            art="antragsuebersicht",
            parameter=auswahl_als_parameter(auswahl(), STAND),
            durch=welt.fd51,
        )
    auftrag.refresh_from_db()
    assert auftrag.stand == Auftrag.Stand.FEHLER
    assert "konnte nicht ausgeführt werden" in auftrag.fehler


def test_budgetbericht_herunterladen_und_falsches_jahr(client, zwei_sitzungen, welt):
    client.force_login(welt.jha)
    url = reverse("berichte:budgetbericht")
    antwort = client.get(url, {"jahr": JAHR})
    assert antwort.status_code == 200 and antwort.content.startswith(b"%PDF")
    falsch = client.get(url, {"jahr": "1800"})
    assert falsch.status_code == 400
    assert "zwischen 1990 und 2200" in falsch.content.decode()


def test_befehle(tmp_path, zwei_sitzungen):
    ziel = tmp_path / "uebersicht.pdf"
    call_command(
        "antragsuebersicht",
        "--jahr",
        str(JAHR),
        "--budgetart",
        "projektmittel",
        "--stand",
        STAND.isoformat(),
        "--out",
        str(ziel),
    )
    assert f"Stand {STAND:%d.%m.%Y}" in text(ziel.read_bytes())
    call_command("budgetbericht", "--jahr", str(JAHR), "--out", str(tmp_path / "b.pdf"))
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argumente", "meldung"),
    [
        (["--budgetart", "gibtsnicht"], "Unbekannte Budgetart"),
        (["--sozialraum", "XYZ"], "Unbekannter Sozialraum"),
        (["--stand", "2999-01-01"], "nicht in der Zukunft"),
        (["--stand", "gestern"], "kein Datum"),
        (["--jahr", "1800"], "nicht plausibel"),
    ],
)
def test_befehl_meldet_falsche_eingaben(tmp_path, welt, argumente, meldung):
    ziel = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=meldung):
        call_command(
            "antragsuebersicht", "--jahr", str(JAHR), *argumente, "--out", str(ziel)
        )
    assert not ziel.exists()


# --- Nothing is fetched over the network ---------------------------------------


def test_fetcher_liefert_nur_eigene_statische_dateien():
    fetcher = StatischeDateien()
    antwort = fetcher.fetch("https://sozialraum-budget.invalid/static/css/druck.css")
    assert b"@font-face" in antwort.read()
    for url in (
        "https://example.org/static/css/druck.css",
        "https://sozialraum-budget.invalid/admin/",
        "https://sozialraum-budget.invalid/static/../config/settings/base.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_fremde_adresse_bricht_das_erzeugen_ab():
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        html_zu_pdf('<img src="http://127.0.0.1:8000/antraege/">')


def test_liegengebliebener_auftrag_zaehlt_nach_30_minuten_einmal_als_fehlgeschlagen(
    zwei_sitzungen, welt
):
    """An order "in Arbeit" whose worker died fails after HAENGT_NACH, once,
    and is never started again; one that may still be running is left alone."""
    from django.utils import timezone

    parameter = auswahl_als_parameter(auswahl(), STAND)
    tot, lebt = (
        Auftrag.objects.create(
            art=Auftrag.Art.ANTRAGSUEBERSICHT,
            parameter=parameter,
            erstellt_von=welt.fd51,
            stand=Auftrag.Stand.LAEUFT,
            begonnen_am=timezone.now() - vor,
        )
        for vor in (
            auftraege.HAENGT_NACH + datetime.timedelta(minutes=1),
            datetime.timedelta(minutes=5),
        )
    )
    auftraege.aufraeumen()
    auftraege.aufraeumen()
    tot.refresh_from_db()
    lebt.refresh_from_db()
    assert tot.stand == Auftrag.Stand.FEHLER and "abgebrochen" in tot.fehler
    fertig_am = tot.fertig_am
    assert lebt.stand == Auftrag.Stand.LAEUFT
    # the dead run is not taken up again, by a worker or a second clean-up
    auftraege.auftrag_abarbeiten(tot.pk)
    tot.refresh_from_db()
    assert tot.stand == Auftrag.Stand.FEHLER and tot.fertig_am == fertig_am
    assert tot.datei is None


@override_settings(TASKS=WARTESCHLANGE)
def test_ein_im_lauf_beendeter_worker_zaehlt_einmal(
    client, welt, monkeypatch, nach_commit
):
    """A worker stopped during a run (its second SIGTERM is a SystemExit in the
    task): the order fails once, the engine records the failure and does not
    start the task again."""
    from django_tasks_db.models import DBTaskResult

    def beendet(auftrag):
        raise SystemExit(1)

    monkeypatch.setattr("berichte.auftraege.antragsuebersicht_erstellen", beendet)
    client.force_login(welt.fd51)
    nach_commit(client.post, reverse("berichte:antragsuebersicht"), _formular())
    assert abarbeiten() == 1
    assert abarbeiten() == 0
    auftrag = Auftrag.objects.get()
    assert auftrag.stand == Auftrag.Stand.FEHLER
    assert "konnte nicht ausgeführt werden" in auftrag.fehler
    assert DBTaskResult.objects.get().status == "FAILED"


def test_kennzahl_diagramm_ohne_balken_fuer_verborgene_zahlen():
    d = kennzahl_diagramm(
        [
            ("A", Zahl(40)),
            ("B", Zahl(None, verborgen=True, klein=True)),
            ("C", Zahl(None)),
        ],
        80,
        FAELLE,
    )
    a, b, c = d.balken
    assert [s.breite for s in a.segmente] == [50.0] and a.text == "40"
    assert (b.segmente, b.text) == ([], "< 5")
    assert (c.segmente, c.text) == ([], "–")


def test_ziel_diagramm_skala_marke_und_verborgene_staende():
    """The scale reaches the largest share (at least 100, at most 200 %, a
    longer bar ends at the edge), the mark stands at 100 %; a hidden Stand
    and a Büro without reports get no bar."""
    from types import SimpleNamespace

    def fortschritt(stand, prozent, nummer=1):
        vorgabe = SimpleNamespace(
            nummer=nummer, titel="Ziel", kennzahl_name="Fälle neu", zielwert=120
        )
        return SimpleNamespace(vorgabe=vorgabe, stand=stand, prozent=prozent)

    d = ziel_diagramm(
        [
            ("A", fortschritt(Zahl(60), 50)),
            ("A", fortschritt(Zahl(1200), 1000, nummer=2)),
            ("B", fortschritt(Zahl(None, verborgen=True, klein=True), None)),
            ("C", fortschritt(Zahl(None), None)),
        ],
        1000,
    )
    halb, voll, verborgen, fehlt = d.balken
    assert [s.breite for s in halb.segmente] == [25.0] and halb.text == "50 %"
    assert [s.breite for s in voll.segmente] == [100.0] and voll.text == "1.000 %"
    assert voll.name == "A, Ziel 2" and d.marke.x == 105.0
    assert "Balken über 200 % enden am Rand" in d.hinweis
    assert (verborgen.segmente, verborgen.text) == ([], "Stand < 5: ohne Balken")
    assert (fehlt.segmente, fehlt.text) == ([], "noch nicht gemeldet")
    assert "B, 1. Ziel (Fälle neu): Stand < 5, nicht ausgewiesen" in d.beschreibung
    # below 100 % the scale ends at 100 %, the mark at the bars' end
    d = ziel_diagramm([("A", fortschritt(Zahl(60), 50))], 50)
    assert d.marke.x == 155.0 and d.balken[0].segmente[0].breite == 50.0
    assert "am Rand" not in d.hinweis
