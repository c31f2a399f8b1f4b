"""Rules that keep the committee's decisions honest and the ledger consistent
with the applications (each test fails without its rule)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets import services as budgets
from budgets.models import Buchung, Budgetart

from ..models import Antrag, Sitzung, Status
from ..selectors import antraege_filtern
from ..services import (
    anlage_hinzufuegen,
    anteil_zustimmen,
    antrag_anlegen,
    antrag_uebergang,
    sitzung_aendern,
)
from ..workflow import Aktion
from .factories import JAHR, antrag_im_status, budgets_fuellen, entwurf, inhalt

PDF = b"%PDF-1.4\n%%EOF\n"


def _codes(fehler):
    e = fehler.value
    if hasattr(e, "error_dict"):
        return {x.code for liste in e.error_dict.values() for x in liste}
    return {x.code for x in e.error_list}


def test_keine_beschluesse_in_einer_sitzung_ohne_budget(welt):
    antrag, sitzung = antrag_im_status(welt, Status.ZUR_BERATUNG)
    with pytest.raises(ValidationError) as fehler:
        sitzung_aendern(
            sitzung=sitzung,
            durch=welt.leitung_a,
            datum=sitzung.datum,
            ort="",
            ist_budgetsitzung=False,
            landkreis_vertreten=False,
            version=sitzung.version,
        )
    assert _codes(fehler) == {"tagesordnung_nicht_leer"}
    # and even if the flag were off, the decision itself checks it
    Sitzung.objects.filter(pk=sitzung.pk).update(ist_budgetsitzung=False)
    with pytest.raises(ValidationError) as fehler:
        antrag_uebergang(
            antrag=antrag,
            aktion=Aktion.BEWILLIGEN,
            durch=welt.leitung_a,
            sitzung=sitzung,
            betrag="1000.00",
        )
    assert _codes(fehler) == {"keine_budgetsitzung"}
    assert not Buchung.objects.filter(art="bindung").exists()


def test_landkreisvertretung_nach_beschluessen_unveraenderlich(welt):
    _, sitzung = antrag_im_status(welt, Status.BEWILLIGT)
    sitzung.refresh_from_db()
    with pytest.raises(ValidationError) as fehler:
        sitzung_aendern(
            sitzung=sitzung,
            durch=welt.leitung_a,
            datum=sitzung.datum,
            ort="anderswo",
            ist_budgetsitzung=True,
            landkreis_vertreten=False,
            version=sitzung.version,
        )
    assert _codes(fehler) == {"beschlossen"}
    sitzung.refresh_from_db()
    assert sitzung.landkreis_vertreten


def test_storno_einer_antragsbuchung_wird_abgelehnt(welt):
    antrag, _ = antrag_im_status(welt, Status.IN_AUSZAHLUNG)
    anteil = antrag.anteile.get()
    for buchung in [anteil.bindung, Buchung.objects.get(art="auszahlung")]:
        with pytest.raises(ValidationError) as fehler:
            budgets.stornieren(buchung=buchung, text="Versehen", durch=welt.fd51)
        assert _codes(fehler) == {"gehoert_zu_vorgang"}
        assert antrag.nummer in fehler.value.messages[0]
        assert f"/antraege/{antrag.nummer}/" in fehler.value.messages[0]
    assert not Buchung.objects.filter(art="storno").exists()


def test_fd51_zieht_keine_bewilligung_zurueck(welt):
    """FD 51 undoes a decision only by a veto (reason, period)."""
    from ..services import Verweigert

    antrag, _ = antrag_im_status(welt, Status.BEWILLIGT)
    with pytest.raises(Verweigert):
        antrag_uebergang(antrag=antrag, aktion=Aktion.ZURUECKZIEHEN, durch=welt.fd51)
    antrag.refresh_from_db()
    assert antrag.status == Status.BEWILLIGT


def test_partnerregion_sieht_und_stimmt_zu(client, welt):
    from konten.models import Rolle
    from regionen.models import Region
    from sozialraum.tests.factories import benutzer_mit_rolle

    budgets_fuellen(code="regional1", gesamt="30000.00")
    partner = Region.objects.exclude(pk=welt.a.region_id).first()
    gs_partner = benutzer_mit_rolle(Rolle.GESCHAEFTSSTELLE_RG, region=partner)
    antrag = antrag_anlegen(
        budgetart=Budgetart.objects.get(code="regional1"),
        haushaltsjahr=JAHR,
        inhaber=welt.a.region,
        inhalt=inhalt(None, partner=((partner, Decimal("500.00")),)),
        durch=welt.geschaeftsstelle,
    )
    client.force_login(gs_partner)
    assert client.get(antrag.get_absolute_url()).status_code == 200
    anteil_zustimmen(antrag=antrag, durch=gs_partner)
    antrag_uebergang(
        antrag=antrag, aktion=Aktion.EINREICHEN, durch=welt.geschaeftsstelle
    )
    antrag.refresh_from_db()
    assert antrag.status == Status.EINGEREICHT


def test_gleiche_datei_nur_einmal(welt):
    antrag = entwurf(welt)
    anlage_hinzufuegen(
        antrag=antrag,
        datei=SimpleUploadedFile("a.pdf", PDF),
        art="konzept",
        durch=welt.leitung_a,
    )
    with pytest.raises(ValidationError) as fehler:
        anlage_hinzufuegen(
            antrag=antrag,
            datei=SimpleUploadedFile("b.pdf", PDF),
            art="konzept",
            durch=welt.leitung_a,
        )
    assert _codes(fehler) == {"schon_beigefuegt"}
    assert antrag.anlagen.count() == 1


def test_kein_antrag_fuer_ein_abgeschlossenes_jahr(welt):
    budgets_fuellen(jahr=2012)
    budgets.jahresabschluss(jahr=2012)
    with pytest.raises(ValidationError) as fehler:
        antrag_anlegen(
            budgetart=Budgetart.objects.get(code="projektmittel"),
            haushaltsjahr=2012,
            inhaber=welt.a,
            inhalt=inhalt(welt.a),
            durch=welt.leitung_a,
        )
    assert _codes(fehler) == {"jahr_abgeschlossen"}
    assert not Antrag.objects.exists()


def test_sitzung_doppelt_abgeschickt_wird_einmal_angelegt(client, welt):
    client.force_login(welt.leitung_a)
    daten = {
        "formular_schluessel": "0b0b0b0b-1111-4222-8333-444455556666",
        "gremium": welt.a.sozialkonferenz.pk,
        "datum": "01.03.2026",
        "ist_budgetsitzung": "on",
    }
    for _ in range(2):
        assert (
            client.post(reverse("antraege:sitzung_anlegen"), daten).status_code == 302
        )
    assert Sitzung.objects.count() == 1


def test_sortierung_bewilligt_zeigt_unentschiedene_zuletzt(welt):
    offen = entwurf(welt)
    bewilligt, _ = antrag_im_status(welt, Status.BEWILLIGT)
    reihe = list(antraege_filtern(Antrag.objects.all(), {"sortierung": "-bewilligt"}))
    assert reihe == [bewilligt, offen]
    reihe = list(antraege_filtern(Antrag.objects.all(), {"sortierung": "status"}))
    assert reihe == [offen, bewilligt]  # Entwurf comes first on the path
