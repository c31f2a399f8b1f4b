"""Who sees which page, and every view of case-level rows is logged."""

import datetime

import pytest
from django.urls import reverse

from konten.models import AppendOnlyError

from ..models import Einsicht, Hilfe
from .factories import JAHR, hilfe, rb2_zuweisen

pytestmark = pytest.mark.django_db
ANDERE = ["leitung_a", "leitung_b", "geschaeftsstelle", "jha", "admin"]


@pytest.fixture
def drei(welt):
    rb2_zuweisen()
    welt.hilfen = [
        hilfe(welt.a.region, aktenzeichen=f"51-{JAHR}-010{i}") for i in range(3)
    ]
    return welt


def fallseiten(w):
    nummer = w.hilfen[0].nummer
    return [
        reverse("hilfen:liste", args=[JAHR]),
        reverse("hilfen:export", args=[JAHR]),
        reverse("hilfen:detail", args=[nummer]),
        reverse("hilfen:neu"),
    ]


@pytest.mark.parametrize("rolle", ANDERE)
def test_falldaten_nur_fuer_fd51(client, drei, rolle):
    client.force_login(getattr(drei, rolle))
    for url in fallseiten(drei):
        assert client.get(url).status_code == 403, url
    for aktion in ("auszahlen", "kosten_senken", "beenden"):
        url = reverse(f"hilfen:{aktion}", args=[drei.hilfen[0].nummer])
        assert client.post(url, {"betrag": "1,00"}).status_code == 403
    assert client.get(reverse("hilfen:summen", args=[JAHR])).status_code == 200
    assert not Einsicht.objects.exists()


def test_fd51_sieht_falldaten(client, drei):
    client.force_login(drei.fd51)
    for url in fallseiten(drei):
        assert client.get(url).status_code == 200, url
    seite = client.get(reverse("hilfen:liste", args=[JAHR])).content.decode()
    assert f"51-{JAHR}-0100" in seite


def test_protokoll_fuer_fd51_und_administration(client, drei):
    url = reverse("hilfen:protokoll")
    for rolle, status in [
        ("fd51", 200),
        ("admin", 200),
        ("jha", 403),
        ("leitung_a", 403),
    ]:
        client.force_login(getattr(drei, rolle))
        assert client.get(url).status_code == status


def test_liste_protokolliert_alle_zeilen(client, drei):
    client.force_login(drei.fd51)
    client.get(reverse("hilfen:liste", args=[JAHR]))
    e = Einsicht.objects.get()
    assert e.benutzer == drei.fd51 and e.art == Einsicht.Art.LISTE
    assert e.hilfen == [h.nummer for h in drei.hilfen] and e.anzahl == 3
    assert e.ansicht == f"Haushaltsjahr {JAHR}"


def test_filter_und_suche(client, drei):
    client.force_login(drei.fd51)
    url = reverse("hilfen:liste", args=[JAHR])
    client.get(url, {"region": "1"})
    assert Einsicht.objects.first().hilfen == []  # Region 1 has none
    antwort = client.post(url, {"suche": f"51-{JAHR}-0101"})
    e = Einsicht.objects.first()
    assert e.hilfen == [drei.hilfen[1].nummer]
    assert "0101" not in e.ansicht  # the search term is not logged
    assert f"51-{JAHR}-0100" not in antwort.content.decode()


def test_detail_und_export_protokolliert(client, drei):
    client.force_login(drei.fd51)
    h = drei.hilfen[2]
    client.get(reverse("hilfen:detail", args=[h.nummer]))
    assert Einsicht.objects.first().hilfen == [h.nummer]
    assert Einsicht.objects.first().art == Einsicht.Art.DETAIL
    antwort = client.get(reverse("hilfen:export", args=[JAHR]))
    assert antwort["Content-Type"].startswith("text/csv")
    assert f"51-{JAHR}-0102" in antwort.content.decode("utf-8-sig")
    e = Einsicht.objects.first()
    assert e.art == Einsicht.Art.EXPORT and e.anzahl == 3


def test_protokoll_ist_unveraenderlich(client, drei):
    client.force_login(drei.fd51)
    client.get(reverse("hilfen:detail", args=[drei.hilfen[0].nummer]))
    e = Einsicht.objects.get()
    with pytest.raises(AppendOnlyError):
        e.save()
    with pytest.raises(AppendOnlyError):
        e.delete()
    with pytest.raises(AppendOnlyError):
        Einsicht.objects.update(anzahl=0)


def test_buchen_ueber_das_formular(client, drei):
    client.force_login(drei.fd51)
    daten = {
        "region": drei.b.region.pk,
        "aktenzeichen": "Max Mustermann",
        "hilfeart": "flexible_hilfe",
        "bedarf_festgestellt_am": f"02.01.{JAHR}",
        "traeger": drei.hilfen[0].traeger.pk,
        "beginn": f"03.01.{JAHR}",
        "ende": f"30.06.{JAHR}",
        "kosten": "1.234,56",
    }
    antwort = client.post(reverse("hilfen:neu"), daten)
    assert antwort.status_code == 400
    seite = antwort.content.decode()
    assert "offenbar einen Namen" in seite and "Mustermann" not in seite
    antwort = client.post(
        reverse("hilfen:neu"),
        {**daten, "aktenzeichen": "51-2026-7777", "bedarf_festgestellt_am": ""},
    )
    assert antwort.status_code == 400
    assert (
        "Ohne festgestellten individuellen Jugendhilfebedarf"
        in antwort.content.decode()
    )
    antwort = client.post(
        reverse("hilfen:neu"), {**daten, "aktenzeichen": "51-2026-7777"}
    )
    neu = Hilfe.objects.get(aktenzeichen="51-2026-7777")
    assert antwort["Location"] == reverse("hilfen:detail", args=[neu.nummer])


def test_aktionen_auf_der_detailseite(client, drei):
    client.force_login(drei.fd51)
    h = drei.hilfen[0]
    url = reverse("hilfen:auszahlen", args=[h.nummer])
    assert client.post(url, {"betrag": "100,00"}).status_code == 302
    zu_viel = client.post(url, {"betrag": "5.000,00"})
    assert zu_viel.status_code == 400 and "offen sind nur" in zu_viel.content.decode()
    assert Einsicht.objects.first().art == Einsicht.Art.DETAIL
    url = reverse("hilfen:beenden", args=[h.nummer])
    assert client.post(url, {"ende": f"31.03.{JAHR}"}).status_code == 302
    h.refresh_from_db()
    assert h.beendet_am == datetime.date(JAHR, 3, 31)
    assert client.get(reverse("hilfen:auszahlen", args=[h.nummer])).status_code == 405


def test_navigation(client, drei):
    for rolle in ("jha", "leitung_a", "fd51"):
        client.force_login(getattr(drei, rolle))
        seite = client.get(reverse("budgets:uebersicht", args=[JAHR])).content.decode()
        assert reverse("hilfen:start") in seite
    client.force_login(drei.jha)
    antwort = client.get(reverse("hilfen:start"))
    assert antwort["Location"] == reverse("hilfen:summen", args=[JAHR])


@pytest.mark.postgres
def test_datenbank_verweigert_aenderungen_am_protokoll(client, drei):
    from django.db import DatabaseError, connection, transaction

    client.force_login(drei.fd51)
    client.get(reverse("hilfen:detail", args=[drei.hilfen[0].nummer]))
    for sql in ("UPDATE hilfen_einsicht SET anzahl = 0", "DELETE FROM hilfen_einsicht"):
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Einsicht.objects.get().anzahl == 1
