"""Money: Decimal with two places, shown the German way. One place for both."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


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
