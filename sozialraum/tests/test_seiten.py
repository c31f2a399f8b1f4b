"""What each role sees on its start page, and what it must not see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konten.models import Rolle
from sozialraum.models import Sozialraum, Sozialraumkonzept
from sozialraum.tests.factories import (
    KonzeptFactory,
    SozialraumbueroFactory,
    ZielFactory,
    benutzer_mit_rolle,
)

pytestmark = pytest.mark.django_db


def seite(client, user, url):
    client.force_login(user)
    response = client.get(url, follow=True)
    return response, response.content.decode()


def test_geschaeftsstelle_landet_auf_ihrer_region(client, welt):
    # the other roles' start pages: berichte/tests/test_startseite.py
    response, _ = seite(client, welt.geschaeftsstelle, reverse("start"))
    assert response.redirect_chain[-1][0] == welt.a.region.get_absolute_url()


def test_fd51_sieht_drei_regionen_und_zehn_sozialraeume(client, welt):
    _, html = seite(client, welt.fd51, reverse("sozialraum:uebersicht"))
    for sozialraum in Sozialraum.objects.all():
        assert sozialraum.voller_name in html
    assert html.count('class="app-region"') == 3
    assert "kontakt-a@example.org" in html and "Erika Kontakt" in html


def test_jha_sieht_uebersicht_ohne_kontaktdaten(client, welt):
    response, html = seite(client, welt.jha, reverse("sozialraum:uebersicht"))
    assert html.count('class="app-region"') == 3
    assert "kontakt-a@example.org" not in html
    assert "Erika Kontakt" not in html
    assert "04131 123456" not in html
    _, detail = seite(client, welt.jha, welt.a.get_absolute_url())
    assert "Erika Kontakt" not in detail and "kontakt-a@example.org" not in detail


def test_leitung_mit_zwei_sozialraeumen_sieht_nur_diese(client, welt):
    beide = benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.a)
    beide.rollen.create(rolle=Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.b)
    response, html = seite(client, beide, reverse("sozialraum:uebersicht"))
    assert welt.a.voller_name in html and welt.b.voller_name in html
    assert "Stadt Bleckede" not in html


def test_leitung_sieht_nicht_die_nachbarn_ihrer_region(client, welt):
    nachbar = Sozialraum.objects.get(kuerzel="BAR")
    assert nachbar.region_id == welt.a.region_id
    SozialraumbueroFactory(sozialraum=nachbar, email="kontakt-nachbar@example.org")
    _, html = seite(client, welt.leitung_a, reverse("sozialraum:uebersicht"))
    assert "Bardowick" not in html and "kontakt-nachbar@example.org" not in html
    assert client.get(nachbar.get_absolute_url()).status_code == 404
    # the Geschäftsstelle of the Region does see it
    _, html = seite(client, welt.geschaeftsstelle, reverse("sozialraum:uebersicht"))
    assert "Bardowick" in html


def test_fremder_sozialraum_404_ohne_inhalt(client, welt):
    client.force_login(welt.leitung_b)
    response = client.get(welt.a.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    for verraeterisch in (welt.a.name, welt.a.kuerzel, "kontakt-a@example.org"):
        assert verraeterisch not in html


def test_ohne_rolle_kein_zugriff(client, db):
    from sozialraum.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("start")).status_code == 403
    assert client.get(reverse("sozialraum:uebersicht")).status_code == 403


def test_konzeptstand_und_ziele_adressierbar(client, welt):
    alt = KonzeptFactory(
        sozialraum=welt.a,
        version=1,
        status=Sozialraumkonzept.Status.BESCHLOSSEN,
        beschlossen_am=datetime.date(2013, 1, 15),
    )
    ziel = ZielFactory(konzept=alt, nummer=2, titel="Familien früh erreichen")
    KonzeptFactory(sozialraum=welt.a, version=2)
    _, html = seite(client, welt.fd51, reverse("sozialraum:uebersicht"))
    assert "beschlossen (Version 1 vom 15.01.2013), Entwurf Version 2 in Arbeit" in html
    assert ziel.kennung == "ADE-K1-Z2"
    assert ziel.get_absolute_url() == f"{welt.a.get_absolute_url()}#ade-k1-z2"
    _, detail = seite(client, welt.fd51, welt.a.get_absolute_url())
    assert 'id="ade-k1-z2"' in detail


def test_uebersicht_braucht_konstant_viele_abfragen(client, welt):
    """Adding Sozialräume, Büros and Konzepte must not add queries (no N+1)."""
    ZielFactory(konzept=KonzeptFactory(sozialraum=welt.a))
    client.force_login(welt.fd51)
    url = reverse("sozialraum:uebersicht")
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    for sozialraum in Sozialraum.objects.exclude(pk__in=[welt.a.pk, welt.b.pk]):
        SozialraumbueroFactory(sozialraum=sozialraum)
        konzept = KonzeptFactory(sozialraum=sozialraum)
        ZielFactory(konzept=konzept)
    with CaptureQueriesContext(connection) as viele:
        client.get(url)
    assert len(viele) == len(wenige)
    assert len(viele) <= 12
