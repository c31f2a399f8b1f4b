"""Reads across applications, Sitzungen and the ledger."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from budgets.selectors import zahlen_der_bindung

from .models import MIT_BINDUNG, Anteil, Antrag, Beschluss, Sitzung, Status

NULL = Decimal("0.00")


def antraege_filtern(qs, werte):
    """Apply the list filters (FilterForm.werte()) and the sorting."""
    if "jahr" in werte:
        qs = qs.filter(haushaltsjahr=werte["jahr"])
    if "region" in werte:
        r = werte["region"]
        qs = qs.filter(Q(region=r) | Q(sozialraum__region=r))
    if "sozialraum" in werte:
        s = werte["sozialraum"]
        partner = Anteil.objects.filter(sozialraum=s).values("antrag_id")
        qs = qs.filter(Q(sozialraum=s) | Q(pk__in=partner))
    if "budgetart" in werte:
        qs = qs.filter(budgetart=werte["budgetart"])
    if "status" in werte:
        qs = qs.filter(status=werte["status"])
    if "themenfeld" in werte:
        qs = qs.filter(themenfelder=werte["themenfeld"])
    if werte.get("q"):
        for wort in werte["q"].split()[:5]:
            qs = qs.filter(
                Q(nummer__icontains=wort)
                | Q(titel__icontains=wort)
                | Q(antragsteller__icontains=wort)
                | Q(zielgruppe__icontains=wort)
                | Q(massnahme__icontains=wort)
            )
    return qs.order_by(*SORTIERUNG.get(werte.get("sortierung"), STANDARD))


# The path's order, not the alphabet, when sorting by state.
STATUSFOLGE = Case(
    *[When(status=s, then=Value(i)) for i, s in enumerate(Status.values)],
    output_field=IntegerField(),
)
STANDARD = ["-haushaltsjahr", "nummer"]
SORTIERUNG = {
    "nummer": ["nummer"],
    "-nummer": ["-nummer"],
    "titel": ["titel", "nummer"],
    "antragsteller": ["antragsteller", "nummer"],
    "beantragt": ["beantragt", "nummer"],
    "-beantragt": ["-beantragt", "nummer"],
    # not yet decided last, on every database
    "-bewilligt": [F("bewilligt").desc(nulls_last=True), "nummer"],
    "status": [STATUSFOLGE, "nummer"],
    "-geaendert": ["-geaendert_am", "nummer"],
}


@dataclass
class Geld:
    """What happened to an application's money in the ledger."""

    gebunden: Decimal = NULL  # bound and not released
    ausgezahlt: Decimal = NULL
    offen: Decimal = NULL  # bound, not paid
    freigegeben: Decimal = NULL


def geld_des_antrags(antrag):
    geld = Geld()
    for anteil in antrag.anteile.select_related("bindung").filter(
        bindung__isnull=False
    ):
        z = zahlen_der_bindung(anteil.bindung)
        geld.gebunden += z.gebunden
        geld.ausgezahlt += z.ausgezahlt
        geld.offen += z.offen
        geld.freigegeben += anteil.bindung.betrag - z.gebunden
    return geld


def sitzungen_fuer_tagesordnung(antrag):
    """Budget sessions of the application's committee in its year, not past."""
    gremium = antrag.gremium
    if gremium is None:
        return Sitzung.objects.none()
    return (
        Sitzung.objects.filter(
            gremium=gremium,
            ist_budgetsitzung=True,
            datum__year=antrag.haushaltsjahr,
        )
        .exclude(
            Exists(Beschluss.objects.filter(sitzung=OuterRef("pk"), antrag=antrag))
        )
        .order_by("datum")
    )


def aktuelle_sitzung(antrag):
    """The Sitzung on whose agenda the application stands (undecided)."""
    top = (
        antrag.tagesordnungspunkte.filter(abgesetzt=False)
        .exclude(sitzung__beschluesse__antrag=antrag)
        .select_related("sitzung__gremium")
        .first()
    )
    return top.sitzung if top else None


@dataclass
class Arbeitsliste:
    zu_pruefen: list
    in_vetofrist: list
    zahlungen: list
    nachweise_pruefen: list
    nachweise_ausstehend: list
    sitzungen_ausnahme: list


def arbeitsliste():
    """FD 51's queue, oldest first."""
    from .services import sitzung_braucht_ausnahme, vetofrist

    heute = timezone.localdate()
    basis = Antrag.objects.mit_bezug()
    frist_beginn = heute - vetofrist()
    bewilligt = list(
        basis.filter(status=Status.BEWILLIGT)
        .filter(
            beschluesse__ergebnis="bewilligt",
        )
        .order_by("geaendert_am")
        .distinct()
    )
    beschlussdatum = dict(
        Beschluss.objects.filter(
            antrag__in=bewilligt, ergebnis="bewilligt"
        ).values_list("antrag_id", "sitzung__datum")
    )
    in_frist = []
    for antrag in bewilligt:
        datum = beschlussdatum.get(antrag.pk)
        if datum and datum >= frist_beginn:
            antrag.vetofrist_ende = datum + vetofrist()
            in_frist.append(antrag)
    zahlungen = [
        a
        for a in basis.filter(
            status__in=[Status.BEWILLIGT, Status.IN_AUSZAHLUNG]
        ).order_by("geaendert_am")
        if a not in in_frist
    ]
    offene_sitzungen = (
        Sitzung.objects.filter(
            ist_budgetsitzung=True,
            ausnahme_von__isnull=True,
            datum__gte=heute - datetime.timedelta(days=365),
            tagesordnung__abgesetzt=False,
            tagesordnung__antrag__status=Status.ZUR_BERATUNG,
        )
        .select_related("gremium")
        .distinct()
    )
    return Arbeitsliste(
        zu_pruefen=list(
            basis.filter(status=Status.EINGEREICHT).order_by("geaendert_am")
        ),
        in_vetofrist=in_frist,
        zahlungen=zahlungen,
        nachweise_pruefen=list(
            basis.filter(status=Status.NACHWEIS).order_by("geaendert_am")
        ),
        nachweise_ausstehend=list(
            basis.filter(status__in=MIT_BINDUNG, ende__lt=heute)
            .exclude(status=Status.NACHWEIS)
            .order_by("ende")
        ),
        sitzungen_ausnahme=[
            (s, gruende)
            for s in offene_sitzungen
            if (gruende := sitzung_braucht_ausnahme(s))
        ],
    )


def vetofrist_tage():
    return settings.ANTRAEGE_VETOFRIST_TAGE
