import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from conftest import GRUNDDATEN
from regionen.models import Region
from sozialraum.models import Gremium, Sozialraum
from sozialraum.services import grunddaten_laden

pytestmark = pytest.mark.django_db

# docs/fachkonzept.md §1, as the Landkreis' Vorlage 2024/012 lists them.
ERWARTET = {
    "Region 1": {
        "Gemeinde Amt Neuhaus",
        "Stadt Bleckede",
        "Samtgemeinde Dahlenburg",
        "Samtgemeinde Ostheide",
    },
    "Region 2": {
        "Samtgemeinde Scharnebeck",
        "Samtgemeinde Bardowick",
        "Gemeinde Adendorf",
    },
    "Region 3": {
        "Samtgemeinde Gellersen",
        "Samtgemeinde Ilmenau",
        "Samtgemeinde Amelinghausen",
    },
}


def daten():
    return json.loads(GRUNDDATEN.read_text(encoding="utf-8"))


def stand():
    return sorted(
        (s.kuerzel, s.name, s.art, s.region.nummer, s.region.name)
        for s in Sozialraum.objects.select_related("region")
    ) + sorted((g.art, g.name) for g in Gremium.objects.all())


def test_zehn_sozialraeume_in_drei_regionen():
    grunddaten_laden(daten=daten())
    assert Region.objects.count() == 3
    assert Sozialraum.objects.count() == 10
    tatsaechlich = {
        region.name: {str(s) for s in region.sozialraeume.all()}
        for region in Region.objects.all()
    }
    assert tatsaechlich == ERWARTET


def test_gremien_je_sozialraum_region_und_ein_jha():
    grunddaten_laden(daten=daten())
    assert Gremium.objects.filter(art=Gremium.Art.SOZIALKONFERENZ).count() == 10
    assert Gremium.objects.filter(art=Gremium.Art.REGIONALES_GREMIUM).count() == 3
    assert Gremium.objects.filter(art=Gremium.Art.JUGENDHILFEAUSSCHUSS).count() == 1
    for sozialraum in Sozialraum.objects.all():
        assert sozialraum.sozialkonferenz.art == Gremium.Art.SOZIALKONFERENZ


def test_zweimal_laden_aendert_nichts():
    erster = grunddaten_laden(daten=daten())
    vorher = stand()
    ids = sorted(Sozialraum.objects.values_list("pk", flat=True))
    zweiter = grunddaten_laden(daten=daten())
    assert erster.hat_aenderungen
    assert not zweiter.hat_aenderungen
    assert zweiter.unveraendert == len(erster.angelegt)
    assert stand() == vorher
    assert sorted(Sozialraum.objects.values_list("pk", flat=True)) == ids


def test_spaetere_reform_verschiebt_einen_sozialraum():
    grunddaten_laden(daten=daten())
    neu = daten()
    adendorf = neu["regionen"][1]["sozialraeume"].pop()
    neu["regionen"][2]["sozialraeume"].append(adendorf)
    bericht = grunddaten_laden(daten=neu)
    assert bericht.geaendert == ["Sozialraum Gemeinde Adendorf"]
    assert Sozialraum.objects.get(kuerzel="ADE").region.nummer == 3


@pytest.mark.parametrize(
    ("verderben", "meldung"),
    [
        (lambda d: d["regionen"][2]["sozialraeume"][0].update(art="dorf"), "Art"),
        (lambda d: d["regionen"][2]["sozialraeume"][0].update(kuerzel="ade"), "Kürzel"),
        (
            lambda d: d["regionen"][2]["sozialraeume"][0].update(kuerzel="ADE"),
            "doppelt",
        ),
        (lambda d: d["regionen"][2].update(nummer="drei"), "ganze Zahl"),
        (lambda d: d["regionen"][2]["sozialraeume"][0].pop("name"), "fehlt"),
        (lambda d: d.pop("ausschuss"), "fehlt"),
    ],
)
def test_fehlerhafte_datei_schreibt_nichts(verderben, meldung):
    kaputt = copy.deepcopy(daten())
    verderben(kaputt)
    with pytest.raises(ValidationError) as fehler:
        grunddaten_laden(daten=kaputt)
    assert meldung in " ".join(fehler.value.messages)
    # All or nothing: the valid Regionen before the bad entry were not kept.
    assert Region.objects.count() == 0
    assert Sozialraum.objects.count() == 0


def test_kommando_meldet_fehler_deutsch_und_aendert_nichts(tmp_path):
    datei = tmp_path / "kaputt.json"
    datei.write_text("{ kein json", encoding="utf-8")
    with pytest.raises(CommandError, match="kein gültiges JSON"):
        call_command("grunddaten", datei=datei)
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("grunddaten", datei=tmp_path / "fehlt.json")
    assert Sozialraum.objects.count() == 0


def test_kommando_laedt_standarddaten_idempotent(capsys):
    call_command("grunddaten")
    call_command("grunddaten")
    ausgabe = capsys.readouterr().out
    assert "27 angelegt" in ausgabe
    assert "0 angelegt, 0 geändert, 0 entfernt, 50 unverändert" in ausgabe


def test_name_eines_sozialraums_mit_seiner_art():
    """str() names the kind as get_art_display does (without translating
    every choice); an unknown kind stays as stored."""
    for art in Sozialraum.Art:
        sozialraum = Sozialraum(name="Adendorf", art=art)
        assert str(sozialraum) == f"{sozialraum.get_art_display()} Adendorf"
    assert str(Sozialraum(name="Adendorf", art="dorf")) == "dorf Adendorf"


# --- a second authority: the Hansestadt Lüneburg (Stadtteile, no Regionen) --------


@pytest.fixture
def hansestadt(settings):
    settings.GRUNDDATEN = settings.GRUNDDATEN_DATEIEN["hansestadt"]
    return json.loads(settings.GRUNDDATEN.read_text(encoding="utf-8"))


def test_hansestadt_sieben_stadtteile_ohne_regionen(hansestadt):
    grunddaten_laden(daten=hansestadt)
    assert sorted(str(s) for s in Sozialraum.objects.all()) == [
        f"Stadtteil {n}"
        for n in sorted(
            [
                "Kaltenmoor",
                "Weststadt",
                "Zeltberg",
                "Mittelfeld",
                "Rotes Feld",
                "Neu Hagen",
                "Ebensberg",
            ]
        )
    ]
    # one group no page shows, named after the authority; no Regionales Gremium
    assert list(Region.objects.values_list("name", flat=True)) == [
        "Hansestadt Lüneburg"
    ]
    assert sorted(Gremium.objects.values_list("art", "name")) == sorted(
        [("sozialkonferenz", f"Stadtteilrunde {s}") for s in Sozialraum.objects.all()]
        + [
            (
                "jugendhilfeausschuss",
                "Sozial- und Gesundheitsausschuss der Hansestadt Lüneburg",
            )
        ]
    )


def test_kommando_laedt_die_datei_der_installation(hansestadt, capsys):
    call_command("grunddaten")
    assert "hansestadt_lueneburg.json: 25 angelegt" in capsys.readouterr().out
    assert Sozialraum.objects.filter(art="stadtteil").count() == 7


def test_datei_einer_anderen_behoerde_wird_abgewiesen(settings):
    """One installation serves one authority: the Hansestadt's file does not
    go into the Landkreis' database (nor the other way round)."""
    datei = settings.GRUNDDATEN_DATEIEN["hansestadt"]
    with pytest.raises(CommandError, match="gehört zu „Hansestadt Lüneburg“"):
        call_command("grunddaten", datei=datei)
    assert Sozialraum.objects.count() == 0


@pytest.mark.parametrize(
    "verderben, meldung",
    [
        (lambda d: d.pop("begriffe"), "Abschnitt „begriffe“ fehlt"),
        (lambda d: d["begriffe"].pop("raum"), "Begriffe fehlen oder sind leer: raum"),
        (lambda d: d["begriffe"].update(raum=7), "müssen Text sein: raum"),
        (lambda d: d["begriffe"].update(gemeinde="Ort"), "unbekannte Begriffe"),
        (lambda d: d["begriffe"].update(gruppe="Bezirk"), "es fehlen: gruppen"),
        (lambda d: d.update(regionen=[]), "„regionen“ nur mit"),
        (lambda d: d.pop("sozialraeume"), "Liste „sozialraeume“"),
    ],
)
def test_fehlerhafte_begriffe_schreiben_nichts(hansestadt, verderben, meldung):
    kaputt = copy.deepcopy(hansestadt)
    verderben(kaputt)
    with pytest.raises(ValidationError) as fehler:
        grunddaten_laden(daten=kaputt)
    assert meldung in " ".join(fehler.value.messages)
    assert Sozialraum.objects.count() == 0
