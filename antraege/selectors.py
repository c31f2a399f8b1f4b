"""Reads across applications, Sitzungen and the ledger."""

import calendar
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
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from budgets.selectors import zahlen_der_bindung

from .models import MIT_BINDUNG, Anteil, Antrag, Beschluss, Sitzung, Status
from .workflow import UEBERGAENGE, Aktion

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
    """Budget sessions of the application's committee in its year that have not
    decided on it yet (a past one too: minutes are often entered afterwards)."""
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


def antraege_fuer_tagesordnung(sitzung, antraege):
    """Of `antraege`, those the Sitzung's committee may put on its agenda: in a
    state from which the table leads there, of the Sitzung's year."""
    von = [u.von for u in UEBERGAENGE if u.aktion == Aktion.AUF_TAGESORDNUNG]
    gremium = sitzung.gremium
    return antraege.filter(
        Q(sozialraum__sozialkonferenz=gremium) | Q(region__regionales_gremium=gremium),
        status__in=von,
        haushaltsjahr=sitzung.datum.year,
    ).order_by("nummer")


def aktueller_tagesordnungspunkt(antrag):
    """The agenda item on which the application stands undecided (or None)."""
    return (
        antrag.tagesordnungspunkte.filter(abgesetzt=False)
        .exclude(sitzung__beschluesse__antrag=antrag)
        .select_related("sitzung__gremium")
        .first()
    )


def aktuelle_sitzung(antrag):
    """The Sitzung on whose agenda the application stands (undecided)."""
    top = aktueller_tagesordnungspunkt(antrag)
    return top.sitzung if top else None


ARBEITSLISTE_ZEILEN = 50
_ZEILE_ZEIGT = [
    "nummer",
    "titel",
    "status",
    "beantragt",
    "bewilligt",
    "haushaltsjahr",
    "ende",  # and haushaltsjahr: when the Verwendungsnachweis is due
    "sozialraum__name",
    "sozialraum__art",
    "region__name",
]


@dataclass
class Abschnitt:
    """One part of the work queue: how many in all, and the first ones."""

    anzahl: int
    eintraege: list


def _abschnitt(qs):
    return Abschnitt(anzahl=qs.count(), eintraege=list(qs[:ARBEITSLISTE_ZEILEN]))


@dataclass
class Arbeitsliste:
    zu_pruefen: Abschnitt
    in_vetofrist: Abschnitt
    zahlungen: Abschnitt
    nachweise_pruefen: Abschnitt
    nachweise_faellig: Abschnitt
    nachweise_bald: Abschnitt
    sitzungen_ausnahme: list

    def abschnitte(self):
        return [
            self.zu_pruefen,
            self.in_vetofrist,
            self.zahlungen,
            self.nachweise_pruefen,
            self.nachweise_faellig,
            self.nachweise_bald,
        ]


def arbeitsliste():
    """FD 51's queue, oldest first; each part counted in the database and shown
    with its first rows (the years add up: 10.000 applications in 20 years)."""
    from .services import vetofrist

    heute = timezone.localdate()
    beschlossen_am = Subquery(
        Beschluss.objects.filter(antrag=OuterRef("pk"), ergebnis="bewilligt")
        .order_by("-pk")
        .values("sitzung__datum")[:1]
    )
    # only what the rows show (up to 300 of them): every other column read
    # and converted was a good part of the page's time
    basis = Antrag.objects.select_related("sozialraum", "region").only(*_ZEILE_ZEIGT)
    frist_beginn = heute - vetofrist()
    in_frist = (
        basis.annotate(beschlossen_am=beschlossen_am)
        .filter(status=Status.BEWILLIGT, beschlossen_am__gte=frist_beginn)
        .order_by("beschlossen_am", "nummer")
    )
    # the decision's day only to filter: selected, the subquery would run for
    # every open payment of all years before the sort picks the first rows
    zahlungen = (
        basis.alias(beschlossen_am=beschlossen_am)
        # the states first, on their own (the index): in one OR with the
        # subquery, SQLite ran that for every application
        .filter(status__in=[Status.IN_AUSZAHLUNG, Status.BEWILLIGT])
        .filter(Q(status=Status.IN_AUSZAHLUNG) | Q(beschlossen_am__lt=frist_beginn))
        .order_by("geaendert_am", "nummer")
    )
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
    # Verwendungsnachweis: due by the rule of nachweis_faellig_am (as the letter
    # says); "fällig" once that day has passed, before that "beendet" only.
    ohne_nachweis = (
        basis.filter(status__in=MIT_BINDUNG)
        .exclude(status=Status.NACHWEIS)
        .order_by(Coalesce("ende", Value(datetime.date.max)), "haushaltsjahr", "nummer")
    )
    faellig = _projektende_bis(letztes_ende_mit_faelligem_nachweis(heute))
    beendet = _projektende_bis(heute - datetime.timedelta(days=1))
    liste = Arbeitsliste(
        zu_pruefen=_abschnitt(
            basis.filter(status=Status.EINGEREICHT).order_by("geaendert_am")
        ),
        in_vetofrist=_abschnitt(in_frist),
        zahlungen=_abschnitt(zahlungen),
        nachweise_pruefen=_abschnitt(
            basis.filter(status=Status.NACHWEIS).order_by("geaendert_am")
        ),
        nachweise_faellig=_abschnitt(ohne_nachweis.filter(faellig)),
        nachweise_bald=_abschnitt(ohne_nachweis.filter(beendet).exclude(faellig)),
        sitzungen_ausnahme=_ohne_ausnahme(list(offene_sitzungen)),
    )
    # the states' labels translated once, not per row by get_status_display
    # (it translates every choice on each call)
    texte = {wert: str(text) for wert, text in Status.choices}
    for teil in liste.abschnitte():
        for antrag in teil.eintraege:
            antrag.status_text = texte[antrag.status]
    for antrag in liste.in_vetofrist.eintraege:
        antrag.vetofrist_ende = antrag.beschlossen_am + vetofrist()
    for antrag in liste.nachweise_faellig.eintraege + liste.nachweise_bald.eintraege:
        antrag.nachweis_faellig_am = nachweis_faellig_am(antrag)
    return liste


# --- Verwendungsnachweis: one rule for the letter and the work queue -------------


def nachweis_frist_ende(ende):
    """The due date of a Verwendungsnachweis for a project ending on `ende`:
    settings.ANTRAEGE_NACHWEIS_FRIST_MONATE months later (the same day, or the
    month's last day)."""
    monate = ende.month + settings.ANTRAEGE_NACHWEIS_FRIST_MONATE
    jahr, monat = ende.year + (monate - 1) // 12, (monate - 1) % 12 + 1
    return datetime.date(
        jahr, monat, min(ende.day, calendar.monthrange(jahr, monat)[1])
    )


def projektende(antrag):
    """The project's end, or the end of its Haushaltsjahr when none is given."""
    return antrag.ende or datetime.date(antrag.haushaltsjahr, 12, 31)


def nachweis_faellig_am(antrag):
    """The day by which the Verwendungsnachweis is due (the letter names it)."""
    return nachweis_frist_ende(projektende(antrag))


def letztes_ende_mit_faelligem_nachweis(heute):
    """The latest project end whose Verwendungsnachweis is overdue on `heute`
    (its due date lies before `heute`). The due date grows with the end, so
    this is the one bound a database filter needs."""
    monate = settings.ANTRAEGE_NACHWEIS_FRIST_MONATE
    tag = heute - datetime.timedelta(days=31 * monate + 1)  # surely overdue
    while nachweis_frist_ende(tag + datetime.timedelta(days=1)) < heute:
        tag += datetime.timedelta(days=1)
    return tag


def _projektende_bis(tag):
    """Q: the project (or, without an end, its Haushaltsjahr) ended by `tag`."""
    letztes_ganzes_jahr = (tag + datetime.timedelta(days=1)).year - 1
    return Q(ende__lte=tag) | Q(
        ende__isnull=True, haushaltsjahr__lte=letztes_ganzes_jahr
    )


def _ohne_ausnahme(sitzungen):
    """(Sitzung, reasons) of those that need FD 51's exception; the earlier
    budget sessions of their committees counted in one query."""
    from .services import sitzung_braucht_ausnahme

    if not sitzungen:
        return []
    fruehere = (
        Sitzung.objects.budgetsitzungen()
        .filter(
            gremium_id__in={s.gremium_id for s in sitzungen},
            datum__year__in={s.datum.year for s in sitzungen},
        )
        .values_list("gremium_id", "datum", "pk")
    )
    fruehere = list(fruehere)

    def vorher(s):
        return sum(
            1
            for g, d, pk in fruehere
            if g == s.gremium_id
            and d.year == s.datum.year
            and (d, pk) < (s.datum, s.pk)
        )

    return [
        (s, gruende)
        for s in sitzungen
        if (gruende := sitzung_braucht_ausnahme(s, vorher=vorher(s)))
    ]
