"""Who sees which page, and every view of case-level rows is logged."""

import datetime
import uuid
from decimal import Decimal as D

import pytest
from django.urls import reverse

from budgets.models import Buchung
from budgets.selectors import zahlen_von
from konten.models import AppendOnlyError

from ..models import Einsicht, Hilfe
from .factories import JAHR, hilfe, rb2_budget, rb2_zuweisen

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
        "formular_schluessel": str(uuid.uuid4()),
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


# --- Issue 18: one submit, one Hilfe; the journal keeps off a Hilfe's money -------


def _neue_hilfe(client, welt, **abweichend):
    """The form as the page delivers it (with its key), filled in."""
    seite = client.get(reverse("hilfen:neu"))
    daten = {
        "formular_schluessel": seite.context["form"]["formular_schluessel"].value(),
        "region": welt.b.region.pk,
        "aktenzeichen": "51-2026-4242",
        "hilfeart": "familienhilfe",
        "bedarf_festgestellt_am": f"02.01.{JAHR}",
        "traeger": welt.hilfen[0].traeger.pk,
        "beginn": f"03.01.{JAHR}",
        "ende": f"30.06.{JAHR}",
        "kosten": "2.500,00",
    }
    return {**daten, **abweichend}


def test_doppelt_abgeschickt_bucht_einmal(client, drei):
    client.force_login(drei.fd51)
    daten = _neue_hilfe(client, drei)
    erste = client.post(reverse("hilfen:neu"), daten)
    zweite = client.post(reverse("hilfen:neu"), daten)
    neu = Hilfe.objects.get(aktenzeichen="51-2026-4242")
    assert (
        erste["Location"]
        == zweite["Location"]
        == reverse("hilfen:detail", args=[neu.nummer])
    )
    assert zahlen_von(rb2_budget(drei.b.region)).gebunden == D("2500.00")
    seite = client.get(zweite["Location"]).content.decode()
    assert "schon gebucht; es wurde nichts weiter gebucht" in seite


def test_ohne_formularschluessel_nichts_gebucht(client, drei):
    client.force_login(drei.fd51)
    daten = _neue_hilfe(client, drei)
    del daten["formular_schluessel"]
    antwort = client.post(reverse("hilfen:neu"), daten)
    assert antwort.status_code == 400
    assert "bitte die Seite neu laden" in antwort.content.decode()
    assert not Hilfe.objects.filter(aktenzeichen="51-2026-4242").exists()


def test_offene_hilfe_mit_demselben_aktenzeichen_warnt(client, drei):
    """A second page (new key) for a case that runs already: FD 51 is warned,
    nothing is booked; with the confirmation a further Hilfe is booked."""
    client.force_login(drei.fd51)
    zuerst = client.post(reverse("hilfen:neu"), _neue_hilfe(client, drei))
    assert zuerst.status_code == 302
    vorher = Buchung.objects.count()
    daten = _neue_hilfe(client, drei, kosten="700,00")
    warnung = client.post(reverse("hilfen:neu"), daten)
    assert warnung.status_code == 400
    seite = warnung.content.decode()
    erste = Hilfe.objects.get(aktenzeichen="51-2026-4242")
    assert f"läuft im selben Zeitraum schon die Hilfe {erste.nummer}" in seite
    assert 'type="checkbox" name="doppelt_bestaetigt"' in seite
    assert Buchung.objects.count() == vorher
    bestaetigt = client.post(
        reverse("hilfen:neu"), {**daten, "doppelt_bestaetigt": "on"}
    )
    assert bestaetigt.status_code == 302
    assert Hilfe.objects.filter(aktenzeichen="51-2026-4242").count() == 2
    assert zahlen_von(rb2_budget(drei.b.region)).gebunden == D("3200.00")


def test_fortsetzung_oder_beendete_hilfe_ohne_warnung(client, drei):
    client.force_login(drei.fd51)
    h = drei.hilfen[0]  # 01.01.–31.12., in A's Region
    beendet = client.post(
        reverse("hilfen:beenden", args=[h.nummer]), {"ende": f"31.03.{JAHR}"}
    )
    assert beendet.status_code == 302
    daten = _neue_hilfe(client, drei, aktenzeichen=h.aktenzeichen)
    assert client.post(reverse("hilfen:neu"), daten).status_code == 302
    # not overlapping: the first half year's Hilfe runs on, the second follows
    assert client.post(reverse("hilfen:neu"), _neue_hilfe(client, drei)).status_code
    daten = _neue_hilfe(client, drei, beginn=f"01.07.{JAHR}", ende=f"31.12.{JAHR}")
    assert client.post(reverse("hilfen:neu"), daten).status_code == 302
    assert Hilfe.objects.filter(aktenzeichen="51-2026-4242").count() == 2
    assert Hilfe.objects.filter(aktenzeichen=h.aktenzeichen).count() == 2


def test_storno_der_bindung_im_journal_abgelehnt(client, drei):
    """The attack of issue 18: reversing a Hilfe's Bindung from the journal.
    Refused with a message that names the Hilfe's page; the Hilfe pays on."""
    client.force_login(drei.fd51)
    h = drei.hilfen[0]
    vorher = Buchung.objects.count()
    antwort = client.post(
        reverse("budgets:stornieren", args=[h.bindung_id]), {"text": "Versuch"}
    )
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert f"gehört zur Hilfe {h.nummer}" in seite
    assert reverse("hilfen:detail", args=[h.nummer]) in seite
    assert Buchung.objects.count() == vorher
    zahlung = client.post(
        reverse("hilfen:auszahlen", args=[h.nummer]), {"betrag": "100,00"}
    )
    assert zahlung.status_code == 302


def test_auszahlung_stornieren_ueber_die_seite(client, drei):
    client.force_login(drei.fd51)
    h = drei.hilfen[0]
    client.post(reverse("hilfen:auszahlen", args=[h.nummer]), {"betrag": "100,00"})
    auszahlung = Buchung.objects.get(bindung=h.bindung, art="auszahlung")
    seite = client.get(reverse("hilfen:detail", args=[h.nummer])).content.decode()
    assert "Auszahlung stornieren" in seite
    url = reverse("hilfen:auszahlung_stornieren", args=[h.nummer])
    ohne = client.post(url, {"auszahlung": auszahlung.pk, "text": ""})
    assert ohne.status_code == 400
    assert "braucht eine Begründung" in ohne.content.decode()
    ok = client.post(url, {"auszahlung": auszahlung.pk, "text": "Fehlbuchung"})
    assert ok.status_code == 302
    nochmal = client.post(url, {"auszahlung": auszahlung.pk, "text": "Fehlbuchung"})
    assert nochmal.status_code == 400
    assert zahlen_von(rb2_budget(drei.a.region)).ausgezahlt == D("0.00")


@pytest.mark.parametrize("behoerde", ["hansestadt"])
def test_ohne_gruppenebene_keine_hilfen(client, welt):
    """The Hansestadt has no Regionen and so no Regionalbudget 2: every page
    of the Hilfen answers 404 with a page that says why, for every role and
    before any login (issue 17)."""
    from budgets.hilfen import urls

    werte = {"jahr": JAHR, "nummer": "H-2013-0001"}
    adressen = [
        reverse(
            f"hilfen:{p.name}",
            kwargs={k: werte[k] for k in p.pattern.converters},
        )
        for p in urls.urlpatterns
    ]
    assert len(adressen) == 11
    for rolle in (None, "fd51", "admin", "leitung_a"):
        if rolle:
            client.force_login(welt.rolle(rolle))
        for url in adressen:
            for antwort in (client.get(url), client.post(url)):
                assert antwort.status_code == 404, (rolle, url)
                text = antwort.content.decode()
                assert "Fallbezogene Hilfen gibt es nur" in text
                assert "in der Hansestadt Lüneburg gibt es sie nicht" in text
                assert "Region" not in text.split("<main", 1)[-1]
