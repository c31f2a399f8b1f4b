"""Defusing exported cells (CSV/formula injection, OWASP).

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a
formula, and tab or carriage return at the start are used to smuggle one past
filters. Every exported text cell that starts with one of them gets a leading
apostrophe, which the programs show as text. A cell that starts with an
apostrophe gets one more, so the import can undo the escape exactly
(`entschaerfung_aufheben(entschaerfen(s)) == s` for every string).
"""

GEFAEHRLICH = ("=", "+", "-", "@", "\t", "\r")
MARKE = "'"


def entschaerfen(wert):
    """The value to write into a cell: strings defused, other values as they are."""
    if isinstance(wert, str) and wert.startswith((*GEFAEHRLICH, MARKE)):
        return MARKE + wert
    return wert


def entschaerfung_aufheben(wert):
    """The imported text with one leading apostrophe removed (see above)."""
    if wert.startswith(MARKE):
        return wert[1:]
    return wert
