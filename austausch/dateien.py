"""Reading uploaded spreadsheets as they come from German offices, and the
values in their cells.

A file becomes a `Tabelle` (header + rows of plain values) or a `DateiFehler`
with a German message; nothing here touches the database. Limits are checked
before a parser sees the bytes: the size, and for XLSX the entries of the zip
(count and unpacked size, so a zip bomb is refused before it is inflated).
XLSX is read with python-calamine (Rust): for 10.000 rows openpyxl took
4–6 s, most of an import's extra time over CSV; openpyxl still writes.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from sozialraum.geld import CENT, KeinBetrag, betrag_lesen, zahl

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTPACKT = 50 * 1024 * 1024
MAX_EINTRAEGE = 1000
MAX_ZEILEN = 20_000
MAX_SPALTEN = 100
MAX_ZELLE = 10_000  # characters in one cell
HOECHSTBETRAG = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
ZU_VIELE_ZEILEN = "Die Datei hat mehr als 20.000 Zeilen; bitte in Teile aufteilen."

ZIP_MAGIE = b"PK\x03\x04"
# Control characters spreadsheets cannot hold (XML 1.0); tab, CR and LF can.
STEUERZEICHEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class DateiFehler(Exception):
    """The file as a whole cannot be read; the message is German."""


class WertFehler(ValueError):
    """One cell's value is invalid; the message is German."""


@dataclass
class Tabelle:
    kopf: list  # column names as in the file
    zeilen: list  # [(line number in the file, [values])]
    format: str  # "csv" or "xlsx"


def groesse_pruefen(groesse):
    if groesse > MAX_BYTES:
        raise DateiFehler(
            f"Die Datei ist {groesse / 1024 / 1024:.1f} MB groß; erlaubt sind "
            f"höchstens {MAX_BYTES // 1024 // 1024} MB.".replace(".", ",", 1)
        )


def lesen(inhalt, dateiname=""):
    """The table of an uploaded file (CSV or XLSX, recognised by its content)."""
    if not isinstance(inhalt, bytes | bytearray):
        raise DateiFehler("Die Datei konnte nicht gelesen werden.")
    groesse_pruefen(len(inhalt))
    if not inhalt.strip():
        raise DateiFehler("Die Datei ist leer.")
    if inhalt.startswith(ZIP_MAGIE):
        return _xlsx_lesen(bytes(inhalt))
    if (dateiname or "").lower().endswith((".xlsx", ".xls", ".ods")):
        raise DateiFehler(
            "Die Datei ist keine XLSX-Datei (Excel 2007 oder neuer). Bitte als .xlsx "
            "oder als CSV speichern."
        )
    return _csv_lesen(bytes(inhalt))


# --- CSV ----------------------------------------------------------------------------


def _dekodieren(inhalt):
    if inhalt.startswith(b"\xef\xbb\xbf"):
        try:
            return inhalt[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise DateiFehler(
                "Die Datei beginnt als UTF-8, enthält aber ungültige Zeichen."
            ) from None
    try:
        return inhalt.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return inhalt.decode("cp1252")
    except UnicodeDecodeError:
        raise DateiFehler(
            "Die Zeichenkodierung der Datei ist weder UTF-8 noch Windows-1252."
        ) from None


def _trennzeichen(text):
    """`;` or `,`: whichever occurs more often in the header line, outside quotes."""
    kopf = text.split("\n", 1)[0]
    ausserhalb = re.sub(r'"[^"]*"', "", kopf)
    return ";" if ausserhalb.count(";") >= ausserhalb.count(",") else ","


def _csv_lesen(inhalt):
    text = _dekodieren(inhalt)
    if "\x00" in text:
        raise DateiFehler("Die Datei ist keine Textdatei (CSV) und keine XLSX-Datei.")
    leser = csv.reader(io.StringIO(text, newline=""), delimiter=_trennzeichen(text))
    zeilen = []
    try:
        kopf = None
        for zeile in leser:
            if kopf is None:
                kopf = zeile
                continue
            if not any(z.strip() for z in zeile):
                continue
            if len(zeilen) >= MAX_ZEILEN:
                raise DateiFehler(ZU_VIELE_ZEILEN)
            zeilen.append((leser.line_num, zeile))
    except csv.Error as e:
        raise DateiFehler(
            f"Die CSV-Datei ist fehlerhaft (Zeile {leser.line_num}): {e}."
        ) from None
    return _tabelle(kopf, zeilen, "csv")


# --- XLSX ---------------------------------------------------------------------------


def _zip_pruefen(inhalt):
    try:
        archiv = zipfile.ZipFile(io.BytesIO(inhalt))
        eintraege = archiv.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise DateiFehler("Die XLSX-Datei ist beschädigt.") from None
    if len(eintraege) > MAX_EINTRAEGE:
        raise DateiFehler(
            f"Die XLSX-Datei enthält {len(eintraege)} Teile (höchstens "
            f"{MAX_EINTRAEGE}); sie wird nicht geöffnet."
        )
    entpackt = sum(e.file_size for e in eintraege)
    if entpackt > MAX_ENTPACKT:
        raise DateiFehler(
            f"Die XLSX-Datei wäre entpackt {entpackt // 1024 // 1024} MB groß "
            f"(höchstens {MAX_ENTPACKT // 1024 // 1024} MB); sie wird nicht geöffnet."
        )
    namen = {e.filename for e in eintraege}
    if "[Content_Types].xml" not in namen or not any(
        n.startswith("xl/worksheets/") for n in namen
    ):
        raise DateiFehler(
            "Die Datei ist ein ZIP-Archiv, aber keine XLSX-Datei (Excel 2007 oder "
            "neuer, LibreOffice „Excel 2007-365“)."
        )


def _xlsx_lesen(inhalt):
    _zip_pruefen(inhalt)
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        mappe = CalamineWorkbook.from_filelike(io.BytesIO(inhalt))
    except Exception:  # calamine raises several kinds for broken files  # noqa: BLE001
        raise DateiFehler("Die XLSX-Datei ist beschädigt oder nicht lesbar.") from None
    try:
        # the first worksheet, as openpyxl's `worksheets[0]` (no chart sheets)
        blatt = next(
            m.name for m in mappe.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet
        )
        # from cell A1, so the line numbers are the file's
        roh = mappe.get_sheet_by_name(blatt).to_python(skip_empty_area=False)
        kopf, zeilen = None, []
        for nr, zeile in enumerate(roh, start=1):
            werte = [_zelle(w) for w in zeile[: MAX_SPALTEN + 1]]
            if kopf is None:
                if not any(str(w).strip() for w in werte):
                    continue
                kopf = [str(w) for w in werte]
                continue
            if not any(str(w).strip() for w in werte):
                continue
            if len(zeilen) >= MAX_ZEILEN:
                raise DateiFehler(ZU_VIELE_ZEILEN)
            zeilen.append((nr, werte))
    except DateiFehler:
        raise
    except Exception:  # noqa: BLE001
        raise DateiFehler("Die XLSX-Datei ist beschädigt oder nicht lesbar.") from None
    finally:
        mappe.close()
    return _tabelle(kopf, zeilen, "xlsx")


def _zelle(wert):
    """A cell as openpyxl gave it (the readers of the values were written
    against that): a whole number is an int, a date cell a datetime at
    midnight. calamine gives every number as float and a date as date.
    Empty cells are "" either way."""
    if type(wert) is float:
        if wert.is_integer() and abs(wert) < 10**15:
            return int(wert)
        return wert
    if type(wert) is datetime.date:
        return datetime.datetime(wert.year, wert.month, wert.day)  # noqa: DTZ001
    return wert


def _tabelle(kopf, zeilen, format):
    # trailing empty header cells (Excel's formatted but empty columns)
    while kopf and not str(kopf[-1]).strip():
        kopf.pop()
    if not kopf:
        raise DateiFehler("Die Datei hat keine Kopfzeile mit Spaltennamen.")
    if len(kopf) > MAX_SPALTEN:
        raise DateiFehler(f"Die Datei hat mehr als {MAX_SPALTEN} Spalten.")
    kopf = [str(k).strip().lstrip("\ufeff") for k in kopf]
    return Tabelle(kopf=kopf, zeilen=zeilen, format=format)


# --- Values -------------------------------------------------------------------------


def text(wert, *, pflicht=False, max_laenge=None):
    """A cell as text: trimmed, formula escape undone, no control characters."""
    from .escaper import entschaerfung_aufheben

    if wert is None or wert == "":  # most cells of a file: quickly done
        if pflicht:
            raise WertFehler("Pflichtangabe fehlt.")
        return ""
    if isinstance(wert, bool):
        raise WertFehler("Hier wird Text erwartet, kein Wahrheitswert.")
    if isinstance(wert, datetime.datetime | datetime.date):
        raise WertFehler("Hier wird Text erwartet, kein Datum.")
    if isinstance(wert, float):
        wert = _float_als_decimal(wert)
    wert = entschaerfung_aufheben(str(wert)).strip()
    if STEUERZEICHEN.search(wert):
        raise WertFehler("Der Text enthält unzulässige Steuerzeichen.")
    if len(wert) > (max_laenge or MAX_ZELLE):
        raise WertFehler(
            f"Der Text ist {len(wert)} Zeichen lang; erlaubt sind "
            f"{max_laenge or MAX_ZELLE}."
        )
    if pflicht and not wert:
        raise WertFehler("Pflichtangabe fehlt.")
    return wert


def _float_als_decimal(wert):
    # repr gives the shortest string that reads back as the same float: the
    # number as Excel shows it (1234.56, not 1234.5599999999999).
    if wert != wert or wert in (float("inf"), float("-inf")):
        raise WertFehler("Die Zahl ist ungültig.")
    d = Decimal(repr(wert))
    if abs(d) < 10**15 and d == d.to_integral_value():
        return d.quantize(Decimal(1))  # 2000.0 is the cell 2000
    return d


def betrag(wert, *, pflicht=False, null_erlaubt=True):
    """An amount: 1.234,56 · 1234,56 · 1234.56 · 1,234.56 · a number cell.

    Decimal with at most two places, not negative, not absurd; None if empty
    and not required.
    """
    if isinstance(wert, bool):
        raise WertFehler("Hier wird ein Betrag erwartet.")
    if isinstance(wert, float):
        zahl = _float_als_decimal(wert)
    elif isinstance(wert, int):
        zahl = Decimal(wert)
    elif isinstance(wert, Decimal):
        zahl = wert
    else:
        roh = text(wert)
        if not roh:
            if pflicht:
                raise WertFehler("Bitte einen Betrag angeben.")
            return None
        try:
            zahl = betrag_lesen(roh)
        except KeinBetrag as e:
            raise WertFehler(str(e)) from None
    if not zahl.is_finite():
        raise WertFehler("Der Betrag ist ungültig.")
    if zahl < 0:
        raise WertFehler(f"Der Betrag darf nicht negativ sein ({_zeigen(zahl)}).")
    if zahl == 0 and not null_erlaubt:
        raise WertFehler("Der Betrag muss größer als 0,00 € sein.")
    if zahl > HOECHSTBETRAG:
        raise WertFehler(f"Der Betrag {_zeigen(zahl)} ist unplausibel hoch.")
    if zahl != zahl.quantize(CENT):
        raise WertFehler(f"Höchstens zwei Nachkommastellen ({_zeigen(zahl)}).")
    return zahl.quantize(CENT)


def _zeigen(zahl):
    return format(zahl, "f").replace(".", ",")


def datum(wert, *, pflicht=False):
    """A date: 24.09.2013 · 2013-09-24 · a date cell; None if empty."""
    if isinstance(wert, datetime.datetime):
        if wert.time() != datetime.time(0, 0):
            raise WertFehler("Hier wird ein Datum ohne Uhrzeit erwartet.")
        return wert.date()
    if isinstance(wert, datetime.date):
        return wert
    if isinstance(wert, int | float | Decimal) and not isinstance(wert, bool):
        raise WertFehler(
            "Hier wird ein Datum wie 24.09.2013 erwartet (die Zelle enthält eine Zahl)."
        )
    roh = text(wert)
    if not roh:
        if pflicht:
            raise WertFehler("Bitte ein Datum angeben.")
        return None
    for muster, fmt in (
        (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y"),
        (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
        (r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", None),
    ):
        if re.fullmatch(muster, roh):
            try:
                if fmt is None:
                    return datetime.date.fromisoformat(roh[:10])
                return datetime.datetime.strptime(roh, fmt).date()  # noqa: DTZ007
            except ValueError:
                raise WertFehler(f"„{roh[:40]}“ ist kein gültiges Datum.") from None
    raise WertFehler(f"„{roh[:40]}“ ist kein Datum wie 24.09.2013.")


def ganzzahl(wert, *, minimum=0, maximum=999, pflicht=False):
    if isinstance(wert, bool):
        raise WertFehler("Hier wird eine ganze Zahl erwartet.")
    if isinstance(wert, float):
        if not (abs(wert) < 1e9 and wert == int(wert)):  # also NaN, inf
            raise WertFehler("Hier wird eine ganze Zahl erwartet.")
        wert = int(wert)
    if isinstance(wert, int):
        zahl = wert
    else:
        roh = text(wert)
        if not roh:
            if pflicht:
                raise WertFehler("Pflichtangabe fehlt.")
            return None
        if not re.fullmatch(r"\d{1,9}", roh):
            raise WertFehler(f"„{roh[:40]}“ ist keine ganze Zahl.")
        zahl = int(roh)
    if not minimum <= zahl <= maximum:
        raise WertFehler(f"{zahl} liegt nicht zwischen {minimum} und {maximum}.")
    return zahl


def ja_nein(wert, *, pflicht=False):
    if isinstance(wert, bool):
        return wert
    roh = text(wert).lower()
    if roh in ("ja", "j", "x", "1", "wahr", "true"):
        return True
    if roh in ("nein", "n", "0", "falsch", "false"):
        return False
    if not roh and not pflicht:
        return None
    raise WertFehler("Bitte „ja“ oder „nein“ angeben.")


# --- Writing ------------------------------------------------------------------------


def betrag_text(wert):
    """1234.5 -> '1.234,50' (the CSV form; no € sign, so it reads back as is)."""
    if wert is None:
        return ""
    return f"{'-' if wert < 0 else ''}{zahl(wert)}"


def datum_text(wert):
    return "" if wert is None else f"{wert:%d.%m.%Y}"
