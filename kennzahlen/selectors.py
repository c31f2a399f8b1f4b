"""Reading Kennzahlen: per Büro and quarter, per year, per Region and for the
Landkreis, with progress against the agreed targets — and the small numbers
hidden from those who may not see them (docs/fachkonzept.md §7).

Small numbers: the Regionalbudget 2's engine (budgets/hilfen/sperrung.py)
decides, with KENNZAHLEN_MINDESTZAHL as its limit. Two tables are suppressed
together, so that no page and no pair of pages gives a hidden count away:
- per Büro: Kennzahl × Quartal, with the year figures as row sums (the
  "laufend" year figure is its last quarter, not a sum);
- the Landkreis: Büro × Kennzahl (year figures), with the Region and
  Landkreis sums.
A year figure hidden in one table is hidden in the other; this is repeated
until neither hides anything new. The whole year is computed at once (three
queries), so every viewer sees the same figures hidden.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.formats import number_format

from budgets.hilfen.sperrung import (
    GESAMT,
    Tabelle,
    spalte_summe,
    tabelle_sperren,
    zeile_summe,
    zelle,
)
from sozialraum.models import Sozialraum

from .models import (
    FESTE_ZAHLEN,
    QUARTALE,
    Kategorie,
    Kategoriezahl,
    Kennzahl,
    Quartalsmeldung,
    Zielvereinbarung,
    Zielvorgabe,
)

FEST = FESTE_ZAHLEN
LAUFEND = Kennzahl.FAELLE_LAUFEND.value
# The year figure of these is the sum of the quarters; of "laufend" the last.
SUMMIERT = [k for k in FEST if k != LAUFEND]


def mindestzahl():
    return int(getattr(settings, "KENNZAHLEN_MINDESTZAHL", 5))


def kategorie_schluessel(kategorie_id):
    return f"kategorie:{kategorie_id}"


# The mark of a figure hidden although it is not small (docs/fachkonzept.md §7):
# it is no "< 5" (that would be untrue), but hidden so that no small figure
# can be worked out from it and the others.
GESPERRT = "•"


@dataclass(frozen=True)
class Zahl:
    """A count as a page shows it: None = not reported; `verborgen` = hidden
    from those who may not see small numbers (then `wert` is None for them);
    `klein`: the hidden count is itself below the limit ("< 5"), else it is
    hidden only to protect a small one (GESPERRT)."""

    wert: int | None
    verborgen: bool = False
    grenze: int = 5
    klein: bool = False

    def __str__(self):
        if self.verborgen and self.wert is None:
            return self.zeichen
        if self.wert is None:
            return "–"
        return number_format(self.wert, force_grouping=True)

    @property
    def zeichen(self):
        """The mark of a hidden count: "< 5" for a small one, else GESPERRT."""
        return f"< {self.grenze}" if self.klein else GESPERRT

    @property
    def gemeldet(self):
        return self.wert is not None or self.verborgen


class Landkreistabelle(Tabelle):
    """Büro × Kennzahl with Region sums besides the row, column and total keys."""

    def __init__(self, faelle, zeilen, spalten, regionen):
        super().__init__(faelle, zeilen, spalten)
        self.regionen = regionen  # {region pk: [sozialraum pks]}

    def mitglieder(self, schluessel):
        if schluessel[0] == "region":
            return {(z, schluessel[2]) for z in self.regionen[schluessel[1]]}
        return super().mitglieder(schluessel)

    def schluessel(self):
        yield from super().schluessel()
        for r in self.regionen:
            for s in self.spalten:
                yield ("region", r, s)


def region_summe(region_pk, kennzahl):
    return ("region", region_pk, kennzahl)


@dataclass
class Buerodaten:
    sozialraum: Sozialraum
    meldungen: dict = field(default_factory=dict)  # quartal -> Quartalsmeldung
    werte: dict = field(default_factory=dict)  # (schluessel, quartal) -> int
    schluessel: list = field(default_factory=list)  # rows: FEST, then Kategorien
    verborgen: set = field(default_factory=set)

    @property
    def letztes_quartal(self):
        return max(self.meldungen) if self.meldungen else None

    def jahreswert(self, k):
        if not self.meldungen:
            return None
        if k == LAUFEND:
            return self.werte.get((k, self.letztes_quartal))
        werte = [self.werte[(k, q)] for q in self.meldungen if (k, q) in self.werte]
        return sum(werte) if werte else None

    def jahresschluessel(self, k):
        if k == LAUFEND:
            return zelle(k, self.letztes_quartal)
        return zeile_summe(k)


class Jahressperre:
    """All Kennzahlen of a year, with what is hidden from whom."""

    def __init__(self, jahr):
        self.jahr = jahr
        self.grenze = mindestzahl()
        sozialraeume = list(
            Sozialraum.objects.select_related("region").order_by(
                "region__nummer", "name"
            )
        )
        self.buero = {s.pk: Buerodaten(s) for s in sozialraeume}
        self.regionen = {}
        for s in sozialraeume:
            self.regionen.setdefault(s.region_id, []).append(s.pk)
        self.region_objekte = {s.region_id: s.region for s in sozialraeume}
        meldungen = Quartalsmeldung.objects.aktuell().im_jahr(jahr)
        for m in meldungen:
            b = self.buero[m.sozialraum_id]
            b.meldungen[m.quartal] = m
            for k in FEST:
                b.werte[(k, m.quartal)] = m.wert(k)
        self.kategorien = {}
        for kz in Kategoriezahl.objects.filter(
            meldung__jahr=jahr, meldung__aktuell=True
        ).select_related("kategorie", "meldung"):
            self.kategorien[kz.kategorie_id] = kz.kategorie
            b = self.buero[kz.meldung.sozialraum_id]
            b.werte[(kategorie_schluessel(kz.kategorie_id), kz.meldung.quartal)] = (
                kz.anzahl
            )
        reihenfolge = sorted(
            self.kategorien.values(), key=lambda k: (k.art, k.reihenfolge, k.name)
        )
        for b in self.buero.values():
            gezaehlt = {k for k, _ in b.werte}
            b.schluessel = FEST + [
                kategorie_schluessel(k.pk)
                for k in reihenfolge
                if kategorie_schluessel(k.pk) in gezaehlt
            ]
        self._sperren()

    # -- suppression --------------------------------------------------------

    def _buero_sperren(self, b, erzwungen):
        if not b.meldungen:
            return set()
        tabelle = Tabelle(b.werte, b.schluessel, list(QUARTALE))
        # what the Landkreis table hides must not follow from the quarters
        return tabelle_sperren(
            tabelle,
            self.grenze,
            fest_verborgen=_immer(b) | set(erzwungen),
            geschuetzt=set(erzwungen),
        )

    def _sperren(self):
        erzwungen = defaultdict(set)
        while True:
            jahr_verborgen = set()
            for pk, b in self.buero.items():
                b.verborgen = self._buero_sperren(b, erzwungen[pk])
                for k in FEST:
                    if b.meldungen and b.jahresschluessel(k) in b.verborgen:
                        jahr_verborgen.add((pk, k))
            tabelle = self._landkreistabelle()
            self.landkreis_verborgen = tabelle_sperren(
                tabelle,
                self.grenze,
                fest_verborgen={zeile_summe(pk) for pk in self.buero}
                | {GESAMT}
                | {zelle(pk, k) for pk, k in jahr_verborgen},
                # what a Büro's table hides must not follow from the sums
                # (a Region's sum with one contributor is that contributor)
                geschuetzt={zelle(pk, k) for pk, k in jahr_verborgen},
            )
            neu = {
                (s[1], s[2]) for s in self.landkreis_verborgen if s[0] == "zelle"
            } - jahr_verborgen
            neu = {(pk, k) for pk, k in neu if self.buero[pk].meldungen}
            if not neu:
                return
            for pk, k in neu:
                erzwungen[pk].add(self.buero[pk].jahresschluessel(k))

    def _landkreistabelle(self):
        faelle = {}
        for pk, b in self.buero.items():
            for k in FEST:
                faelle[(pk, k)] = b.jahreswert(k) or 0
        self.landkreis_tabelle = Landkreistabelle(
            faelle, list(self.buero), FEST, self.regionen
        )
        return self.landkreis_tabelle

    # -- figures --------------------------------------------------------------

    def _zahl(self, wert, verborgen, genau):
        if wert is None:
            return Zahl(None, grenze=self.grenze)
        return Zahl(
            wert if (genau or not verborgen) else None,
            verborgen,
            self.grenze,
            klein=verborgen and 0 < wert < self.grenze,
        )

    def quartal(self, sozialraum_pk, k, q, *, genau):
        b = self.buero[sozialraum_pk]
        return self._zahl(b.werte.get((k, q)), zelle(k, q) in b.verborgen, genau)

    def jahr_des_bueros(self, sozialraum_pk, k, *, genau):
        b = self.buero[sozialraum_pk]
        wert = b.jahreswert(k)
        if wert is None:
            return Zahl(None, grenze=self.grenze)
        return self._zahl(wert, b.jahresschluessel(k) in b.verborgen, genau)

    def _summe(self, schluessel, genau, pks):
        if not any(self.buero[pk].meldungen for pk in pks):
            return Zahl(None, grenze=self.grenze)
        return self._zahl(
            self.landkreis_tabelle.anzahl(schluessel),
            schluessel in self.landkreis_verborgen,
            genau,
        )

    def region(self, region_pk, k, *, genau):
        return self._summe(
            region_summe(region_pk, k), genau, self.regionen.get(region_pk, [])
        )

    def landkreis(self, k, *, genau):
        return self._summe(spalte_summe(k), genau, list(self.buero))


# --- What the pages show ----------------------------------------------------------


@dataclass
class Jahreszeile:
    sozialraum: Sozialraum
    zahlen: list  # Zahl per FEST
    gemeldet: list  # [(quartal, Quartalsmeldung or None)]
    zielvereinbarung: object = None
    # the agreed version's targets with their progress (mit_fortschritt)
    fortschritt: list = field(default_factory=list)


@dataclass
class Regionsblock:
    region: object
    zeilen: list
    summen: list

    @property
    def hat_fortschritt(self):
        return any(z.fortschritt for z in self.zeilen)


@dataclass
class Jahresliste:
    jahr: int
    grenze: int
    bloecke: list
    landkreis: list | None
    kennzahlen: list  # [(key, label)]
    genau_irgendwo: bool


def kennzahl_namen():
    return [(k.value, k.label) for k in Kennzahl]


def jahresliste(
    jahr,
    *,
    sichtbar,
    genau_alle=False,
    genau_fuer=(),
    landkreis=False,
    mit_fortschritt=False,
):
    """The year figures of the visible Büros by Region, with Region sums (when
    the viewer sees the whole Region) and the Landkreis sum (`landkreis`).
    Exact for `genau_alle` (FD 51) and for the Büros in `genau_fuer` (the
    Leitung's own). `mit_fortschritt`: each row also gets its agreed targets'
    progress, as the Büro page shows it. Queries: constant in the number of
    Büros, reports and targets."""
    sperre = Jahressperre(jahr)
    sichtbar = {s.pk for s in sichtbar}
    zv = {
        z.sozialraum_id: z
        for z in Zielvereinbarung.objects.filter(jahr=jahr)
        .exclude(status=Zielvereinbarung.Status.ABGELOEST)
        .order_by("version")
    }
    vereinbart = {}
    if mit_fortschritt:
        vereinbart = {
            z.sozialraum_id: z
            for z in Zielvereinbarung.objects.filter(
                jahr=jahr, status=Zielvereinbarung.Status.VEREINBART
            ).prefetch_related("vorgaben__kategorie")
        }
    bloecke = []
    for region_pk, pks in sperre.regionen.items():
        zeilen = []
        for pk in pks:
            if pk not in sichtbar:
                continue
            b = sperre.buero[pk]
            genau = genau_alle or pk in genau_fuer
            zeilen.append(
                Jahreszeile(
                    b.sozialraum,
                    [sperre.jahr_des_bueros(pk, k, genau=genau) for k in FEST],
                    [(q, b.meldungen.get(q)) for q in QUARTALE],
                    zv.get(pk),
                    [
                        _fortschritt(v, sperre, b, genau)
                        for v in vereinbart[pk].vorgaben.all()
                    ]
                    if pk in vereinbart
                    else [],
                )
            )
        if not zeilen:
            continue
        ganz = len(zeilen) == len(pks)
        summen = (
            [sperre.region(region_pk, k, genau=genau_alle) for k in FEST]
            if ganz and (genau_alle or not genau_fuer)
            else None
        )
        bloecke.append(Regionsblock(sperre.region_objekte[region_pk], zeilen, summen))
    return Jahresliste(
        jahr=jahr,
        grenze=sperre.grenze,
        bloecke=bloecke,
        landkreis=[sperre.landkreis(k, genau=genau_alle) for k in FEST]
        if landkreis
        else None,
        kennzahlen=kennzahl_namen(),
        genau_irgendwo=genau_alle or bool(genau_fuer),
    )


@dataclass
class Bueroszeile:
    schluessel: str
    name: str
    quartale: list  # Zahl per quartal
    jahr: Zahl
    ist_kategorie: bool = False


@dataclass
class Fortschritt:
    vorgabe: Zielvorgabe
    stand: Zahl | None  # the year figure so far (Kennzahl targets)
    prozent: int | None

    @property
    def erreicht(self):
        return (
            self.stand is not None
            and self.stand.wert is not None
            and self.stand.wert >= self.vorgabe.zielwert
        )


@dataclass
class Buerojahr:
    sozialraum: Sozialraum
    jahr: int
    grenze: int
    genau: bool
    zeilen: list
    meldungen: dict  # quartal -> current Quartalsmeldung
    versionen: dict  # quartal -> [all versions, newest first]
    zielvereinbarung: Zielvereinbarung | None
    entwurf: Zielvereinbarung | None
    fortschritt: list
    fruehere: list  # earlier (replaced) versions of the Zielvereinbarung
    verborgen_fuer_andere: bool


def buerojahr(sozialraum, jahr, *, genau):
    """A Büro's year: quarters × Kennzahlen with the year figures, every
    version of every quarter (the history of corrections), and the
    Zielvereinbarung with the progress of each target."""
    sperre = Jahressperre(jahr)
    b = sperre.buero[sozialraum.pk]
    namen = dict(kennzahl_namen())
    zeilen = []
    for k in b.schluessel:
        if k.startswith("kategorie:"):
            kat = sperre.kategorien[int(k.split(":")[1])]
            name, ist_kat = kat.name, True
        else:
            name, ist_kat = namen[k], False
        zeilen.append(
            Bueroszeile(
                k,
                name,
                [sperre.quartal(sozialraum.pk, k, q, genau=genau) for q in QUARTALE],
                _jahr_einer_zeile(sperre, b, k, genau),
                ist_kat,
            )
        )
    versionen = defaultdict(list)
    for m in (
        Quartalsmeldung.objects.filter(sozialraum=sozialraum, jahr=jahr)
        .select_related("gemeldet_von", "gesperrt_von")
        .prefetch_related("kategoriezahlen__kategorie")
        .order_by("quartal", "-version")
    ):
        versionen[m.quartal].append(m)
    alle_zv = list(
        Zielvereinbarung.objects.filter(sozialraum=sozialraum, jahr=jahr)
        .select_related("traeger", "erstellt_von", "bewertet_von")
        .prefetch_related(
            "vorgaben__ziele__konzept__sozialraum",
            "vorgaben__themenfelder",
            "vorgaben__kategorie",
        )
        .order_by("-version")
    )
    gueltig = next((z for z in alle_zv if z.ist_vereinbart), None)
    entwurf = next((z for z in alle_zv if z.ist_entwurf), None)
    fortschritt = []
    if gueltig is not None:
        fortschritt = [
            _fortschritt(v, sperre, b, genau) for v in gueltig.vorgaben.all()
        ]
    return Buerojahr(
        sozialraum=sozialraum,
        jahr=jahr,
        grenze=sperre.grenze,
        genau=genau,
        zeilen=zeilen,
        meldungen=b.meldungen,
        versionen=dict(versionen),
        zielvereinbarung=gueltig,
        entwurf=entwurf,
        fortschritt=fortschritt,
        fruehere=[z for z in alle_zv if z.status == Zielvereinbarung.Status.ABGELOEST],
        verborgen_fuer_andere=genau and bool(b.verborgen - _immer(b)),
    )


def _immer(b):
    """The keys of a Büro's table no page shows (sums across Kennzahlen, a
    year sum of "laufend"): hidden from the start, never "for others"."""
    return {spalte_summe(q) for q in QUARTALE} | {GESAMT, zeile_summe(LAUFEND)}


def _jahr_einer_zeile(sperre, b, k, genau):
    if k in FEST:
        return sperre.jahr_des_bueros(b.sozialraum.pk, k, genau=genau)
    werte = [b.werte[(k, q)] for q in QUARTALE if (k, q) in b.werte]
    if not werte:
        return Zahl(None, grenze=sperre.grenze)
    return sperre._zahl(sum(werte), zeile_summe(k) in b.verborgen, genau)


def _fortschritt(vorgabe, sperre, b, genau):
    """A target's progress: the year figure so far of the Kennzahl it
    measures (the Büro page's "Jahr", hidden where that is hidden) against
    the target value."""
    if vorgabe.art != Zielvorgabe.Art.KENNZAHL:
        return Fortschritt(vorgabe, None, None)
    schluessel = vorgabe.schluessel
    if schluessel in b.schluessel:
        stand = _jahr_einer_zeile(sperre, b, schluessel, genau)
    else:
        stand = Zahl(0 if b.meldungen else None, grenze=sperre.grenze)
    prozent = None
    if stand.wert is not None and vorgabe.zielwert:
        prozent = round(100 * stand.wert / vorgabe.zielwert)
    return Fortschritt(vorgabe, stand, prozent)


def kategorien_zur_auswahl(meldung=None):
    """The Kategorien a report form offers: those counted today and those the
    report being changed or corrected counts (an old figure does not drop out
    of its correction because FD 51 stopped counting its Kategorie since)."""
    gezaehlt = Q(aktiv=True)
    if meldung is not None:
        gezaehlt |= Q(pk__in=meldung.gezaehlte_kategorien())
    return list(Kategorie.objects.filter(gezaehlt).select_related("themenfeld"))


EXPORT_KOPF = ["Sozialraum", "Kürzel", "Region", "Jahr", "Quartal", "Version", "Status"]


def exportzeilen(jahr, *, sichtbar, genau_alle=False, genau_fuer=()):
    """(header, rows) of a year for a spreadsheet: per visible Büro its four
    quarters and the year, the counts as int, "< 5" or "gesperrt" (the same
    suppression as the pages). Three queries, whatever the size."""
    sperre = Jahressperre(jahr)
    sichtbar = {s.pk for s in sichtbar}
    zeilen = []
    for pks in sperre.regionen.values():
        for pk in pks:
            if pk not in sichtbar:
                continue
            b = sperre.buero[pk]
            genau = genau_alle or pk in genau_fuer
            s = b.sozialraum
            kopf = [s.name, s.kuerzel, str(s.region)]
            for q in QUARTALE:
                m = b.meldungen.get(q)
                werte = [sperre.quartal(pk, k, q, genau=genau) for k in FEST]
                zeilen.append(
                    [
                        *kopf,
                        jahr,
                        q,
                        m.version if m else None,
                        str(m.get_status_display()) if m else "nicht gemeldet",
                        *[_exportwert(z) for z in werte],
                    ]
                )
            zeilen.append(
                [
                    *kopf,
                    jahr,
                    "Jahr",
                    None,
                    "",
                    *[
                        _exportwert(sperre.jahr_des_bueros(pk, k, genau=genau))
                        for k in FEST
                    ],
                ]
            )
    return [*EXPORT_KOPF, *(str(k.label) for k in Kennzahl)], zeilen


def _exportwert(zahl):
    if zahl.verborgen and zahl.wert is None:
        return str(zahl) if zahl.klein else "gesperrt"
    return zahl.wert
