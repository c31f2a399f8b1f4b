"""Money: Decimal with two places, read and shown the German way. One place for
both, and for the range of plausible Haushaltsjahre."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# Plausible Haushaltsjahre. The forms and the import use these; the database
# constraints (budgets, vertraege) repeat the literals, as migrations must.
JAHR_MIN, JAHR_MAX = 1990, 2200


def runden(betrag):
    """Commercial rounding to the cent."""
    return Decimal(betrag).quantize(CENT, rounding=ROUND_HALF_UP)


def zahl(betrag):
    """1234.5 -> '1.234,50' (German digits, two places, without sign or €)."""
    return (
        f"{abs(runden(betrag)):,.2f}".replace(",", "X")
        .replace(".", ",")
        .replace("X", ".")
    )


def euro(betrag):
    """1234.5 -> '1.234,50 €' (German format, two places, non-breaking space)."""
    if betrag is None or betrag == "":
        return ""
    wert = runden(betrag)
    return f"{'−' if wert < 0 else ''}{zahl(wert)}\u00a0€"


class KeinBetrag(ValueError):
    """The text is no amount; the message is German."""


_DEUTSCH_TAUSEND = re.compile(r"\d{1,3}(\.\d{3})+")
_ENGLISCH_TAUSEND = re.compile(r"\d{1,3}(,\d{3}){2,}")
_ENGLISCH_GRUPPEN = re.compile(r"\d{1,3}(,\d{3})+")
_ZIFFERN = re.compile(r"\d+(\.\d+)?|\d*\.\d+")


def betrag_lesen(text):
    """An amount as typed or written in German offices, as Decimal.

    1.234,56 · 1234,56 · 1234.56 · 1,234.56 · 1.234 (one thousand two hundred
    thirty-four) · 1,234,567 · "100.031,00 €" · "EUR 5" · -5 and −5. The sign is
    kept and the places are not limited: whether an amount may be negative,
    zero or have three places is the caller's rule. Anything else (1e5, NaN,
    1,2,3, 1.23.4) raises KeinBetrag.
    """
    roh = str(text)
    s = roh.replace("€", "").replace("EUR", "")
    s = s.replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
    vorzeichen = ""
    if s[:1] in ("+", "-"):
        vorzeichen, s = s[0], s[1:]
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,56
            ganz, _, rest = s.rpartition(",")
            if not _DEUTSCH_TAUSEND.fullmatch(ganz):
                raise KeinBetrag(f"„{roh.strip()[:40]}“ ist kein Betrag.")
            s = ganz.replace(".", "") + "." + rest
        else:  # 1,234.56
            ganz, _, rest = s.rpartition(".")
            if not _ENGLISCH_GRUPPEN.fullmatch(ganz):
                raise KeinBetrag(f"„{roh.strip()[:40]}“ ist kein Betrag.")
            s = ganz.replace(",", "") + "." + rest
    elif "," in s:
        s = (
            s.replace(",", "")
            if _ENGLISCH_TAUSEND.fullmatch(s)
            else s.replace(",", ".")
        )
    elif _DEUTSCH_TAUSEND.fullmatch(s):
        s = s.replace(".", "")
    if not _ZIFFERN.fullmatch(s):
        raise KeinBetrag(f"„{roh.strip()[:40]}“ ist kein Betrag (Beispiel: 1.234,56).")
    try:
        return Decimal(vorzeichen + s)
    except InvalidOperation:  # pragma: no cover (the pattern lets no such through)
        raise KeinBetrag(f"„{roh.strip()[:40]}“ ist kein Betrag.") from None
