"""Verteilungsschlüssel with their shares as a file: one row per version.

The Zuweisungen file names its key; an empty installation learns the keys from
this file first. Import through `budgets.services.schluessel_speichern`: a
version an allocation used is frozen (the file may only repeat it).
"""

import re
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from budgets import services as budgets
from budgets.models import Ebene, Schluesselanteil, Verteilungsschluessel
from sozialraum.geld import JAHR_MAX, JAHR_MIN

from . import dateien
from .dateien import WertFehler
from .ressourcen import (
    TRENNER,
    Austausch,
    Spalte,
    Zeilenergebnis,
    _inhaber_lesen,
    _inhaber_text,
    _meldungen,
    beispiele_hier,
    eintraege,
    woerter,
)

GEWICHT_STELLEN = Decimal("0.0001")  # decimal_places=4
_GEWICHT_DEUTSCH = re.compile(r"\d{1,3}(\.\d{3})+(,\d{1,4})?|\d+(,\d{1,4})?")
_GEWICHT_PUNKT = re.compile(r"\d+\.\d{1,4}")


def gewicht_text(wert):
    """3120.0000 -> '3120', 12.5000 -> '12,5' (no grouping, German comma)."""
    text = f"{wert.quantize(GEWICHT_STELLEN):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def gewicht_lesen(roh):
    """A weight or percentage: 3120 · 12,5 · 1.234,5 · 12.5 · a number cell;
    at most four decimal places, not negative. 1.234 is one thousand two
    hundred and thirty-four (as with amounts)."""
    if isinstance(roh, bool):
        raise WertFehler("Hier wird eine Zahl erwartet.")
    if isinstance(roh, int | float | Decimal):
        zahl = dateien._float_als_decimal(roh) if isinstance(roh, float) else roh
        zahl = Decimal(zahl)
    else:
        text = dateien.text(roh).replace(" ", "")
        if _GEWICHT_DEUTSCH.fullmatch(text):
            zahl = Decimal(text.replace(".", "").replace(",", "."))
        elif _GEWICHT_PUNKT.fullmatch(text):
            zahl = Decimal(text)
        else:
            raise WertFehler(
                f"„{text[:40]}“ ist kein Gewicht wie 3120 oder 12,5 "
                "(höchstens vier Nachkommastellen)."
            )
    if not zahl.is_finite() or zahl < 0:
        raise WertFehler("Ein Gewicht ist eine Zahl ab 0.")
    if zahl != zahl.quantize(GEWICHT_STELLEN):
        raise WertFehler("Höchstens vier Nachkommastellen.")
    if zahl >= 10**8:
        raise WertFehler("Das Gewicht ist unplausibel hoch.")
    return zahl.quantize(GEWICHT_STELLEN)


def _anteile_lesen(roh):
    """ADE:3120|BAR:1045,5 -> [(Sozialraum or Region, Decimal)]."""
    roh = dateien.text(roh)
    if not roh:
        raise WertFehler(
            woerter(
                (
                    "Bitte die Anteile angeben, z. B. ADE:3120|BAR:1045 oder "
                    "R1:40|R2:60.",
                    "Bitte die Anteile angeben, z. B. ADE:3120|BAR:1045.",
                )
            )
        )
    paare = []
    for teil in eintraege(roh, "ADE:3120"):
        if ":" not in teil:
            raise WertFehler(
                f"„{teil[:40]}“: erwartet wird Kürzel:Gewicht, "
                f"z. B. {beispiele_hier('ADE:3120')}."
            )
        wer, gewicht = teil.split(":", 1)
        try:
            paare.append((_inhaber_lesen(wer), gewicht_lesen(gewicht)))
        except WertFehler as e:
            raise WertFehler(f"„{teil[:40]}“: {e}") from None
    return paare


def _auswahl_lesen(choices, was):
    def lesen(roh):
        text = dateien.text(roh, pflicht=True).lower()
        for wert, label in choices:
            if text in (wert, str(label).lower()):
                return wert
        raise WertFehler(
            f"Unbekannte {was} „{text[:40]}“ (möglich: "
            f"{', '.join(w for w, _l in choices)})."
        )

    return lesen


_art_lesen = _auswahl_lesen(Verteilungsschluessel.Art.choices, "Art")
_ebene_lesen = _auswahl_lesen(Ebene.choices, "Angabe")


class SchluesselRessource(Austausch):
    """Verteilungsschlüssel: one row per version (name, valid from, version)."""

    art = "schluessel"
    titel = "Verteilungsschlüssel"
    jahr_feld = None  # a key is valid from a year on; exported whole
    spalten = [
        Spalte("Name", pflicht=True, hinweis="kurz, z. B. junge-menschen"),
        Spalte("Bezeichnung", pflicht=True),
        Spalte("Art", pflicht=True, hinweis="gewichte oder prozent"),
        Spalte(
            "Verteilt auf",
            pflicht=True,
            hinweis=("sozialraum oder region", "sozialraum"),
        ),
        Spalte("Gültig ab", pflicht=True, hinweis="Haushaltsjahr"),
        Spalte("Version", hinweis="leer: 1"),
        Spalte(
            "Anteile",
            pflicht=True,
            hinweis=(
                "ADE:3120|BAR:1045,5 bzw. R1:40|R2:60 (Prozent: Summe 100)",
                "ADE:3120|BAR:1045,5 (Prozent: Summe 100)",
            ),
        ),
    ]
    feld_spalte = {
        "name": "Name",
        "bezeichnung": "Bezeichnung",
        "art": "Art",
        "ebene": "Verteilt auf",
        "gueltig_ab": "Gültig ab",
        "version": "Version",
        "anteile": "Anteile",
        "gewicht": "Anteile",
    }

    class Meta:
        model = Verteilungsschluessel

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Verteilungsschluessel.objects.all()
        schluessel = queryset.prefetch_related(
            Prefetch(
                "anteile",
                queryset=Schluesselanteil.objects.select_related(
                    "sozialraum", "region"
                ),
            )
        ).order_by("name", "gueltig_ab", "version")
        daten = tablib.Dataset(headers=self.spaltennamen())
        for s in schluessel:
            anteile = sorted(
                (_inhaber_text(a.sozialraum or a.region), a.gewicht)
                for a in s.anteile.all()
            )
            daten.append(
                [
                    s.name,
                    s.bezeichnung,
                    s.art,
                    s.ebene,
                    s.gueltig_ab,
                    s.version,
                    TRENNER.join(f"{k}:{gewicht_text(g)}" for k, g in anteile),
                ]
            )
        return daten

    def importieren(self, tabelle, *, durch, dateiname):
        ergebnisse, gesehen, geplant = [], {}, []
        for nr, zeile in self.zeilen(tabelle):
            e = Zeilenergebnis(zeile=nr)
            ergebnisse.append(e)
            w = lambda spalte, lesen, **kw: self.wert(e, zeile, spalte, lesen, **kw)  # noqa: B023, E731
            angaben = {
                "name": w("Name", dateien.text, pflicht=True, max_laenge=50),
                "bezeichnung": w(
                    "Bezeichnung", dateien.text, pflicht=True, max_laenge=200
                ),
                "art": w("Art", _art_lesen),
                "ebene": w("Verteilt auf", _ebene_lesen),
                "gueltig_ab": w(
                    "Gültig ab",
                    dateien.ganzzahl,
                    minimum=JAHR_MIN,
                    maximum=JAHR_MAX,
                    pflicht=True,
                ),
                "version": w("Version", dateien.ganzzahl, minimum=1, maximum=999) or 1,
                "anteile": w("Anteile", _anteile_lesen),
            }
            e.bezeichnung = (
                f"{angaben['name'] or '?'} ab {angaben['gueltig_ab'] or '?'}, "
                f"Version {angaben['version']}"
            )
            schluessel = (angaben["name"], angaben["gueltig_ab"], angaben["version"])
            if angaben["name"] and schluessel in gesehen:
                e.fehler_melden(
                    "Version",
                    f"Diese Version des Schlüssels steht schon in Zeile "
                    f"{gesehen[schluessel]}.",
                )
            gesehen.setdefault(schluessel, nr)
            if not e.fehler:
                geplant.append((e, angaben))
        if any(e.fehler for e in ergebnisse):
            return ergebnisse
        for e, angaben in geplant:
            try:
                with transaction.atomic():
                    _schluessel, e.aktion = budgets.schluessel_speichern(**angaben)
            except ValidationError as exc:
                for feld, text in _meldungen(exc):
                    e.fehler_melden(self.feld_spalte.get(feld, ""), text)
        return ergebnisse
