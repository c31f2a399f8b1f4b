"""The reports' figures, read from the history and the ledger.

The Antragsübersicht shows every application as it stood at the end of a
given day (its "Stand"): the state is the last history row effective on or
before that day (a decision is effective from its Sitzung's date, not from
the day it was typed in), the bound volume is the sum of the ledger's
bookings dated on or before it. Nothing here reads an application's current
state.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from antraege.models import BEWILLIGUNG_IN_KRAFT, Antrag, Status, Statuswechsel
from antraege.selectors import nachweis_faellig_am  # noqa: F401  (the one rule; letter)
from antraege.workflow import BESCHLUSS_AKTIONEN, Aktion
from budgets.models import Budget, Budgetart, Ebene
from budgets.selectors import (
    Zahlen,
    budgetuebersicht,
    kleine_summen_sperren,
    mit_zahlen,
)
from kennzahlen.selectors import buerojahr
from regionen.models import Region
from sozialraum.models import Sozialraum

NULL = Decimal("0.00")


@dataclass(frozen=True)
class Auswahl:
    """What a report covers. Empty tuples mean: no restriction."""

    jahre: tuple
    budgetarten: tuple = ()  # Budgetart objects, all with antragsverfahren
    regionen: tuple = ()  # Region objects
    sozialraeume: tuple = ()  # Sozialraum objects

    def antraege(self):
        qs = Antrag.objects.filter(
            haushaltsjahr__in=self.jahre, budgetart__in=self.arten()
        )
        return qs.filter(self._inhaber_filter(""))

    def budgets(self):
        qs = Budget.objects.filter(
            haushaltsjahr__in=self.jahre, budgetart__in=self.arten()
        )
        return qs.filter(self._inhaber_filter(""))

    def arten(self):
        if self.budgetarten:
            return list(self.budgetarten)
        return list(Budgetart.objects.filter(antragsverfahren=True))

    def inhaber(self):
        """Sozialräume and Regionen the report speaks about, in print order."""
        ebenen = {a.ebene for a in self.arten()}
        sozialraeume = Sozialraum.objects.select_related("region").order_by(
            "region__nummer", "name"
        )
        regionen = Region.objects.order_by("nummer")
        if self.sozialraeume:
            sozialraeume = sozialraeume.filter(pk__in=[s.pk for s in self.sozialraeume])
            regionen = regionen.none()
        elif self.regionen:
            ids = [r.pk for r in self.regionen]
            sozialraeume = sozialraeume.filter(region__in=ids)
            regionen = regionen.filter(pk__in=ids)
        return (
            list(sozialraeume) if Ebene.SOZIALRAUM in ebenen else [],
            list(regionen) if Ebene.REGION in ebenen else [],
        )

    def _inhaber_filter(self, prefix):
        if self.sozialraeume:
            return Q(**{f"{prefix}sozialraum__in": self.sozialraeume})
        if self.regionen:
            return Q(**{f"{prefix}sozialraum__region__in": self.regionen}) | Q(
                **{f"{prefix}region__in": self.regionen}
            )
        return Q()


@dataclass
class Zeile:
    nummer: str
    antragsteller: str
    titel: str
    themenfelder: str
    beantragt: Decimal
    bewilligt: Decimal | None  # None: no approval in force at the Stand
    status: str
    sitzung: datetime.date | None
    kooperation: str = ""


@dataclass
class Block:
    """One holder's table: a Sozialraum, or a Region with its own budget."""

    name: str
    zeilen: list = field(default_factory=list)
    beraten: int = 0  # applications a committee decided on by the Stand
    gebunden: Decimal = NULL  # volume bound in the ledger by the Stand

    @property
    def beantragt(self):
        return sum((z.beantragt for z in self.zeilen), NULL)

    @property
    def bewilligt(self):
        return sum((z.bewilligt or NULL for z in self.zeilen), NULL)


@dataclass
class Abschnitt:
    region: Region
    bloecke: list


@dataclass
class Antragsuebersicht:
    titel: str
    stand: datetime.date
    jahre: tuple
    abschnitte: list
    bloecke: list  # all blocks, in print order

    def _summe(self, name):
        return sum((getattr(b, name) for b in self.bloecke), NULL)

    @property
    def anzahl(self):
        return sum(len(b.zeilen) for b in self.bloecke)

    @property
    def beraten(self):
        return sum(b.beraten for b in self.bloecke)

    @property
    def beantragt(self):
        return self._summe("beantragt")

    @property
    def bewilligt(self):
        return self._summe("bewilligt")

    @property
    def gebunden(self):
        return self._summe("gebunden")

    @property
    def ohne_bindung(self):
        return [b.name for b in self.bloecke if b.gebunden <= 0]


def _stand_je_antrag(antraege, stand):
    """{antrag_id: rows effective by the Stand, in order}, one query."""
    zeilen = (
        Statuswechsel.objects.filter(antrag__in=antraege, wirksam_am__lte=stand)
        .exclude(aktion=Aktion.ANTEIL_ZUSTIMMEN)
        .order_by("antrag_id", "wirksam_am", "erfasst_am", "pk")
        .values_list("antrag_id", "aktion", "nach", "betrag", "sitzung__datum")
    )
    verlauf = {}
    for antrag_id, *rest in zeilen:
        verlauf.setdefault(antrag_id, []).append(rest)
    return verlauf


def _zeile(antrag, verlauf):
    """The application as it stood, or None when it was not yet submitted."""
    if not any(nach == Status.EINGEREICHT for _, nach, _, _ in verlauf):
        return None  # a draft (or one withdrawn as a draft) is not a case yet
    status = verlauf[-1][1]
    bewilligt = None
    if status in BEWILLIGUNG_IN_KRAFT:
        bewilligt = next(
            (b for a, _, b, _ in reversed(verlauf) if a == Aktion.BEWILLIGEN), None
        )
    sitzung = next((d for *_, d in reversed(verlauf) if d is not None), None)
    partner = [
        f"{a.sozialraum.kuerzel if a.sozialraum_id else a.region.name}"
        for a in antrag.anteile.all()
        if (a.sozialraum_id or None, a.region_id or None)
        != (antrag.sozialraum_id, antrag.region_id)
    ]
    return Zeile(
        nummer=antrag.nummer,
        antragsteller=antrag.antragsteller,
        titel=antrag.titel,
        themenfelder=", ".join(t.name for t in antrag.themenfelder.all()),
        beantragt=antrag.beantragt,
        bewilligt=bewilligt,
        status=Status(status).label,
        sitzung=sitzung,
        kooperation=", ".join(partner),
    )


def _beraten(verlauf):
    return any(a in BESCHLUSS_AKTIONEN for a, *_ in verlauf)


def titel_der_uebersicht(arten, stand):
    namen = " und ".join(a.name for a in arten) or "Anträge"
    return f"Antragsübersicht {namen} – Stand {stand:%d.%m.%Y}"


def antragsuebersicht(auswahl, stand):
    """The Antragsübersicht as it stood at the end of `stand`."""
    antraege = (
        auswahl.antraege()
        .select_related("sozialraum", "region")
        .prefetch_related("themenfelder", "anteile__sozialraum", "anteile__region")
        .order_by("haushaltsjahr", "nummer")
    )
    verlaeufe = _stand_je_antrag(auswahl.antraege(), stand)
    gebunden = {}
    for budget in mit_zahlen(auswahl.budgets(), stichtag=stand):
        schluessel = (
            ("s", budget.sozialraum_id)
            if budget.sozialraum_id
            else (
                "r",
                budget.region_id,
            )
        )
        gebunden[schluessel] = (
            gebunden.get(schluessel, NULL) + Zahlen.aus(budget).gebunden
        )

    sozialraeume, regionen = auswahl.inhaber()
    bloecke = {("s", s.pk): Block(s.name) for s in sozialraeume}
    bloecke.update({("r", r.pk): Block(f"{r.name} (Regionalbudget)") for r in regionen})
    for schluessel, block in bloecke.items():
        block.gebunden = gebunden.get(schluessel, NULL)
    for antrag in antraege:
        verlauf = verlaeufe.get(antrag.pk)
        zeile = _zeile(antrag, verlauf) if verlauf else None
        if zeile is None:
            continue
        schluessel = (
            ("s", antrag.sozialraum_id)
            if antrag.sozialraum_id
            else (
                "r",
                antrag.region_id,
            )
        )
        block = bloecke[schluessel]
        block.zeilen.append(zeile)
        block.beraten += _beraten(verlauf)

    abschnitte = []
    for region in Region.objects.order_by("nummer"):
        eigene = [
            bloecke[("s", s.pk)] for s in sozialraeume if s.region_id == region.pk
        ]
        if ("r", region.pk) in bloecke:
            eigene.append(bloecke[("r", region.pk)])
        if eigene:
            abschnitte.append(Abschnitt(region, eigene))
    return Antragsuebersicht(
        titel=titel_der_uebersicht(auswahl.arten(), stand),
        stand=stand,
        jahre=tuple(sorted(auswahl.jahre)),
        abschnitte=abschnitte,
        bloecke=[b for a in abschnitte for b in a.bloecke],
    )


def bewilligung_in_kraft(antrag):
    """The committee's approval that currently holds, or None (not decided,
    rejected, vetoed, withdrawn)."""
    if not antrag.bewilligung_gilt:
        return None
    return (
        antrag.beschluesse.filter(ergebnis="bewilligt")
        .select_related("sitzung__gremium")
        .order_by("-pk")
        .first()
    )


def budgetbericht(jahr, stichtag=None):
    """The budget overview's figures of one year, grouped for the report.

    The report goes to the Jugendhilfeausschuss, whoever orders it: figures of
    case-bound budgets about too few cases are always suppressed."""
    budgets = mit_zahlen(Budget.objects.im_jahr(jahr).mit_inhaber(), stichtag=stichtag)
    regionen, je_art, gesamt = budgetuebersicht(budgets)
    return kleine_summen_sperren(regionen, je_art, gesamt, jahr=jahr, stichtag=stichtag)


# --- Jahresbericht Sozialraum ---------------------------------------------------


@dataclass
class Jahresbericht:
    """One Büro's year for the Sozialkonferenz: its Sozialraum's budgets, its
    applications, its Kennzahlen and the progress against its targets."""

    sozialraum: Sozialraum
    jahr: int
    stand: datetime.date
    geld: object  # budgets.selectors.SozialraumBlock, or None (no budgets)
    projekte: Block
    kennzahlen: object  # kennzahlen.selectors.Buerojahr


def jahresbericht(sozialraum, jahr, *, genau, alle_zahlen, stand):
    """The figures of the Jahresbericht Sozialraum, read by the selectors the
    pages use, so the report and the pages agree: the money as on the budget
    overview and in `budgetstand` (small case numbers suppressed unless
    `alle_zahlen`, i.e. FD 51), the applications as in the Antragsübersicht
    at `stand`, the Kennzahlen and targets as on the Büro's Kennzahlen page
    (exact only when `genau`). Queries: constant in the data size."""
    budgets = mit_zahlen(
        Budget.objects.im_jahr(jahr).filter(sozialraum=sozialraum).mit_inhaber()
    )
    regionen, arten, gesamt = budgetuebersicht(budgets)
    if not alle_zahlen:
        regionen, arten, gesamt = kleine_summen_sperren(
            regionen, arten, gesamt, jahr=jahr
        )
    geld = next((sr for b in regionen for sr in b.sozialraeume), None)
    uebersicht = antragsuebersicht(
        Auswahl(jahre=(jahr,), sozialraeume=(sozialraum,)), stand
    )
    projekte = uebersicht.bloecke[0] if uebersicht.bloecke else Block(sozialraum.name)
    return Jahresbericht(
        sozialraum=sozialraum,
        jahr=jahr,
        stand=stand,
        geld=geld,
        projekte=projekte,
        kennzahlen=buerojahr(sozialraum, jahr, genau=genau),
    )
