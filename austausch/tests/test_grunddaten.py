"""The Grunddaten file's Budgetarten, growth plan and Themenfelder
(austausch.grunddaten): the Landkreis' file is what the migrations seed, the
Hansestadt's its own kinds without regional ones; reloading changes nothing,
and a kind in use cannot be dropped."""

import copy
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from antraege.models import Themenfeld
from austausch.grunddaten import grunddaten_laden
from budgets.models import Budget, Budgetart, Planrate
from kennzahlen.models import Kategorie
from sozialraum.models import Sozialraum

pytestmark = pytest.mark.django_db


def _datei(settings, behoerde):
    settings.GRUNDDATEN = settings.GRUNDDATEN_DATEIEN[behoerde]
    return json.loads(settings.GRUNDDATEN.read_text(encoding="utf-8"))


@pytest.fixture
def landkreis(settings):
    return _datei(settings, "landkreis")


@pytest.fixture
def hansestadt(settings):
    return _datei(settings, "hansestadt")


def stand():
    """Every row the file's kinds, plan and Themenfelder touch."""
    return [
        list(m.objects.order_by("pk").values())
        for m in (Budgetart, Planrate, Themenfeld, Kategorie)
    ]


def test_landkreis_datei_ist_was_die_migrationen_anlegen(landkreis):
    vorher = stand()
    bericht = grunddaten_laden(landkreis)
    assert stand() == vorher
    assert not bericht.entfernt
    assert not [z for z in bericht.geaendert if "Budgetart" in z or "Thema" in z]
    assert Budgetart.objects.get(code="regional2").anreiz_ziel.code == "regional1"


@pytest.mark.parametrize("behoerde", ["landkreis", "hansestadt"])
def test_zweimal_laden_aendert_nichts(settings, behoerde):
    daten = _datei(settings, behoerde)
    grunddaten_laden(copy.deepcopy(daten))
    vorher = stand()
    zweiter = grunddaten_laden(daten)
    assert not zweiter.hat_aenderungen, zweiter.angelegt + zweiter.geaendert
    assert stand() == vorher


def test_hansestadt_ihre_budgetarten_ohne_regionale(hansestadt):
    grunddaten_laden(hansestadt)
    arten = {b.code: b for b in Budgetart.objects.all()}
    assert list(arten) == ["gebunden", "projektmittel", "foerdermittel"]
    assert not Budgetart.objects.filter(ebene="region").exists()
    projektmittel = arten["projektmittel"]
    assert projektmittel.name == "Stadtteil-Projektmittel"
    assert (projektmittel.uebertrag, projektmittel.antragsverfahren) == ("einmal", True)
    assert projektmittel.kostentraeger == ""
    foerdermittel = arten["foerdermittel"]
    assert foerdermittel.name == "Fördermittel von Land und Bund"
    assert (foerdermittel.ebene, foerdermittel.uebertrag) == ("sozialraum", "nie")
    assert not Planrate.objects.exists()


def test_hansestadt_ihre_themenfelder_und_kategorien(hansestadt):
    grunddaten_laden(hansestadt)
    namen = list(Themenfeld.objects.values_list("name", flat=True))
    assert namen == hansestadt["themenfelder"]
    assert "Seniorenberatung" in namen and "Flüchtlingssozialarbeit" in namen
    assert (
        list(Kategorie.objects.filter(art="themenfeld").values_list("name", flat=True))
        == namen
    )
    # the Zielgruppen are the same for every authority
    assert Kategorie.objects.filter(art="zielgruppe").count() == 6


def test_benutzte_budgetart_entfaellt_nicht(landkreis):
    grunddaten_laden(copy.deepcopy(landkreis))
    Budget.objects.create(
        budgetart=Budgetart.objects.get(code="sonderbudget"),
        haushaltsjahr=2026,
        sozialraum=Sozialraum.objects.get(kuerzel="ADE"),
    )
    vorher = stand()
    geaendert = copy.deepcopy(landkreis)
    geaendert["budgetarten"] = [
        b for b in geaendert["budgetarten"] if b["code"] != "sonderbudget"
    ]
    geaendert["themenfelder"].append("Neues Themenfeld")
    geaendert["regionen"][0]["sozialraeume"][0]["name"] = "Neuhaus an der Elbe"
    with pytest.raises(ValidationError) as fehler:
        grunddaten_laden(geaendert)
    text = " ".join(fehler.value.messages)
    assert "„Sonderbudget neue Aufgaben“ (sonderbudget) fehlt in der Datei" in text
    assert "in Gebrauch (Budgets)" in text
    # nothing changed, the other sections' changes included
    assert stand() == vorher
    assert Sozialraum.objects.get(kuerzel="NEU").name == "Amt Neuhaus"


def test_unbenutzte_budgetart_entfaellt_und_umbenennen(landkreis):
    geaendert = copy.deepcopy(landkreis)
    geaendert["budgetarten"] = [
        b for b in geaendert["budgetarten"] if b["code"] != "sonderbudget"
    ]
    geaendert["budgetarten"][0]["name"] = "Gebundene Mittel"
    bericht = grunddaten_laden(geaendert)
    assert not Budgetart.objects.filter(code="sonderbudget").exists()
    assert Budgetart.objects.get(code="gebunden").name == "Gebundene Mittel"
    assert bericht.entfernt == ["Budgetart Sonderbudget neue Aufgaben (sonderbudget)"]


def test_ungenanntes_themenfeld_geht_benutztes_wird_stillgelegt(welt, landkreis):
    from antraege.tests.factories import entwurf

    familienbildung = Themenfeld.objects.get(name="Familienbildung")
    antrag = entwurf(welt, themenfelder=(familienbildung,))
    geaendert = copy.deepcopy(landkreis)
    geaendert["themenfelder"].remove("Familienbildung")
    geaendert["themenfelder"].remove("Gesundheitsregion")
    bericht = grunddaten_laden(geaendert)
    # unused: gone, with its Kategorie
    assert not Themenfeld.objects.filter(name="Gesundheitsregion").exists()
    assert not Kategorie.objects.filter(name="Gesundheitsregion").exists()
    assert "Themenfeld Gesundheitsregion" in bericht.entfernt
    assert "Themenfeld Familienbildung stillgelegt" in bericht.geaendert
    # named by an application: kept (the application keeps it), retired
    familienbildung.refresh_from_db()
    assert not familienbildung.aktiv
    assert list(antrag.themenfelder.all()) == [familienbildung]
    # its Kategorie counted nothing: gone (no Büro can count by it)
    assert not Kategorie.objects.filter(themenfeld=familienbildung).exists()
    # named again: active again, with its Kategorie
    grunddaten_laden(landkreis)
    familienbildung.refresh_from_db()
    assert familienbildung.aktiv
    assert familienbildung.kennzahl_kategorie.aktiv


def test_ohne_gruppen_keine_budgetart_der_region(hansestadt):
    kaputt = copy.deepcopy(hansestadt)
    kaputt["budgetarten"].append(
        {"code": "regional1", "name": "Regionalbudget 1", "ebene": "region"}
    )
    vorher = stand()
    with pytest.raises(ValidationError, match="Ebene „region“ geht nur mit"):
        grunddaten_laden(kaputt)
    assert stand() == vorher
    assert not Sozialraum.objects.exists()


@pytest.mark.parametrize(
    "verderben, meldung",
    [
        (lambda d: d.pop("budgetarten"), "Liste „budgetarten“"),
        (
            lambda d: d["budgetarten"][0].update(farbe="rot"),
            "unbekannte Angaben: farbe",
        ),
        (lambda d: d["budgetarten"][0].update(uebertrag="immer"), "Übertrag „immer“"),
        (lambda d: d["budgetarten"][0].update(ebene="land"), "Ebene „land“ unbekannt"),
        (lambda d: d["budgetarten"][0].update(fallbezogen="ja"), "true oder false"),
        (lambda d: d["budgetarten"][1].update(code="gebunden"), "„gebunden“ doppelt"),
        (lambda d: d["budgetarten"][0].pop("name"), "„name“ fehlt"),
        (
            lambda d: d["budgetarten"][0].update(anreiz_ziel="foerdermittel"),
            "weiter oben",
        ),
        (lambda d: d["budgetarten"][2].update(anteil_prozent="viel"), "keine Zahl"),
        (lambda d: d["budgetarten"][2].update(anteil_prozent="150"), "anteil"),
        (lambda d: d.update(themenfelder=[]), "Liste „themenfelder“"),
        (lambda d: d["themenfelder"].append("Integration"), "„Integration“ doppelt"),
        (lambda d: d.update(planraten=[{"ab_jahr": 2030}]), "„prozent“ fehlt"),
    ],
)
def test_fehlerhafte_abschnitte_schreiben_nichts(hansestadt, verderben, meldung):
    kaputt = copy.deepcopy(hansestadt)
    verderben(kaputt)
    vorher = stand()
    with pytest.raises(ValidationError) as fehler:
        grunddaten_laden(kaputt)
    assert meldung in " ".join(fehler.value.messages)
    assert stand() == vorher
    assert not Sozialraum.objects.exists()


def test_kommando_laedt_budgetarten_und_themenfelder(hansestadt, capsys):
    call_command("grunddaten")
    ausgabe = capsys.readouterr().out
    assert "angelegt: Budgetart Fördermittel von Land und Bund" in ausgabe
    assert "entfernt: Budgetart Regionalbudget 1 (regional1)" in ausgabe
    assert Budgetart.objects.count() == 3
    assert Decimal("0") not in Planrate.objects.values_list("prozent", flat=True)


@pytest.mark.parametrize("behoerde", ["hansestadt", "hansestadt"])
def test_welt_der_hansestadt_hat_ihre_budgetarten(welt):
    """conftest's `grunddaten` copies the loaded rows into later tests: the
    Hansestadt's kinds and Themenfelder replace those the migrations seed."""
    assert list(Budgetart.objects.values_list("code", flat=True)) == [
        "gebunden",
        "projektmittel",
        "foerdermittel",
    ]
    assert Themenfeld.objects.filter(name="Seniorenberatung").exists()
    assert Kategorie.objects.filter(art="themenfeld").count() == 5
