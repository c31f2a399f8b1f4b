"""Reads: the case list for FD 51, each Hilfe's figures from the ledger, and
the sums per Region and Hilfeart for everyone else (small sums suppressed)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from budgets.models import Budget
from budgets.selectors import kleine_summen, zahlen_der_bindungen
from regionen.models import Region

from .models import Hilfe, Hilfeart
from .sperrung import GESAMT, Tabelle, spalte_summe, tabelle_sperren, zeile_summe, zelle

NULL = Decimal("0.00")


def mit_betraegen(hilfen):
    """The Hilfen as a list, each with `.betraege` from the ledger."""
    hilfen = list(hilfen)
    werte = zahlen_der_bindungen(h.bindung_id for h in hilfen)
    for h in hilfen:
        h.betraege = werte[h.bindung_id]
    return hilfen


def hilfen_liste(*, jahr, region=None, hilfeart="", status="", suche=""):
    """FD 51's list (case-level rows)."""
    qs = Hilfe.objects.im_jahr(jahr).mit_bezug().order_by("laufnummer")
    if region is not None:
        qs = qs.filter(region=region)
    if hilfeart:
        qs = qs.filter(hilfeart=hilfeart)
    if status == "laufend":
        qs = qs.filter(beendet_am__isnull=True)
    elif status == "beendet":
        qs = qs.filter(beendet_am__isnull=False)
    if suche:
        qs = qs.filter(Q(aktenzeichen__iexact=suche) | Q(nummer__iexact=suche))
    return qs


# --- Sums per Region and Hilfeart ---------------------------------------------------


@dataclass
class Summe:
    """One cell or total: cases and amounts, or hidden."""

    anzahl: int = 0
    gebunden: Decimal = NULL
    ausgezahlt: Decimal = NULL
    verborgen: bool = False

    def plus(self, betraege):
        self.anzahl += 1
        self.gebunden += betraege.gebunden
        self.ausgezahlt += betraege.ausgezahlt


@dataclass
class Summenzeile:
    region: Region
    zellen: list  # [Summe] in the order of Hilfeart
    summe: Summe


@dataclass
class Summentabelle:
    jahr: int
    grenze: int
    arten: list  # [(value, label)]
    zeilen: list = field(default_factory=list)
    spalten: list = field(default_factory=list)  # [Summe] per Hilfeart
    gesamt: Summe = field(default_factory=Summe)

    @property
    def hinweis(self):
        return f"weniger als {self.grenze} Fälle"


def summen(jahr, *, mit_verborgenen_werten=False):
    """Cases and amounts per Region × Hilfeart of a year.

    A case is a Hilfe that still binds money (as the ledger counts them).
    Small sums are marked hidden (sperrung.py); the totals that the budget
    overview shows already are fixed, so the two pages agree. The values of
    hidden figures are removed unless `mit_verborgenen_werten` (FD 51, who
    sees the cases anyway, learns which figures the others do not see).
    """
    grenze = int(settings.HILFEN_MINDESTFALLZAHL)
    regionen = list(Region.objects.order_by("nummer"))
    arten = list(Hilfeart.choices)
    werte = {(r.pk, a): Summe() for r in regionen for a, _ in arten}
    for h in mit_betraegen(Hilfe.objects.im_jahr(jahr)):
        if h.betraege.gebunden > 0:
            werte[(h.region_id, h.hilfeart)].plus(h.betraege)
    tabelle = Tabelle(
        {k: v.anzahl for k, v in werte.items()},
        [r.pk for r in regionen],
        [a for a, _ in arten],
    )
    fest_sichtbar, fest_verborgen = _feste_summen(jahr, regionen)
    verborgen = tabelle_sperren(
        tabelle, grenze, fest_sichtbar=fest_sichtbar, fest_verborgen=fest_verborgen
    )

    def summe(schluessel):
        if schluessel in verborgen and not mit_verborgenen_werten:
            return Summe(anzahl=None, gebunden=None, ausgezahlt=None, verborgen=True)
        s = Summe(verborgen=schluessel in verborgen)
        for c in tabelle.mitglieder(schluessel):
            w = werte[c]
            s.anzahl += w.anzahl
            s.gebunden += w.gebunden
            s.ausgezahlt += w.ausgezahlt
        return s

    ergebnis = Summentabelle(jahr=jahr, grenze=grenze, arten=arten)
    for r in regionen:
        ergebnis.zeilen.append(
            Summenzeile(
                r,
                [summe(zelle(r.pk, a)) for a, _ in arten],
                summe(zeile_summe(r.pk)),
            )
        )
    ergebnis.spalten = [summe(spalte_summe(a)) for a, _ in arten]
    ergebnis.gesamt = summe(GESAMT)
    return ergebnis


def _feste_summen(jahr, regionen):
    """Region totals and the Landkreis total as the budget overview shows them
    (visible there = fixed visible here; suppressed there = hidden here)."""
    sperre = kleine_summen(jahr)
    budget_je_region = dict(
        Budget.objects.im_jahr(jahr)
        .filter(budgetart__code=settings.HILFEN_BUDGETART)
        .values_list("region_id", "pk")
    )
    sichtbar, verborgen = set(), set()
    for r in regionen:
        pk = budget_je_region.get(r.pk)
        if pk is None:
            continue
        (verborgen if pk in sperre.budgets else sichtbar).add(zeile_summe(r.pk))
    if budget_je_region:
        if sperre.verbirgt(budget_je_region.values()):
            verborgen.add(GESAMT)
        else:
            sichtbar.add(GESAMT)
    return sichtbar, verborgen
