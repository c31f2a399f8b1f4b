"""The start page of each role: what it shows, read by the selectors the
reports and `manage.py budgetstand` use (the figures must be the same).

- FD 51: the year's money per Budgetart and Region (every figure), the growth
  plan beside the actual Ansätze, the work queue's counts and the overdue
  Verwendungsnachweise, the Kennzahlen of every Büro with its Zielvereinbarung.
- Sozialraumleitung: her Sozialräume' budgets (what is left to bind), the next
  Sitzung of her committees, her open applications, the quarters her Büro has
  still to report and the progress against its targets.
- Jugendhilfeausschuss (and the Administrator): the Landkreis' figures and the
  plan, without names of persons or contacts; figures about too few cases of
  case-bound money are suppressed as in the Budgetbericht, small Kennzahlen as
  on the Kennzahlen pages ("< 5").

Each page costs a fixed number of queries, whatever the data's size.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from antraege.models import OFFEN, Antrag, Sitzung, Status
from antraege.selectors import arbeitsliste
from budgets.models import Budget, Budgetart, Planrate
from budgets.selectors import (
    budgetuebersicht,
    kleine_summen_sperren,
    mit_zahlen,
    planvergleich,
)
from kennzahlen.models import QUARTALE, ist_meldbar
from kennzahlen.permissions import sichtbare_sozialraeume
from kennzahlen.selectors import buerojahr, jahresliste
from konten.permissions import geleitete_sozialraum_ids, ist_fd51, sieht_landkreis
from sozialraum.models import Sozialraum

from .diagramme import geld_diagramm, plan_diagramm

FD51 = "fd51"
LEITUNG = "leitung"
LANDKREIS = "landkreis"

# How many rows of a list the start page shows (the full list is linked).
ZEILEN = 10
# Years of the growth plan shown: the base year and the following ones.
PLAN_JAHRE = 5


def startseite_art(user):
    """Which start page the user gets (None: none, e.g. the Geschäftsstelle of a
    Regionales Gremium, who lands on her Region's page)."""
    if ist_fd51(user):
        return FD51
    if geleitete_sozialraum_ids(user):
        return LEITUNG
    if user.has_perm("sozialraum.view_uebersicht"):
        return LANDKREIS
    return None


@dataclass
class Geld:
    """A year's money as budgetstand prints it: region blocks, per Budgetart,
    the Landkreis total; with the charts drawn from the same figures."""

    jahr: int
    regionen: list
    arten: list  # [(Budgetart, Zahlen)]
    gesamt: object
    arten_diagramm: object = None
    regionen_diagramm: object = None


def geld_des_jahres(jahr, *, alle_zahlen):
    """The figures of `manage.py budgetstand --jahr` (with `--alle-zahlen` for
    FD 51): the year's budgets' figures, grouped by budgetuebersicht,
    small case numbers suppressed by kleine_summen_sperren unless alle_zahlen."""
    budgets = mit_zahlen(Budget.objects.im_jahr(jahr).mit_inhaber())
    regionen, arten, gesamt = budgetuebersicht(budgets)
    if not alle_zahlen:
        regionen, arten, gesamt = kleine_summen_sperren(
            regionen, arten, gesamt, jahr=jahr
        )
    return Geld(
        jahr,
        regionen,
        arten,
        gesamt,
        arten_diagramm=geld_diagramm([(a.name, z) for a, z in arten]),
        regionen_diagramm=geld_diagramm([(b.region.name, b.summe) for b in regionen]),
    )


@dataclass
class Plan:
    basisjahr: int
    jahre: list
    zeilen: list  # Planzeile per Budgetart
    gesamt: object  # Planzeile "Summe"
    raten: list
    diagramm: object = None


def wachstumsplan(jahr):
    """The growth plan (Planrate, seed: +20 % 2027, then +5 % a year) beside
    the actual Ansätze: the base year is the one before the first rate, as on
    the plan page; shown up to `jahr` + 1, at least PLAN_JAHRE years."""
    raten = list(Planrate.objects.all())
    if not raten:
        return None
    basisjahr = raten[0].ab_jahr - 1
    bis = max(jahr + 1, basisjahr + PLAN_JAHRE - 1)
    jahre = list(range(basisjahr, bis + 1))[-PLAN_JAHRE:]
    if basisjahr not in jahre:
        jahre = [basisjahr, *jahre[1:]]
    zeilen, gesamt = planvergleich(
        basisjahr=basisjahr,
        jahre=jahre,
        budgetarten=Budgetart.objects.all(),
        raten=[(r.ab_jahr, r.prozent) for r in raten],
    )
    return Plan(
        basisjahr, jahre, zeilen, gesamt, raten, diagramm=plan_diagramm(gesamt.werte)
    )


@dataclass
class Arbeit:
    """The work queue's counts (antraege.selectors.arbeitsliste) and the
    overdue Verwendungsnachweise."""

    teile: list  # [(label, count, anchor)]
    nachweise_faellig: object  # Abschnitt
    sitzungen_ausnahme: int


def arbeit_fd51():
    # the counts, and the rows of the overdue proofs only
    liste = arbeitsliste(zeilen={"nachweise_faellig": ZEILEN})
    teile = [
        ("Zu prüfen", liste.zu_pruefen.anzahl, "zu-pruefen"),
        ("Beschlüsse in der Vetofrist", liste.in_vetofrist.anzahl, "vetofrist"),
        ("Auszahlungen fällig", liste.zahlungen.anzahl, "zahlungen"),
        (
            "Verwendungsnachweise zu prüfen",
            liste.nachweise_pruefen.anzahl,
            "nachweise-pruefen",
        ),
        (
            "Verwendungsnachweise überfällig",
            liste.nachweise_faellig.anzahl,
            "nachweise-faellig",
        ),
        (
            "Sitzungen, die eine Ausnahme brauchen",
            len(liste.sitzungen_ausnahme),
            "sitzungen",
        ),
    ]
    return Arbeit(teile, liste.nachweise_faellig, len(liste.sitzungen_ausnahme))


@dataclass
class Buero:
    """A Sozialraumleitung's part: her Sozialräume' money and work."""

    jahr: int
    sozialraeume: list  # SozialraumBlock (budgetuebersicht) of hers
    sitzungen: list  # the next Sitzung of each of her committees
    offene: list  # her open applications, the first ZEILEN
    offene_anzahl: int
    je_status: list  # [(Status label, count)]
    diagramm: object = None
    namen: list = field(default_factory=list)  # her Sozialräume' full names


def buero_der_leitung(user, jahr, *, heute=None):
    heute = heute or timezone.localdate()
    ids = sorted(geleitete_sozialraum_ids(user))
    budgets = mit_zahlen(
        Budget.objects.im_jahr(jahr).filter(sozialraum_id__in=ids).mit_inhaber()
    )
    regionen, arten, gesamt = budgetuebersicht(budgets)
    # outside FD 51 the same suppression as on the budget overview
    regionen, arten, gesamt = kleine_summen_sperren(regionen, arten, gesamt, jahr=jahr)
    sozialraeume = [sr for block in regionen for sr in block.sozialraeume]
    # future Sitzungen of her Sozialkonferenzen and Regionale Gremien; the
    # first of each committee (a committee meets a few times a year)
    kommende = (
        Sitzung.objects.filter(
            Q(gremium__sozialraum_id__in=ids)
            | Q(gremium__region__sozialraeume__in=ids),
            datum__gte=heute,
            datum__lte=heute + datetime.timedelta(days=366),
        )
        .select_related("gremium")
        .order_by("datum", "pk")
        .distinct()
    )
    naechste = {}
    for sitzung in kommende:
        naechste.setdefault(sitzung.gremium_id, sitzung)
    # the open states as a list (not "not finished"): the index over them
    offen = Antrag.objects.filter(sozialraum_id__in=ids, status__in=OFFEN)
    texte = dict(Status.choices)
    je_status = dict(
        offen.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    erste = list(
        offen.select_related("sozialraum", "budgetart").order_by(
            "-geaendert_am", "nummer"
        )[:ZEILEN]
    )
    for antrag in erste:
        antrag.status_text = str(texte[antrag.status])
    return Buero(
        jahr=jahr,
        sozialraeume=sozialraeume,
        sitzungen=sorted(naechste.values(), key=lambda s: (s.datum, s.pk)),
        offene=erste,
        offene_anzahl=sum(je_status.values()),
        je_status=[
            (str(texte[s]), je_status[s], s) for s in Status.values if s in je_status
        ],
        diagramm=geld_diagramm(
            [
                # the Sozialraum's name only when she leads several
                (
                    z.budget.budgetart.name
                    + (f" {sr.sozialraum.name}" if len(sozialraeume) > 1 else ""),
                    z.zahlen,
                )
                for sr in sozialraeume
                for z in sr.zeilen
            ]
        ),
        namen=[
            s.voller_name
            for s in Sozialraum.objects.filter(pk__in=ids).order_by("name")
        ],
    )


def kennzahlen_der_bueros(user, jahr):
    """The Kennzahlen page's year table (same selector, same small-numbers rule),
    or None for a user who may not see it."""
    if not user.has_perm("kennzahlen.view_liste"):
        return None
    return jahresliste(
        jahr,
        sichtbar=sichtbare_sozialraeume(user),
        genau_alle=user.has_perm("kennzahlen.pruefen"),
        genau_fuer=geleitete_sozialraum_ids(user),
        landkreis=sieht_landkreis(user),
    )


@dataclass
class Meldestand:
    """A led Büro's year: the quarters still to report and the targets."""

    sozialraum: Sozialraum
    zu_melden: list  # quarters whose Stichtag has passed, not reported
    jahr: object  # kennzahlen.selectors.Buerojahr


def meldestand_der_leitung(user, jahr, *, heute=None):
    heute = heute or timezone.localdate()
    stand = []
    for sozialraum in Sozialraum.objects.filter(
        pk__in=geleitete_sozialraum_ids(user)
    ).order_by("name"):
        b = buerojahr(sozialraum, jahr, genau=True)
        zu_melden = [
            q for q in QUARTALE if ist_meldbar(jahr, q, heute) and q not in b.meldungen
        ]
        stand.append(Meldestand(sozialraum, zu_melden, b))
    return stand


def startseite(user, *, jahr=None):
    """Everything the user's start page shows, as a dict for the template."""
    jahr = jahr or timezone.localdate().year
    art = startseite_art(user)
    kontext = {"art": art, "jahr": jahr}
    if art == FD51:
        kontext["geld"] = geld_des_jahres(jahr, alle_zahlen=True)
        kontext["plan"] = wachstumsplan(jahr)
        kontext["arbeit"] = arbeit_fd51()
        kontext["kennzahlen"] = kennzahlen_der_bueros(user, jahr)
    elif art == LEITUNG:
        kontext["buero"] = buero_der_leitung(user, jahr)
        kontext["meldestand"] = meldestand_der_leitung(user, jahr)
    elif art == LANDKREIS:
        kontext["geld"] = geld_des_jahres(jahr, alle_zahlen=False)
        kontext["plan"] = wachstumsplan(jahr)
        kontext["kennzahlen"] = kennzahlen_der_bueros(user, jahr)
    return kontext
