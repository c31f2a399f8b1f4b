"""Suppression of small sums in a table Region × Hilfeart (with its totals).

Primary: a cell or total that describes 1 to grenze-1 cases is hidden (0 cases
describe nobody and stay visible). Secondary: the visible figures must not
allow anyone to work out the sum of fewer than `grenze` cases. That is checked
exactly, not by rule of thumb: the visible totals are linear equations over
the hidden cells, and for every set of hidden cells holding fewer than
`grenze` cases we test whether its sum lies in their span. While one does, one
more figure is hidden — a visible cell, preferably in the same row or column
(fewest cases first), and a total only when no cell is left. Zero cells count
as known (worst case).

Figures another table hides (`geschuetzt`, e.g. a Büro's year figure its
quarter table hides) must not follow from this one either, small or not: a
Region's sum with that Büro as its only contributor is hidden with it.

Totals that another page shows already (the budget overview shows each
Region's Regionalbudget 2, and the Landkreis total) are passed as fixed: they
are part of the equations and never hidden here, so that the two pages cannot
be combined to reveal more than each alone.
"""

from fractions import Fraction
from itertools import combinations

GESAMT = ("gesamt",)


def zelle(zeile, spalte):
    return ("zelle", zeile, spalte)


def zeile_summe(zeile):
    return ("zeile", zeile)


def spalte_summe(spalte):
    return ("spalte", spalte)


class Tabelle:
    def __init__(self, faelle, zeilen, spalten):
        self.faelle = faelle  # {(zeile, spalte): cases}
        self.zeilen = list(zeilen)
        self.spalten = list(spalten)

    def mitglieder(self, schluessel):
        art = schluessel[0]
        if art == "zelle":
            return {(schluessel[1], schluessel[2])}
        if art == "zeile":
            return {(schluessel[1], s) for s in self.spalten}
        if art == "spalte":
            return {(z, schluessel[1]) for z in self.zeilen}
        return {(z, s) for z in self.zeilen for s in self.spalten}

    def anzahl(self, schluessel):
        return sum(self.faelle.get(z, 0) for z in self.mitglieder(schluessel))

    def schluessel(self):
        for z in self.zeilen:
            for s in self.spalten:
                yield zelle(z, s)
        for z in self.zeilen:
            yield zeile_summe(z)
        for s in self.spalten:
            yield spalte_summe(s)
        yield GESAMT


def _basis(vektoren):
    """Row-reduced basis of the span, as {pivot index: vector}."""
    basis = {}
    for v in vektoren:
        v = list(v)
        for p, b in basis.items():
            if v[p]:
                f = v[p]
                v = [a - f * c for a, c in zip(v, b, strict=True)]
        pivot = next((i for i, a in enumerate(v) if a), None)
        if pivot is None:
            continue
        f = v[pivot]
        v = [a / f for a in v]
        for p, b in list(basis.items()):
            if b[pivot]:
                g = b[pivot]
                basis[p] = [a - g * c for a, c in zip(b, v, strict=True)]
        basis[pivot] = v
    return basis


def _im_span(basis, v):
    v = list(v)
    for p, b in basis.items():
        if v[p]:
            f = v[p]
            v = [a - f * c for a, c in zip(v, b, strict=True)]
    return not any(v)


def _gleichungen(tabelle, verborgen):
    """(the unknown cells: hidden, with cases; their index; the row-reduced
    basis of what the visible sums say about them)."""
    unbekannt = [
        (z, s)
        for z in tabelle.zeilen
        for s in tabelle.spalten
        if zelle(z, s) in verborgen and tabelle.faelle.get((z, s), 0) > 0
    ]
    index = {c: i for i, c in enumerate(unbekannt)}
    gleichungen = []
    for k in tabelle.schluessel():
        if k[0] == "zelle" or k in verborgen:
            continue
        v = [Fraction(0)] * len(unbekannt)
        for c in tabelle.mitglieder(k):
            if c in index:
                v[index[c]] = Fraction(1)
        if any(v):
            gleichungen.append(v)
    return unbekannt, index, _basis(gleichungen)


def ableitbar(tabelle, verborgen, ziel):
    """Whether the sum of the cells `ziel` follows from the visible figures
    (cells not hidden, or without cases, are known)."""
    _, index, basis = _gleichungen(tabelle, verborgen)
    v = [Fraction(0)] * len(index)
    for c in ziel:
        if c in index:
            v[index[c]] = Fraction(1)
    return _im_span(basis, v)


def verletzung(tabelle, verborgen, grenze, *, geschuetzt=()):
    """A set of hidden cells with fewer than `grenze` cases whose sum can be
    worked out from the visible figures, or None. With `geschuetzt` (keys of
    figures another table hides): also the cases of such a figure when its
    value can be worked out."""
    teil = _verletzung(tabelle, verborgen, grenze, geschuetzt)
    return teil[0] if teil else None


def _verletzung(tabelle, verborgen, grenze, geschuetzt):
    """(cells to hide a neighbour of, cells whose sum must not follow) or None."""
    for k in sorted(geschuetzt, key=str):
        ziel = {c for c in tabelle.mitglieder(k) if tabelle.faelle.get(c, 0) > 0}
        if ziel and ableitbar(tabelle, verborgen, ziel):
            return ziel, ziel
    unbekannt, index, basis = _gleichungen(tabelle, verborgen)
    if not unbekannt:
        return None
    klein = [c for c in unbekannt if tabelle.faelle[c] < grenze]
    for groesse in range(1, grenze):
        for teil in combinations(klein, groesse):
            if sum(tabelle.faelle[c] for c in teil) >= grenze:
                continue
            v = [Fraction(0)] * len(unbekannt)
            for c in teil:
                v[index[c]] = Fraction(1)
            if _im_span(basis, v):
                return set(teil), set(teil)
    return None


def tabelle_sperren(
    tabelle, grenze, *, fest_sichtbar=(), fest_verborgen=(), geschuetzt=()
):
    """The set of keys (cells and totals) to hide.

    `geschuetzt`: keys (of `fest_verborgen`) that another table hides, so
    their value must not follow from this table either, whether small or not:
    e.g. a sum with a single contributor is hidden with it. Then the next
    figure hidden is one that stops the value from following, where one does.
    """
    fest_sichtbar = set(fest_sichtbar)
    verborgen = set(fest_verborgen)
    for k in tabelle.schluessel():
        if 0 < tabelle.anzahl(k) < grenze:
            verborgen.add(k)
    while (v := _verletzung(tabelle, verborgen, grenze, geschuetzt)) is not None:
        teil, ziel = v
        kandidat = None
        if geschuetzt:
            kandidat = _hilfreicher_kandidat(tabelle, verborgen, fest_sichtbar, ziel)
        kandidat = kandidat or _kandidat(tabelle, verborgen, fest_sichtbar, teil)
        if kandidat is None:
            # nothing sensible left: hide everything that may be hidden
            verborgen |= {
                k
                for k in tabelle.schluessel()
                if k not in fest_sichtbar and (k[0] != "zelle" or tabelle.anzahl(k) > 0)
            }
            break
        verborgen.add(kandidat)
    return verborgen


def _hilfreicher_kandidat(tabelle, verborgen, fest_sichtbar, ziel):
    """The figure to hide that stops the sum of `ziel` from following: a cell
    before a total, fewest cases first; None when no single figure does."""
    kandidaten = sorted(
        (
            (k[0] != "zelle", tabelle.anzahl(k), str(k), k)
            for k in tabelle.schluessel()
            if k not in verborgen
            and k not in fest_sichtbar
            and tabelle.anzahl(k) > 0
            and (k[0] == "zelle" or tabelle.mitglieder(k) & ziel)
        ),
        key=lambda t: t[:3],
    )
    for *_, k in kandidaten:
        if not ableitbar(tabelle, verborgen | {k}, ziel):
            return k
    return None


def _kandidat(tabelle, verborgen, fest_sichtbar, teil):
    """The next figure to hide: a cell (the totals matter more to the reader)
    in the same row or column as the revealed set, then any other cell, the
    one with the fewest cases first; a total only when no cell is left."""
    zeilen = {z for z, _ in teil}
    spalten = {s for _, s in teil}
    zellen = sorted(
        (
            (
                not (z in zeilen or s in spalten),
                tabelle.faelle.get((z, s), 0),
                str(z),
                str(s),
                zelle(z, s),
            )
            for z in tabelle.zeilen
            for s in tabelle.spalten
            if zelle(z, s) not in verborgen and tabelle.faelle.get((z, s), 0) > 0
        ),
        key=lambda t: t[:4],
    )
    if zellen:
        return zellen[0][4]
    summen = sorted(
        (
            (tabelle.anzahl(k), str(k), k)
            for k in tabelle.schluessel()
            if k[0] != "zelle"
            and k not in verborgen
            and k not in fest_sichtbar
            and tabelle.mitglieder(k) & teil
        ),
        key=lambda t: t[:2],
    )
    return summen[0][2] if summen else None
