"""The Kennzahlen import (issue 15): one row per quarter through
kennzahlen.services.meldung_uebernehmen; a locked quarter changes only as a
correction with a Begründung; bad cells name their column and write nothing."""

import pytest
from django.utils import timezone

from kennzahlen.models import Quartalsmeldung
from kennzahlen.tests.factories import gemeldet, gesperrt

from .test_austausch import _tabelle, importieren

pytestmark = pytest.mark.django_db

KOPF = [
    "Kürzel",
    "Jahr",
    "Quartal",
    "Status",
    "Fälle neu",
    "Fälle abgeschlossen",
    "Fälle laufend am Stichtag",
    "Beratungstermine",
    "Begründung",
]


def _zeile(
    kuerzel="ADE", jahr=2013, quartal=1, status="", zahlen=(30, 25, 60, 250), grund=""
):
    return [kuerzel, jahr, quartal, status, *zahlen, grund]


def _import(welt, *zeilen, trocken=False):
    return importieren(
        welt, _tabelle(KOPF, zeilen), art="kennzahlen", trocken=trocken, name="k.csv"
    )


def _aktuell():
    return [
        (m.sozialraum.kuerzel, m.jahr, m.quartal, m.version, m.status, m.faelle_neu)
        for m in Quartalsmeldung.objects.aktuell().order_by(
            "sozialraum", "jahr", "quartal"
        )
    ]


def test_neu_gesperrt_trocken_und_unveraendert(welt):
    datei = [
        _zeile(),
        _zeile(quartal=2, status="geprüft und gesperrt", zahlen=(40, 30, 70, 300)),
        _zeile(quartal="Jahr", zahlen=(70, 55, 70, 550)),  # the export's sum
        _zeile("BAR", status="nicht gemeldet", zahlen=("", "", "", "")),
    ]
    ergebnis = _import(welt, *datei, trocken=True)
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert not Quartalsmeldung.objects.exists()
    ergebnis = _import(welt, *datei)
    assert [z.aktion for z in ergebnis.zeilen] == [
        "neu",
        "neu",
        "übergangen",
        "übergangen",
    ]
    assert _aktuell() == [
        ("ADE", 2013, 1, 1, "gemeldet", 30),
        ("ADE", 2013, 2, 1, "gesperrt", 40),
    ]
    assert Quartalsmeldung.objects.get(quartal=2).gesperrt_von == welt.fd51
    assert [z.aktion for z in _import(welt, *datei).zeilen][:2] == [
        "unverändert",
        "unverändert",
    ]


def test_gesperrtes_quartal_nur_mit_begruendung_korrigiert(welt):
    gesperrt(welt, quartal=1)
    gemeldet(welt, quartal=2)
    anders = _zeile(zahlen=(31, 25, 60, 250))
    ergebnis = _import(welt, anders, _zeile(quartal=2, zahlen=(1, 2, 3, 4)))
    assert ergebnis.fehlerliste() == [
        (
            2,
            "Begründung",
            "Das 1. Quartal 2013 ist geprüft und gesperrt; andere Zahlen sind eine "
            "Korrektur und brauchen eine Begründung.",
        )
    ]
    # all or nothing: the unlocked quarter 2 was not changed either
    assert _aktuell() == [
        ("ADE", 2013, 1, 1, "gesperrt", 30),
        ("ADE", 2013, 2, 1, "gemeldet", 30),
    ]
    anders[-1] = "Nachmeldung eines Falls"
    ergebnis = _import(welt, anders, _zeile(quartal=2, zahlen=(1, 2, 3, 4)))
    assert [z.aktion for z in ergebnis.zeilen] == ["korrigiert", "geändert"]
    assert _aktuell() == [
        ("ADE", 2013, 1, 2, "gesperrt", 31),
        ("ADE", 2013, 2, 1, "gemeldet", 1),
    ]
    alt = Quartalsmeldung.objects.get(quartal=1, version=1)
    assert (alt.faelle_neu, alt.aktuell) == (30, False)
    assert Quartalsmeldung.objects.get(quartal=1, version=2).begruendung == (
        "Nachmeldung eines Falls"
    )


def _laufendes_quartal():
    heute = timezone.localdate()
    return heute.year, (heute.month - 1) // 3 + 1


@pytest.mark.parametrize(
    ("zeile", "spalte", "text"),
    [
        (
            _zeile(zahlen=(-1, 25, 60, 250)),
            "Fälle neu",
            "Eine Anzahl kann nicht negativ sein.",
        ),
        (_zeile(zahlen=(30, 25, 60, "1.000")), "Beratungstermine", "„1.000“ ist keine"),
        (_zeile(zahlen=(30, 25, "< 5", 250)), "Fälle laufend am Stichtag", "„< 5“"),
        (_zeile(zahlen=(30, "viele", 60, 250)), "Fälle abgeschlossen", "„viele“"),
        (_zeile(zahlen=(30, 25, 60, "")), "Beratungstermine", "Pflichtangabe fehlt."),
        (_zeile(zahlen=(30, 25, 60, 9999)), "Beratungstermine", "9999 liegt nicht"),
        (_zeile("XYZ"), "Kürzel", "Unbekannter Sozialraum „XYZ“"),
        (_zeile(quartal=5), "Quartal", "5 liegt nicht zwischen 1 und 4."),
        (_zeile(status="geprüft"), "Status", "Unbekannter Status „geprüft“"),
        (_zeile("ADE", *_laufendes_quartal()), "Quartal", "ist noch nicht zu Ende"),
    ],
)
def test_falsche_zellen_nennen_ihre_spalte_und_schreiben_nichts(
    welt, zeile, spalte, text
):
    ergebnis = _import(welt, _zeile(quartal=2), zeile)
    fehler = ergebnis.fehlerliste()
    assert len(fehler) == 1, fehler
    assert fehler[0][:2] == (3, spalte)
    assert text in fehler[0][2], fehler
    assert not Quartalsmeldung.objects.exists()


def test_regeln_der_services_gelten_und_quartal_nur_einmal(welt):
    # more closed than were open: the services' rule, at its column
    ergebnis = _import(
        welt, _zeile(zahlen=(5, 5, 10, 0)), _zeile(quartal=2, zahlen=(1, 20, 0, 0))
    )
    assert [(z, s) for z, s, _t in ergebnis.fehlerliste()] == [
        (3, "Fälle abgeschlossen")
    ]
    ergebnis = _import(welt, _zeile(), _zeile())
    assert ergebnis.fehlerliste() == [
        (3, "Quartal", "Dieses Quartal steht schon in Zeile 2.")
    ]
    assert not Quartalsmeldung.objects.exists()


def test_nur_fd51_importiert(welt):
    from austausch import services

    ergebnis = services.importieren(
        art="kennzahlen",
        inhalt=_tabelle(KOPF, [_zeile()]),
        dateiname="k.csv",
        durch=welt.leitung_a,
        trocken=False,
    )
    assert ergebnis.dateifehler == "Importieren darf nur der Fachdienst 51."
    assert not Quartalsmeldung.objects.exists()
