"""End to end in Chromium: Fachdienst 51 allocates by key and closes a year."""

import pytest
from playwright.sync_api import expect

from budgets.models import Buchung, Jahresabschluss
from sozialraum.tests.factories import PASSWORT

from .conftest import anmelden, im_menue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zuweisen_mit_vorschau_und_jahresabschluss(page, live_server, welt):
    anmelden(page, live_server.url, welt.fd51.email, PASSWORT)
    im_menue(page, "Budgets", "Budgets des Jahres").click()
    page.goto(f"{live_server.url}/budgets/2012/")
    page.get_by_role("link", name="Zuweisen nach Schlüssel").click()
    page.get_by_label("Budgetart").select_option(label="Sozialraum-Projektmittel")
    page.get_by_label("Gesamtbetrag in €").fill("100.000,00")
    page.get_by_label("Buchungsdatum").fill("18.04.2012")
    page.get_by_role("button", name="Aufteilung anzeigen").click()
    vorschau = page.get_by_role("heading", name="Vorschau: gleich verteilt")
    expect(vorschau).to_be_visible()
    expect(page.get_by_role("cell", name="10.000,00\u00a0€")).to_have_count(10)
    assert not Buchung.objects.exists()
    page.get_by_role("button", name="So buchen").click()
    expect(page.get_by_role("heading", name="Budgets 2012")).to_be_visible()
    assert Buchung.objects.count() == 10

    # a figure leads to the bookings behind it
    page.get_by_role(
        "link", name="10.000,00\u00a0€: Buchungen dazu anzeigen"
    ).first.click()
    expect(page.get_by_role("heading", name="Buchungsjournal 2012")).to_be_visible()
    assert page.get_by_role("cell", name="18.04.2012").count() >= 1

    page.goto(f"{live_server.url}/budgets/2012/jahresabschluss/")
    expect(page.get_by_role("cell", name="Übertrag (aus)")).to_have_count(10)
    page.get_by_role("button", name="Jahresabschluss 2012 buchen").click()
    expect(page.get_by_text("Haushaltsjahr 2012 abgeschlossen")).to_be_visible()
    assert Jahresabschluss.objects.filter(haushaltsjahr=2012).exists()


def test_leitung_sieht_nur_ihr_budget_und_keine_buchungsknoepfe(
    page, live_server, welt
):
    from decimal import Decimal

    from budgets import services
    from budgets.models import Budgetart

    services.zuweisen(
        budgetart=Budgetart.objects.get(code="projektmittel"),
        haushaltsjahr=2013,
        gesamtbetrag=Decimal("100000.00"),
    )
    anmelden(page, live_server.url, welt.leitung_a.email, PASSWORT)
    page.goto(f"{live_server.url}/budgets/2013/")
    expect(page.get_by_role("link", name="Gemeinde Adendorf")).to_be_visible()
    expect(page.get_by_role("link", name="Samtgemeinde Gellersen")).to_have_count(0)
    expect(page.get_by_role("link", name="Zuweisen nach Schlüssel")).to_have_count(0)
