"""Import all-or-nothing, export with the same columns.

`importieren` reads the file, then runs every row through the services inside
one transaction and collects every row's errors. It commits only when no row
has an error and it is no dry run; otherwise it rolls everything back (a dry
run always). django-import-export's own `import_data` commits the valid rows
of a file with invalid ones unless told otherwise, and it runs rows one by
one without the global order of effective dates the ledger needs: the
Resources here are used for their columns, the transaction is ours.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..benachrichtigung import ohne_benachrichtigung
from . import dateien
from .escaper import entschaerfen
from .models import Importvorgang
from .ressourcen import RESSOURCEN

FORMATE = ("xlsx", "csv")
# An unconfirmed dry run is kept this long (the file is personal data).
AUFBEWAHRUNG = datetime.timedelta(hours=24)


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

    def fehlerliste(self):
        """[(row, column, message)] for commands and tests."""
        if self.dateifehler:
            return [(None, "", self.dateifehler)]
        return [(z.zeile, s, t) for z in self.zeilen for s, t in z.fehler]


def importieren(*, art, inhalt, dateiname, durch, trocken):
    """Import a file of kind `art` (antraege, zuweisungen, traeger) as `durch`.

    All or nothing: with any row error, or as a dry run, nothing stays written.
    Never raises for a bad file; the result names every error in German.
    """
    ressource = RESSOURCEN[art]()
    ergebnis = Importergebnis(
        art=art, dateiname=dateiname, trocken=trocken, spalten=ressource.spaltennamen()
    )
    if not durch.has_perm("antraege.austausch"):
        ergebnis.dateifehler = "Importieren darf nur der Fachdienst 51."
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
    with transaction.atomic(), ohne_benachrichtigung():
        ergebnis.zeilen = ressource.importieren(
            tabelle, durch=durch, dateiname=dateiname[:100]
        )
        if trocken or ergebnis.hat_fehler:
            transaction.set_rollback(True)
    return ergebnis


# --- The page's two steps: dry run, then the confirmed import, once ----------------


def vorgang_anlegen(*, art, inhalt, dateiname, durch):
    """Keep the dry run's file for its confirmation (old unconfirmed ones go)."""
    Importvorgang.objects.filter(angelegt_am__lt=timezone.now() - AUFBEWAHRUNG).delete()
    return Importvorgang.objects.create(
        art=art,
        dateiname=dateiname[:200],
        inhalt=bytes(inhalt),
        sha256=hashlib.sha256(inhalt).hexdigest(),
        angelegt_von=durch,
    )


class SchonAusgefuehrt(Exception):
    pass


def vorgang_ausfuehren(*, schluessel, durch):
    """The confirmed import of a dry run. The row lock and the mark in the same
    transaction make the key single-use: a double submit waits for the first
    and then finds it done (SchonAusgefuehrt); a failed import can be
    confirmed again after the data was fixed elsewhere (e.g. allocations)."""
    with transaction.atomic():
        vorgang = (
            Importvorgang.objects.select_for_update()
            .filter(schluessel=schluessel, angelegt_von=durch)
            .first()
        )
        if vorgang is None or vorgang.ausgefuehrt_am is not None:
            raise SchonAusgefuehrt
        ergebnis = importieren(
            art=vorgang.art,
            inhalt=bytes(vorgang.inhalt),
            dateiname=vorgang.dateiname,
            durch=durch,
            trocken=False,
        )
        if ergebnis.geschrieben:
            vorgang.ausgefuehrt_am = timezone.now()
            vorgang.inhalt = b""  # the data now lives in the tables
            vorgang.save(update_fields=["ausgefuehrt_am", "inhalt"])
    return ergebnis


# --- Export -------------------------------------------------------------------------


def export_tabelle(*, art, jahr=None):
    """(header, rows of native values) of everything of kind `art`."""
    ressource = RESSOURCEN[art]()
    queryset = ressource._meta.model.objects.all()
    if jahr is not None and art != "traeger":
        queryset = queryset.filter(haushaltsjahr=jahr)
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
