"""End to end in Chromium: the login page, signing in by keyboard, start pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from konten.models import Rolle
from sozialraum.tests.factories import PASSWORT, benutzer_mit_rolle

from .conftest import anmelden, anmeldung_absenden, im_menue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_loginseite_im_kern_look_ohne_fremde_server(page, live_server, welt):
    angefragt = []
    page.on("request", lambda r: angefragt.append(r.url))
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/konto/login/")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    schrift = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Fira Sans" in schrift
    # KERN's stylesheet really applies (its input class has a bottom border).
    rand = page.evaluate(
        "getComputedStyle(document.querySelector('input[name=login]'))"
        ".borderBottomStyle"
    )
    assert rand == "solid"
    assert angefragt and all(u.startswith(live_server.url) for u in angefragt)
    assert not page.get_by_role("link", name=re.compile("registrier", re.I)).count()


def test_fd51_meldet_sich_per_tastatur_an_und_sieht_die_regionen(
    page, live_server, welt
):
    page.goto(f"{live_server.url}/")
    page.get_by_label("E-Mail-Adresse").focus()
    page.keyboard.type(welt.fd51.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Überblick Fachdienst 51")).to_be_visible()
    im_menue(page, "Übersicht", "Sozialräume").click()
    page.wait_for_url(f"{live_server.url}/uebersicht/")
    for region in ("Region 1", "Region 2", "Region 3"):
        expect(page.get_by_role("heading", name=region)).to_be_visible()
    expect(page.get_by_role("link", name="Gemeinde Adendorf")).to_be_visible()
    expect(page.get_by_text("kontakt-a@example.org")).to_be_visible()


def test_falsches_passwort_zeigt_deutsche_meldung(page, live_server, welt):
    anmeldung_absenden(page, live_server.url, welt.fd51.email, "falsch-falsch")
    alert = page.get_by_role("alert")
    assert "E-Mail-Adresse und/oder das Passwort sind leider falsch" in (
        alert.inner_text()
    )


def test_leitung_landet_auf_ihrer_startseite(page, live_server, welt):
    anmelden(page, live_server.url, welt.leitung_a.email, PASSWORT)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Mein Sozialraum")).to_be_visible()
    page.goto(f"{live_server.url}{welt.a.get_absolute_url()}")
    expect(
        page.get_by_role("heading", name="Sozialraum Gemeinde Adendorf")
    ).to_be_visible()
    page.goto(f"{live_server.url}{welt.b.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Seite nicht gefunden")).to_be_visible()


def test_fd51_legt_benutzer_im_browser_an_und_die_person_setzt_ihr_passwort(
    page, live_server, welt
):
    anmelden(page, live_server.url, welt.fd51.email, PASSWORT)
    im_menue(page, "Verwaltung", "Benutzer").click()
    page.get_by_role("link", name="Benutzer anlegen").click()
    page.get_by_label("E-Mail-Adresse").fill("neue.leitung@example.org")
    page.get_by_label("Vorname").fill("Nele")
    page.get_by_label("Samtgemeinde Gellersen").check()
    page.get_by_role("button", name="Anlegen und einladen").click()
    expect(
        page.get_by_text("Konto für neue.leitung@example.org angelegt")
    ).to_be_visible()

    (nachricht,) = mail.outbox
    pfad = re.search(r"http://testserver(/\S+)", nachricht.body).group(1)
    page.get_by_role("button", name="Abmelden").click()
    page.goto(f"{live_server.url}{pfad}")
    neues = "Nele-Setzt-Ihr-Passwort-1"
    page.locator("input[name=password1]").fill(neues)
    page.locator("input[name=password2]").fill(neues)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/konto/password/reset/key/done/")
    anmelden(page, live_server.url, "neue.leitung@example.org", neues)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text(welt.b.voller_name)).to_be_visible()


def test_ohne_kontaktdaten_fuer_den_ausschuss(page, live_server, welt):
    benutzer_mit_rolle(Rolle.JUGENDHILFEAUSSCHUSS, email="ausschuss@example.org")
    anmelden(page, live_server.url, "ausschuss@example.org", PASSWORT)
    expect(page).to_have_url(f"{live_server.url}/")
    assert "kontakt-a@example.org" not in page.content()
    page.goto(f"{live_server.url}/uebersicht/")
    assert "kontakt-a@example.org" not in page.content()
