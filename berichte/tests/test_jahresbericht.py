"""The Jahresbericht Sozialraum (PDF per Büro and year), read back as text:
its money is budgetstand's, its Kennzahlen and targets are the Kennzahlen
page's, small numbers hidden as there, and its query count does not grow with
the data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from antraege.models import Status
from antraege.tests.factories import JAHR, antrag_im_status
from berichte.dokumente import jahresbericht_html, jahresbericht_pdf
from kennzahlen import services
from kennzahlen.selectors import buerojahr
from kennzahlen.tests.factories import gemeldet, vereinbart
from sozialraum.templatetags import kern

from .test_berichte import text, zeile_mit
from .test_startseite import KOPF, budgetstand, welt_mit_geld, zahl  # noqa: F401

pytestmark = pytest.mark.django_db


def euro(betrag):
    return kern.euro(betrag).replace("\u00a0", " ")


def _herunterladen(client, user, sozialraum, jahr=JAHR):
    client.force_login(user)
    return client.get(
        reverse(
            "berichte:jahresbericht",
            kwargs={"jahr": jahr, "kuerzel": sozialraum.kuerzel},
        )
    )


def _pdf_text(client, user, sozialraum):
    antwort = _herunterladen(client, user, sozialraum)
    assert antwort.status_code == 200, antwort.status_code
    assert antwort["Content-Type"] == "application/pdf"
    assert (
        f"Jahresbericht_Sozialraum_{sozialraum.kuerzel}_{JAHR}.pdf"
        in (antwort["Content-Disposition"])
    )
    return text(antwort.content)


def test_geld_wie_budgetstand(client, welt_mit_geld):  # noqa: F811 (the fixture)
    """Every figure of the Sozialraum's budgets, and their sum, is
    budgetstand's row for the Sozialraum."""
    w = welt_mit_geld
    zeilen = [z for z in budgetstand("--alle-zahlen") if z["Sozialraum"] == str(w.a)]
    assert zeilen
    inhalt = _pdf_text(client, w.fd51, w.a)
    assert f"Jahresbericht Sozialraum {w.a.name} {JAHR}" in inhalt
    teil = inhalt.split(f"Mittel {JAHR}")[1].split(f"Projekte {JAHR}")[0]
    for z in zeilen:
        zeile = zeile_mit(teil, z["Budgetart"])
        for spalte in KOPF.values():
            assert euro(zahl(z[spalte])) in zeile, (z["Budgetart"], spalte)
    summe = zeile_mit(teil, f"Summe {w.a.name}")
    for spalte in KOPF.values():
        assert euro(sum(zahl(z[spalte]) for z in zeilen)) in summe, spalte
    # the projects: A's three applications, the approved one with its amount
    projekte = inhalt.split(f"Projekte {JAHR}")[1].split(f"Kennzahlen {JAHR}")[0]
    assert "3 Anträge" in projekte
    assert str(Status.BEWILLIGT.label) in projekte


def test_kennzahlen_und_fortschritt_wie_auf_der_bueroseite(client, welt):
    gemeldet(welt, jahr=JAHR, quartal=1, neu=30, beratung=250)
    gemeldet(welt, jahr=JAHR, quartal=2, neu=18, beratung=1234)
    vereinbart(welt, jahr=JAHR)
    seite = buerojahr(welt.a, JAHR, genau=True)
    inhalt = _pdf_text(client, welt.fd51, welt.a)
    kennzahlen = inhalt.split(f"Kennzahlen {JAHR}")[1].split("Zielvereinbarung")[0]
    for z in seite.zeilen:
        zeile = zeile_mit(kennzahlen, str(z.name))
        werte = [str(q) for q in z.quartale] + [str(z.jahr)]
        assert re.findall(r"\S+", zeile)[-5:] == werte, z.name
    # progress: so far 48 of 120 new cases, 40 %; not assessed yet
    ziele = inhalt.split(f"Zielvereinbarung {JAHR}")[1]
    zeile = zeile_mit(ziele, "Mehr Familien erreichen")
    assert re.search(r"120\s+48\s+40 %", zeile)
    assert "noch nicht bewertet" in zeile
    assert seite.fortschritt[0].prozent == 40


def test_am_jahresende_die_bewertung(client, welt):
    gemeldet(welt, jahr=JAHR, quartal=1, neu=130)
    zv = vereinbart(welt, jahr=JAHR)
    vorgabe = zv.vorgaben.get()
    services.zielvereinbarung_bewerten(
        zielvereinbarung=zv,
        bewertungen={vorgabe.pk: ("ja", "mehr als vereinbart")},
        kommentar="Gutes Jahr.",
        durch=welt.fd51,
    )
    inhalt = _pdf_text(client, welt.fd51, welt.a)
    zeile = zeile_mit(inhalt, "Mehr Familien erreichen")
    assert "erreicht: mehr als vereinbart" in zeile and "108 %" in zeile
    assert "Jahresbewertung vom" in inhalt and "Gutes Jahr." in inhalt


def test_kleine_zahlen_wie_auf_der_seite(client, welt):
    """The JHA's and the Geschäftsstelle's report hides what their page
    hides; the Büro's Leitung and FD 51 get the exact figure."""
    gemeldet(welt, jahr=JAHR, quartal=1, neu=3, beratung=250)
    vereinbart(welt, jahr=JAHR)
    for user in (welt.jha, welt.geschaeftsstelle):
        inhalt = _pdf_text(client, user, welt.a)
        kennzahlen = inhalt.split(f"Kennzahlen {JAHR}")[1]
        zeile = zeile_mit(kennzahlen, "Fälle neu")
        assert re.search(r"<\s?5", zeile) and not re.search(r"\b3\b", zeile)
        # the target's progress neither (3 of 120 would be 2 %)
        ziel = zeile_mit(kennzahlen, "Mehr Familien erreichen")
        assert re.search(r"<\s?5", ziel) and "%" not in ziel
        assert "weniger als 5 Fälle" in inhalt
    for user in (welt.leitung_a, welt.fd51):
        zeile = zeile_mit(_pdf_text(client, user, welt.a), "Fälle neu")
        assert re.findall(r"\S+", zeile)[-5:] == ["3", "–", "–", "–", "3"]


def test_leitung_nur_den_eigenen_buero(client, welt):
    assert _herunterladen(client, welt.leitung_b, welt.a).status_code == 404
    assert _herunterladen(client, welt.leitung_a, welt.a).status_code == 200
    assert _herunterladen(client, welt.leitung_a, welt.a, jahr=1800).status_code == (
        404
    )


def test_verlinkt_von_bueroseite_und_startseiten(client, welt):
    url = reverse(
        "berichte:jahresbericht", kwargs={"jahr": JAHR, "kuerzel": welt.a.kuerzel}
    )
    client.force_login(welt.fd51)
    buero = client.get(
        reverse("kennzahlen:buero", kwargs={"jahr": JAHR, "kuerzel": welt.a.kuerzel})
    )
    assert url in buero.content.decode()
    assert url in client.get(reverse("start")).content.decode()
    client.force_login(welt.leitung_a)
    assert url in client.get(reverse("start")).content.decode()


def test_abfragen_konstant_in_der_datenmenge(welt):
    def zaehlen():
        with CaptureQueriesContext(connection) as abfragen:
            jahresbericht_html(welt.a, JAHR, genau=False, alle_zahlen=False)
        return len(abfragen)

    gemeldet(welt, jahr=JAHR, quartal=1)
    antrag_im_status(welt, Status.EINGEREICHT)
    vereinbart(welt, jahr=JAHR)
    vorher = zaehlen()
    for quartal in (2, 3):
        gemeldet(welt, jahr=JAHR, quartal=quartal)
        gemeldet(welt, welt.b, jahr=JAHR, quartal=quartal)
    for status in (Status.BEWILLIGT, Status.EINGEREICHT, Status.GEPRUEFT):
        antrag_im_status(welt, status)
    assert zaehlen() == vorher


def test_pdf_ist_ein_pdf(welt):
    assert jahresbericht_pdf(
        welt.a, timezone.localdate().year, genau=True, alle_zahlen=True
    ).startswith(b"%PDF")
