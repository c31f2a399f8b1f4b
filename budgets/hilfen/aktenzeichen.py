"""The Aktenzeichen check: a strict format, and obvious personal data refused
with an explanation of why and what to enter instead.

The personal-data patterns run first (their message is more helpful than
"wrong format"); the messages never repeat the input, so that a name typed by
mistake does not travel on into messages or logs.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

_GROSS = "A-ZÄÖÜ"
_KLEIN = "a-zäöüß"
_WORT = f"[{_GROSS}][{_KLEIN}]+"

# (code, pattern, what was recognised) — checked in this order.
MUSTER = [
    (
        "aktenzeichen_email",
        re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+|@"),
        "eine E-Mail-Adresse",
    ),
    (
        "aktenzeichen_datum",
        re.compile(
            r"(?<!\d)(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])[./](\d{4}|\d{2})(?!\d)"
            r"|(?<!\d)(19|20)\d{2}-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])(?!\d)"
            r"|(?<!\d)(0?[1-9]|[12]\d|3[01])\.\s*(januar|februar|märz|april|mai|juni"
            r"|juli|august|september|oktober|november|dezember)",
            re.IGNORECASE,
        ),
        "ein Datum (etwa ein Geburtsdatum)",
    ),
    (
        "aktenzeichen_telefon",
        re.compile(
            r"^\s*(\+|00)[1-9][\d\s/()-]{6,}$"
            r"|\(0\d{2,5}\)"
            r"|^\s*0\d{2,5}[\s/-]?\d{5,}\s*$"
            r"|^\s*0\d{2,5}(\s+\d+){2,}\s*$"
        ),
        "eine Telefonnummer",
    ),
    (
        "aktenzeichen_adresse",
        re.compile(
            rf"[{_GROSS}{_KLEIN}]*(straße|strasse|str\.|weg|platz|allee|gasse|ring"
            rf"|damm|chaussee)\s*\d+"
            rf"|(?<!\d)\d{{5}}\s+{_WORT}",
            re.IGNORECASE,
        ),
        "eine Anschrift (Straße mit Hausnummer oder Postleitzahl mit Ort)",
    ),
    (
        "aktenzeichen_name",
        re.compile(
            rf"{_WORT}(-{_WORT})?,?\s+{_WORT}|[{_GROSS}]\.\s*{_WORT}"
            rf"|{_WORT},\s*{_WORT}"
        ),
        "einen Namen (Vor- und Nachname)",
    ),
    (
        "aktenzeichen_wort",
        re.compile(rf"[{_GROSS}][{_KLEIN}]{{2,}}|[{_KLEIN}]{{3,}}"),
        "ein Wort in normaler Schreibweise, womöglich einen Namen",
    ),
]

PERSONENBEZUG_CODES = {code for code, _, _ in MUSTER}


def beispiel():
    return settings.HILFEN_AKTENZEICHEN_BEISPIEL


def hilfetext():
    return (
        "Nur das pseudonyme Aktenzeichen der Fallakte, z. B. "
        f"{beispiel()}: 3 bis 30 Zeichen, Großbuchstaben und Ziffern, getrennt "
        "durch - / oder . (mindestens eine Ziffer). Niemals Namen, Geburtsdaten, "
        "Anschriften, Telefonnummern oder E-Mail-Adressen eingeben – diese "
        "Angaben gehören in die Fallakte, nicht in die Budgetverwaltung."
    )


def aktenzeichen_pruefen(wert):
    """The Aktenzeichen as stored (surrounding blanks removed), or a refusal."""
    text = (wert or "").strip()
    if not text:
        raise ValidationError(
            {
                "aktenzeichen": ValidationError(
                    "Bitte das pseudonyme Aktenzeichen der Fallakte angeben "
                    f"(z. B. {beispiel()}).",
                    code="aktenzeichen_fehlt",
                )
            }
        )
    for code, muster, was in MUSTER:
        if muster.search(text):
            raise ValidationError(
                {
                    "aktenzeichen": ValidationError(
                        f"Die Eingabe enthält offenbar {was}. Personenbezogene "
                        "Angaben dürfen hier nie stehen: bitte nur das "
                        "pseudonyme Aktenzeichen aus der Fallakte eingeben, "
                        f"z. B. {beispiel()}. Die Eingabe wurde nicht gespeichert.",
                        code=code,
                    )
                }
            )
    if not re.fullmatch(settings.HILFEN_AKTENZEICHEN_MUSTER, text):
        raise ValidationError(
            {
                "aktenzeichen": ValidationError(
                    "Das ist kein Aktenzeichen im vorgesehenen Format: 3 bis 30 "
                    "Zeichen, nur Großbuchstaben und Ziffern, in Gruppen getrennt "
                    "durch - / oder ., mit mindestens einer Ziffer, ohne "
                    f"Leerzeichen – z. B. {beispiel()}.",
                    code="aktenzeichen_format",
                )
            }
        )
    return text
