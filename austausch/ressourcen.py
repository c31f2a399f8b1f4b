"""Träger, Zuweisungen and Anträge, three of the six kinds of file
(django-import-export Resources; the others are in konzepte.py and
schluessel.py, all five in arten.py): what their columns are, how a record
becomes a row (export) and a row a record (import, through the same services
as the pages).

Export gives native values (str, int, Decimal, date); `schreiben.py` turns
them into CSV text or XLSX cells and defuses formulas. Import reads the cells
with `dateien.py`; `services.importieren` runs it all-or-nothing.
"""

import contextlib
import contextvars
import datetime
import functools
import heapq
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, DecimalField, F, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from import_export import fields, resources

from antraege.models import Antrag, Drittmittel, Sitzung, Status, Themenfeld
from antraege.services import (
    Antragsstapel,
    Inhalt,
    sitzung_anlegen,
    sitzung_ausnahme_erteilen,
)
from antraege.workflow import Aktion
from budgets import services as budgets
from budgets.models import Buchung, Buchungsart, Budgetart, Verteilung
from budgets.selectors import ist_abgeschlossen
from config.begriffe import begriffe
from config.begriffe import text as mit_woertern
from regionen.models import Region, wort_der_gruppe
from sozialraum.geld import JAHR_MAX, JAHR_MIN
from sozialraum.models import Sozialraum, Traeger, Ziel

from . import dateien
from .dateien import WertFehler, betrag_text

NULL = dateien.Decimal("0.00")
TRENNER = "|"
# a Ziel's Kennung: Kürzel-K<Version>-Z<Nummer> (Ziel.kennung)
KENNUNG = re.compile(r"([A-Za-z0-9]+)-K(\d+)-Z(\d+)")

# Reference data looked up once per import, not once per row: Regionen,
# Sozialräume, Budgetarten, Themenfelder, Ziele and closed years. An import
# never changes them, so the answers hold for its whole run.
_NACHSCHLAGEN = contextvars.ContextVar("austausch_nachschlagen", default=None)


@contextlib.contextmanager
def nachschlagen():
    """The lookups inside this block are remembered (one import's run)."""
    token = _NACHSCHLAGEN.set({})
    try:
        yield
    finally:
        _NACHSCHLAGEN.reset(token)


def _gemerkt(art, schluessel, laden):
    speicher = _NACHSCHLAGEN.get()
    if speicher is None:
        return laden()
    if (art, schluessel) not in speicher:
        speicher[art, schluessel] = laden()
    return speicher[art, schluessel]


def _sozialraeume():
    return _gemerkt(
        "sozialraeume",
        None,
        lambda: {s.kuerzel.lower(): s for s in Sozialraum.objects.order_by("pk")},
    )


def _abgeschlossen(jahr):
    return _gemerkt("abgeschlossen", jahr, lambda: ist_abgeschlossen(jahr))


@dataclass
class Zeilenergebnis:
    """One row of the file: what the import does with it, or why it cannot."""

    zeile: int
    bezeichnung: str = ""
    aktion: str = ""  # "neu", "geändert", "unverändert"
    fehler: list = field(default_factory=list)  # [(column, German message)]

    def fehler_melden(self, spalte, text):
        # the column as the file's header names it
        self.fehler.append((kopf(spalte) if spalte else spalte, text))


# The shown header of a column whose name holds a word of the authority: the
# column's name in the code stays the Landkreis' (rows are read by it), the
# file's header is the installation's, so an import reads what the same
# installation's export and template file write. (with groups, without)
KOEPFE = {
    "Sozialraum": ("{raum}", "{raum}"),
    "Region": ("{gruppe}", None),  # no column without a group level
    "Sozialraum/Region": ("{raum}/{gruppe}", "{raum}"),
    "Landkreis vertreten": ("{behoerde_kurz} vertreten", "{behoerde_kurz} vertreten"),
}


def kopf(name):
    """The header of the column `name` in this installation ("" for none)."""
    if name not in KOEPFE:
        return name
    mit, ohne = KOEPFE[name]
    vorlage = mit if begriffe().mit_gruppen else ohne
    return mit_woertern(vorlage) if vorlage else ""


def in_woertern(kopfzeile, zeilen):
    """A table whose header is the Landkreis' column names (kennzahlen'
    exportzeilen) in the installation's words: the headers put in, the
    columns without a header here (Region without a group level) left out."""
    koepfe = [kopf(k) for k in kopfzeile]
    bleiben = [i for i, k in enumerate(koepfe) if k]
    if len(bleiben) == len(koepfe):
        return koepfe, zeilen
    return (
        [koepfe[i] for i in bleiben],
        [[z[i] for i in bleiben] for z in zeilen],
    )


def woerter(vorlage):
    """A column's explanation in the authority's words: "{raum}" and the like
    put in; a `(with groups, without)` pair chooses by the group level."""
    if isinstance(vorlage, tuple):
        vorlage = vorlage[0] if begriffe().mit_gruppen else vorlage[1]
    vorlage = vorlage.replace(
        "{pruefstelle_genitiv}", begriffe().pruefstelle_kurz_genitiv
    )
    return beispiele_hier(mit_woertern(vorlage))


# The examples of the explanations and template files name the Landkreis'
# spaces (ADE Adendorf, BAR Bardowick); another installation's name its own,
# so its template's example row imports there too.
BEISPIEL_RAEUME = (("ADE", "Adendorf"), ("BAR", "Bardowick"))


@functools.lru_cache(maxsize=4)
def _raeume_der_datei(pfad):
    daten = json.loads(Path(pfad).read_text(encoding="utf-8-sig"))
    gruppen = daten.get("regionen") or [daten]
    return tuple(
        (s["kuerzel"], s["name"]) for g in gruppen for s in g.get("sozialraeume") or []
    )


def raeume_hier():
    """(Kürzel, name) of the installation's spaces, in the Grunddaten file's
    order (read from the file: a template needs no database)."""
    return _raeume_der_datei(str(settings.GRUNDDATEN))


def beispiele_hier(text):
    """`text` with the example spaces of this installation."""
    raeume = raeume_hier()
    if not raeume or any(k == BEISPIEL_RAEUME[0][0] for k, _n in raeume):
        return text
    for (alt_k, alt_n), (neu_k, neu_n) in zip(
        BEISPIEL_RAEUME, itertools.cycle(raeume), strict=False
    ):
        text = re.sub(rf"\b{alt_k}\b", neu_k, text).replace(alt_n, neu_n)
    return text


class Wortlaut:
    """A class attribute in the authority's words, a plain str when read
    (a title shown, compared and sliced like any text)."""

    def __init__(self, vorlage):
        self.vorlage = vorlage

    def __get__(self, obj, cls=None):
        return mit_woertern(self.vorlage)


@dataclass
class Spalte:
    name: str  # in the code: the Landkreis' header
    pflicht: bool = False
    hinweis: str | tuple = ""  # with {raum} …, or (with groups, without)

    @property
    def kopf(self):
        return kopf(self.name)

    @property
    def erklaerung(self):
        return woerter(self.hinweis)


def _meldungen(exc):
    """(field, message) pairs of a ValidationError or a refusal."""
    return [(feld, text) for feld, text, _code in _meldungen_mit_code(exc)]


def _meldungen_mit_code(exc):
    """(field, message, code) triples of a ValidationError or a refusal."""
    if isinstance(exc, PermissionDenied):
        return [("", str(exc), None)]
    if hasattr(exc, "error_dict"):
        return [
            (feld, " ".join(f.messages), f.code)
            for feld, fehler in exc.error_dict.items()
            for f in fehler
        ]
    return [("", " ".join(f.messages), f.code) for f in exc.error_list]


# Refusals of a service step whose own text speaks to the screen's user (or names
# no field): on an import they get the column to fix and advice for the file.
# code -> (column, text replacing or extending the service's, whole: replaces it)
IMPORT_RAT = {
    "ohne_ziel": (
        "Ziele",
        "Ab dem Status „Geprüft“ muss ein Antrag Ziele eines beschlossenen "
        "{konzept}s nennen. Bitte die Kennungen der Ziele (z. B. "
        "„ADE-K1-Z2“) in diese Spalte eintragen; Konzept und Ziele müssen vorher "
        "angelegt und beschlossen sein.",
        True,
    ),
    "frist_abgelaufen": (
        "Status seit",
        "Das Datum des Vetos in „Status seit“ muss innerhalb der Vetofrist nach "
        "der Sitzung liegen.",
        False,
    ),
    "ausnahme_noetig": (
        "Ausnahme",
        "Die Begründung der Ausnahme gehört in die Spalte „Ausnahme“.",
        False,
    ),
}


class Austausch(resources.Resource):
    """Common to the three kinds: the columns, reading the header, the rows."""

    art = ""
    titel = ""
    spalten: list = []
    # the field an export of one Haushaltsjahr filters on (None: no year)
    jahr_feld = "haushaltsjahr"
    # a dry run: a kind that writes in bulk at the end may leave the writing out
    trocken = False
    # service field names -> column names, for the services' messages
    feld_spalte: dict = {}

    @classmethod
    def spalten_hier(cls):
        """The columns of this installation: without a group level no Region's."""
        return [s for s in cls.spalten if s.kopf]

    @classmethod
    def spaltennamen(cls):
        return [s.kopf for s in cls.spalten_hier()]

    def get_export_headers(self, selected_fields=None):
        return self.spaltennamen()

    def kopf_pruefen(self, kopf):
        """Column name -> index; unknown, duplicate or missing columns are errors
        of the whole file (German)."""
        # the file's header (the installation's words) -> the column's name
        spalten = [s for s in self.spalten if s.kopf]
        bekannt = {s.kopf.lower(): s for s in spalten}
        fehler, index = [], {}
        for i, name in enumerate(kopf):
            if not name:
                continue
            richtig = bekannt.get(name.lower())
            if richtig is None:
                fehler.append(f"Unbekannte Spalte „{name[:60]}“.")
            elif richtig.name in index:
                fehler.append(
                    f"Die Spalte „{richtig.kopf}“ steht doppelt in der Datei."
                )
            else:
                index[richtig.name] = i
        for s in spalten:
            if s.pflicht and s.name not in index:
                fehler.append(f"Die Pflichtspalte „{s.kopf}“ fehlt.")
        if fehler:
            raise dateien.DateiFehler(
                " ".join(fehler)
                + f" Erwartet werden die Spalten: {', '.join(self.spaltennamen())}."
            )
        return index

    def zeilen(self, tabelle):
        index = self.kopf_pruefen(tabelle.kopf)
        for nr, werte in tabelle.zeilen:
            yield (
                nr,
                {
                    name: (werte[i] if i < len(werte) else "")
                    for name, i in index.items()
                },
            )

    def wert(self, ergebnis, zeile, spalte, lesen, **kwargs):
        """One cell read with `lesen`; a bad value becomes the row's error."""
        try:
            return lesen(zeile.get(spalte, ""), **kwargs)
        except WertFehler as e:
            ergebnis.fehler_melden(spalte, str(e))
            return None

    def dienstfehler(self, ergebnis, exc, praefix=""):
        for feld, text in _meldungen(exc):
            spalte = self.feld_spalte.get(feld, "")
            ergebnis.fehler_melden(spalte, f"{praefix}{text}")


# --- Träger -------------------------------------------------------------------------


class TraegerRessource(Austausch, resources.ModelResource):
    """Organisations: master data, no workflow. A name that exists is updated."""

    art = "traeger"
    titel = "Träger"
    jahr_feld = None
    spalten = [
        Spalte("Name", pflicht=True),
        Spalte("Anschrift"),
        Spalte("Webseite"),
    ]
    name = fields.Field(attribute="name", column_name="Name")
    anschrift = fields.Field(attribute="anschrift", column_name="Anschrift")
    webseite = fields.Field(attribute="webseite", column_name="Webseite")

    class Meta:
        model = Traeger
        fields = ("name", "anschrift", "webseite")
        export_order = ("name", "anschrift", "webseite")

    def filter_export(self, queryset, **kwargs):
        return queryset.order_by("name")

    def importieren(self, tabelle, *, durch, dateiname):
        ergebnisse, gesehen = [], {}
        for nr, zeile in self.zeilen(tabelle):
            e = Zeilenergebnis(zeile=nr)
            ergebnisse.append(e)
            name = self.wert(
                e, zeile, "Name", dateien.text, pflicht=True, max_laenge=200
            )
            anschrift = self.wert(e, zeile, "Anschrift", dateien.text)
            webseite = self.wert(e, zeile, "Webseite", dateien.text, max_laenge=200)
            e.bezeichnung = name or ""
            if name and name.lower() in gesehen:
                e.fehler_melden(
                    "Name", f"„{name}“ steht schon in Zeile {gesehen[name.lower()]}."
                )
            if name:
                gesehen.setdefault(name.lower(), nr)
            if e.fehler:
                continue
            traeger = Traeger.objects.filter(name=name).first()
            if traeger is None:
                traeger, e.aktion = Traeger(name=name), "neu"
            elif (traeger.anschrift, traeger.webseite) == (anschrift, webseite):
                e.aktion = "unverändert"
                continue
            else:
                e.aktion = "geändert"
            traeger.anschrift, traeger.webseite = anschrift, webseite
            try:
                with transaction.atomic():
                    traeger.full_clean()
                    traeger.save()
            except ValidationError as exc:
                for feld, text in _meldungen(exc):
                    e.fehler_melden(feld.capitalize() if feld else "", text)
        return ergebnisse


# --- Allocations (Zuweisungen) ------------------------------------------------------


def _gleicher_inhaber():
    b = begriffe()
    if b.mit_gruppen:
        return f"gleicher {b.raum} bzw. gleiche {b.gruppe}"
    return f"gleicher {b.raum}"


def _inhaber_text(inhaber):
    return inhaber.kuerzel if isinstance(inhaber, Sozialraum) else f"R{inhaber.nummer}"


def _inhaber_lesen(roh):
    """A Sozialraum by its Kürzel (ADE) or a Region by R + number (R2)."""
    roh = dateien.text(roh).strip()
    if not roh:
        b = begriffe()
        raise WertFehler(
            f"Bitte {b.raum} (Kürzel, z. B. ADE) oder {b.gruppe} (R2) angeben."
            if b.mit_gruppen
            else beispiele_hier(f"Bitte {b.raum} angeben (Kürzel, z. B. ADE).")
        )
    treffer = re.fullmatch(r"[Rr](?:egion)?\s*(\d{1,3})", roh)
    if treffer:
        nummer = int(treffer[1])
        region = _gemerkt(
            "region", nummer, lambda: Region.objects.filter(nummer=nummer).first()
        )
        if region is None:
            raise WertFehler(f"Die {wort_der_gruppe()} {treffer[1]} gibt es nicht.")
        return region
    return sozialraum_nach_kuerzel(roh)


def sozialraum_nach_kuerzel(kuerzel):
    """The Sozialraum of a Kürzel (any case), or a WertFehler naming the known."""
    sozialraeume = _sozialraeume()
    sozialraum = sozialraeume.get(kuerzel.lower())
    if sozialraum is None:
        bekannt = ", ".join(s.kuerzel for s in sozialraeume.values())
        raise WertFehler(
            f"Unbekannter {begriffe().raum} „{kuerzel[:40]}“ (bekannt: {bekannt})."
        )
    return sozialraum


def _budgetart_lesen(roh, *, antraege=False):
    code = dateien.text(roh).strip()
    if not code:
        raise WertFehler("Bitte die Budgetart (Code, z. B. projektmittel) angeben.")
    arten = _gemerkt("budgetarten", None, lambda: list(Budgetart.objects.all()))
    art = next((a for a in arten if a.code.lower() == code.lower()), None)
    if art is None:
        art = next((a for a in arten if a.name.lower() == code.lower()), None)
    if art is None or (antraege and not art.antragsverfahren):
        codes = ", ".join(a.code for a in arten if a.antragsverfahren or not antraege)
        raise WertFehler(f"Unbekannte Budgetart „{code[:40]}“ (möglich: {codes}).")
    return art


def _jahr_lesen(roh):
    return dateien.ganzzahl(roh, minimum=JAHR_MIN, maximum=JAHR_MAX, pflicht=True)


def _anteile_text(paare):
    return TRENNER.join(f"{_inhaber_text(i)}:{betrag_text(b)}" for i, b in paare)


def eintraege(roh, beispiel):
    """The entries of a list cell (ADE:1.000,00|BAR:500,00); an empty one, a
    `|` too many (at the end, say), gets a message of its own."""
    teile = [t.strip() for t in roh.split(TRENNER)]
    if "" in teile:
        raise WertFehler(
            "Ein „|“ zu viel: zwischen zwei „|“ steht je ein Eintrag wie "
            f"{beispiele_hier(beispiel)}, "
            "am Anfang und am Ende keines."
        )
    return teile


def _anteile_lesen(roh):
    """ADE:1.000,00|BAR:500,00 -> [(Sozialraum, Decimal)]."""
    roh = dateien.text(roh)
    if not roh:
        return []
    paare = []
    for teil in eintraege(roh, "ADE:1.000,00"):
        if ":" not in teil:
            raise WertFehler(
                f"„{teil.strip()[:40]}“: erwartet wird Kürzel:Betrag, "
                f"z. B. {beispiele_hier('ADE:1.000,00')}."
            )
        wer, betrag = teil.split(":", 1)
        paare.append((_inhaber_lesen(wer), dateien.betrag(betrag, pflicht=True)))
    return paare


class ZuweisungRessource(Austausch):
    """Allocations: one row per allocation run (a total split by a key)."""

    art = "zuweisungen"
    titel = "Zuweisungen"
    spalten = [
        Spalte("Haushaltsjahr", pflicht=True),
        Spalte("Budgetart", pflicht=True, hinweis="Code, z. B. projektmittel"),
        Spalte("Gesamtbetrag", pflicht=True),
        Spalte("Schlüssel", hinweis="gleich (nach Köpfen) oder Name eines Schlüssels"),
        Spalte("Buchungsdatum"),
        Spalte("Text"),
        Spalte(
            "Verteilung",
            hinweis="zur Kontrolle: ADE:10.000,00|…, mit der Berechnung verglichen",
        ),
    ]
    feld_spalte = {
        "gesamtbetrag": "Gesamtbetrag",
        "buchungsdatum": "Buchungsdatum",
        "text": "Text",
        "verteilung": "Verteilung",
    }

    class Meta:
        model = Verteilung

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("budgetart", "schluessel").order_by(
            "haushaltsjahr", "budgetart__reihenfolge", "erfasst_am", "pk"
        )

    def export_resource(self, instance, selected_fields=None, **kwargs):
        buchungen = sorted(
            (b for b in instance.zuweisungen.all() if b.art == Buchungsart.ZUWEISUNG),
            key=lambda b: b.pk,
        )
        erste = buchungen[0] if buchungen else None
        return [
            instance.haushaltsjahr,
            instance.budgetart.code,
            instance.gesamtbetrag,
            instance.schluessel.name if instance.schluessel else budgets.GLEICH,
            erste.buchungsdatum if erste else None,
            erste.text if erste else "",
            _anteile_text([(b.budget.inhaber, b.betrag) for b in buchungen]),
        ]

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Verteilung.objects.all()
        queryset = queryset.prefetch_related(
            Prefetch(
                "zuweisungen",
                queryset=Buchung.objects.select_related(
                    "budget__sozialraum", "budget__region"
                ),
            )
        )
        return super().export(queryset=queryset, **kwargs)

    def importieren(self, tabelle, *, durch, dateiname):
        ergebnisse, geplant = [], []
        for nr, zeile in self.zeilen(tabelle):
            e = Zeilenergebnis(zeile=nr)
            ergebnisse.append(e)
            jahr = self.wert(e, zeile, "Haushaltsjahr", _jahr_lesen)
            art = self.wert(e, zeile, "Budgetart", _budgetart_lesen)
            gesamt = self.wert(
                e,
                zeile,
                "Gesamtbetrag",
                dateien.betrag,
                pflicht=True,
                null_erlaubt=False,
            )
            schluessel = (
                self.wert(e, zeile, "Schlüssel", dateien.text, max_laenge=50)
                or budgets.GLEICH
            )
            if schluessel.lower() == budgets.GLEICH:
                schluessel = budgets.GLEICH  # the built-in word, as any case
            datum = self.wert(e, zeile, "Buchungsdatum", dateien.datum)
            text = self.wert(e, zeile, "Text", dateien.text, max_laenge=500)
            verteilung = self.wert(e, zeile, "Verteilung", _anteile_lesen)
            e.bezeichnung = f"{art.code if art else '?'} {jahr or '?'}"
            if datum and jahr and datum.year != jahr:
                e.fehler_melden(
                    "Buchungsdatum",
                    f"Das Buchungsdatum {datum:%d.%m.%Y} liegt nicht im "
                    f"Haushaltsjahr {jahr}.",
                )
            if jahr and not e.fehler and _abgeschlossen(jahr):
                e.fehler_melden(
                    "Haushaltsjahr",
                    f"Das Haushaltsjahr {jahr} ist abgeschlossen; darin wird nicht "
                    "mehr zugewiesen (Zuweisungen vor dem Jahresabschluss "
                    "importieren).",
                )
            if not e.fehler:
                angaben = {
                    "budgetart": art,
                    "haushaltsjahr": jahr,
                    "gesamtbetrag": gesamt,
                    "schluessel_name": schluessel,
                    "buchungsdatum": datum,
                    "text": text,
                }
                tag = datum or datetime.date(jahr, 1, 1)
                geplant.append((tag, nr, e, angaben, verteilung))
        for _tag, _nr, e, angaben, verteilung in sorted(geplant, key=lambda g: g[:2]):
            self._buchen(e, angaben, verteilung, durch)
        return ergebnisse

    def _buchen(self, e, angaben, verteilung, durch):
        if _schon_gebucht(**angaben):
            e.fehler_melden(
                "",
                f"Eine Zuweisung {angaben['budgetart'].code} "
                f"{angaben['haushaltsjahr']} über "
                f"{betrag_text(angaben['gesamtbetrag'])} € mit diesem Datum und Text "
                "ist schon gebucht "
                "(wurde die Datei schon importiert?).",
            )
            return
        try:
            with transaction.atomic():
                gebucht = budgets.zuweisen(durch=durch, **angaben)
                if verteilung:
                    self._verteilung_vergleichen(verteilung, gebucht)
        except ValidationError as exc:
            for feld, text in _meldungen(exc):
                spalte = self.feld_spalte.get(feld, "")
                if not spalte and "Schlüssel" in text:
                    spalte = "Schlüssel"
                e.fehler_melden(spalte, text)
        else:
            e.aktion = "neu"

    def _verteilung_vergleichen(self, erwartet, verteilung):
        """The file's split (if given) must be what the key books now."""
        gebucht = sorted(
            (_inhaber_text(b.budget.inhaber), b.betrag)
            for b in verteilung.zuweisungen.select_related(
                "budget__sozialraum", "budget__region"
            )
        )
        if sorted((_inhaber_text(i), b) for i, b in erwartet) != gebucht:
            berechnet = TRENNER.join(f"{k}:{betrag_text(b)}" for k, b in gebucht)
            raise ValidationError(
                {
                    "verteilung": "Der Schlüssel verteilt anders als in der Datei "
                    f"angegeben (berechnet: {berechnet})."
                }
            )


def _schon_gebucht(*, budgetart, haushaltsjahr, gesamtbetrag, buchungsdatum, text, **_):
    buchungen = Buchung.objects.filter(
        art=Buchungsart.ZUWEISUNG,
        verteilung__budgetart=budgetart,
        verteilung__haushaltsjahr=haushaltsjahr,
        verteilung__gesamtbetrag=gesamtbetrag,
    )
    if buchungsdatum:
        buchungen = buchungen.filter(buchungsdatum=buchungsdatum)
    if text:
        buchungen = buchungen.filter(text=text)
    return buchungen.exists()


# --- Applications -------------------------------------------------------------------

S = Status
# The decision the file names, per state (None: no decision; a set: one of them).
BESCHLUSS_NOETIG = {
    S.ZURUECKGESTELLT: {"zurueckgestellt"},
    S.ABGELEHNT: {"abgelehnt"},
    S.BEWILLIGT: {"bewilligt"},
    S.VETO: {"bewilligt"},
    S.IN_AUSZAHLUNG: {"bewilligt"},
    S.NACHWEIS: {"bewilligt"},
    S.ABGESCHLOSSEN: {"bewilligt"},
    S.ZURUECKGEZOGEN: {"", "bewilligt", "zurueckgestellt"},
}
BEGRUENDUNG_PFLICHT = (S.RUECKFRAGE, S.VETO)
BEGRUENDUNG_EXPORT = (S.RUECKFRAGE, S.VETO, S.ZURUECKGEZOGEN)
MIT_VERWENDUNG = (S.NACHWEIS, S.ABGESCHLOSSEN)
BESCHLUSS_TEXT = {
    "bewilligt": "bewilligt",
    "abgelehnt": "abgelehnt",
    "zurueckgestellt": "zurückgestellt",
}
VOR, BESCHLUSS, NACH = range(3)


def _status_lesen(roh):
    roh = dateien.text(roh, pflicht=True).lower()
    # value or label -> Status, once per import (the labels are translated)
    staende = _gemerkt(
        "staende",
        None,
        lambda: {
            **{str(label).lower(): S(wert) for wert, label in S.choices},
            **{wert: S(wert) for wert, _label in S.choices},
            "nachweis eingegangen": S.NACHWEIS,
            "verwendungsnachweis": S.NACHWEIS,
        },
    )
    if roh in staende:
        return staende[roh]
    namen = ", ".join(str(label) for _, label in S.choices)
    raise WertFehler(f"Unbekannter Status „{roh[:40]}“ (möglich: {namen}).")


def _beschluss_lesen(roh):
    roh = dateien.text(roh).lower().replace("ü", "ue")
    if roh in ("", *BESCHLUSS_TEXT):
        return roh
    raise WertFehler(
        f"Unbekannter Beschluss „{roh[:40]}“ (bewilligt, abgelehnt, zurückgestellt)."
    )


def _liste(roh):
    roh = dateien.text(roh)
    return [t.strip() for t in re.split(r"[|;]", roh) if t.strip()] if roh else []


def _themenfelder_lesen(roh):
    namen = _liste(roh)
    alle = _gemerkt(
        "themenfelder",
        None,
        lambda: {t.name.lower(): t for t in Themenfeld.objects.all()},
    )
    unbekannt = [n for n in namen if n.lower() not in alle]
    if unbekannt:
        raise WertFehler(
            f"Unbekanntes Themenfeld: {', '.join(unbekannt)} (bekannt: "
            f"{', '.join(t.name for t in alle.values())})."
        )
    return tuple(alle[n.lower()] for n in namen)


def _ziele_lesen(roh):
    ziele = []
    for kennung in _liste(roh):
        treffer = KENNUNG.fullmatch(kennung)
        ziel = treffer and _gemerkt(
            "ziel",
            (treffer[1].lower(), int(treffer[2]), int(treffer[3])),
            lambda t=treffer: (
                Ziel.objects.select_related("konzept__sozialraum")
                .filter(
                    konzept__sozialraum__kuerzel__iexact=t[1],
                    konzept__version=int(t[2]),
                    nummer=int(t[3]),
                )
                .first()
            ),
        )
        if not ziel:
            raise WertFehler(
                f"Unbekanntes Ziel „{kennung[:40]}“ "
                f"(Form: {beispiele_hier('ADE-K1-Z2')})."
            )
        ziele.append(ziel)
    return tuple(ziele)


_DRITTMITTEL = re.compile(
    r"(?P<quelle>.+?):\s*(?P<betrag>[^():]+?)\s*\((?P<stand>[^()]+)\)"
)


def _drittmittel_lesen(roh):
    """Aktion Mensch: 1.000,00 (zugesagt)|… -> [(quelle, Decimal, stand)]."""
    roh = dateien.text(roh)
    if not roh:
        return ()
    staende = {s: s for s in Drittmittel.Stand.values}
    staende.update({str(label).lower(): s for s, label in Drittmittel.Stand.choices})
    gelesen = []
    for teil in eintraege(roh, "Aktion Mensch: 1.000,00 (zugesagt)"):
        treffer = _DRITTMITTEL.fullmatch(teil)
        if treffer is None:
            raise WertFehler(
                f"„{teil.strip()[:40]}“: erwartet wird Quelle: Betrag (Stand), z. B. "
                "Aktion Mensch: 1.000,00 (zugesagt)."
            )
        stand = staende.get(treffer["stand"].strip().lower())
        if stand is None:
            raise WertFehler(
                f"Unbekannter Stand „{treffer['stand']}“ (geplant, beantragt, "
                "zugesagt, abgelehnt)."
            )
        betrag = dateien.betrag(treffer["betrag"], pflicht=True, null_erlaubt=False)
        gelesen.append((treffer["quelle"].strip()[:200], betrag, stand))
    return tuple(gelesen)


def _ja_nein_text(wert):
    return "ja" if wert else "nein"


@dataclass
class _Antragszeile:
    """A parsed row: what the steps need."""

    nr: int
    ergebnis: Zeilenergebnis
    nummer: str
    jahr: int
    budgetart: Budgetart
    inhaber: object
    inhalt: Inhalt
    angelegt_am: datetime.date
    status: Status
    status_seit: datetime.date
    sitzung_datum: datetime.date | None
    landkreis_vertreten: bool | None
    ausnahme: str
    beschluss: str
    stimmen: tuple
    bewilligt: object
    ausgezahlt: object
    verwendet: object
    begruendung: str
    dublette: bool = False  # „Dublette“: ja, the file says it is another one
    vorgang: object = None  # its Stapelvorgang, once created
    sitzung: Sitzung | None = None
    gescheitert: bool = False


class AntragRessource(Austausch):
    """Applications with their shares, state, decision and Sitzung."""

    art = "antraege"
    titel = "Anträge"
    spalten = [
        Spalte("Antragsnummer", hinweis="leer: wird vergeben"),
        Spalte("Haushaltsjahr", pflicht=True),
        Spalte(
            "Budgetart",
            pflicht=True,
            # the Regionalbudgets exist only with a group level
            hinweis=("Code: projektmittel, regional1", "Code: projektmittel"),
        ),
        Spalte(
            "Sozialraum/Region",
            pflicht=True,
            hinweis=("Kürzel (ADE) oder R2", "Kürzel (ADE)"),
        ),
        Spalte("Antragsteller", pflicht=True),
        Spalte("Titel", pflicht=True),
        Spalte("Zielgruppe"),
        Spalte("Themenfelder", hinweis="Namen, getrennt durch |"),
        Spalte("Ziele", hinweis="Kennungen wie ADE-K1-Z2, getrennt durch |"),
        Spalte("Beginn"),
        Spalte("Ende"),
        Spalte("Ausgangslage"),
        Spalte("Zielsetzung"),
        Spalte("Maßnahme"),
        Spalte("Gesamtkosten"),
        Spalte("Beantragt", pflicht=True),
        Spalte("Eigenanteil"),
        Spalte("Als Eigenanteil", hinweis="ja/nein"),
        Spalte("Anteile", hinweis="Kooperation: ADE:1.000,00|BAR:500,00"),
        Spalte("Drittmittel", hinweis="Quelle: 1.000,00 (zugesagt)|…"),
        Spalte("Angelegt am", pflicht=True),
        Spalte("Status", pflicht=True),
        Spalte("Status seit"),
        Spalte("Sitzung", hinweis="Datum der Sitzung des Gremiums"),
        Spalte("Landkreis vertreten", hinweis="ja/nein, Pflicht mit Sitzung"),
        Spalte("Ausnahme", hinweis="Begründung der Ausnahme des {pruefstelle_genitiv}"),
        Spalte("Beschluss", hinweis="bewilligt, abgelehnt, zurückgestellt"),
        Spalte("Ja"),
        Spalte("Nein"),
        Spalte("Enthaltungen"),
        Spalte("Bewilligt"),
        Spalte("Ausgezahlt"),
        Spalte("Verwendet"),
        Spalte("Begründung", hinweis="Rückfrage, Veto, Zurückziehen"),
    ]
    # Read on import (old spreadsheets have them), never exported: the file is
    # exchanged with the Träger and carries no personal contact data.
    nur_import = [
        Spalte("Ansprechperson"),
        Spalte("E-Mail"),
        Spalte("Telefon"),
        Spalte("Dublette", hinweis="ja: gleicht einem vorhandenen Antrag und ist neu"),
    ]
    feld_spalte = {
        "nummer": "Antragsnummer",
        "haushaltsjahr": "Haushaltsjahr",
        "budgetart": "Budgetart",
        "antragsteller": "Antragsteller",
        "titel": "Titel",
        "ansprechperson": "Ansprechperson",
        "kontakt_email": "E-Mail",
        "kontakt_telefon": "Telefon",
        "zielgruppe": "Zielgruppe",
        "themenfelder": "Themenfelder",
        "ziele": "Ziele",
        "beginn": "Beginn",
        "ende": "Ende",
        "ausgangslage": "Ausgangslage",
        "zielsetzung": "Zielsetzung",
        "massnahme": "Maßnahme",
        "gesamtkosten": "Gesamtkosten",
        "beantragt": "Beantragt",
        "eigenanteil": "Eigenanteil",
        "als_eigenanteil": "Als Eigenanteil",
        "partner": "Anteile",
        "drittmittel": "Drittmittel",
        "sitzung": "Sitzung",
        "kommentar": "Begründung",
        "datum": "Status seit",
        "__all__": "",
    }

    class Meta:
        model = Antrag

    def kopf_pruefen(self, kopf):
        # the contact columns are known, though not exported
        spalten = self.spalten
        self.spalten = spalten + self.nur_import
        try:
            return super().kopf_pruefen(kopf)
        finally:
            self.spalten = spalten

    # --- Export ---------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return (
            queryset.select_related("budgetart", "sozialraum", "region")
            .prefetch_related(
                Prefetch("anteile", queryset=_anteile_qs()),
                "drittmittel",
                "themenfelder",
                Prefetch(
                    "ziele",
                    queryset=Ziel.objects.select_related("konzept__sozialraum"),
                ),
                "statuswechsel",
                Prefetch("beschluesse", queryset=_beschluesse_qs()),
                Prefetch(
                    "tagesordnungspunkte",
                    queryset=_tagesordnung_qs(),
                ),
            )
            .order_by("haushaltsjahr", "nummer")
        )

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Antrag.objects.all()
        self._ausgezahlt = _ausgezahlt_je_nummer(queryset)
        return super().export(queryset=queryset, **kwargs)

    def iter_queryset(self, queryset):
        # in chunks, with the prefetches (the library pages by pk too)
        ids = list(queryset.values_list("pk", flat=True))
        for i in range(0, len(ids), 500):
            yield from queryset.filter(pk__in=ids[i : i + 500])

    def export_resource(self, instance, selected_fields=None, **kwargs):
        a = instance
        schritte = sorted(
            (w for w in a.statuswechsel.all() if w.aktion != Aktion.ANTEIL_ZUSTIMMEN),
            key=lambda w: (w.wirksam_am, w.erfasst_am, w.pk),
        )
        angelegt = next((w for w in schritte if w.aktion == Aktion.ANLEGEN), None)
        letzter = schritte[-1] if schritte else None
        anteile = list(a.anteile.all())
        if a.status == S.ZUR_BERATUNG:
            tops = [t for t in a.tagesordnungspunkte.all() if not t.abgesetzt]
            sitzung = tops[-1].sitzung if tops else None
            beschluss = None
        else:
            beschluesse = list(a.beschluesse.all())
            beschluss = beschluesse[-1] if beschluesse else None
            sitzung = beschluss.sitzung if beschluss else None
        nachweis = [w for w in schritte if w.aktion == Aktion.NACHWEIS_EINREICHEN]
        return [
            a.nummer,
            a.haushaltsjahr,
            a.budgetart.code,
            _inhaber_text(a.inhaber),
            a.antragsteller,
            a.titel,
            a.zielgruppe,
            TRENNER.join(t.name for t in a.themenfelder.all()),
            TRENNER.join(sorted(z.kennung for z in a.ziele.all())),
            a.beginn,
            a.ende,
            a.ausgangslage,
            a.zielsetzung,
            a.massnahme,
            a.gesamtkosten,
            a.beantragt,
            a.eigenanteil,
            _ja_nein_text(a.als_eigenanteil),
            _anteile_text([(x.inhaber, x.betrag) for x in anteile])
            if len(anteile) > 1
            else "",
            TRENNER.join(
                f"{d.quelle}: {betrag_text(d.betrag)} ({d.stand})"
                for d in a.drittmittel.all()
            ),
            angelegt.wirksam_am if angelegt else None,
            a.get_status_display(),
            letzter.wirksam_am if letzter else None,
            sitzung.datum if sitzung else None,
            _ja_nein_text(sitzung.landkreis_vertreten) if sitzung else "",
            sitzung.ausnahme_begruendung if sitzung else "",
            BESCHLUSS_TEXT[beschluss.ergebnis] if beschluss else "",
            beschluss.ja if beschluss else None,
            beschluss.nein if beschluss else None,
            beschluss.enthaltungen if beschluss else None,
            a.bewilligt,
            self._ausgezahlt.get(a.nummer, NULL) if a.bewilligt is not None else None,
            nachweis[-1].betrag if nachweis and a.status in MIT_VERWENDUNG else None,
            letzter.kommentar if letzter and a.status in BEGRUENDUNG_EXPORT else "",
        ]

    # --- Import ---------------------------------------------------------------------

    def importieren(self, tabelle, *, durch, dateiname):
        """Read and check every row first, then take every row's steps in the
        services' bulk path (antraege.services.Antragsstapel: the same rules,
        in memory), then write everything in bulk; a dry run writes nothing.
        Every row gets its own verdict, also when other rows have errors."""
        ergebnisse, zeilen, nummern = [], [], {}
        for nr, zeile in self.zeilen(tabelle):
            e = Zeilenergebnis(zeile=nr)
            ergebnisse.append(e)
            z = self._zeile_lesen(e, nr, zeile)
            if z is None:
                continue
            if z.nummer:
                if z.nummer in nummern:
                    e.fehler_melden(
                        "Antragsnummer",
                        f"Die Antragsnummer {z.nummer} steht schon in Zeile "
                        f"{nummern[z.nummer]}.",
                    )
                    continue
                nummern[z.nummer] = nr
            zeilen.append(z)
        self._dubletten_pruefen(zeilen)
        # a row's own mistakes are its verdict; the others go on to the steps
        zeilen = [z for z in zeilen if not z.ergebnis.fehler]
        if not zeilen:
            return ergebnisse
        self._sitzungen(zeilen, durch, dateiname)
        stapel = Antragsstapel(
            durch=durch,
            importiert_aus=dateiname,
            nummern=[z.nummer for z in zeilen if z.nummer],
            budget_schluessel=[
                (z.budgetart, z.jahr, inhaber)
                for z in zeilen
                if z.beschluss == "bewilligt"
                for inhaber in (z.inhaber, *(i for i, _b in z.inhalt.partner))
            ],
        )
        stapel.zaehler_vorladen({(z.jahr, z.inhaber) for z in zeilen})
        self._schritte_ausfuehren(zeilen, stapel)
        for z in zeilen:
            if not z.ergebnis.fehler:
                z.ergebnis.aktion = "neu"
                z.ergebnis.bezeichnung = z.vorgang.antrag.nummer
        if any(e.fehler for e in ergebnisse):
            return ergebnisse  # nothing stays written: no need to write
        try:
            with transaction.atomic():
                if self.trocken:
                    stapel.kasse.invarianten_pruefen()
                else:
                    stapel.schreiben()
        except (ValidationError, IntegrityError) as exc:
            # a guard behind the rules (they refused each step already)
            meldung = " ".join(getattr(exc, "messages", [str(exc)]))
            ergebnisse[0].fehler_melden(
                "", f"Der Import wurde beim Schreiben abgebrochen: {meldung}"
            )
        return ergebnisse

    def _zeile_lesen(self, e, nr, zeile):
        w = lambda spalte, lesen, **kw: self.wert(e, zeile, spalte, lesen, **kw)  # noqa: E731
        t = lambda spalte, **kw: w(spalte, dateien.text, **kw)  # noqa: E731
        b = lambda spalte, **kw: w(spalte, dateien.betrag, **kw)  # noqa: E731
        nummer = t("Antragsnummer", max_laenge=20)
        e.bezeichnung = nummer or ""
        jahr = w("Haushaltsjahr", _jahr_lesen)
        budgetart = w("Budgetart", _budgetart_lesen, antraege=True)
        inhaber = w("Sozialraum/Region", _inhaber_lesen)
        anteile = w("Anteile", _anteile_lesen)
        beantragt = b("Beantragt", pflicht=True)
        inhalt = Inhalt(
            antragsteller=t("Antragsteller", pflicht=True, max_laenge=200),
            titel=t("Titel", pflicht=True, max_laenge=200),
            ansprechperson=t("Ansprechperson", max_laenge=200),
            kontakt_email=t("E-Mail", max_laenge=254),
            kontakt_telefon=t("Telefon", max_laenge=50),
            zielgruppe=t("Zielgruppe"),
            beginn=w("Beginn", dateien.datum),
            ende=w("Ende", dateien.datum),
            ausgangslage=t("Ausgangslage"),
            zielsetzung=t("Zielsetzung"),
            massnahme=t("Maßnahme"),
            gesamtkosten=b("Gesamtkosten"),
            beantragt=beantragt,
            eigenanteil=b("Eigenanteil") or NULL,
            als_eigenanteil=bool(w("Als Eigenanteil", dateien.ja_nein)),
            themenfelder=w("Themenfelder", _themenfelder_lesen) or (),
            ziele=w("Ziele", _ziele_lesen) or (),
            drittmittel=w("Drittmittel", _drittmittel_lesen) or (),
        )
        if not nummer:
            # a row without number is known by its applicant and title (the
            # result page's "Datensatz", above all for rows with errors)
            e.bezeichnung = " – ".join(
                teil for teil in (inhalt.antragsteller, inhalt.titel) if teil
            )[:120]
        status = w("Status", _status_lesen)
        z = _Antragszeile(
            nr=nr,
            ergebnis=e,
            nummer=nummer or "",
            jahr=jahr,
            budgetart=budgetart,
            inhaber=inhaber,
            inhalt=inhalt,
            angelegt_am=w("Angelegt am", dateien.datum, pflicht=True),
            status=status,
            status_seit=w("Status seit", dateien.datum),
            sitzung_datum=w("Sitzung", dateien.datum),
            landkreis_vertreten=w("Landkreis vertreten", dateien.ja_nein),
            ausnahme=t("Ausnahme"),
            beschluss=w("Beschluss", _beschluss_lesen),
            stimmen=tuple(
                w(s, dateien.ganzzahl) for s in ("Ja", "Nein", "Enthaltungen")
            ),
            bewilligt=b("Bewilligt", null_erlaubt=False),
            ausgezahlt=b("Ausgezahlt"),
            verwendet=b("Verwendet"),
            begruendung=t("Begründung"),
            dublette=bool(w("Dublette", dateien.ja_nein)),
        )
        if e.fehler:
            return None
        self._anteile_pruefen(z, anteile)
        self._stimmig(z)
        return None if e.fehler else z

    def _dubletten_pruefen(self, zeilen):
        """A row without Antragsnummer that matches an application already there
        (same Haushaltsjahr, Sozialraum/Region, Antragsteller, Titel, Beantragt)
        is refused unless its column „Dublette“ says „ja“: the same list
        imported twice would otherwise give every application twice. One query
        for the whole file."""
        pruefen = [z for z in zeilen if not z.nummer and not z.dublette]
        if not pruefen:
            return
        vorhanden = {}
        for *merkmale, nummer in Antrag.objects.filter(
            haushaltsjahr__in={z.jahr for z in pruefen}
        ).values_list(
            "haushaltsjahr",
            "sozialraum_id",
            "region_id",
            "antragsteller",
            "titel",
            "beantragt",
            "nummer",
        ):
            vorhanden.setdefault(tuple(merkmale), nummer)
        for z in pruefen:
            sozialraum = _als(z.inhaber, Sozialraum)
            region = _als(z.inhaber, Region)
            nummer = vorhanden.get(
                (
                    z.jahr,
                    sozialraum.pk if sozialraum else None,
                    region.pk if region else None,
                    z.inhalt.antragsteller,
                    z.inhalt.titel,
                    z.inhalt.beantragt,
                )
            )
            if nummer:
                z.ergebnis.fehler_melden(
                    "Dublette",
                    f"Den Antrag gibt es schon als {nummer} (gleiches Haushaltsjahr, "
                    f"{_gleicher_inhaber()}, gleicher Antragsteller, "
                    "Titel und beantragter Betrag). Ist es ein weiterer Antrag, in "
                    "dieser Spalte „ja“ eintragen; sonst die Zeile löschen.",
                )

    def _anteile_pruefen(self, z, anteile):
        """The lead's share is what is left of `Beantragt`; the file names it."""
        if not anteile:
            return
        eigene = [b for i, b in anteile if i == z.inhaber]
        partner = [(i, b) for i, b in anteile if i != z.inhaber]
        summe = sum((b for _, b in anteile), NULL)
        if len(eigene) != 1:
            z.ergebnis.fehler_melden(
                "Anteile",
                f"Die Anteile nennen den federführenden {_inhaber_text(z.inhaber)} "
                "nicht genau einmal.",
            )
        elif summe != z.inhalt.beantragt:
            z.ergebnis.fehler_melden(
                "Anteile",
                f"Die Anteile ergeben {betrag_text(summe)} €, beantragt sind "
                f"{betrag_text(z.inhalt.beantragt)} €.",
            )
        z.inhalt.partner = tuple(partner)

    def _stimmig(self, z):
        """State, decision, Sitzung and amounts must fit together."""
        melden = z.ergebnis.fehler_melden
        status = z.status
        status_text = status.label
        noetig = BESCHLUSS_NOETIG.get(status, {""})
        if status == S.ZUR_BERATUNG:
            noetig = {""}
        if z.beschluss not in noetig:
            erwartet = " oder ".join(
                BESCHLUSS_TEXT.get(n, "leer") for n in sorted(noetig)
            )
            melden(
                "Beschluss", f"Im Status „{status_text}“ ist der Beschluss {erwartet}."
            )
        braucht_sitzung = bool(z.beschluss) or status == S.ZUR_BERATUNG
        if braucht_sitzung and z.sitzung_datum is None:
            melden("Sitzung", f"Im Status „{status_text}“ fehlt das Datum der Sitzung.")
        if not braucht_sitzung and z.sitzung_datum is not None:
            melden(
                "Sitzung",
                "Eine Sitzung gehört nur zu einem Beschluss oder zur Beratung.",
            )
        if z.sitzung_datum is not None and z.landkreis_vertreten is None:
            melden("Landkreis vertreten", "Bitte mit „ja“ oder „nein“ angeben.")
        if z.beschluss == "bewilligt" and z.bewilligt is None:
            melden("Bewilligt", "Bitte den bewilligten Betrag angeben.")
        if z.beschluss != "bewilligt" and z.bewilligt is not None:
            melden(
                "Bewilligt", "Ein bewilligter Betrag gehört nur zu einer Bewilligung."
            )
        if any(s is not None for s in z.stimmen) and not z.beschluss:
            melden("Ja", "Stimmen gehören nur zu einem Beschluss.")
        ausgezahlt = z.ausgezahlt or NULL
        if status == S.IN_AUSZAHLUNG and ausgezahlt <= 0:
            melden("Ausgezahlt", "Im Status „In Auszahlung“ ist etwas ausgezahlt.")
        if status not in (S.IN_AUSZAHLUNG, *MIT_VERWENDUNG) and ausgezahlt > 0:
            melden("Ausgezahlt", f"Im Status „{status_text}“ ist nichts ausgezahlt.")
        if status in MIT_VERWENDUNG and z.verwendet is None:
            melden(
                "Verwendet",
                "Bitte den verwendeten Betrag (Verwendungsnachweis) angeben.",
            )
        if status not in MIT_VERWENDUNG and z.verwendet is not None:
            melden(
                "Verwendet", "Ein verwendeter Betrag gehört zum Verwendungsnachweis."
            )
        if status in BEGRUENDUNG_PFLICHT and not z.begruendung:
            melden(
                "Begründung", f"Im Status „{status_text}“ ist eine Begründung Pflicht."
            )
        if status not in BEGRUENDUNG_EXPORT and z.begruendung:
            melden(
                "Begründung",
                "Eine Begründung gehört zu Rückfrage, Veto oder Zurückziehen.",
            )
        if z.status_seit is None:
            z.status_seit = z.sitzung_datum if z.beschluss else z.angelegt_am
        if z.status_seit < z.angelegt_am:
            melden("Status seit", "Das Datum liegt vor „Angelegt am“.")
        if z.sitzung_datum is not None and z.sitzung_datum < z.angelegt_am:
            melden("Sitzung", "Die Sitzung liegt vor „Angelegt am“.")
        if z.beschluss and z.status_seit < z.sitzung_datum:
            melden(
                "Status seit", "Das Datum liegt vor der Sitzung, die beschlossen hat."
            )
        if z.jahr is not None and _abgeschlossen(z.jahr):
            melden(
                "Haushaltsjahr",
                f"Das Haushaltsjahr {z.jahr} ist abgeschlossen: darin wird nicht mehr "
                "gebunden, also auch nichts importiert. Anträge eines Jahres vor "
                "dessen Jahresabschluss importieren.",
            )

    def _sitzungen(self, zeilen, durch, dateiname):
        """Find or create the Sitzungen the rows name (with FD 51's exception,
        where the file gives its reason) before any step, so the count of a
        committee's budget sessions in a year is the file's."""
        je_sitzung = defaultdict(list)
        for z in zeilen:
            if z.sitzung_datum is None:
                continue
            gremium = Antrag(
                sozialraum=_als(z.inhaber, Sozialraum), region=_als(z.inhaber, Region)
            ).gremium
            if gremium is None:
                z.ergebnis.fehler_melden(
                    "Sozialraum/Region", f"{z.inhaber} hat kein beschließendes Gremium."
                )
                z.gescheitert = True
                continue
            je_sitzung[(gremium, z.sitzung_datum)].append(z)
        for (gremium, datum), gruppe in sorted(
            je_sitzung.items(), key=lambda g: (g[0][1], g[0][0].pk)
        ):
            erste = gruppe[0]
            ausnahme = next((z.ausnahme for z in gruppe if z.ausnahme), "")
            for z in gruppe[1:]:
                if z.landkreis_vertreten != erste.landkreis_vertreten:
                    z.ergebnis.fehler_melden(
                        "Landkreis vertreten",
                        f"Zeile {erste.nr} gibt für dieselbe Sitzung "
                        f"„{_ja_nein_text(erste.landkreis_vertreten)}“ an.",
                    )
                if z.ausnahme and z.ausnahme != ausnahme:
                    z.ergebnis.fehler_melden(
                        "Ausnahme",
                        "Andere Zeilen nennen für dieselbe Sitzung eine "
                        "andere Begründung.",
                    )
            if any(z.ergebnis.fehler for z in gruppe):
                for z in gruppe:
                    z.gescheitert = True
                continue
            try:
                with transaction.atomic():
                    sitzung = self._sitzung_holen(
                        gremium,
                        datum,
                        erste.landkreis_vertreten,
                        ausnahme,
                        durch,
                        dateiname,
                    )
            except (ValidationError, PermissionDenied) as exc:
                for z in gruppe:
                    self.dienstfehler(z.ergebnis, exc, f"Sitzung am {datum:%d.%m.%Y}: ")
                    z.gescheitert = True
                continue
            for z in gruppe:
                z.sitzung = sitzung

    def _sitzung_holen(self, gremium, datum, vertreten, ausnahme, durch, dateiname):
        sitzung = (
            Sitzung.objects.budgetsitzungen()
            .filter(gremium=gremium, datum=datum)
            .order_by("pk")
            .first()
        )
        if sitzung is None:
            sitzung = sitzung_anlegen(
                gremium=gremium,
                datum=datum,
                landkreis_vertreten=vertreten,
                durch=durch,
                importiert_aus=dateiname,
            )
        elif sitzung.landkreis_vertreten != vertreten:
            raise ValidationError(
                {
                    "landkreis_vertreten": "Die Sitzung gibt es schon, dort ist "
                    f"„{kopf('Landkreis vertreten')}“ "
                    f"{_ja_nein_text(sitzung.landkreis_vertreten)}."
                }
            )
        if ausnahme and not sitzung.hat_ausnahme:
            sitzung = sitzung_ausnahme_erteilen(
                sitzung=sitzung, begruendung=ausnahme, durch=durch
            )
        return sitzung

    def _schritte_ausfuehren(self, zeilen, stapel):
        """All rows' steps in the order of their effective dates (like an office
        entering its records day by day): money freed by a veto is there for a
        later approval, and an approval that would overdraw a budget is refused
        on the row that comes last."""
        schlange, zaehler = [], itertools.count()
        for z in zeilen:
            if z.gescheitert:
                continue
            for tag, phase, schritt, spalte in self._schritte(z, stapel):
                heapq.heappush(
                    schlange, (tag, phase, z.nr, next(zaehler), z, schritt, spalte)
                )
        while schlange:
            *_ordnung, z, schritt, spalte = heapq.heappop(schlange)
            if z.gescheitert:
                continue
            try:
                # each step as one service call: a refused one changes nothing
                schritt()
            except (ValidationError, PermissionDenied) as exc:
                z.gescheitert = True
                for feld, text, code in _meldungen_mit_code(exc):
                    ziel = (
                        spalte
                        if feld in ("betrag", "datum")
                        else self.feld_spalte.get(feld, "")
                    )
                    if code in IMPORT_RAT:
                        ziel, rat, ersetzt = IMPORT_RAT[code]
                        rat = beispiele_hier(mit_woertern(rat))  # {konzept}
                        text = rat if ersetzt else f"{text} {rat}"
                    z.ergebnis.fehler_melden(ziel, text)

    def _schritte(self, z, stapel):
        """(day, phase, callable, column of its amount/date) for one row."""
        A, status, sitzung = z.angelegt_am, z.status, z.sitzung

        def anlegen():
            z.vorgang = stapel.anlegen(
                budgetart=z.budgetart,
                haushaltsjahr=z.jahr,
                inhaber=z.inhaber,
                inhalt=z.inhalt,
                datum=A,
                nummer=z.nummer or None,
            )

        def zustimmen():
            stapel.zustimmen(z.vorgang, datum=A)

        def schritt(aktion, tag, **kwargs):
            return lambda: stapel.uebergang(
                z.vorgang, aktion=aktion, datum=tag, **kwargs
            )

        S_ = z.status_seit
        reihe = [(A, VOR, anlegen, "Angelegt am")]
        if status == S.ENTWURF:
            return reihe
        if status == S.ZURUECKGEZOGEN and not z.beschluss:
            return reihe + [
                (
                    S_,
                    NACH,
                    schritt(Aktion.ZURUECKZIEHEN, S_, kommentar=z.begruendung),
                    "Status seit",
                )
            ]
        einreichen_tag = S_ if status == S.EINGEREICHT else A
        reihe += [
            (A, VOR, zustimmen, "Angelegt am"),
            (
                einreichen_tag,
                VOR,
                schritt(Aktion.EINREICHEN, einreichen_tag),
                "Status seit",
            ),
        ]
        if status in (S.EINGEREICHT,):
            return reihe
        if status == S.RUECKFRAGE:
            return reihe + [
                (
                    S_,
                    VOR,
                    schritt(Aktion.RUECKFRAGE, S_, kommentar=z.begruendung),
                    "Status seit",
                )
            ]
        pruefen_tag = S_ if status == S.GEPRUEFT else A
        reihe.append(
            (pruefen_tag, VOR, schritt(Aktion.PRUEFEN, pruefen_tag), "Status seit")
        )
        if status == S.GEPRUEFT:
            return reihe
        tagesordnung_tag = S_ if status == S.ZUR_BERATUNG else A
        reihe.append(
            (
                tagesordnung_tag,
                VOR,
                schritt(Aktion.AUF_TAGESORDNUNG, tagesordnung_tag, sitzung=sitzung),
                "Sitzung",
            )
        )
        if status == S.ZUR_BERATUNG:
            return reihe
        D = z.sitzung_datum
        aktion = {
            "bewilligt": Aktion.BEWILLIGEN,
            "abgelehnt": Aktion.ABLEHNEN,
            "zurueckgestellt": Aktion.ZURUECKSTELLEN,
        }[z.beschluss]
        reihe.append(
            (
                D,
                BESCHLUSS,
                schritt(
                    aktion, D, sitzung=sitzung, betrag=z.bewilligt, stimmen=z.stimmen
                ),
                "Bewilligt",
            )
        )
        ausgezahlt = z.ausgezahlt or NULL
        if status == S.VETO:
            reihe.append(
                (
                    S_,
                    NACH,
                    schritt(Aktion.VETO, S_, kommentar=z.begruendung),
                    "Status seit",
                )
            )
        elif status == S.ZURUECKGEZOGEN:
            reihe.append(
                (
                    S_,
                    NACH,
                    schritt(Aktion.ZURUECKZIEHEN, S_, kommentar=z.begruendung),
                    "Status seit",
                )
            )
        if ausgezahlt > 0:
            reihe.append(
                (
                    S_,
                    NACH,
                    schritt(Aktion.AUSZAHLEN, S_, betrag=ausgezahlt),
                    "Ausgezahlt",
                )
            )
        if status in MIT_VERWENDUNG:
            reihe.append(
                (
                    S_,
                    NACH,
                    schritt(Aktion.NACHWEIS_EINREICHEN, S_, betrag=z.verwendet),
                    "Verwendet",
                )
            )
        if status == S.ABGESCHLOSSEN:
            reihe.append(
                (
                    S_,
                    NACH,
                    schritt(Aktion.ABSCHLIESSEN, S_, betrag=ausgezahlt),
                    "Ausgezahlt",
                )
            )
        return reihe


def _als(inhaber, typ):
    return inhaber if isinstance(inhaber, typ) else None


def _anteile_qs():
    from antraege.models import Anteil

    return Anteil.objects.select_related("sozialraum", "region").order_by("pk")


def _beschluesse_qs():
    from antraege.models import Beschluss

    return Beschluss.objects.select_related("sitzung").order_by("pk")


def _tagesordnung_qs():
    from antraege.models import Tagesordnungspunkt

    return Tagesordnungspunkt.objects.select_related("sitzung").order_by("pk")


_GELD = DecimalField(max_digits=14, decimal_places=2)


def _ausgezahlt_je_nummer(queryset):
    """Net paid per application (payments − repayments, Stornos counted), by
    the bookings' reference (the application number), in one query per 500."""
    nummern = list(queryset.values_list("nummer", flat=True))
    ergebnis = {}
    for i in range(0, len(nummern), 500):
        zeilen = (
            Buchung.objects.filter(referenz__in=nummern[i : i + 500])
            .filter(
                Q(art__in=[Buchungsart.AUSZAHLUNG, Buchungsart.RUECKFORDERUNG])
                | Q(
                    art=Buchungsart.STORNO,
                    storno_von__art__in=[
                        Buchungsart.AUSZAHLUNG,
                        Buchungsart.RUECKFORDERUNG,
                    ],
                )
            )
            .values("referenz")
            .annotate(
                netto=Coalesce(
                    Sum(
                        Case(
                            When(art=Buchungsart.AUSZAHLUNG, then=F("betrag")),
                            When(art=Buchungsart.RUECKFORDERUNG, then=-F("betrag")),
                            When(
                                storno_von__art=Buchungsart.AUSZAHLUNG,
                                then=-F("betrag"),
                            ),
                            default=F("betrag"),
                            output_field=_GELD,
                        )
                    ),
                    Value(NULL),
                    output_field=_GELD,
                )
            )
        )
        ergebnis.update({z["referenz"]: z["netto"] for z in zeilen})
    return ergebnis
