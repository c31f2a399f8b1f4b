"""Reads across applications, Sitzungen and the ledger."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from budgets.selectors import zahlen_der_bindung

from .models import ARBEITSLISTE_STATUS, Anteil, Antrag, Beschluss, Sitzung, Status
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
# What a row shows (and what its due date needs): read as values, not models.
_ZEILE_ZEIGT = [
    "pk",
    "nummer",
    "titel",
    "status",
    "beantragt",
    "bewilligt",
    "haushaltsjahr",
    "ende",
    "sozialraum__name",
    "sozialraum__art",
    "region__name",
]


@dataclass
class Eintrag:
    """One row of the work queue: what it shows of an application (built from
    values: a model instance per row was a good part of the page's time)."""

    pk: int
    nummer: str
    titel: str
    status: str
    beantragt: Decimal
    bewilligt: Decimal | None
    haushaltsjahr: int
    ende: datetime.date | None
    inhaber: str
    status_text: str
    beschlossen_am: datetime.date | None = None
    url: str = ""
    vetofrist_ende: datetime.date | None = None
    nachweis_faellig_am: datetime.date | None = None


@dataclass
class Abschnitt:
    """One part of the work queue: how many in all, and the first ones."""

    anzahl: int
    eintraege: list


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


@dataclass
class _Teil:
    """One part of the work queue: its condition among the open applications
    (for the count) and its sources
    (querysets, each read along one range of an index in the part's order, so
    that each stops after the rows shown), merged by `schluessel` (a function
    of the values `felder`)."""

    bedingung: Q | None
    quellen: list
    felder: tuple = ("geaendert_am", "nummer")
    schluessel: object = tuple


def _nach_ende(werte):
    ende, jahr, nummer = werte
    return (ende or datetime.date.max, jahr, nummer)


def _nachweis_teil(offen, bis, jahr_bis, ab=None, jahr_ab=None):
    """The Verwendungsnachweise due (ended by `bis`, or without an end in a
    Haushaltsjahr up to `jahr_bis`), after `ab` / `jahr_ab` when given; in the
    order of coalesce(ende, max), Haushaltsjahr, Nummer: per state those with
    an end (index status, ende, haushaltsjahr), and those without."""
    mit_ende = Q(ende__lte=bis) & (Q(ende__gt=ab) if ab else Q())
    ohne_ende = Q(ende__isnull=True, haushaltsjahr__lte=jahr_bis) & (
        Q(haushaltsjahr__gt=jahr_ab) if jahr_ab else Q()
    )
    ohne_nachweis = [Status.BEWILLIGT, Status.IN_AUSZAHLUNG]
    quellen = [
        offen.filter(mit_ende, status=status).order_by(
            "ende", "haushaltsjahr", "nummer"
        )
        for status in ohne_nachweis
    ]
    # without an end: rare, so both states in one (small) sort
    quellen.append(
        offen.filter(ohne_ende, status__in=ohne_nachweis).order_by(
            "haushaltsjahr", "nummer"
        )
    )
    return _Teil(
        Q(status__in=ohne_nachweis) & (mit_ende | ohne_ende),
        quellen,
        ("ende", "haushaltsjahr", "nummer"),
        _nach_ende,
    )


def _erste(teil, anzahl):
    """The pks of the part's first `anzahl` rows (no query for none)."""
    zeilen = []
    if not anzahl:
        return zeilen
    for qs in teil.quellen:
        zeilen += qs.values_list(*teil.felder, "pk")[:anzahl]
    if len(teil.quellen) > 1:
        zeilen.sort(key=lambda z: teil.schluessel(z[:-1]))
    return [z[-1] for z in zeilen[:anzahl]]


ARBEITSLISTE_TEILE = (
    "zu_pruefen",
    "in_vetofrist",
    "zahlungen",
    "nachweise_pruefen",
    "nachweise_faellig",
    "nachweise_bald",
)


def arbeitsliste(zeilen=None):
    """FD 51's queue, oldest first. The open states of all years add up (25.700
    applications in 37 years in bench/antraege.py): the parts are counted in
    one aggregate query, each part's first rows found along an index (no sort
    of all open applications) and read in one query.

    `zeilen`: {part: how many rows} of the parts whose first rows are read
    (the start page shows counts and one part's first rows); default: every
    part's first ARBEITSLISTE_ZEILEN. The others have their count only."""
    if zeilen is None:
        zeilen = dict.fromkeys(ARBEITSLISTE_TEILE, ARBEITSLISTE_ZEILEN)
    from .services import vetofrist

    heute = timezone.localdate()
    frist_beginn = heute - vetofrist()
    offen = Antrag.objects.filter(status__in=ARBEITSLISTE_STATUS)
    bewilligung = Beschluss.objects.filter(antrag=OuterRef("pk"), ergebnis="bewilligt")
    # In the Vetofrist: approved by the latest approving Beschluss, on or after
    # frist_beginn. Few (the decisions of four weeks): all of them, in order,
    # read from the Beschlüsse of the Sitzungen since then (the latest: no
    # later approving one of the application), not from the approved
    # applications of all years. The Sitzungen first, as numbers: joined with
    # the condition on their day, PostgreSQL read all Beschlüsse.
    sitzungen = list(
        Sitzung.objects.filter(datum__gte=frist_beginn).values_list("pk", flat=True)
    )
    spaeter = Beschluss.objects.filter(
        antrag=OuterRef("antrag"), ergebnis="bewilligt", pk__gt=OuterRef("pk")
    )
    in_frist = list(
        Beschluss.objects.filter(
            ergebnis="bewilligt",
            sitzung_id__in=sitzungen,
            antrag__status=Status.BEWILLIGT,
        )
        .exclude(Exists(spaeter))
        .order_by("sitzung__datum", "antrag__nummer")
        .values_list("antrag_id", flat=True)
    )
    # Payments due: being paid, or approved with the Vetofrist over.
    nach_frist = (
        Q(status=Status.BEWILLIGT) & Q(Exists(bewilligung)) & ~Q(pk__in=in_frist)
    )
    faellig = letztes_ende_mit_faelligem_nachweis(heute)
    beendet = heute - datetime.timedelta(days=1)
    teile = {
        "zu_pruefen": _Teil(
            Q(status=Status.EINGEREICHT),
            [offen.filter(status=Status.EINGEREICHT).order_by("geaendert_am")],
        ),
        "zahlungen": _Teil(
            Q(status=Status.IN_AUSZAHLUNG) | nach_frist,
            [
                offen.filter(status=Status.IN_AUSZAHLUNG).order_by(
                    "geaendert_am", "nummer"
                ),
                offen.filter(nach_frist).order_by("geaendert_am", "nummer"),
            ],
        ),
        "nachweise_pruefen": _Teil(
            Q(status=Status.NACHWEIS),
            [offen.filter(status=Status.NACHWEIS).order_by("geaendert_am")],
        ),
        # Verwendungsnachweis: due by the rule of nachweis_faellig_am (as the
        # letter says); "fällig" once that day has passed, before that
        # "beendet" only.
        "nachweise_faellig": _nachweis_teil(offen, faellig, _letztes_ganzes(faellig)),
        "nachweise_bald": _nachweis_teil(
            offen,
            beendet,
            _letztes_ganzes(beendet),
            ab=faellig,
            jahr_ab=_letztes_ganzes(faellig),
        ),
    }
    # Counted in one aggregate along the partial index over the open states
    # (antrag_offen_ende: PostgreSQL reads no row of the table).
    anzahl = offen.aggregate(
        **{name: Count("pk", filter=teil.bedingung) for name, teil in teile.items()}
    )
    erste = {name: _erste(teil, zeilen.get(name, 0)) for name, teil in teile.items()}
    erste["in_vetofrist"] = in_frist[: zeilen.get("in_vetofrist", 0)]
    anzahl["in_vetofrist"] = len(in_frist)
    eintraege = _eintraege({pk for pks in erste.values() for pk in pks})
    return Arbeitsliste(
        **{
            name: Abschnitt(anzahl[name], [eintraege[pk] for pk in pks])
            for name, pks in erste.items()
        },
        sitzungen_ausnahme=_ohne_ausnahme(list(_offene_sitzungen(heute))),
    )


def _eintraege(pks):
    """{pk: Eintrag} of the applications `pks` (with the approval's day)."""
    from sozialraum.models import Sozialraum

    from .services import vetofrist

    frist = vetofrist()

    # the states' labels translated once, not per row by get_status_display
    # (it translates every choice on each call); the holder's name once each
    texte = {wert: str(text) for wert, text in Status.choices}
    namen = {}
    zeilen = {}
    for werte in (
        Antrag.objects.filter(pk__in=pks)
        .annotate(
            beschlossen_am=Subquery(
                Beschluss.objects.filter(antrag=OuterRef("pk"), ergebnis="bewilligt")
                .order_by("-pk")
                .values("sitzung__datum")[:1]
            )
        )
        .values_list(*_ZEILE_ZEIGT, "beschlossen_am")
        .order_by()
    ):
        *felder, sr_name, sr_art, region, beschlossen_am = werte
        schluessel = (sr_name, sr_art, region)
        if schluessel not in namen:
            namen[schluessel] = (
                Sozialraum(name=sr_name, art=sr_art).voller_name if sr_name else region
            )
        eintrag = Eintrag(
            *felder,
            inhaber=namen[schluessel],
            status_text=texte[felder[3]],
            beschlossen_am=beschlossen_am,
        )
        # a row may stand in two parts (a payment due, its proof due): the
        # dates of both on each
        if beschlossen_am:
            eintrag.vetofrist_ende = beschlossen_am + frist
        eintrag.nachweis_faellig_am = nachweis_faellig_am(eintrag)
        zeilen[eintrag.pk] = eintrag
    return zeilen


def _offene_sitzungen(heute):
    return (
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


def _letztes_ganzes(tag):
    """The last Haushaltsjahr that has ended by `tag` (a project without an
    end ends with its year)."""
    return (tag + datetime.timedelta(days=1)).year - 1


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
