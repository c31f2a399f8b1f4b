"""Import all-or-nothing, export with the same columns.

`importieren` reads the file, then runs every row through the services inside
one transaction and collects every row's errors (the applications through the
services' bulk path, antraege.services.Antragsstapel: every row read and
checked first, then written per kind in bulk). It commits only when no row
has an error and it is no dry run; otherwise it rolls everything back (a dry
run always). django-import-export's own `import_data` commits the valid rows
of a file with invalid ones unless told otherwise, and it runs rows one by
one without the global order of effective dates the ledger needs: the
Resources here are used for their columns, the transaction is ours.
"""

import contextlib
import csv
import datetime
import gc
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from antraege.benachrichtigung import ohne_benachrichtigung
from betrieb.auftraege import Ergebnis, auftrag_anlegen
from betrieb.models import Auftrag
from config.begriffe import begriffe

from . import dateien
from .arten import RESSOURCEN
from .escaper import entschaerfen
from .ressourcen import Zeilenergebnis, nachschlagen

FORMATE = ("xlsx", "csv")


@dataclass
class Importergebnis:
    art: str
    dateiname: str
    trocken: bool
    dateifehler: str = ""
    zeilen: list = field(default_factory=list)  # [Zeilenergebnis]
    spalten: list = field(default_factory=list)

    @property
    def fehlerhafte(self):
        return [z for z in self.zeilen if z.fehler]

    @property
    def hat_fehler(self):
        return bool(self.dateifehler or self.fehlerhafte)

    @property
    def geschrieben(self):
        return not self.trocken and not self.hat_fehler

    def anzahl(self, aktion):
        return sum(1 for z in self.zeilen if not z.fehler and z.aktion == aktion)

    def als_daten(self):
        """The result as JSON for its order (antraege/auftraege)."""
        return {
            "art": self.art,
            "dateiname": self.dateiname,
            "trocken": self.trocken,
            "dateifehler": self.dateifehler,
            "spalten": self.spalten,
            "zeilen": [
                [z.zeile, z.bezeichnung, z.aktion, [list(f) for f in z.fehler]]
                for z in self.zeilen
            ],
        }

    @classmethod
    def aus_daten(cls, daten):
        daten = dict(daten or {"art": "", "dateiname": "", "trocken": True})
        zeilen = daten.pop("zeilen", [])
        return cls(
            **daten,
            zeilen=[
                Zeilenergebnis(
                    zeile=nr,
                    bezeichnung=bez,
                    aktion=aktion,
                    fehler=[tuple(f) for f in fehler],
                )
                for nr, bez, aktion, fehler in zeilen
            ],
        )

    def fehlerliste(self):
        """[(row, column, message)] for commands and tests."""
        if self.dateifehler:
            return [(None, "", self.dateifehler)]
        return [(z.zeile, s, t) for z in self.zeilen for s, t in z.fehler]


def importieren(*, art, inhalt, dateiname, durch, trocken):
    """Import a file of kind `art` (arten.RESSOURCEN) as `durch`.

    All or nothing: with any row error, or as a dry run, nothing stays written.
    Never raises for a bad file; the result names every error in German.
    """
    ressource = RESSOURCEN[art]()
    ergebnis = Importergebnis(
        art=art, dateiname=dateiname, trocken=trocken, spalten=ressource.spaltennamen()
    )
    if not durch.has_perm("antraege.austausch"):
        ergebnis.dateifehler = f"Importieren darf nur der {begriffe().pruefstelle}."
        return ergebnis
    try:
        tabelle = dateien.lesen(inhalt, dateiname)
        ressource.kopf_pruefen(tabelle.kopf)
    except dateien.DateiFehler as e:
        ergebnis.dateifehler = str(e)
        return ergebnis
    if not tabelle.zeilen:
        ergebnis.dateifehler = "Die Datei enthält keine Zeilen unter der Kopfzeile."
        return ergebnis
    ressource.trocken = trocken
    with (
        transaction.atomic(),
        ohne_benachrichtigung(),
        nachschlagen(),
        _seltener_aufraeumen(),
    ):
        ergebnis.zeilen = ressource.importieren(
            tabelle, durch=durch, dateiname=dateiname[:100]
        )
        if trocken or ergebnis.hat_fehler:
            transaction.set_rollback(True)
    return ergebnis


@contextlib.contextmanager
def _seltener_aufraeumen():
    """An import of 10.000 rows makes some 150.000 objects that live until its
    end; Python's cycle collector would walk them again and again (a fifth of
    the import's time). During the import it runs less often (its young
    generation every 20.000 new objects instead of 700), afterwards as before.
    The cycles an import leaves are collected all the same."""
    vorher = gc.get_threshold()
    gc.set_threshold(20_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*vorher)


# --- The page: a dry run, then the confirmed import, both as background orders --------

# Files up to this size are done inside the request (the user sees the result at
# once): about 50 application rows of CSV or 100 of XLSX, a few seconds at most.
# Anything larger is done in the background (antraege/auftraege); the page shows
# the order until its result is there.
SOFORT_BIS = 16 * 1024


def pruefung_beauftragen(*, art, inhalt, dateiname, durch):
    """Order the dry run of an uploaded file; the file is kept with the order.
    The same file sent again while its dry run is open gives the same order."""
    inhalt = bytes(inhalt)
    return auftrag_anlegen(
        art=Auftrag.Art.IMPORT_PRUEFEN,
        parameter={
            "art": art,
            "dateiname": (dateiname or "upload")[:200],
            "sha256": hashlib.sha256(inhalt).hexdigest(),
            "groesse": len(inhalt),
        },
        durch=durch,
        eingabe=inhalt,
        sofort=len(inhalt) <= SOFORT_BIS,
    )


class NichtBestaetigbar(Exception):
    """The dry run is unknown, someone else's, failed, or its file expired."""


def import_beauftragen(*, pruefung_id, durch):
    """Order the import of a dry run that found no error.

    A dry run is redeemed once: while its import is open or after it was
    written, confirming again gives that same order (a double submit imports
    nothing twice). After an import that failed (the data changed since the
    dry run) it may be confirmed again."""
    with transaction.atomic():
        pruefung = (
            Auftrag.objects.select_for_update()
            .filter(
                pk=pruefung_id,
                erstellt_von=durch,
                art=Auftrag.Art.IMPORT_PRUEFEN,
                stand=Auftrag.Stand.FERTIG,
            )
            .defer("eingabe", "datei")
            .first()
        )
        if (
            pruefung is None
            or not pruefung.ergebnis
            or Importergebnis.aus_daten(pruefung.ergebnis).hat_fehler
        ):
            raise NichtBestaetigbar
        bisher = (
            pruefung.folgeauftraege.defer("eingabe", "datei")
            .order_by("-erstellt_am")
            .first()
        )
        if bisher and (bisher.offen or pruefung.eingeloest_am is not None):
            return bisher
        if pruefung.eingeloest_am is not None or not _hat_eingabe(pruefung):
            raise NichtBestaetigbar
        return auftrag_anlegen(
            art=Auftrag.Art.IMPORT_AUSFUEHREN,
            # the file's name, so the list of orders names the import too
            parameter={
                "pruefung": str(pruefung.pk),
                "dateiname": pruefung.parameter.get("dateiname", ""),
            },
            durch=durch,
            vorlage=pruefung,
            sofort=pruefung.parameter.get("groesse", SOFORT_BIS + 1) <= SOFORT_BIS,
        )


def _hat_eingabe(auftrag):
    return Auftrag.objects.filter(pk=auftrag.pk, eingabe__isnull=False).exists()


def pruefung_ausfuehren(auftrag):
    """Worker of a dry run: every row checked, nothing stays written. The file
    of a dry run with errors is not kept (it can never be confirmed)."""
    p = auftrag.parameter
    ergebnis = importieren(
        art=p["art"],
        inhalt=bytes(auftrag.eingabe or b""),
        dateiname=p["dateiname"],
        durch=auftrag.erstellt_von,
        trocken=True,
    )
    return Ergebnis(daten=ergebnis.als_daten(), eingabe_loeschen=ergebnis.hat_fehler)


def import_ausfuehren(auftrag):
    """Worker of a confirmed import, in one transaction with the order's result
    (auftraege: in_einer_transaktion). The dry run's row lock and its mark make
    it single-use; after a written import its file is dropped (the data now
    lives in the tables)."""
    pruefung = Auftrag.objects.select_for_update().get(pk=auftrag.vorlage_id)
    p = pruefung.parameter
    if pruefung.eingeloest_am is not None or pruefung.eingabe is None:
        ergebnis = Importergebnis(
            art=p["art"],
            dateiname=p["dateiname"],
            trocken=False,
            dateifehler="Dieser Probelauf wurde bereits importiert oder ist "
            "abgelaufen; es wurde nichts (weiter) importiert.",
        )
        return Ergebnis(daten=ergebnis.als_daten())
    ergebnis = importieren(
        art=p["art"],
        inhalt=bytes(pruefung.eingabe),
        dateiname=p["dateiname"],
        durch=auftrag.erstellt_von,
        trocken=False,
    )
    if ergebnis.geschrieben:
        pruefung.eingeloest_am = timezone.now()
        pruefung.eingabe = None
        pruefung.save(update_fields=["eingeloest_am", "eingabe"])
    return Ergebnis(daten=ergebnis.als_daten())


def auftrag_kontext(auftrag):
    """What the order's page shows of a finished import order."""
    ergebnis = Importergebnis.aus_daten(auftrag.ergebnis)
    bestaetigbar = (
        auftrag.art == Auftrag.Art.IMPORT_PRUEFEN
        and not ergebnis.hat_fehler
        and auftrag.eingeloest_am is None
        and _hat_eingabe(auftrag)
    )
    return {
        "ergebnis": ergebnis,
        "neu": ergebnis.anzahl("neu"),
        "geaendert": ergebnis.anzahl("geändert"),
        "unveraendert": ergebnis.anzahl("unverändert"),
        "bestaetigbar": bestaetigbar,
        "folgeauftraege": auftrag.folgeauftraege.defer("eingabe", "datei", "ergebnis")
        if auftrag.art == Auftrag.Art.IMPORT_PRUEFEN
        else (),
    }


# --- Export -------------------------------------------------------------------------


def export_tabelle(*, art, jahr=None):
    """(header, rows of native values) of everything of kind `art`."""
    ressource = RESSOURCEN[art]()
    queryset = ressource._meta.model.objects.all()
    if jahr is not None and ressource.jahr_feld:
        queryset = queryset.filter(**{ressource.jahr_feld: jahr})
    daten = ressource.export(queryset=queryset)
    return list(daten.headers), [list(z) for z in daten]


def exportieren(*, art, format, jahr=None):
    """The file's bytes: XLSX (numbers and dates as cells) or CSV (UTF-8 with
    BOM, `;`, 1.234,56 and 24.09.2013, as Excel opens it in Germany). Every text
    cell is defused (escaper.py)."""
    kopf, zeilen = export_tabelle(art=art, jahr=jahr)
    if format == "csv":
        return _csv(kopf, zeilen)
    return _xlsx(kopf, zeilen, RESSOURCEN[art].titel)


def _sauber(text):
    # Control characters cannot stand in a spreadsheet (and are refused on
    # import); they never come from the forms, but a file must not fail on them.
    return entschaerfen(dateien.STEUERZEICHEN.sub("\ufffd", text))


def _als_text(wert):
    if wert is None:
        return ""
    if isinstance(wert, Decimal):
        return dateien.betrag_text(wert)
    if isinstance(wert, datetime.date):
        return dateien.datum_text(wert)
    return str(wert)


def _csv(kopf, zeilen):
    puffer = io.StringIO(newline="")
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow([entschaerfen(k) for k in kopf])
    for zeile in zeilen:
        schreiber.writerow([_sauber(_als_text(w)) for w in zeile])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def _xlsx(kopf, zeilen, titel):
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    mappe = Workbook(write_only=True)
    blatt = mappe.create_sheet(titel[:31])
    blatt.append(kopf)
    for zeile in zeilen:
        zellen = []
        for wert in zeile:
            if isinstance(wert, Decimal):
                zellen.append(_zelle(blatt, wert, "#,##0.00"))
            elif isinstance(wert, datetime.date):
                zellen.append(_zelle(blatt, wert, "DD.MM.YYYY"))
            elif wert is None or wert == "":
                zellen.append(None)
            elif isinstance(wert, int):
                zellen.append(wert)
            else:
                zelle = _zelle(blatt, _sauber(str(wert)))
                # never a formula, whatever openpyxl would guess
                zelle.data_type = TYPE_STRING
                zellen.append(zelle)
        blatt.append(zellen)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _zelle(blatt, wert, zahlenformat=None):
    from openpyxl.cell import WriteOnlyCell

    zelle = WriteOnlyCell(blatt, value=wert)
    if zahlenformat:
        zelle.number_format = zahlenformat
    return zelle
