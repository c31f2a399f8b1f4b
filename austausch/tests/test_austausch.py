"""Import and export (antraege/austausch): all or nothing, through the services,
files as German offices send them, the round trip, the page and the commands."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from antraege.models import Antrag, Beschluss, Sitzung, Status, Statuswechsel
from antraege.services import anteil_zustimmen, antrag_uebergang
from antraege.tests.factories import (
    JAHR,
    SITZUNGSTAG,
    antrag_im_status,
    budgets_fuellen,
    entwurf,
    ziel_fuer,
)
from antraege.workflow import Aktion
from austausch import dateien, services
from austausch.escaper import entschaerfen
from austausch.ressourcen import AntragRessource
from betrieb import auftraege
from betrieb.models import Auftrag
from betrieb.tests.warteschlange import WARTESCHLANGE, abarbeiten
from budgets import services as budgets
from budgets.models import Buchung, Budget, Budgetart, Jahresabschluss
from budgets.selectors import zahlen_von
from konten.models import Rolle
from sozialraum import massen
from sozialraum.models import Traeger
from sozialraum.tests.factories import benutzer_mit_rolle

HEUTE = SITZUNGSTAG.strftime("%d.%m.%Y")
SPALTEN = AntragRessource.spaltennamen()


def zaehlen():
    """Everything an import may write."""
    return (
        Antrag.objects.count(),
        Statuswechsel.objects.count(),
        Beschluss.objects.count(),
        Sitzung.objects.count(),
        Buchung.objects.count(),
        Traeger.objects.count(),
    )


def zeile(**werte):
    """An application row (CSV text values) that imports as it is."""
    basis = {
        "Antragsnummer": "",
        "Haushaltsjahr": str(JAHR),
        "Budgetart": "projektmittel",
        "Sozialraum/Region": "ADE",
        "Antragsteller": "Sportverein Adendorf e. V.",
        "Titel": "Ferienprogramm",
        "Zielgruppe": "Kinder von 6 bis 10 Jahren",
        "Themenfelder": "Kinder- und Jugendhilfe",
        "Ziele": "",
        "Beginn": f"01.03.{JAHR}",
        "Ende": f"31.10.{JAHR}",
        "Ausgangslage": "Im Ort fehlen Ferienangebote.",
        "Zielsetzung": "Gemeinsame Ferienwochen.",
        "Maßnahme": "Zwei Ferienwochen.",
        "Gesamtkosten": "3.000,00",
        "Beantragt": "2.000,00",
        "Eigenanteil": "1.000,00",
        "Als Eigenanteil": "nein",
        "Angelegt am": HEUTE,
        "Status": "Eingereicht",
    }
    basis.update(werte)
    return basis


def bewilligt(**werte):
    basis = {
        "Status": "Bewilligt",
        "Sitzung": HEUTE,
        "Landkreis vertreten": "ja",
        "Beschluss": "bewilligt",
    }
    return zeile(**{**basis, **werte})


def als_csv(zeilen, trenner=";", kodierung="utf-8-sig"):
    puffer = io.StringIO()
    schreiber = csv.DictWriter(puffer, fieldnames=SPALTEN, delimiter=trenner)
    schreiber.writeheader()
    for z in zeilen:
        schreiber.writerow(z)
    return puffer.getvalue().encode(kodierung)


def als_xlsx(zeilen, spalten=None, roh=False):
    """A real XLSX file (openpyxl); with `roh`, rows are lists of cell values."""
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(spalten or SPALTEN)
    for z in zeilen:
        blatt.append(z if roh else [z.get(s, "") for s in SPALTEN])
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def importieren(welt, inhalt, art="antraege", trocken=False, name="datei.csv"):
    return services.importieren(
        art=art, inhalt=inhalt, dateiname=name, durch=welt.fd51, trocken=trocken
    )


@pytest.fixture
def bereit(welt):
    """A's Konzept with a Ziel and the Projektmittel of the year."""
    ziel_fuer(welt.a)
    budgets_fuellen()
    return welt


def ziel_kennung(welt):
    return ziel_fuer(welt.a).kennung


# --- All or nothing -----------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_eine_schlechte_zeile_unter_guten_schreibt_nichts(bereit, format):
    k = ziel_kennung(bereit)
    zeilen = [
        bewilligt(Ziele=k, Bewilligt="1.500,00"),
        zeile(Ziele=k),
        zeile(Ziele=k, Beantragt="-5,00"),  # the bad row (line 4)
        bewilligt(
            Ziele=k, Bewilligt="1.000,00", Status="In Auszahlung", Ausgezahlt="200"
        ),
    ]
    inhalt = als_csv(zeilen) if format == "csv" else als_xlsx(zeilen)
    vorher = zaehlen()
    ergebnis = importieren(bereit, inhalt, name=f"a.{format}")
    assert ergebnis.hat_fehler
    assert ergebnis.fehlerliste() == [
        (4, "Beantragt", "Der Betrag darf nicht negativ sein (-5,00)."),
    ]
    assert zaehlen() == vorher
    # the same file without the bad row imports, with its money bound
    zeilen.pop(2)
    inhalt = als_csv(zeilen) if format == "csv" else als_xlsx(zeilen)
    ergebnis = importieren(bereit, inhalt)
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert Antrag.objects.count() == vorher[0] + 3


def test_fehler_erst_in_den_services_rollen_alles_zurueck(bereit):
    """Rows that read well but a service refuses (after other rows were written
    in the same transaction): nothing stays."""
    k = ziel_kennung(bereit)
    vorher = zaehlen()
    ergebnis = importieren(
        bereit,
        als_csv(
            [
                bewilligt(Ziele=k, Bewilligt="1.500,00"),
                # no Ziel: FD 51's check refuses it
                bewilligt(Bewilligt="1.000,00"),
            ]
        ),
    )
    assert [(z, s) for z, s, _ in ergebnis.fehlerliste()] == [(3, "Ziele")]
    assert "Ziele eines beschlossenen" in ergebnis.fehlerliste()[0][2]
    assert zaehlen() == vorher


def test_probelauf_schreibt_nie(bereit):
    vorher = zaehlen()
    ergebnis = importieren(
        bereit,
        als_csv([bewilligt(Ziele=ziel_kennung(bereit), Bewilligt="1.500,00")]),
        trocken=True,
    )
    assert not ergebnis.hat_fehler
    assert ergebnis.anzahl("neu") == 1
    assert zaehlen() == vorher


def test_bewilligung_bindet_und_ueberziehen_ist_ein_zeilenfehler(bereit):
    k = ziel_kennung(bereit)
    budget = Budget.objects.get(haushaltsjahr=JAHR, sozialraum=bereit.a)
    gross = {"Gesamtkosten": "6.000,00", "Beantragt": "6.000,00", "Eigenanteil": ""}
    vorher = zaehlen()
    ergebnis = importieren(
        bereit,
        als_csv(
            [
                bewilligt(Ziele=k, Bewilligt="6.000,00", **gross),
                bewilligt(Ziele=k, Bewilligt="5.000,00", **gross),  # 10.000 in all
            ]
        ),
    )
    ((nr, spalte, text),) = ergebnis.fehlerliste()
    assert nr == 3
    assert "übersteigen die verfügbaren Mittel von 4.000,00" in text
    assert zaehlen() == vorher
    ergebnis = importieren(
        bereit, als_csv([bewilligt(Ziele=k, Bewilligt="6.000,00", **gross)])
    )
    assert not ergebnis.hat_fehler
    assert zahlen_von(budget).gebunden == Decimal("6000.00")
    antrag = Antrag.objects.get()
    assert antrag.status == Status.BEWILLIGT
    anlegen = antrag.statuswechsel.get(aktion=Aktion.ANLEGEN)
    assert anlegen.kommentar == "Import aus Datei datei.csv"
    assert {w.durch for w in antrag.statuswechsel.all()} == {bereit.fd51}


def test_unbekannte_bezuege_und_unsinn_haben_deutsche_meldungen(bereit):
    ergebnis = importieren(
        bereit,
        als_csv(
            [
                zeile(**{"Sozialraum/Region": "XYZ"}),
                zeile(Budgetart="gebunden"),
                zeile(Themenfelder="Raumfahrt"),
                zeile(Beantragt="1,005"),
                zeile(Beantragt="99.999.999.999,00"),
                zeile(Beginn="31.02.2026"),
                zeile(Status="Genehmigt"),
                zeile(Haushaltsjahr="zwanzig"),
            ]
        ),
    )
    meldungen = {(z, s): t for z, s, t in ergebnis.fehlerliste()}
    assert meldungen[(2, "Sozialraum/Region")].startswith(
        "Unbekannter Sozialraum „XYZ“"
    )
    assert meldungen[(3, "Budgetart")].startswith("Unbekannte Budgetart „gebunden“")
    assert meldungen[(4, "Themenfelder")].startswith(
        "Unbekanntes Themenfeld: Raumfahrt"
    )
    assert meldungen[(5, "Beantragt")] == "Höchstens zwei Nachkommastellen (1,005)."
    assert "unplausibel hoch" in meldungen[(6, "Beantragt")]
    assert meldungen[(7, "Beginn")] == "„31.02.2026“ ist kein gültiges Datum."
    assert meldungen[(8, "Status")].startswith("Unbekannter Status „genehmigt“")
    assert meldungen[(9, "Haushaltsjahr")] == "„zwanzig“ ist keine ganze Zahl."


def test_jede_zeile_bekommt_ihr_urteil_auch_neben_fehlerhaften(bereit):
    """Validate all first: a row's step error is found even when another row
    cannot be read, and a good row is checked to the end."""
    ergebnis = importieren(
        bereit,
        als_csv([zeile(Beantragt="viel"), zeile(Status="Geprüft"), zeile()]),
        trocken=True,
    )
    assert [(z, s) for z, s, _ in ergebnis.fehlerliste()] == [
        (2, "Beantragt"),
        (3, "Ziele"),
    ]
    assert ergebnis.zeilen[2].aktion == "neu"
    # row 3 took number 001 before its check refused it (as the services do)
    assert ergebnis.zeilen[2].bezeichnung == f"{JAHR}-ADE-002"


def test_das_journal_wird_am_ende_einmal_geprueft(bereit, monkeypatch):
    """The guard behind the rule: with the overdraft rule switched off, the
    check of the written ledger at the end still refuses, and nothing stays."""
    k = ziel_kennung(bereit)
    gross = {"Gesamtkosten": "6.000,00", "Beantragt": "6.000,00", "Eigenanteil": ""}
    datei = als_csv(
        [
            bewilligt(Ziele=k, Bewilligt="6.000,00", **gross),
            bewilligt(Ziele=k, Bewilligt="5.000,00", **gross),  # 10.000 in all
        ]
    )
    monkeypatch.setattr(budgets, "_ueberziehung_pruefen", lambda *a, **kw: None)
    vorher = zaehlen()
    ergebnis = importieren(bereit, datei)
    ((nr, spalte, text),) = ergebnis.fehlerliste()
    assert text.startswith("Der Import wurde beim Schreiben abgebrochen: ")
    assert "überziehen" in text
    assert zaehlen() == vorher
    # the dry run checks the figures in memory the same way
    probe = importieren(bereit, datei, trocken=True)
    assert "überziehen" in probe.fehlerliste()[0][2]


def test_veto_gibt_geld_fuer_eine_spaetere_bewilligung_derselben_datei_frei(bereit):
    k = ziel_kennung(bereit)
    gross = {"Gesamtkosten": "6.000,00", "Beantragt": "6.000,00", "Eigenanteil": ""}
    frueher = SITZUNGSTAG - datetime.timedelta(days=30)
    datum = frueher.strftime("%d.%m.%Y")
    veto = bewilligt(
        Ziele=k,
        Bewilligt="6.000,00",
        Status="Veto",
        Begründung="Nicht förderfähig.",
        Sitzung=datum,
        **gross,
        **{
            "Angelegt am": (frueher - datetime.timedelta(days=10)).strftime("%d.%m.%Y"),
            "Status seit": (frueher + datetime.timedelta(days=3)).strftime("%d.%m.%Y"),
        },
    )
    spaeter = bewilligt(Ziele=k, Bewilligt="6.000,00", Titel="Zeltlager", **gross)
    ergebnis = importieren(bereit, als_csv([spaeter, veto]))
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    budget = Budget.objects.get(haushaltsjahr=JAHR, sozialraum=bereit.a)
    assert zahlen_von(budget).gebunden == Decimal("6000.00")
    assert zahlen_von(budget).verfuegbar == Decimal("4000.00")


def test_abgeschlossenes_jahr_wird_klar_abgelehnt(bereit):
    Jahresabschluss.objects.create(haushaltsjahr=JAHR - 1)
    ergebnis = importieren(bereit, als_csv([zeile(Haushaltsjahr=str(JAHR - 1))]))
    ((_, spalte, text),) = ergebnis.fehlerliste()
    assert spalte == "Haushaltsjahr"
    assert f"Das Haushaltsjahr {JAHR - 1} ist abgeschlossen" in text


def test_nummer_bleibt_und_der_nummernkreis_springt_darueber(bereit):
    nummer = f"{JAHR}-ADE-041"
    ergebnis = importieren(bereit, als_csv([zeile(Antragsnummer=nummer)]))
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert Antrag.objects.filter(nummer=nummer).exists()
    assert entwurf(bereit).nummer == f"{JAHR}-ADE-042"
    ergebnis = importieren(bereit, als_csv([zeile(Antragsnummer=nummer)]))
    assert ergebnis.fehlerliste() == [
        (2, "Antragsnummer", f"Die Antragsnummer {nummer} ist schon vergeben.")
    ]
    ergebnis = importieren(bereit, als_csv([zeile(Antragsnummer=f"{JAHR}-GEL-001")]))
    assert "passt nicht zu Haushaltsjahr" in ergebnis.fehlerliste()[0][2]


def test_ausnahme_der_sitzung_nur_mit_begruendung(bereit):
    k = ziel_kennung(bereit)
    ohne = bewilligt(Ziele=k, Bewilligt="100,00", **{"Landkreis vertreten": "nein"})
    ergebnis = importieren(bereit, als_csv([ohne]))
    ((_, spalte, text),) = ergebnis.fehlerliste()
    assert spalte == "Ausnahme"
    assert "Fachdienst 51: der Landkreis war nicht vertreten." in text
    assert "weil" not in text
    mit = dict(ohne, Ausnahme="Protokoll liegt vor; Vertretung entschuldigt.")
    ergebnis = importieren(bereit, als_csv([mit]))
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    sitzung = Sitzung.objects.get()
    assert sitzung.ausnahme_von == bereit.fd51
    assert sitzung.ausnahme_begruendung.startswith("Protokoll liegt vor")


def test_ohne_ziel_nennt_die_spalte_ziele_und_rat_fuer_die_datei(bereit):
    ergebnis = importieren(bereit, als_csv([zeile(Status="Geprüft")]))
    ((_, spalte, text),) = ergebnis.fehlerliste()
    assert spalte == "Ziele"
    assert "Kennungen der Ziele" in text
    assert "Rückfrage" not in text  # advice for the screen, not for a file


def test_veto_nach_der_frist_nennt_die_spalte_status_seit(bereit):
    sitzung = SITZUNGSTAG - datetime.timedelta(days=40)
    zu_spaet = bewilligt(
        Ziele=ziel_kennung(bereit),
        Bewilligt="100,00",
        Status="Veto",
        Begründung="Nicht förderfähig.",
        Sitzung=sitzung.strftime("%d.%m.%Y"),
        **{
            "Angelegt am": (sitzung - datetime.timedelta(days=20)).strftime("%d.%m.%Y"),
            "Status seit": (SITZUNGSTAG - datetime.timedelta(days=5)).strftime(
                "%d.%m.%Y"
            ),
        },
    )
    ergebnis = importieren(bereit, als_csv([zu_spaet]))
    ((_, spalte, text),) = ergebnis.fehlerliste()
    assert spalte == "Status seit"
    assert text.startswith("Die Vetofrist ist am ")


# The bulk path (issue 14): lookups once per file, steps in memory, no query
# per row. A dry run writes nothing, so its count is the same for 20 and 200.
def test_abfragen_eines_imports_wachsen_nicht_mit_den_zeilen(bereit):
    k = ziel_kennung(bereit)

    def abfragen(anzahl):
        zeilen = [
            bewilligt(
                Titel=f"Ferienprogramm {i}",
                Ziele=k,
                Gesamtkosten="40,00",
                Beantragt="40,00",
                Eigenanteil="",
                Bewilligt="40,00",
            )
            for i in range(anzahl)
        ]
        gezaehlt = []

        def zaehlen_(execute, sql, params, many, context):
            # counted here: CaptureQueriesContext keeps only the last 9.000
            gezaehlt.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(zaehlen_):
            ergebnis = importieren(bereit, als_csv(zeilen), trocken=True)
        if ergebnis.hat_fehler:  # not an AssertionError: a real failure
            raise RuntimeError(ergebnis.fehlerliste()[:3])
        return gezaehlt

    abfragen(1)  # the user's roles are read once and kept on the user object
    viele, wenige = abfragen(200), abfragen(20)
    assert len(viele) == len(wenige), "\n".join(viele[: len(viele) - len(wenige)])


def test_dieselbe_liste_zweimal_ist_ein_fehler_ausser_die_datei_sagt_dublette(bereit):
    k = ziel_kennung(bereit)
    liste = [zeile(), bewilligt(Ziele=k, Bewilligt="100,00", Titel="Zeltlager")]
    assert not importieren(bereit, als_csv(liste)).hat_fehler
    vorher = zaehlen()
    probe = importieren(bereit, als_csv(liste), trocken=True)
    nummern = list(Antrag.objects.order_by("pk").values_list("nummer", flat=True))
    assert [(z, s) for z, s, _ in probe.fehlerliste()] == [
        (2, "Dublette"),
        (3, "Dublette"),
    ]
    assert probe.fehlerliste()[0][2].startswith(
        f"Den Antrag gibt es schon als {nummern[0]}"
    )
    assert importieren(bereit, als_csv(liste)).hat_fehler
    assert zaehlen() == vorher
    # another amount, title or year is another application
    anders = [zeile(Beantragt="1.999,00", Eigenanteil="1.001,00")]
    assert not importieren(bereit, als_csv(anders), trocken=True).hat_fehler
    # the file says: it is a further application
    kopf = [*SPALTEN, "Dublette"]
    gewollt = _tabelle(kopf, [[*(zeile().get(s, "") for s in SPALTEN), "ja"]])
    ergebnis = importieren(bereit, gewollt)
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert Antrag.objects.count() == 3


def test_nur_fd51_importiert(bereit):
    ergebnis = services.importieren(
        art="antraege",
        inhalt=als_csv([zeile()]),
        dateiname="a.csv",
        durch=bereit.leitung_a,
        trocken=False,
    )
    assert ergebnis.dateifehler == "Importieren darf nur der Fachdienst 51."
    assert not Antrag.objects.exists()


# --- Files as they come -------------------------------------------------------------


@pytest.mark.parametrize(
    ("trenner", "kodierung"),
    [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), (",", "cp1252")],
)
def test_csv_trenner_und_kodierung_werden_erkannt(bereit, trenner, kodierung):
    inhalt = als_csv(
        [zeile(Antragsteller="Förderverein Grundschule Ölstorf e. V.")],
        trenner=trenner,
        kodierung=kodierung,
    )
    ergebnis = importieren(bereit, inhalt)
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert (
        Antrag.objects.get().antragsteller == "Förderverein Grundschule Ölstorf e. V."
    )


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234", "1234.00"),
        ("1.234.567", "1234567.00"),
        ("1,5", "1.50"),
        ("100.031,00 €", "100031.00"),
        (" 12 ", "12.00"),
        (1234.56, "1234.56"),  # an XLSX number cell (float)
        (0.1 + 0.2, None),  # 0.30000000000000004: more than two places
        (1234, "1234.00"),
        (Decimal("5.5"), "5.50"),
    ],
)
def test_betraege(roh, erwartet):
    if erwartet is None:
        with pytest.raises(dateien.WertFehler, match="Höchstens zwei Nachkommastellen"):
            dateien.betrag(roh)
    else:
        assert dateien.betrag(roh) == Decimal(erwartet)


@pytest.mark.parametrize(
    "roh", ["-1,00", "1,2,3", "abc", "1.23.4", "NaN", "1e5", "12,345", True]
)
def test_unsinnige_betraege(roh):
    with pytest.raises(dateien.WertFehler):
        dateien.betrag(roh)


@pytest.mark.parametrize(
    ("roh", "erwartet"),
    [
        ("24.09.2013", datetime.date(2013, 9, 24)),
        ("4.9.2013", datetime.date(2013, 9, 4)),
        ("2013-09-24", datetime.date(2013, 9, 24)),
        (datetime.datetime(2013, 9, 24), datetime.date(2013, 9, 24)),
        ("", None),
    ],
)
def test_daten(roh, erwartet):
    assert dateien.datum(roh) == erwartet


@pytest.mark.parametrize("roh", ["24.09.13", "2013-13-01", 41541, "morgen"])
def test_unsinnige_daten(roh):
    with pytest.raises(dateien.WertFehler):
        dateien.datum(roh)


def test_xlsx_mit_zahlen_und_datumszellen(bereit):
    """As Excel and LibreOffice save it: numbers and dates as typed cells."""
    k = ziel_kennung(bereit)
    werte = bewilligt(Ziele=k)
    werte.update(
        {
            "Haushaltsjahr": JAHR,
            "Gesamtkosten": 3000.0,
            "Beantragt": 2000,
            "Eigenanteil": 1000.0,
            "Bewilligt": 1234.56,
            "Beginn": datetime.datetime(JAHR, 3, 1),
            "Ende": datetime.date(JAHR, 10, 31),
            "Angelegt am": datetime.datetime.combine(SITZUNGSTAG, datetime.time()),
            "Sitzung": datetime.datetime.combine(SITZUNGSTAG, datetime.time()),
            "Ja": 9,
            "Nein": 0.0,
        }
    )
    ergebnis = importieren(bereit, als_xlsx([werte]), name="a.xlsx")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    antrag = Antrag.objects.get()
    assert antrag.bewilligt == Decimal("1234.56")
    assert antrag.beginn == datetime.date(JAHR, 3, 1)
    assert antrag.beschluesse.get().ja == 9


def test_xlsx_float_mit_drei_nachkommastellen_wird_abgelehnt(bereit):
    werte = zeile()
    werte["Beantragt"] = 2000.005
    ergebnis = importieren(bereit, als_xlsx([werte]), name="a.xlsx")
    assert ergebnis.fehlerliste() == [
        (2, "Beantragt", "Höchstens zwei Nachkommastellen (2000,005).")
    ]


def test_xlsx_zellen_kommen_wie_bei_openpyxl():
    """The reader (python-calamine) gives every cell as openpyxl read it:
    whole numbers as int, date cells as datetime, text-looking numbers as
    text, empty cells as "", the file's line numbers, the first sheet only."""
    mappe = openpyxl.Workbook()
    blatt = mappe.worksheets[0]
    mappe.create_sheet("Erklärung").append(["nicht gelesen"])
    zeilen = [
        [None, "Nr", "Betrag", "Datum", "Text", "Wahr", "Leer"],
        [None, "0123", 1234.56, datetime.date(2013, 9, 24), "  x ", True, None],
        [None, "007", 2000, datetime.datetime(2013, 9, 24, 10, 30), "1.234,56", False],
        [None, 2013, Decimal("12.50"), "24.09.2013", "=A1", None, ""],
        [None, -5, 2000.005, datetime.datetime(2013, 9, 24), "Zürich €\nneu", 0.1],
        [None, 10**16, 1e20, 1.5e-7, "", None, None],
    ]
    blatt.append([])
    blatt.append([])
    for zeile_ in zeilen:
        blatt.append(zeile_)
    blatt["D6"].number_format = "DD.MM.YYYY"
    blatt.cell(row=9, column=4, value=41539).number_format = "dd.mm.yyyy"
    blatt.cell(row=9, column=200, value="zu weit rechts")
    puffer = io.BytesIO()
    mappe.save(puffer)
    inhalt = puffer.getvalue()

    tabelle = dateien.lesen(inhalt, "a.xlsx")

    vergleich = openpyxl.load_workbook(
        io.BytesIO(inhalt), read_only=True, data_only=True
    )
    erwartet = [
        (nr, ["" if w is None else w for w in zeile_])
        for nr, zeile_ in enumerate(
            vergleich.worksheets[0].iter_rows(
                values_only=True, max_col=dateien.MAX_SPALTEN + 1
            ),
            start=1,
        )
        if any(w not in (None, "") for w in zeile_)
    ]
    assert tabelle.kopf == ["", "Nr", "Betrag", "Datum", "Text", "Wahr", "Leer"]
    assert [(nr, werte) for nr, werte in tabelle.zeilen] == erwartet[1:]
    typen = [[type(w) for w in werte] for _nr, werte in tabelle.zeilen]
    assert typen == [[type(w) for w in werte] for _nr, werte in erwartet[1:]]
    assert tabelle.zeilen[0][0] == 4  # the file's line, as the messages name it
    assert tabelle.zeilen[0][1][1:4] == [
        "0123",
        1234.56,
        datetime.datetime(2013, 9, 24),
    ]


def _zip(eintraege):
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        archiv.writestr("[Content_Types].xml", "<Types/>")
        for name, inhalt in eintraege:
            archiv.writestr(name, inhalt)
    return puffer.getvalue()


def test_zip_bombe_wird_vor_dem_entpacken_abgelehnt(bereit):
    # 60 MB of zeros pack into some 60 KB: refused by the entries' sizes
    bombe = _zip([("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))])
    assert len(bombe) < dateien.MAX_BYTES
    ergebnis = importieren(bereit, bombe, name="a.xlsx")
    assert "entpackt 60 MB groß" in ergebnis.dateifehler
    viele = _zip([(f"xl/worksheets/s{i}.xml", b"") for i in range(1001)])
    ergebnis = importieren(bereit, viele, name="a.xlsx")
    assert "1002 Teile" in ergebnis.dateifehler


def test_zu_grosse_und_kaputte_dateien(bereit):
    zu_gross = als_csv([zeile()]) + b" " * dateien.MAX_BYTES
    assert "erlaubt sind höchstens 5 MB" in importieren(bereit, zu_gross).dateifehler
    kaputt = als_xlsx([zeile()])[:500]
    assert "beschädigt" in importieren(bereit, kaputt, name="a.xlsx").dateifehler
    assert importieren(bereit, b"").dateifehler == "Die Datei ist leer."
    fremd = als_csv([zeile()]).replace(b"Titel", b"Projekttitel")
    text = importieren(bereit, fremd).dateifehler
    assert "Unbekannte Spalte „Projekttitel“" in text
    assert "Die Pflichtspalte „Titel“ fehlt" in text


# --- Export and the round trip ------------------------------------------------------


def _bestand(welt):
    """Applications in every state (a cooperation with Drittmittel and texts a
    spreadsheet would run as formulas among them)."""
    sitzung = None
    for status in Status:
        sitzung = antrag_im_status(welt, status, sitzung=sitzung)[1]
    kooperation = entwurf(
        welt,
        titel='=HYPERLINK("http://example.org";"Klick")',
        antragsteller="-Verein+ @Adendorf",
        zielgruppe="+Jugendliche ab 14",
        partner=((welt.b, Decimal("500.00")),),
        drittmittel=(("Aktion Mensch", Decimal("500.00"), "zugesagt"),),
        gesamtkosten=Decimal("3500.00"),
    )
    anteil_zustimmen(antrag=kooperation, durch=welt.leitung_b)
    antrag_uebergang(antrag=kooperation, aktion=Aktion.EINREICHEN, durch=welt.leitung_a)
    budgets_fuellen(code="regional1", gesamt="30000.00")


def _zellen(xlsx):
    mappe = openpyxl.load_workbook(io.BytesIO(xlsx))
    blatt = mappe.worksheets[0]
    return [[(c.value, c.data_type) for c in zeile] for zeile in blatt.iter_rows()]


def test_runder_weg_export_import_export_ist_identisch(welt):
    ziel_fuer(welt.a)
    Traeger.objects.create(name="=Träger", anschrift="Am Markt 1\n21335 Lüneburg")
    with transaction.atomic():
        _bestand(welt)
        dateien_vorher = {
            (art, format): services.exportieren(art=art, format=format)
            for art in ("traeger", "zuweisungen", "antraege")
            for format in ("csv", "xlsx")
        }
        transaction.set_rollback(True)
    Traeger.objects.filter(name="=Träger").delete()
    assert not Antrag.objects.exists() and not Buchung.objects.exists()

    for art in ("traeger", "zuweisungen", "antraege"):
        ergebnis = importieren(welt, dateien_vorher[(art, "csv")], art=art)
        assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert Antrag.objects.count() == len(Status) + 1
    for (art, format), vorher in dateien_vorher.items():
        nachher = services.exportieren(art=art, format=format)
        if format == "csv":
            assert nachher == vorher, art
        else:
            assert _zellen(nachher) == _zellen(vorher), art
    # and from the XLSX files into an empty database again, identically
    with transaction.atomic():
        Traeger.objects.filter(name="=Träger").delete()
        importieren(welt, dateien_vorher[("traeger", "xlsx")], art="traeger")
        assert (
            services.exportieren(art="traeger", format="csv")
            == (dateien_vorher[("traeger", "csv")])
        )
        transaction.set_rollback(True)


def test_massen_schreibt_was_get_db_prep_save_gibt(welt, monkeypatch):
    """The bulk writer's short way (sozialraum.massen._umwandler) gives every
    value of every row an import writes exactly as the field's own
    get_db_prep_save does."""
    ziel_fuer(welt.a)
    with transaction.atomic():
        _bestand(welt)
        datei = services.exportieren(art="antraege", format="csv")
        zuweisungen = services.exportieren(art="zuweisungen", format="csv")
        transaction.set_rollback(True)
    geprueft = {}
    original = massen._zeilen

    def vergleichen(objekte, felder, verbindung):
        spalten = original(objekte, felder, verbindung)
        for feld, werte in zip(felder, spalten, strict=True):
            for objekt, wert in zip(objekte, werte, strict=True):
                if feld.is_relation:
                    roh = getattr(objekt, feld.attname)
                    if roh is None:  # written after the object was made
                        roh = getattr(feld.get_cached_value(objekt, None), "pk", None)
                else:
                    roh = feld.pre_save(objekt, True)
                erwartet = feld.get_db_prep_save(roh, verbindung)
                assert (wert, type(wert)) == (erwartet, type(erwartet)), feld
        geprueft[objekte[0]._meta.label] = len(objekte)
        return spalten

    monkeypatch.setattr(massen, "_zeilen", vergleichen)
    assert not importieren(welt, zuweisungen, art="zuweisungen").hat_fehler
    ergebnis = importieren(welt, datei)
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert {
        "antraege.Antrag",
        "antraege.Statuswechsel",
        "antraege.Beschluss",
        "antraege.Anteil",
        "antraege.Drittmittel",
        "antraege.Tagesordnungspunkt",
        "budgets.Buchung",
    } <= set(geprueft)


def test_export_entschaerft_formeln_und_enthaelt_keine_kontaktdaten(welt):
    ziel_fuer(welt.a)
    _bestand(welt)
    csv_text = services.exportieren(art="antraege", format="csv").decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert zeilen[0] == SPALTEN
    for z in zeilen:
        for zelle in z:
            assert not zelle.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "'=HYPERLINK" in csv_text and "'-Verein+ @Adendorf" in csv_text
    assert "erika@example.org" not in csv_text and "04131" not in csv_text
    assert "Erika Muster" not in csv_text
    for zeile_ in _zellen(services.exportieren(art="antraege", format="xlsx")):
        for wert, typ in zeile_:
            assert typ != "f"
            if isinstance(wert, str):
                assert not wert.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_export_eines_jahres(welt):
    ziel_fuer(welt.a)
    antrag_im_status(welt, Status.BEWILLIGT)
    assert services.export_tabelle(art="antraege", jahr=JAHR)[1]
    assert services.export_tabelle(art="antraege", jahr=JAHR - 1)[1] == []


# --- Zuweisungen and Träger ---------------------------------------------------------


def _tabelle(kopf, zeilen, trenner=";"):
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=trenner)
    schreiber.writerow(kopf)
    schreiber.writerows(zeilen)
    return puffer.getvalue().encode("utf-8")


def test_zuweisungen_ueber_den_service_und_nicht_doppelt(welt):
    kopf = ["Haushaltsjahr", "Budgetart", "Gesamtbetrag", "Schlüssel", "Buchungsdatum"]
    datei = _tabelle(kopf, [[JAHR, "projektmittel", "100.000,00", "gleich", HEUTE]])
    ergebnis = importieren(welt, datei, art="zuweisungen")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    budget = Budget.objects.get(haushaltsjahr=JAHR, sozialraum=welt.a)
    assert zahlen_von(budget).verfuegbar == Decimal("10000.00")
    vorher = zaehlen()
    ergebnis = importieren(welt, datei, art="zuweisungen")
    assert "schon gebucht" in ergebnis.fehlerliste()[0][2]
    assert zaehlen() == vorher
    falsch = _tabelle(
        [*kopf, "Verteilung"],
        [[JAHR, "projektmittel", "10,00", "gleich", HEUTE, "ADE:10,00"]],
    )
    ergebnis = importieren(welt, falsch, art="zuweisungen")
    assert ergebnis.fehlerliste()[0][1] == "Verteilung"
    assert zaehlen() == vorher
    ueberzaehlig = _tabelle(
        [*kopf, "Verteilung"],
        [[JAHR, "projektmittel", "10,00", "gleich", HEUTE, "ADE:10,00|"]],
    )
    assert importieren(welt, ueberzaehlig, art="zuweisungen").fehlerliste() == [
        (
            2,
            "Verteilung",
            "Ein „|“ zu viel: zwischen zwei „|“ steht je ein Eintrag wie "
            "ADE:1.000,00, am Anfang und am Ende keines.",
        )
    ]


def test_zuweisung_gleich_in_jeder_schreibweise_ist_nach_koepfen(welt):
    """„Gleich“ or „GLEICH“ is the built-in word, not the name of a key."""
    kopf = ["Haushaltsjahr", "Budgetart", "Gesamtbetrag", "Schlüssel", "Buchungsdatum"]
    datei = _tabelle(kopf, [[JAHR, "projektmittel", "100.000,00", "Gleich", HEUTE]])
    ergebnis = importieren(welt, datei, art="zuweisungen")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    budget = Budget.objects.get(haushaltsjahr=JAHR, sozialraum=welt.a)
    assert zahlen_von(budget).verfuegbar == Decimal("10000.00")
    assert services.exportieren(art="zuweisungen", format="csv").count(b";gleich;") == 1


def test_traeger_neu_geaendert_unveraendert(welt):
    Traeger.objects.create(name="Internationaler Bund", anschrift="alt")
    Traeger.objects.create(name="Samtgemeinde Bardowick")
    datei = _tabelle(
        ["Name", "Anschrift", "Webseite"],
        [
            ["Internationaler Bund", "neu", ""],
            ["Samtgemeinde Bardowick", "", ""],
            ["Jugendhilfe Lüneburg e. V.", "", "https://example.org"],
        ],
    )
    ergebnis = importieren(welt, datei, art="traeger")
    assert [z.aktion for z in ergebnis.zeilen] == ["geändert", "unverändert", "neu"]
    assert Traeger.objects.get(name="Internationaler Bund").anschrift == "neu"
    schlecht = _tabelle(["Name", "Webseite"], [["X", "kein-link"], ["Y", ""]])
    vorher = zaehlen()
    ergebnis = importieren(welt, schlecht, art="traeger")
    assert [(z, s) for z, s, _ in ergebnis.fehlerliste()] == [(2, "Webseite")]
    assert zaehlen() == vorher


# --- The page -----------------------------------------------------------------------


def _hochladen(client, inhalt, name="a.csv", art="antraege"):
    return client.post(
        reverse("austausch:austausch"),
        {"art": art, "datei": SimpleUploadedFile(name, inhalt)},
    )


def _ergebnisseite(client, antwort):
    """Follow the redirect to the order's page: (order, page text)."""
    assert antwort.status_code == 302, antwort.content.decode()[:500]
    seite = client.get(antwort["Location"])
    assert seite.status_code == 200
    return seite.context["auftrag"], seite.content.decode()


def _bestaetigen(client, pruefung):
    return client.post(reverse("austausch:importieren"), {"auftrag": pruefung.pk})


def _dateien_gespeichert():
    return Auftrag.objects.filter(eingabe__isnull=False).count()


def test_seite_probelauf_dann_genau_einmal_importieren(nach_commit, client, bereit):
    client.force_login(bereit.fd51)
    k = ziel_kennung(bereit)
    antwort = nach_commit(
        _hochladen, client, als_csv([bewilligt(Ziele=k, Bewilligt="100,00")])
    )
    pruefung, text = _ergebnisseite(client, antwort)
    assert pruefung.art == Auftrag.Art.IMPORT_PRUEFEN
    assert "Alle 1 Zeilen sind in Ordnung" in text and "Jetzt importieren" in text
    assert 'http-equiv="refresh"' not in text  # small file: done in the request
    assert not Antrag.objects.exists()
    assert _dateien_gespeichert() == 1  # kept for the confirmation
    antwort = nach_commit(_bestaetigen, client, pruefung)
    ausfuehrung, text = _ergebnisseite(client, antwort)
    assert ausfuehrung.art == Auftrag.Art.IMPORT_AUSFUEHREN
    assert "Importiert aus a.csv: 1 neu" in text
    assert Antrag.objects.count() == 1
    nochmal = nach_commit(
        _bestaetigen, client, pruefung
    )  # the double submit: the same order
    assert nochmal["Location"] == antwort["Location"]
    assert Antrag.objects.count() == 1
    assert Auftrag.objects.filter(art=Auftrag.Art.IMPORT_AUSFUEHREN).count() == 1
    pruefung.refresh_from_db()
    assert pruefung.eingeloest_am is not None
    assert _dateien_gespeichert() == 0  # the data now lives in the tables
    # The dry run's page offers no second import, only the link to the first.
    seite = client.get(reverse("betrieb:auftrag", args=[pruefung.pk]))
    assert "Jetzt importieren" not in seite.content.decode()
    assert ausfuehrung.get_absolute_url() in seite.content.decode()
    # Each order in the page's list names its file, the import as its dry run.
    liste = client.get(reverse("austausch:austausch")).content.decode()
    assert "Probelauf eines Imports: a.csv vom" in liste
    assert "Importieren: a.csv vom" in liste


def test_seite_zeigt_jede_fehlerhafte_zeile_und_bietet_keinen_import(
    nach_commit, client, bereit
):
    client.force_login(bereit.fd51)
    antwort = nach_commit(
        _hochladen, client, als_csv([zeile(), zeile(Beantragt="viel", Titel="Zelte")])
    )
    pruefung, text = _ergebnisseite(client, antwort)
    assert "1 von 2 Zeilen sind fehlerhaft" in text
    # a row without Antragsnummer is named by applicant and title
    assert (
        '<td class="kern-table__cell">Sportverein Adendorf e. V. – Zelte</td>'
        '<td class="kern-table__cell">Fehler</td>'
    ) in text
    assert "„viel“ ist kein Betrag" in text
    assert "Jetzt importieren" not in text
    assert _dateien_gespeichert() == 0  # never confirmable: the file is not kept
    assert nach_commit(_bestaetigen, client, pruefung).status_code == 409
    assert not Antrag.objects.exists()


def test_seite_zu_grosse_datei_bekommt_deutsche_meldung(nach_commit, client, bereit):
    client.force_login(bereit.fd51)
    antwort = nach_commit(_hochladen, client, b"x" * (dateien.MAX_BYTES + 1))
    assert antwort.status_code == 400
    assert "größer als 5 MB" in antwort.content.decode()
    assert not Auftrag.objects.exists()  # nothing read, nothing kept


def test_seite_fremder_auftrag_wird_nicht_gefunden_und_nicht_importiert(
    nach_commit, client, bereit
):
    andere = benutzer_mit_rolle(Rolle.FACHDIENST_51)
    pruefung = nach_commit(
        services.pruefung_beauftragen,
        art="antraege",
        inhalt=als_csv([zeile()]),
        dateiname="a.csv",
        durch=andere,
    )
    pruefung.refresh_from_db()
    assert pruefung.stand == Auftrag.Stand.FERTIG
    client.force_login(bereit.fd51)
    assert client.get(pruefung.get_absolute_url()).status_code == 404
    assert nach_commit(_bestaetigen, client, pruefung).status_code == 409
    assert not Antrag.objects.exists()


def _viele_zeilen(anzahl):
    return als_csv(
        [
            zeile(Titel=f"Ferienprogramm {i}", Ausgangslage="x" * 200)
            for i in range(anzahl)
        ]
    )


@override_settings(TASKS=WARTESCHLANGE)
def test_grosse_datei_im_hintergrund_probelauf_und_import(nach_commit, client, bereit):
    client.force_login(bereit.fd51)
    inhalt = _viele_zeilen(60)
    assert len(inhalt) > services.SOFORT_BIS  # not done inside the request
    antwort = nach_commit(_hochladen, client, inhalt)
    pruefung, text = _ergebnisseite(client, antwort)
    assert pruefung.stand == Auftrag.Stand.WARTET
    assert "wartet auf seine Bearbeitung" in text
    assert 'http-equiv="refresh" content="3"' in text and 'aria-live="polite"' in text
    assert (
        nach_commit(_hochladen, client, inhalt)["Location"] == antwort["Location"]
    )  # same file
    assert abarbeiten() == 1
    _, text = _ergebnisseite(client, antwort)
    assert "Alle 60 Zeilen sind in Ordnung" in text
    assert not Antrag.objects.exists()
    bestaetigt = nach_commit(_bestaetigen, client, pruefung)
    ausfuehrung, text = _ergebnisseite(client, bestaetigt)
    assert ausfuehrung.stand == Auftrag.Stand.WARTET
    assert (
        nach_commit(_bestaetigen, client, pruefung)["Location"]
        == bestaetigt["Location"]
    )
    assert not Antrag.objects.exists()
    assert abarbeiten() == 1
    assert abarbeiten() == 0
    assert Antrag.objects.count() == 60
    _, text = _ergebnisseite(client, bestaetigt)
    assert "Importiert aus a.csv: 60 neu" in text
    assert (
        nach_commit(_bestaetigen, client, pruefung)["Location"]
        == bestaetigt["Location"]
    )
    assert abarbeiten() == 0
    assert Antrag.objects.count() == 60


def test_import_scheitert_nach_dem_probelauf_schreibt_nichts_und_darf_erneut(
    nach_commit, client, bereit
):
    client.force_login(bereit.fd51)
    nummer = f"{JAHR}-ADE-050"
    pruefung, _ = _ergebnisseite(
        client,
        nach_commit(
            _hochladen, client, als_csv([zeile(Antragsnummer=nummer), zeile()])
        ),
    )
    # Meanwhile the number was given to another application.
    anderer = entwurf(bereit)
    Antrag.objects.filter(pk=anderer.pk).update(nummer=nummer)
    vorher = zaehlen()
    ausfuehrung, text = _ergebnisseite(
        client, nach_commit(_bestaetigen, client, pruefung)
    )
    assert "1 von 2 Zeilen sind fehlerhaft. Es wurde nichts importiert" in text
    assert nummer in text
    assert zaehlen() == vorher
    pruefung.refresh_from_db()
    assert pruefung.eingeloest_am is None  # may be confirmed again
    Antrag.objects.filter(pk=anderer.pk).update(nummer=f"{JAHR}-ADE-099")
    zweite, text = _ergebnisseite(client, nach_commit(_bestaetigen, client, pruefung))
    assert zweite.pk != ausfuehrung.pk
    assert "2 neu" in text


def test_unerwarteter_fehler_im_import_wird_gemeldet_und_nichts_geschrieben(
    nach_commit, client, bereit, monkeypatch
):
    client.force_login(bereit.fd51)
    pruefung, _ = _ergebnisseite(
        client, nach_commit(_hochladen, client, als_csv([zeile()]))
    )
    echt = AntragRessource.importieren

    def kaputt(self, *args, **kwargs):
        echt(self, *args, **kwargs)  # everything written, then a bug
        raise RuntimeError("kaputt")

    monkeypatch.setattr(AntragRessource, "importieren", kaputt)
    vorher = zaehlen()
    ausfuehrung, text = _ergebnisseite(
        client, nach_commit(_bestaetigen, client, pruefung)
    )
    assert ausfuehrung.stand == Auftrag.Stand.FEHLER
    assert "konnte nicht ausgeführt werden; es wurde nichts geändert" in text
    assert zaehlen() == vorher
    pruefung.refresh_from_db()
    assert pruefung.eingeloest_am is None


def test_uebernommener_import_schreibt_nichts(nach_commit, bereit, monkeypatch):
    """A run whose order was taken up by another worker meanwhile (it seemed
    dead) neither records its result nor keeps its import."""
    monkeypatch.setattr(services, "SOFORT_BIS", 0)
    pruefung = nach_commit(
        services.pruefung_beauftragen,
        art="antraege",
        inhalt=als_csv([zeile()]),
        dateiname="a.csv",
        durch=bereit.fd51,
    )
    echt = services.importieren

    def und_uebernommen(**kwargs):
        ergebnis = echt(**kwargs)
        Auftrag.objects.filter(art=Auftrag.Art.IMPORT_AUSFUEHREN).update(
            begonnen_am=timezone.now() + datetime.timedelta(seconds=1)
        )
        return ergebnis

    monkeypatch.setattr(services, "importieren", und_uebernommen)
    auftraege.auftrag_abarbeiten(pruefung.pk)
    with override_settings(TASKS=WARTESCHLANGE):
        ausfuehrung = nach_commit(
            services.import_beauftragen, pruefung_id=pruefung.pk, durch=bereit.fd51
        )
    auftraege.auftrag_abarbeiten(ausfuehrung.pk)
    assert not Antrag.objects.exists()
    ausfuehrung.refresh_from_db()
    assert ausfuehrung.stand == Auftrag.Stand.LAEUFT and ausfuehrung.ergebnis is None


def test_hochgeladene_datei_geht_mit_dem_auftrag(nach_commit, bereit, monkeypatch):
    monkeypatch.setattr(services, "SOFORT_BIS", 0)  # the import waits for a worker
    pruefung = nach_commit(
        services.pruefung_beauftragen,
        art="antraege",
        inhalt=als_csv([zeile()]),
        dateiname="a.csv",
        durch=bereit.fd51,
    )
    with override_settings(TASKS=WARTESCHLANGE):
        nach_commit(
            services.import_beauftragen, pruefung_id=pruefung.pk, durch=bereit.fd51
        )
    assert _dateien_gespeichert() == 1  # with the dry run; the import reads it there
    # after 24 hours the file goes, though the order stays for its result
    Auftrag.objects.update(
        erstellt_am=timezone.now() - auftraege.EINGABE_AUFBEWAHREN * 2,
        stand=Auftrag.Stand.FERTIG,
    )
    auftraege.aufraeumen()
    assert _dateien_gespeichert() == 0 and Auftrag.objects.count() == 2
    with pytest.raises(services.NichtBestaetigbar):
        nach_commit(
            services.import_beauftragen, pruefung_id=pruefung.pk, durch=bereit.fd51
        )
    # after 7 days the orders go, the confirmation with its dry run
    Auftrag.objects.update(erstellt_am=timezone.now() - auftraege.AUFBEWAHREN * 2)
    auftraege.aufraeumen()
    assert not Auftrag.objects.exists()
    # and deleting a dry run deletes its file and its confirmation at once
    pruefung = nach_commit(
        services.pruefung_beauftragen,
        art="antraege",
        inhalt=als_csv([zeile()]),
        dateiname="a.csv",
        durch=bereit.fd51,
    )
    with override_settings(TASKS=WARTESCHLANGE):
        nach_commit(
            services.import_beauftragen, pruefung_id=pruefung.pk, durch=bereit.fd51
        )
    pruefung.delete()
    assert not Auftrag.objects.exists()


def test_seite_export(client, welt):
    client.force_login(welt.fd51)
    ziel_fuer(welt.a)
    antrag_im_status(welt, Status.BEWILLIGT)
    antwort = client.get(
        reverse("austausch:export"),
        {"art": "antraege", "format": "xlsx", "jahr": JAHR},
    )
    assert antwort.status_code == 200
    assert antwort["Content-Disposition"].startswith('attachment; filename="antraege-')
    assert _zellen(antwort.content)[0][0] == ("Antragsnummer", "s")


def test_admin_knoepfe_fuehren_zur_seite(client, welt):
    client.force_login(welt.fd51)
    antwort = client.get(reverse("admin:antraege_antrag_import"))
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("austausch:austausch") + "?art=antraege"
    client.force_login(welt.admin)
    assert client.get(reverse("admin:sozialraum_traeger_import")).status_code == 403


# --- The commands -------------------------------------------------------------------


def test_kommando_import_mit_fehler_schreibt_nichts_und_endet_nicht_null(
    bereit, tmp_path, capsys
):
    datei = tmp_path / "antraege.xlsx"
    datei.write_bytes(als_xlsx([zeile(), zeile(Titel="")]))
    vorher = zaehlen()
    with pytest.raises(CommandError, match="1 Fehler; es wurde nichts importiert"):
        call_command("import_antraege", str(datei), als=bereit.fd51.email)
    assert "Zeile 3, Spalte „Titel“: Pflichtangabe fehlt." in capsys.readouterr().err
    assert zaehlen() == vorher


def test_kommando_import_probelauf_und_echt(bereit, tmp_path, capsys):
    datei = tmp_path / "antraege.csv"
    datei.write_bytes(als_csv([zeile()]))
    call_command("import_antraege", str(datei), "--dry-run", als=bereit.fd51.email)
    assert "Probelauf ohne Fehler (1 neu" in capsys.readouterr().out
    assert not Antrag.objects.exists()
    call_command("import_antraege", str(datei), als=bereit.fd51.email)
    assert Antrag.objects.count() == 1
    with pytest.raises(CommandError, match="kein aktives Konto des Fachdienstes 51"):
        call_command("import_antraege", str(datei), als=bereit.leitung_a.email)


def test_kommando_probelauf_zeigt_jede_zeile(bereit, tmp_path, capsys):
    datei = tmp_path / "antraege.csv"
    nummer = f"{JAHR}-ADE-007"
    datei.write_bytes(als_csv([zeile(Titel="Zelte"), zeile(Antragsnummer=nummer)]))
    call_command("import_antraege", str(datei), "--dry-run", als=bereit.fd51.email)
    zeilen = capsys.readouterr().out.splitlines()
    assert zeilen[:2] == [
        f"Zeile 2 ({JAHR}-ADE-001): würde neu",  # the number it would get
        f"Zeile 3 ({nummer}): würde neu",
    ]
    datei.write_bytes(als_csv([zeile(), zeile(Titel="", Beantragt="viel")]))
    with pytest.raises(CommandError):
        call_command("import_antraege", str(datei), "--dry-run", als=bereit.fd51.email)
    zeilen = capsys.readouterr().out.splitlines()
    # every row has its own verdict: the good one was checked to the end
    assert zeilen[0] == (
        f"Zeile 2 ({JAHR}-ADE-001): ohne Fehler (importiert wird erst die Datei "
        "ohne fehlerhafte Zeilen)"
    )
    ort = "Zeile 3 (Sportverein Adendorf e. V.): Fehler – "
    assert sorted(zeilen[1:3]) == [
        f"{ort}Spalte „Beantragt“: „viel“ ist kein Betrag (Beispiel: 1.234,56).",
        f"{ort}Spalte „Titel“: Pflichtangabe fehlt.",
    ]


def test_kommando_bericht_als_csv(bereit, tmp_path, capsys):
    datei = tmp_path / "antraege.csv"
    datei.write_bytes(
        als_csv([zeile(), zeile(Antragsteller="=HYPERLINK()", Beantragt="x")])
    )
    with pytest.raises(CommandError):
        call_command(
            "import_antraege", str(datei), "--format", "csv", als=bereit.fd51.email
        )
    bericht = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert bericht[0] == ["Zeile", "Datensatz", "Ergebnis", "Spalte", "Meldung"]
    assert bericht[1] == ["2", f"{JAHR}-ADE-001", "ohne Fehler", "", ""]
    ((zeile_, datensatz, ergebnis, spalte, _),) = bericht[2:]
    assert (zeile_, ergebnis, spalte) == ("3", "Fehler", "Beantragt")
    assert datensatz == "'=HYPERLINK() – Ferienprogramm"  # never a formula
    assert not Antrag.objects.exists()
    datei.write_bytes(als_xlsx([zeile()]))
    call_command(
        "import_antraege", str(datei), "--format", "csv", als=bereit.fd51.email
    )
    bericht = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert bericht[1:] == [["2", Antrag.objects.get().nummer, "neu", "", ""]]


def test_kommando_export(welt, tmp_path):
    ziel_fuer(welt.a)
    antrag_im_status(welt, Status.ABGESCHLOSSEN)
    ziel = tmp_path / "a.csv"
    call_command(
        "export_antraege", "--format", "csv", "--out", str(ziel), "--jahr", JAHR
    )
    text = ziel.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(SPALTEN)
    assert ";Abgeschlossen;" in text


def test_escaper_beispiele():
    assert entschaerfen("=1+1") == "'=1+1"
    assert entschaerfen("'schon") == "''schon"
    assert entschaerfen("Adendorf") == "Adendorf"
    assert entschaerfen(Decimal("-1")) == Decimal("-1")


def test_budgetart_ohne_antragsverfahren_ist_ein_zeilenfehler(bereit):
    assert not Budgetart.objects.get(code="gebunden").antragsverfahren
    ergebnis = importieren(bereit, als_csv([zeile(Budgetart="gebunden")]))
    assert ergebnis.fehlerliste()[0][1] == "Budgetart"
    assert budgets  # the ledger service module is what the import calls
