"""Reads: Abschläge, the figures of contract years, the list and the plan.

Nothing here writes. The money figures come from the ledger (the bookings of
each year's Bindungen), the Abschläge are derived from amount, plan and period.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from budgets.models import Planrate
from budgets.selectors import NULL, Zahlen, planfaktoren, zahlen_der_bindungen
from budgets.services import aufteilen
from sozialraum.geld import runden

from .models import MONATE_JE_ABSCHLAG, Sozialraumvertrag, Vertragsjahr

# --- Abschläge --------------------------------------------------------------------


@dataclass(frozen=True)
class Abschlag:
    nummer: int
    faellig_am: datetime.date
    von: datetime.date  # the period it pays for (within the contract)
    bis: datetime.date
    betrag: Decimal


def _monatsende(jahr, monat):
    return datetime.date(jahr, monat, calendar.monthrange(jahr, monat)[1])


def zeitraum_im_jahr(vertrag, jahr):
    """(first day, last day) of the contract within the Haushaltsjahr, or None."""
    von = max(vertrag.beginn, datetime.date(jahr, 1, 1))
    bis = min(vertrag.ende, datetime.date(jahr, 12, 31))
    return (von, bis) if von <= bis else None


def abschlaege_berechnen(*, vertrag, haushaltsjahr, jahresbetrag, zahlungsplan):
    """The Abschläge of a contract year, exact to the cent.

    The year is cut into periods of the plan (months, quarters, halves, the
    year). Each period the contract touches gets one Abschlag, due on the
    period's first day (payment in advance) or on the contract's start if that
    is later. A period covered completely weighs 1, a partly covered one its
    share of days; the Jahresbetrag is split by these weights with the
    largest-remainder rule, so the Abschläge add up to it to the cent.
    """
    zeitraum = zeitraum_im_jahr(vertrag, haushaltsjahr)
    if zeitraum is None:
        return []
    beginn, ende = zeitraum
    monate = MONATE_JE_ABSCHLAG[zahlungsplan]
    perioden = []
    for erster_monat in range(1, 13, monate):
        p_von = datetime.date(haushaltsjahr, erster_monat, 1)
        p_bis = _monatsende(haushaltsjahr, erster_monat + monate - 1)
        von, bis = max(p_von, beginn), min(p_bis, ende)
        if von > bis:
            continue
        tage = (bis - von).days + 1
        alle_tage = (p_bis - p_von).days + 1
        gewicht = Decimal(1) if tage == alle_tage else Decimal(tage) / alle_tage
        perioden.append((von, bis, gewicht))
    if jahresbetrag > 0:
        teile = aufteilen(jahresbetrag, [(i, g) for i, (*_, g) in enumerate(perioden)])
    else:
        teile = dict.fromkeys(range(len(perioden)), NULL)
    return [
        Abschlag(i + 1, von, von, bis, teile[i])
        for i, (von, bis, _) in enumerate(perioden)
    ]


def abschlaege(vertragsjahr):
    return abschlaege_berechnen(
        vertrag=vertragsjahr.vertrag,
        haushaltsjahr=vertragsjahr.haushaltsjahr,
        jahresbetrag=vertragsjahr.jahresbetrag,
        zahlungsplan=vertragsjahr.zahlungsplan,
    )


@dataclass(frozen=True)
class AbschlagStand:
    abschlag: Abschlag
    faellig: bool  # due date reached
    bezahlt: Decimal  # of this Abschlag (payments count oldest Abschlag first)

    @property
    def offen(self):
        return self.abschlag.betrag - self.bezahlt


def abschlaege_mit_stand(vertragsjahr, ausgezahlt, heute=None):
    """The Abschläge with what is paid of each: what was paid in total covers
    the Abschläge in order of their due dates."""
    heute = heute or timezone.localdate()
    rest = ausgezahlt
    stand = []
    for a in abschlaege(vertragsjahr):
        bezahlt = min(a.betrag, max(NULL, rest))
        rest -= bezahlt
        stand.append(AbschlagStand(a, a.faellig_am <= heute, bezahlt))
    return stand


def naechster_abschlag(vertragsjahr, ausgezahlt):
    """What a payment pays by default: the open part of the first Abschlag
    that is not paid in full (None when all are paid)."""
    for s in abschlaege_mit_stand(vertragsjahr, ausgezahlt):
        if s.offen > 0:
            return s
    return None


def faellig_bis(vertragsjahr, heute=None):
    heute = heute or timezone.localdate()
    return sum(
        (a.betrag for a in abschlaege(vertragsjahr) if a.faellig_am <= heute), NULL
    )


# --- Figures from the ledger ------------------------------------------------------


def zahlen_der_jahre(vertragsjahre):
    """{vertragsjahr pk: Zahlen} from the bookings of each year's Bindungen (the
    Bindungen, what followed them, and Stornos of either), in two queries."""
    vertragsjahre = list(vertragsjahre)
    bindungen = defaultdict(list)
    durch = Vertragsjahr.bindungen.through.objects.filter(
        vertragsjahr_id__in=[v.pk for v in vertragsjahre]
    ).values_list("buchung_id", "vertragsjahr_id")
    for buchung_id, jahr_id in durch:
        bindungen[jahr_id].append(buchung_id)
    je_bindung = zahlen_der_bindungen(b for ids in bindungen.values() for b in ids)
    return {
        v.pk: sum((je_bindung[b] for b in bindungen[v.pk]), Zahlen())
        for v in vertragsjahre
    }


def zahlen_des_jahres(vertragsjahr):
    return zahlen_der_jahre([vertragsjahr])[vertragsjahr.pk]


# --- The list of a year -----------------------------------------------------------


@dataclass
class Zeile:
    vertrag: Sozialraumvertrag
    jahr: Vertragsjahr | None  # None: amounts for the year not set yet
    zahlen: Zahlen = field(default_factory=Zahlen)
    faellig: Decimal = NULL

    @property
    def jahresbetrag(self):
        return self.jahr.jahresbetrag if self.jahr else NULL

    @property
    def gebunden(self):
        return self.zahlen.gebunden

    @property
    def gezahlt(self):
        return self.zahlen.ausgezahlt

    @property
    def faellig_offen(self):
        """Due so far and not paid (nothing after the Spitzabrechnung)."""
        if self.jahr is None or self.jahr.ist_abgerechnet:
            return NULL
        return max(NULL, self.faellig - self.gezahlt)

    @property
    def noch_gebunden(self):
        """Bound and not (yet) paid."""
        return self.zahlen.offen


@dataclass
class Summe:
    personalkosten: Decimal = NULL
    sachkosten: Decimal = NULL
    beratung: Decimal = NULL
    jahresbetrag: Decimal = NULL
    gebunden: Decimal = NULL
    faellig: Decimal = NULL
    gezahlt: Decimal = NULL
    faellig_offen: Decimal = NULL
    noch_gebunden: Decimal = NULL

    def dazu(self, zeile):
        if zeile.jahr:
            self.personalkosten += zeile.jahr.personalkosten
            self.sachkosten += zeile.jahr.sachkosten
            self.beratung += zeile.jahr.beratung
        for name in (
            "jahresbetrag",
            "gebunden",
            "faellig",
            "gezahlt",
            "faellig_offen",
            "noch_gebunden",
        ):
            setattr(self, name, getattr(self, name) + getattr(zeile, name))


def vertraege_im_jahr(vertraege, jahr):
    """Contracts whose period touches the Haushaltsjahr."""
    return vertraege.filter(
        beginn__lte=datetime.date(jahr, 12, 31), ende__gte=datetime.date(jahr, 1, 1)
    ).select_related("sozialraum__region", "traeger")


def jahresliste(vertraege, jahr, heute=None):
    """One row per contract running in `jahr` (with its figures), and the sums."""
    vertraege = list(vertraege_im_jahr(vertraege, jahr))
    jahre = {
        vj.vertrag_id: vj
        for vj in Vertragsjahr.objects.filter(
            vertrag__in=vertraege, haushaltsjahr=jahr
        ).select_related("vertrag")
    }
    zahlen = zahlen_der_jahre(jahre.values())
    zeilen = []
    summe = Summe()
    for vertrag in vertraege:
        vj = jahre.get(vertrag.pk)
        zeile = Zeile(vertrag, vj)
        if vj is not None:
            vj.vertrag = vertrag
            zeile.zahlen = zahlen[vj.pk]
            zeile.faellig = faellig_bis(vj, heute)
        zeilen.append(zeile)
        summe.dazu(zeile)
    return zeilen, summe


# --- The growth plan --------------------------------------------------------------


@dataclass
class Planzeile:
    vertrag: Sozialraumvertrag
    werte: list  # [(jahr, plan, nach_vertragsende)]


def vertragsplan(zeilen, basisjahr, jahre=7, raten=None):
    """What each contract's Jahresbetrag of the base year would cost under the
    growth plan (budgets.Planrate) in the following years.

    Each contract's figure is rounded half up to the cent; the total is the sum
    of the rounded figures, so the column adds up. Years after a contract's
    end are marked (they need a follow-up contract).
    """
    if raten is None:
        raten = [(r.ab_jahr, r.prozent) for r in Planrate.objects.all()]
    bis = basisjahr + jahre - 1
    faktoren = planfaktoren(basisjahr, bis, raten)
    liste = range(basisjahr, bis + 1)
    planzeilen = []
    summe = dict.fromkeys(liste, NULL)
    for zeile in zeilen:
        if zeile.jahr is None:
            continue
        werte = []
        for jahr in liste:
            plan = runden(zeile.jahresbetrag * faktoren[jahr])
            summe[jahr] += plan
            werte.append((jahr, plan, jahr > zeile.vertrag.ende.year))
        planzeilen.append(Planzeile(zeile.vertrag, werte))
    return list(liste), planzeilen, [(j, summe[j]) for j in liste]
