"""End to end in Chromium: a lead writes and submits an application, FD 51
checks it, the lead records the Sitzung's approval, the money is bound; FD 51
vetoes and the money is free again."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from antraege.models import Antrag, Status
from antraege.tests.factories import budgets_fuellen, ziel_fuer
from budgets.selectors import zahlen_von
from sozialraum.tests.factories import PASSWORT

from .conftest import anmelden, im_menue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_antrag_vom_entwurf_bis_zum_veto(page, chromium, live_server, welt):
    budgets_fuellen()
    ziel = ziel_fuer(welt.a)
    heute = timezone.localdate()
    url = live_server.url

    # The lead writes the application, with amounts in German notation.
    anmelden(page, url, welt.leitung_a.email, PASSWORT)
    im_menue(page, "Anträge & Sitzungen", "Anträge").click()
    page.get_by_role("link", name="Neuen Antrag schreiben").click()
    page.get_by_label("Titel des Projekts").fill("Ferienfreizeit Adendorf")
    page.get_by_label("Antragsteller (Organisation)").fill("TSV Adendorf e. V.")
    page.get_by_label("Zielgruppe").fill("Kinder von 6 bis 10 Jahren")
    page.get_by_label("Kinder- und Jugendhilfe").check()
    page.get_by_label("Beginn").fill(f"01.06.{heute.year}")
    page.get_by_label("Ende").fill(f"31.08.{heute.year}")
    page.get_by_label("Ausgangslage").fill("In den Ferien fehlt Betreuung.")
    page.get_by_label("Zielsetzung").fill("Zwei Wochen Ferienfreizeit.")
    page.get_by_label("Maßnahme").fill("Betreute Freizeit mit Übernachtung.")
    page.get_by_label(str(ziel)).check()
    page.get_by_label("Gesamtkosten in €").fill("3.000,00")
    page.get_by_label("Beantragter Betrag in €").fill("2.000,00")
    page.get_by_label("Eigenanteil des Antragstellers in €").fill("1.000,00")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("gespeichert").first).to_be_visible()
    antrag = Antrag.objects.get()
    expect(page.get_by_role("heading", name="Ferienfreizeit Adendorf")).to_be_visible()

    page.get_by_text("Einreichen", exact=True).first.click()  # opens the step
    page.get_by_role("button", name="Einreichen").click()
    expect(page.get_by_text("Einreichen – erledigt")).to_be_visible()
    antrag.refresh_from_db()
    assert antrag.status == Status.EINGEREICHT

    # FD 51 finds it in the work queue and checks it.
    fd51 = chromium.new_context(locale="de-DE").new_page()
    anmelden(fd51, url, welt.fd51.email, PASSWORT)
    im_menue(fd51, "Anträge & Sitzungen", "Arbeitsliste").click()
    fd51.get_by_role("link", name=antrag.nummer).first.click()
    fd51.get_by_text("Als konform prüfen", exact=True).first.click()
    fd51.get_by_role("button", name="Als konform prüfen").click()
    expect(fd51.get_by_text("Als konform prüfen – erledigt")).to_be_visible()

    # The lead sets up the Sitzung, puts the application on the agenda and
    # records the approval with the votes.
    im_menue(page, "Anträge & Sitzungen", "Sitzungen").click()
    page.get_by_role("link", name="Sitzung anlegen").click()
    page.get_by_label("Gremium").select_option(
        label="Sozialkonferenz Gemeinde Adendorf"
    )
    page.get_by_label("Datum der Sitzung").fill(heute.strftime("%d.%m.%Y"))
    page.get_by_label("Der Landkreis (FD 51) war vertreten").check()
    page.get_by_role("button", name="Sitzung anlegen").click()
    page.get_by_label(antrag.nummer, exact=False).check()
    page.get_by_role("button", name="Auf die Tagesordnung").click()
    page.get_by_label("Beschluss").select_option("bewilligt")
    page.get_by_label("Bewilligt in €").fill("1.500,00")
    page.get_by_label(re.compile(r"^Ja\b")).fill("9")
    page.get_by_label(re.compile(r"^Nein\b")).fill("1")
    page.get_by_role("button", name="Beschlüsse speichern").click()
    expect(page.get_by_text("Beschluss/Beschlüsse erfasst")).to_be_visible()
    antrag.refresh_from_db()
    assert antrag.status == Status.BEWILLIGT

    # The budget overview shows the money bound.
    budget = welt.a.budgets.get(
        haushaltsjahr=heute.year, budgetart__code="projektmittel"
    )
    fd51.goto(f"{url}/budgets/{heute.year}/")
    gebunden = fd51.get_by_role("link", name="1.500,00\u00a0€: Buchungen dazu anzeigen")
    assert gebunden.count() >= 1  # A's row (and the sums)
    gebunden.first.click()
    expect(fd51.get_by_text(antrag.nummer).first).to_be_visible()  # the binding
    assert zahlen_von(budget).gebunden == 1500

    # FD 51 vetoes with a reason: the money is free again.
    fd51.goto(f"{url}{antrag.get_absolute_url()}")
    fd51.get_by_text("Veto einlegen", exact=True).first.click()
    fd51.get_by_role("button", name="Veto einlegen").click()
    expect(
        fd51.get_by_text("Bitte geben Sie eine Begründung an.").first
    ).to_be_visible()
    fd51.get_by_label("Begründung des Vetos (Pflicht)").fill(
        "Allgemeine Jugendpflege, Aufgabe der Gemeinde."
    )
    fd51.get_by_role("button", name="Veto einlegen").click()
    expect(fd51.get_by_text("Veto einlegen – erledigt")).to_be_visible()
    antrag.refresh_from_db()
    assert antrag.status == Status.VETO
    assert zahlen_von(budget).gebunden == 0
    assert zahlen_von(budget).verfuegbar == 10000
    fd51.goto(f"{url}/budgets/{heute.year}/")
    expect(fd51.get_by_role("heading", name=f"Budgets {heute.year}")).to_be_visible()
    frei = fd51.get_by_role("link", name="1.500,00\u00a0€: Buchungen dazu anzeigen")
    expect(frei).to_have_count(0)
