"""Sozialraumkonzepte and Verteilungsschlüssel as files (issue 14, points 1 and
2), the round trip of all six kinds into an empty database, and the template
files (point 6)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from antraege.models import Antrag, Status
from antraege.tests.factories import JAHR, budgets_fuellen
from austausch import services, vorlage
from austausch.arten import RESSOURCEN
from austausch.schluessel import gewicht_lesen, gewicht_text
from budgets import services as budgets
from budgets.models import Buchung, Verteilung, Verteilungsschluessel
from kennzahlen.models import Quartalsmeldung
from kennzahlen.tests.factories import gemeldet, gesperrt
from regionen.models import Region
from sozialraum import services as sozialraum_services
from sozialraum.models import Sozialraum, Sozialraumkonzept, Traeger, Ziel

from .test_austausch import _bestand, _tabelle, _zellen, importieren

KONZEPT_KOPF = [
    "Sozialraum",
    "Version",
    "Beschlossen am",
    "Zielgruppen",
    "Problemlagen",
    "Kennung",
    "Ziel",
    "Beschreibung",
]
SCHLUESSEL_KOPF = [
    "Name",
    "Bezeichnung",
    "Art",
    "Verteilt auf",
    "Gültig ab",
    "Version",
    "Anteile",
]


def _konzepte():
    return [
        (k.sozialraum.kuerzel, k.version, k.status, k.beschlossen_am)
        for k in Sozialraumkonzept.objects.select_related("sozialraum").order_by(
            "sozialraum__kuerzel", "version"
        )
    ]


# --- Sozialraumkonzepte -------------------------------------------------------------


def test_konzepte_werden_ueber_die_services_angelegt_und_beschlossen(welt):
    datei = _tabelle(
        KONZEPT_KOPF,
        [
            ["ADE", 1, "12.03.2012", "Kinder", "wenig Angebote", "ADE-K1-Z1", "A", ""],
            ["ADE", 1, "", "", "", "ADE-K1-Z2", "B", "mehr Text"],
            ["ADE", 2, "01.02.2013", "Kinder", "", "ADE-K2-Z1", "A neu", ""],
            ["GEL", 1, "", "", "", "GEL-K1-Z1", "Entwurf", ""],
        ],
    )
    ergebnis = importieren(welt, datei, art="konzepte", trocken=True)
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert [z.aktion for z in ergebnis.zeilen] == ["neu"] * 4
    assert not Sozialraumkonzept.objects.exists()  # a dry run writes nothing

    ergebnis = importieren(welt, datei, art="konzepte")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert _konzepte() == [
        ("ADE", 1, "beschlossen", datetime.date(2012, 3, 12)),
        ("ADE", 2, "beschlossen", datetime.date(2013, 2, 1)),
        ("GEL", 1, "entwurf", None),
    ]
    v2 = Sozialraumkonzept.objects.get(sozialraum=welt.a, version=2)
    # the new version dropped the Ziel Z2 of version 1, which it had copied
    assert [(z.kennung, z.titel) for z in v2.ziele.all()] == [("ADE-K2-Z1", "A neu")]
    assert Ziel.objects.get(konzept__version=1, nummer=2).beschreibung == "mehr Text"

    # the same file again: nothing changes
    ergebnis = importieren(welt, datei, art="konzepte")
    assert [z.aktion for z in ergebnis.zeilen] == ["unverändert"] * 4


def test_beschlossenes_konzept_ist_unveraenderlich_und_versionen_der_reihe_nach(welt):
    erst = _tabelle(
        KONZEPT_KOPF, [["ADE", 1, "12.03.2012", "", "", "ADE-K1-Z1", "A", ""]]
    )
    assert not importieren(welt, erst, art="konzepte").hat_fehler
    vorher = _konzepte()
    anders = _tabelle(
        KONZEPT_KOPF, [["ADE", 1, "12.03.2012", "", "", "ADE-K1-Z1", "B", ""]]
    )
    ergebnis = importieren(welt, anders, art="konzepte")
    assert [(z, s) for z, s, _ in ergebnis.fehlerliste()] == [(2, "Kennung")]
    assert "unveränderlich" in ergebnis.fehlerliste()[0][2]
    luecke = _tabelle(KONZEPT_KOPF, [["ADE", 3, "", "", "", "ADE-K3-Z1", "A", ""]])
    ergebnis = importieren(welt, luecke, art="konzepte")
    assert [(z, s) for z, s, _ in ergebnis.fehlerliste()] == [(2, "Version")]
    assert "nächste Version von ADE ist 2" in ergebnis.fehlerliste()[0][2]
    assert _konzepte() == vorher


@pytest.mark.parametrize(
    ("zeile", "spalte", "text"),
    [
        (["ADE", 1, "", "", "", "GEL-K1-Z1", "A", ""], "Kennung", "passt nicht"),
        (["ADE", 1, "", "", "", "ADE-1-2", "A", ""], "Kennung", "keine Kennung"),
        (["ADE", 1, "", "", "", "ADE-K1-Z1", "", ""], "Ziel", "Titel"),
        (["ADE", 1, "", "", "", "ADE-K1-Z0", "A", ""], "Kennung", "1 und 999"),
        (["ADE", 1, "", "", "", "ADE-K1-Z40000", "A", ""], "Kennung", "1 und 999"),
        (["XYZ", 1, "", "", "", "", "", ""], "Sozialraum", "Unbekannter Sozialraum"),
        (["ADE", 0, "", "", "", "", "", ""], "Version", "zwischen 1 und 999"),
        (["ADE", 1, "31.02.2012", "", "", "", "", ""], "Beschlossen am", "kein"),
        (
            ["ADE", 1, "01.01.2999", "", "", "ADE-K1-Z1", "A", ""],
            "Beschlossen am",
            "Zukunft",
        ),
        (["ADE", 1, "01.01.2012", "", "", "", "", ""], "Kennung", "keine Ziele"),
    ],
)
def test_konzept_fehler_nennen_ihre_spalte_und_schreiben_nichts(
    welt, zeile, spalte, text
):
    ergebnis = importieren(welt, _tabelle(KONZEPT_KOPF, [zeile]), art="konzepte")
    fehler = ergebnis.fehlerliste()
    assert [s for _z, s, _t in fehler] == [spalte], fehler
    assert text in fehler[0][2]
    assert not Sozialraumkonzept.objects.exists()


def test_ein_ziel_doppelt_nennt_seine_kennung(welt):
    """ADE-K1-Z01 is ADE-K1-Z1: the file's check goes by the numbers."""
    datei = _tabelle(
        KONZEPT_KOPF,
        [
            ["ADE", 1, "", "", "", "ADE-K1-Z1", "A", ""],
            ["ADE", 1, "", "", "", "ade-K1-Z01", "B", ""],
        ],
    )
    ergebnis = importieren(welt, datei, art="konzepte")
    assert ergebnis.fehlerliste() == [
        (3, "Kennung", "Das Ziel ADE-K1-Z1 steht schon in Zeile 2.")
    ]
    assert not Sozialraumkonzept.objects.exists()


def test_konzept_zeilen_desselben_konzepts_muessen_uebereinstimmen(welt):
    datei = _tabelle(
        KONZEPT_KOPF,
        [
            ["ADE", 1, "12.03.2012", "", "", "ADE-K1-Z1", "A", ""],
            ["ADE", 1, "13.03.2012", "", "", "ADE-K1-Z2", "B", ""],
            ["ADE", 1, "", "", "", "ADE-K1-Z1", "C", ""],
        ],
    )
    fehler = importieren(welt, datei, art="konzepte").fehlerliste()
    assert [(z, s) for z, s, _ in fehler] == [(3, "Beschlossen am"), (4, "Kennung")]
    assert "Zeile 2" in fehler[0][2] and "Zeile 2" in fehler[1][2]
    assert not Sozialraumkonzept.objects.exists()


def test_konzept_angaben_gehoeren_in_die_erste_zeile(welt):
    datei = _tabelle(
        KONZEPT_KOPF,
        [
            ["ADE", 1, "", "", "", "ADE-K1-Z1", "A", ""],
            ["ADE", 1, "12.03.2012", "Kinder", "", "ADE-K1-Z2", "B", ""],
        ],
    )
    fehler = importieren(welt, datei, art="konzepte").fehlerliste()
    assert [(z, s) for z, s, _ in fehler] == [(3, "Beschlossen am"), (3, "Zielgruppen")]
    assert all("in seine erste Zeile (Zeile 2)" in t for _z, _s, t in fehler)
    assert not Sozialraumkonzept.objects.exists()


def test_ein_ziel_das_antraege_nennen_entfaellt_nicht(welt):
    konzept = sozialraum_services.konzept_neue_version(sozialraum=welt.a)
    sozialraum_services.konzept_entwurf_setzen(
        konzept=konzept, zielgruppen="", problemlagen="", ziele=[(1, "A", "")]
    )
    from antraege.tests.factories import entwurf

    antrag = entwurf(welt)
    antrag.ziele.add(konzept.ziele.get())
    datei = _tabelle(KONZEPT_KOPF, [["ADE", 1, "", "", "", "ADE-K1-Z2", "B", ""]])
    fehler = importieren(welt, datei, art="konzepte").fehlerliste()
    assert [(z, s) for z, s, _ in fehler] == [(2, "Kennung")]
    assert "ADE-K1-Z1 nennen Anträge" in fehler[0][2]
    assert list(konzept.ziele.values_list("nummer", flat=True)) == [1]


# --- Verteilungsschlüssel -----------------------------------------------------------


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("3120", "3120"),
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("12.5", "12.5"),
        (7, "7"),
        (0.25, "0.25"),
        ("0,0001", "0.0001"),
    ],
)
def test_gewichte_lesen_und_schreiben(roh, erwartet):
    gewicht = gewicht_lesen(roh)
    assert gewicht == Decimal(erwartet)
    assert gewicht_lesen(gewicht_text(gewicht)) == gewicht


@pytest.mark.parametrize("roh", ["-1", "1,00001", "abc", "1.23,4", True, ""])
def test_unsinnige_gewichte(roh):
    from austausch.dateien import WertFehler

    with pytest.raises(WertFehler):
        gewicht_lesen(roh)


def test_schluessel_neu_unveraendert_geaendert_und_nach_gebrauch_eingefroren(welt):
    datei = _tabelle(
        SCHLUESSEL_KOPF,
        [
            [
                "junge-menschen",
                "Junge Menschen",
                "gewichte",
                "sozialraum",
                JAHR,
                "",
                "ADE:3120|GEL:1040,5",
            ],
            ["regionen", "Regionen", "Prozent", "Region", JAHR, 1, "R1:40|R2:35|R3:25"],
        ],
    )
    ergebnis = importieren(welt, datei, art="schluessel")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert [z.aktion for z in ergebnis.zeilen] == ["neu", "neu"]
    schluessel = Verteilungsschluessel.objects.get(name="junge-menschen")
    assert sorted(
        (a.sozialraum.kuerzel, a.gewicht) for a in schluessel.anteile.all()
    ) == [("ADE", Decimal("3120.0000")), ("GEL", Decimal("1040.5000"))]
    ergebnis = importieren(welt, datei, art="schluessel")
    assert [z.aktion for z in ergebnis.zeilen] == ["unverändert", "unverändert"]

    geaendert = datei.replace(b"1040,5", b"1040")
    ergebnis = importieren(welt, geaendert, art="schluessel")
    assert [z.aktion for z in ergebnis.zeilen] == ["geändert", "unverändert"]

    # used by an allocation: frozen
    budgets.zuweisen(
        budgetart=budgets.Budgetart.objects.get(code="projektmittel"),
        haushaltsjahr=JAHR,
        gesamtbetrag=Decimal("4160.00"),
        schluessel_name="junge-menschen",
    )
    ergebnis = importieren(welt, datei, art="schluessel")
    fehler = ergebnis.fehlerliste()
    assert [(z, s) for z, s, _ in fehler] == [(2, "Anteile")]
    assert "unveränderlich" in fehler[0][2]
    assert schluessel.anteile.get(sozialraum=welt.b).gewicht == Decimal("1040")


@pytest.mark.parametrize(
    ("zeile", "spalte", "text"),
    [
        (["k", "K", "prozent", "region", JAHR, "", "R1:40|R2:50"], "Anteile", "90 %"),
        (["k", "K", "gewichte", "region", JAHR, "", "ADE:1"], "Anteile", "passt nicht"),
        (
            ["k", "K", "gewichte", "sozialraum", JAHR, "", "ADE:1|ADE:2"],
            "Anteile",
            "doppelt",
        ),
        (
            ["k", "K", "gewichte", "sozialraum", JAHR, "", "XYZ:1"],
            "Anteile",
            "Unbekannter Sozialraum",
        ),
        (["k", "K", "gewichte", "sozialraum", JAHR, "", ""], "Anteile", "Bitte"),
        (["k", "K", "quer", "sozialraum", JAHR, "", "ADE:1"], "Art", "Unbekannte Art"),
        (
            ["k", "K", "gewichte", "land", JAHR, "", "ADE:1"],
            "Verteilt auf",
            "Unbekannte",
        ),
        (["k k", "K", "gewichte", "sozialraum", JAHR, "", "ADE:1"], "Name", ""),
        (
            ["gleich", "K", "gewichte", "sozialraum", JAHR, "", "ADE:1"],
            "Name",
            "nach Köpfen",
        ),
        (
            ["Gleich", "K", "gewichte", "sozialraum", JAHR, "", "ADE:1"],
            "Name",
            "„Gleich“ ist die Verteilung nach Köpfen, kein Name.",
        ),
        (
            ["k", "K", "gewichte", "sozialraum", JAHR, "", "ADE:1|"],
            "Anteile",
            "Ein „|“ zu viel: zwischen zwei „|“ steht je ein Eintrag wie ADE:3120, "
            "am Anfang und am Ende keines.",
        ),
        (["k", "K", "gewichte", "sozialraum", "", "", "ADE:1"], "Gültig ab", ""),
    ],
)
def test_schluessel_fehler_nennen_ihre_spalte_und_schreiben_nichts(
    welt, zeile, spalte, text
):
    ergebnis = importieren(welt, _tabelle(SCHLUESSEL_KOPF, [zeile]), art="schluessel")
    fehler = ergebnis.fehlerliste()
    assert [s for _z, s, _t in fehler] == [spalte], fehler
    assert text in fehler[0][2]
    assert not Verteilungsschluessel.objects.exists()


# --- Round trip over all six kinds -------------------------------------------------


def _alles_anlegen(welt):
    """Every kind: Träger, Konzepte (two versions, a draft), keys on both
    levels (a percentage, weights in two yearly versions), allocations by
    those keys, applications in every state."""
    Traeger.objects.create(name="=Träger", anschrift="Am Markt 1\n21335 Lüneburg")
    for sozialraum, versionen in ((welt.a, 2), (welt.b, 1)):
        for v in range(1, versionen + 1):
            konzept = sozialraum_services.konzept_neue_version(sozialraum=sozialraum)
            sozialraum_services.konzept_entwurf_setzen(
                konzept=konzept,
                zielgruppen=f"Zielgruppen {v}",
                problemlagen="-Problem",
                ziele=[
                    (1, "Beteiligung", "Kinder reden mit"),
                    (v + 1, f"Ziel {v}", ""),
                ],
            )
            sozialraum_services.konzept_beschliessen(
                konzept=konzept, beschlossen_am=datetime.date(JAHR - 1, 3, v)
            )
    entwurf = sozialraum_services.konzept_neue_version(sozialraum=welt.b)
    sozialraum_services.konzept_entwurf_setzen(
        konzept=entwurf, zielgruppen="neu", problemlagen="", ziele=[]
    )
    sozialraeume = list(Sozialraum.objects.order_by("pk"))
    for version, faktor in ((1, 1), (2, 3)):
        budgets.schluessel_speichern(
            name="junge-menschen",
            bezeichnung="Junge Menschen unter 21",
            art="gewichte",
            ebene="sozialraum",
            gueltig_ab=JAHR - 1,
            version=version,
            anteile=[
                (s, Decimal(100 * i + faktor) / 4) for i, s in enumerate(sozialraeume)
            ],
        )
    budgets.schluessel_speichern(
        name="regionen",
        bezeichnung="Regionen nach Fläche",
        art="prozent",
        ebene="region",
        gueltig_ab=JAHR,
        anteile=list(
            zip(
                Region.objects.order_by("nummer"),
                map(Decimal, ["40", "35", "25"]),
                strict=True,
            )
        ),
    )
    budgets.zuweisen(
        budgetart=budgets.Budgetart.objects.get(code="projektmittel"),
        haushaltsjahr=JAHR,
        gesamtbetrag=Decimal("50000.00"),
        schluessel_name="junge-menschen",
        text="nach jungen Menschen",
    )
    budgets.zuweisen(
        budgetart=budgets.Budgetart.objects.get(code="regional1"),
        haushaltsjahr=JAHR,
        gesamtbetrag=Decimal("9000.00"),
        schluessel_name="regionen",
    )
    _bestand(welt)
    gesperrt(welt, jahr=2013, quartal=1, neu=3)
    gemeldet(welt, jahr=2013, quartal=2, abgeschlossen=20)
    gemeldet(welt, welt.b, jahr=2014, quartal=4, beratung=1250)


ARTEN = list(RESSOURCEN)


def _alle_exporte():
    return {
        (art, format): services.exportieren(art=art, format=format)
        for art in ARTEN
        for format in ("csv", "xlsx")
    }


def test_runder_weg_aller_sechs_arten_in_eine_leere_datenbank(welt):
    traeger = Traeger.objects.count()  # the Sozialraumbüros' (welt)
    with transaction.atomic():
        _alles_anlegen(welt)
        vorher = _alle_exporte()
        anzahl = (
            Antrag.objects.count(),
            Verteilung.objects.count(),
            Ziel.objects.count(),
            Verteilungsschluessel.objects.count(),
            Quartalsmeldung.objects.count(),
        )
        transaction.set_rollback(True)
    assert not Sozialraumkonzept.objects.exists() and not Buchung.objects.exists()
    assert (
        not Verteilungsschluessel.objects.exists()
        and Traeger.objects.count() == traeger
    )
    # every file has rows, the Konzepte one row per Ziel plus the draft without
    assert all(
        datei.count(b"\r\n") > 1 for (_a, f), datei in vorher.items() if f == "csv"
    )

    for format in ("csv", "xlsx"):
        with transaction.atomic():
            for art in ARTEN:  # in the documented order
                ergebnis = importieren(
                    welt, vorher[(art, format)], art=art, name=f"{art}.{format}"
                )
                assert not ergebnis.hat_fehler, (art, format, ergebnis.fehlerliste())
            # (bookings may differ: a file carries an application's sums, not
            # each of its payments; docs/austausch.md)
            assert (
                Antrag.objects.count(),
                Verteilung.objects.count(),
                Ziel.objects.count(),
                Verteilungsschluessel.objects.count(),
                Quartalsmeldung.objects.count(),
            ) == anzahl
            for (art, f), datei in vorher.items():
                nachher = services.exportieren(art=art, format=f)
                if f == "csv":
                    assert nachher == datei, (format, art)
                else:
                    assert _zellen(nachher) == _zellen(datei), (format, art)
            transaction.set_rollback(True)


# --- Template files -----------------------------------------------------------------


@pytest.mark.parametrize("art", ARTEN)
def test_vorlage_hat_kopf_beispiel_und_erklaerung_aus_den_spalten(art):
    mappe = openpyxl.load_workbook(io.BytesIO(vorlage.vorlage(art)))
    daten, erklaerung = mappe.worksheets
    zeilen = list(daten.iter_rows(values_only=True))
    spalten = RESSOURCEN[art].spaltennamen()
    assert list(zeilen[0]) == spalten
    assert len(zeilen) == 2 and any(zeilen[1])
    erklaert = list(erklaerung.iter_rows(values_only=True))
    assert erklaert[0][:3] == ("Spalte", "Pflicht", "Inhalt")
    assert [z[0] for z in erklaert[1 : len(spalten) + 1]] == spalten
    assert all(z[2] for z in erklaert[1 : len(spalten) + 1])


def test_vorlagen_beispiele_importieren_sich_der_reihe_nach(welt):
    budgets_fuellen()  # the example allocation is not the only money
    for art in ARTEN:
        datei = vorlage.vorlage(art)
        ergebnis = importieren(welt, datei, art=art, trocken=True, name="v.xlsx")
        assert not ergebnis.hat_fehler, (art, ergebnis.fehlerliste())
        assert [z.aktion for z in ergebnis.zeilen] == ["neu"], art
        # really, so the next kind's example finds what it names
        assert not importieren(welt, datei, art=art, name="v.xlsx").hat_fehler


def test_vorlage_der_antraege_erklaert_die_pflicht_je_status():
    mappe = openpyxl.load_workbook(io.BytesIO(vorlage.vorlage("antraege")))
    zeilen = list(mappe.worksheets[1].iter_rows(values_only=True))
    # the column list above names these columns anyway: read the table itself
    beginn = zeilen.index(("Status", "Pflichtspalten", None))
    tabelle = {z[0]: z[1] for z in zeilen[beginn + 1 :] if z[0] and z[1]}
    assert tabelle.pop("Hinweis")
    assert list(tabelle) == ["(jeder)", *(s for s, _t in vorlage.PFLICHT_JE_STATUS)]
    assert {s.label for s in Status} == {
        n for s, _t in vorlage.PFLICHT_JE_STATUS for n in s.split(", ")
    }
    for spalte in ("Ausgangslage", "Zielsetzung", "Maßnahme", "Zielgruppe"):
        assert spalte in tabelle["Eingereicht"]
    assert "Ziele" in tabelle["Geprüft"] and "Bewilligt" in tabelle["Bewilligt"]


def test_seite_bietet_vorlagen_und_alle_arten(client, welt):
    client.force_login(welt.fd51)
    seite = client.get(reverse("austausch:austausch")).content.decode()
    for art, r in RESSOURCEN.items():
        assert reverse("austausch:vorlage", args=[art]) in seite
        assert r.titel in seite
    antwort = client.get(reverse("austausch:vorlage", args=["antraege"]))
    assert antwort.status_code == 200
    assert "vorlage-antraege.xlsx" in antwort["Content-Disposition"]
    openpyxl.load_workbook(io.BytesIO(antwort.content))
    assert client.get("/austausch/vorlage/unsinn/").status_code == 404
    client.force_login(welt.leitung_a)
    assert (
        client.get(reverse("austausch:vorlage", args=["antraege"])).status_code == 403
    )


def test_kommandos_kennen_die_neuen_arten(welt, tmp_path):
    datei = tmp_path / "k.csv"
    datei.write_bytes(
        _tabelle(KONZEPT_KOPF, [["ADE", 1, "12.03.2012", "", "", "ADE-K1-Z1", "A", ""]])
    )
    call_command(
        "import_antraege", str(datei), "--art", "konzepte", "--als", welt.fd51.email
    )
    assert _konzepte() == [("ADE", 1, "beschlossen", datetime.date(2012, 3, 12))]
    aus = tmp_path / "s.xlsx"
    call_command(
        "export_antraege", "--art", "konzepte", "--format", "xlsx", "--out", str(aus)
    )
    assert _zellen(aus.read_bytes())[1][5] == ("ADE-K1-Z1", "s")
    assert Verteilung.objects.count() == 0
