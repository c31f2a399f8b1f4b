"""Attachment files: the type is read from the content, not from the name.

Allowed: PDF, XLSX, DOCX, ODT (and ODS), PNG, JPEG — up to 10 MB. A file whose
content does not match its extension (an .exe renamed to .pdf, a ZIP renamed
to .docx) is refused.
"""

import hashlib
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from sozialraum.geld import runden

HOECHSTGROESSE = 10 * 1024 * 1024

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

ENDUNGEN = {
    "pdf": "application/pdf",
    "xlsx": XLSX,
    "docx": DOCX,
    "odt": ODT,
    "ods": ODS,
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ERLAUBT_TEXT = "PDF, XLSX, DOCX, ODT, ODS, PNG oder JPEG"


@dataclass(frozen=True)
class Pruefung:
    inhaltstyp: str
    groesse: int
    sha256: str


def _fehler(text, code):
    return ValidationError({"datei": ValidationError(text, code=code)})


def _zip_typ(datei):
    """The office format inside a ZIP container, or None."""
    try:
        with zipfile.ZipFile(datei) as archiv:
            namen = set(archiv.namelist())
            if "mimetype" in namen:
                info = archiv.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                art = archiv.read("mimetype").decode("ascii", "replace").strip()
                return art if art in (ODT, ODS) else None
            if "[Content_Types].xml" in namen:
                if any(n.startswith("word/") for n in namen):
                    return DOCX
                if any(n.startswith("xl/") for n in namen):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def inhaltstyp_erkennen(datei):
    """The content type from the first bytes (and the ZIP directory)."""
    datei.seek(0)
    kopf = datei.read(16)
    datei.seek(0)
    if kopf.startswith(b"%PDF-"):
        return "application/pdf"
    if kopf.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if kopf.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if kopf.startswith(b"PK\x03\x04"):
        typ = _zip_typ(datei)
        datei.seek(0)
        return typ
    return None


def pruefen(datei):
    """Check an uploaded file; returns its type, size and checksum."""
    name = getattr(datei, "name", "") or ""
    groesse = datei.size
    if groesse == 0:
        raise _fehler("Die Datei ist leer.", "leer")
    if groesse > HOECHSTGROESSE:
        mb = runden(groesse / (1024 * 1024))
        raise _fehler(
            f"Die Datei ist {str(mb).replace('.', ',')} MB groß; erlaubt sind "
            "höchstens 10 MB.",
            "zu_gross",
        )
    endung = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    erwartet = ENDUNGEN.get(endung)
    if erwartet is None:
        raise _fehler(
            f"Dateien vom Typ „.{endung or '?'}“ sind nicht erlaubt; erlaubt sind "
            f"{ERLAUBT_TEXT}.",
            "endung",
        )
    erkannt = inhaltstyp_erkennen(datei)
    if erkannt != erwartet:
        raise _fehler(
            f"Der Inhalt von „{name}“ passt nicht zur Endung .{endung} "
            "(die Datei ist beschädigt oder umbenannt).",
            "inhalt",
        )
    summe = hashlib.sha256()
    for stueck in datei.chunks():
        summe.update(stueck)
    datei.seek(0)
    return Pruefung(inhaltstyp=erkannt, groesse=groesse, sha256=summe.hexdigest())
