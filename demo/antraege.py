"""Demo applications of 2012, 2013 and the running year, in every state, with
the Sitzungen that decided them.

Everything goes through the services (`antrag_anlegen`, `antrag_uebergang`,
`sitzung_*`) in the order of the effective dates, like an office entering its
records day by day: allocations, steps, the Sitzungen' decisions and the 2012
year-end closing form one queue. So 2012's decisions are bound before 2012 is
closed, its carry-over reflects them, and every booking of the Projektmittel
and the Regionalbudget 1 belongs to an application.

The picture follows Vorlage 2012/100: the conferences decide on their money twice a
year with the Landkreis present; by 24.09.2013 they had approved 100.031,00 €
(here: over 2012 and 2013), Ilmenau and Bardowick nothing (no agreed
Konzept). Projects, organisations and amounts are invented and marked (Demo).
"""

import datetime
import heapq
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from antraege.benachrichtigung import ohne_benachrichtigung
from antraege.models import Antrag, Status, Themenfeld
from antraege.services import (
    BeschlussAngabe,
    Inhalt,
    anteil_zustimmen,
    antrag_anlegen,
    antrag_uebergang,
    sitzung_anlegen,
    sitzung_ausnahme_erteilen,
    sitzung_beschliessen,
)
from antraege.workflow import Aktion
from budgets import services as budgets
from budgets.models import Budget, Budgetart
from demo import budgets as budgets_demo
from demo.stammdaten import DEMO_MARKE, leitung_email
from konten.models import User
from regionen.models import Region
from sozialraum.models import Sozialraum, Ziel

from .faelle import (
    AUSNAHME,
    EINGEREICHT,
    ENTWURF,
    FAELLE,
    GEPRUEFT,
    LAUFEND,
    RUECKFRAGE,
    SITZUNGEN,
    TAGESORDNUNG,
)
from .projekte import PROJEKTE

D = datetime.date
# Within a day: allocations and closings, then steps before decisions, the
# Sitzungen' decisions, steps after them.
ZUERST, VOR, BESCHLUSS, NACH = range(4)


# --- When --------------------------------------------------------------------------


class _Kalender:
    """Dates of a year's steps. The running year's are counted from today and
    kept inside [1 January, today] (decisions and steps are never in the future;
    on 1 January everything happens that day, in order)."""

    def __init__(self, jahr, heute):
        self.jahr = jahr
        self.heute = heute

    def tag(self, datum):
        return min(max(datum, D(self.jahr, 1, 1)), self.heute)

    def sitzungen(self, kuerzel):
        if self.jahr in SITZUNGEN:
            return SITZUNGEN[self.jahr][kuerzel]
        h = self.heute
        # Adendorf decided a few days ago (within the veto period), the others
        # some weeks ago; every conference meets again soon.
        zurueck = 5 if kuerzel == "ADE" else 12 if kuerzel == "R2" else 45
        vergangen = self.tag(h - datetime.timedelta(days=zurueck))
        kommend = min(h + datetime.timedelta(days=16), D(h.year, 12, 31))
        return (vergangen,) if kuerzel == "R2" else (vergangen, kommend)


# --- Running it -------------------------------------------------------------------


@dataclass
class _Lauf:
    heute: datetime.date
    fd51: User
    buero: dict  # inhaber kuerzel -> User (the office)
    inhaber: dict  # kuerzel -> Sozialraum or Region
    sitzungen: dict = field(default_factory=dict)  # (jahr, kuerzel, nr) -> Sitzung
    antraege: dict = field(default_factory=dict)  # Fall index -> Antrag
    # Sitzung pk -> [callable returning a BeschlussAngabe] (the Antrag exists later)
    beschluesse: dict = field(default_factory=dict)
    schlange: list = field(default_factory=list)
    zaehler: itertools.count = field(default_factory=itertools.count)

    def planen(self, datum, phase, aufgabe):
        heapq.heappush(self.schlange, (datum, phase, next(self.zaehler), aufgabe))

    def abarbeiten(self):
        while self.schlange:
            _datum, _rang, _nr, aufgabe = heapq.heappop(self.schlange)
            aufgabe()


def vorhanden():
    return Antrag.objects.filter(antragsteller__endswith=DEMO_MARKE).exists()


def demo_antraege_anlegen(*, stdout=None):
    """Allocations, Sitzungen and applications of the demo, all or nothing.

    Skipped (with a note) when demo applications or any budgets exist: a second
    run changes nothing, and a database with bookings of its own (or from
    `demo_budgets`) is not mixed with the demo's.
    """
    schreiben = stdout.write if stdout else (lambda text: None)
    if vorhanden():
        schreiben("Demo-Anträge sind schon angelegt.")
        return False
    if Budget.objects.exists():
        schreiben(
            "Es gibt schon Budgets (z. B. aus „demo_budgets“); Demo-Anträge und "
            "-Buchungen werden nur in einer Datenbank ohne Budgets angelegt."
        )
        return False
    heute = timezone.localdate()
    with transaction.atomic(), ohne_benachrichtigung():
        lauf = _Lauf(
            heute=heute,
            fd51=User.objects.get(email="fd51@demo.invalid"),
            buero={},
            inhaber={},
        )
        for sozialraum in Sozialraum.objects.all():
            lauf.inhaber[sozialraum.kuerzel] = sozialraum
            lauf.buero[sozialraum.kuerzel] = User.objects.get(
                email=leitung_email(sozialraum)
            )
        lauf.inhaber["R2"] = Region.objects.get(nummer=2)
        lauf.buero["R2"] = User.objects.get(
            email="geschaeftsstelle.region2@demo.invalid"
        )
        for zuweisung in budgets_demo.zuweisungen(heute):
            lauf.planen(
                zuweisung.datum,
                ZUERST,
                lambda z=zuweisung: budgets_demo.zuweisung_buchen(z, durch=lauf.fd51),
            )
        lauf.planen(
            budgets_demo.ABSCHLUSS_2012,
            ZUERST,
            lambda: budgets.jahresabschluss(jahr=2012, durch=lauf.fd51),
        )
        _sitzungen_anlegen(lauf)
        for nr, fall in enumerate(FAELLE):
            _fall_planen(lauf, nr, fall)
        lauf.abarbeiten()
    je_jahr = ", ".join(f"{j}: {sum(z.values())}" for j, z in sorted(zaehlen().items()))
    schreiben(f"Demo-Anträge angelegt ({je_jahr}) mit {len(lauf.sitzungen)} Sitzungen.")
    return True


def _jahr(fall_jahr, heute):
    return heute.year if fall_jahr == LAUFEND else fall_jahr


def _sitzungen_anlegen(lauf):
    for jahr in (2012, 2013, lauf.heute.year):
        kalender = _Kalender(jahr, lauf.heute)
        # The running year: every Sozialkonferenz and Region 2's Gremium.
        kuerzel = list(SITZUNGEN.get(jahr, lauf.inhaber))
        for k in kuerzel:
            inhaber = lauf.inhaber[k]
            gremium = (
                inhaber.regionales_gremium
                if isinstance(inhaber, Region)
                else inhaber.sozialkonferenz
            )
            for nr, datum in enumerate(kalender.sitzungen(k), start=1):
                ort = (
                    f"Sozialraumbüro {inhaber.name}"
                    if isinstance(inhaber, Sozialraum)
                    else "Kreishaus Lüneburg"
                )
                lauf.sitzungen[(jahr, k, nr)] = sitzung_anlegen(
                    gremium=gremium,
                    datum=datum,
                    ort=ort,
                    landkreis_vertreten=True,
                    durch=lauf.buero[k],
                )
    jahr, k, nr, begruendung = AUSNAHME
    sitzung_ausnahme_erteilen(
        sitzung=lauf.sitzungen[(jahr, k, nr)], begruendung=begruendung, durch=lauf.fd51
    )


def _inhalt(fall, projekt, inhaber, sitzungstag):
    """The application's text; it names the Ziel its Konzept had agreed by the
    Sitzung (none before, as in 2012 for the later Konzepte)."""
    ort = inhaber.name
    beantragt = Decimal(fall.beantragt)
    eigenanteil = Decimal(fall.eigenanteil)
    drittmittel = tuple((q, Decimal(b), s) for q, b, s in fall.drittmittel)
    ziele = ()
    if isinstance(inhaber, Sozialraum):
        ziele = tuple(
            Ziel.objects.filter(
                konzept__sozialraum=inhaber,
                konzept__status="beschlossen",
                konzept__beschlossen_am__lte=sitzungstag,
                nummer=projekt.ziel,
            )
        )
    beginn = min(sitzungstag + datetime.timedelta(days=14), D(sitzungstag.year, 12, 31))
    return Inhalt(
        antragsteller=f"{projekt.antragsteller.format(ort=ort)} {DEMO_MARKE}",
        titel=projekt.titel,
        ansprechperson=f"Kontaktperson {ort} {DEMO_MARKE}",
        kontakt_email=f"kontakt.{fall.inhaber.lower()}@demo.invalid",
        zielgruppe=projekt.zielgruppe,
        beginn=beginn,
        ende=D(sitzungstag.year, 12, 31),
        ausgangslage=projekt.ausgangslage.format(ort=ort),
        zielsetzung=projekt.zielsetzung.format(ort=ort),
        massnahme=projekt.massnahme.format(ort=ort),
        gesamtkosten=beantragt + eigenanteil + sum((b for _, b, _ in drittmittel), 0),
        beantragt=beantragt,
        eigenanteil=eigenanteil,
        als_eigenanteil=fall.als_eigenanteil,
        themenfelder=tuple(Themenfeld.objects.filter(name__in=projekt.themen)),
        ziele=ziele,
        partner=tuple(
            (Sozialraum.objects.get(kuerzel=k), Decimal(b)) for k, b in fall.partner
        ),
        drittmittel=drittmittel,
    )


def _stimmen(nr, ergebnis):
    if ergebnis == "abgelehnt":
        return (3 + nr % 3, 8 + nr % 4, 1)
    return (9 + nr % 7, nr % 2, nr % 3)


def _fall_planen(lauf, nr, fall):
    jahr = _jahr(fall.jahr, lauf.heute)
    kalender = _Kalender(jahr, lauf.heute)
    termine = kalender.sitzungen(fall.inhaber)
    buero = lauf.buero[fall.inhaber]
    fd51 = lauf.fd51
    projekt = PROJEKTE[fall.projekt]
    inhaber = lauf.inhaber[fall.inhaber]
    budgetart = Budgetart.objects.get(
        code="projektmittel" if isinstance(inhaber, Sozialraum) else "regional1"
    )

    def tage(datum, n):
        return kalender.tag(datum + datetime.timedelta(days=n))

    def anlegen(datum):
        inhalt = _inhalt(fall, projekt, inhaber, sitzungstag)
        lauf.antraege[nr] = antrag_anlegen(
            budgetart=budgetart,
            haushaltsjahr=jahr,
            inhaber=inhaber,
            inhalt=inhalt,
            durch=buero,
            datum=datum,
        )

    def schritt(aktion, durch, datum, **kwargs):
        def ausfuehren():
            antrag_uebergang(
                antrag=lauf.antraege[nr],
                aktion=aktion,
                durch=durch,
                datum=datum,
                **kwargs,
            )

        return ausfuehren

    def zustimmen():
        for kuerzel, _betrag in fall.partner:
            anteil_zustimmen(antrag=lauf.antraege[nr], durch=lauf.buero[kuerzel])

    # Before the first Sitzung it heads for: written, (partners agree,)
    # submitted, checked, on the agenda two weeks before.
    ziel_sitzung = fall.beschluesse[0][0] if fall.beschluesse else fall.sitzung
    sitzungstag = termine[ziel_sitzung - 1]
    bis = fall.bis or TAGESORDNUNG
    reihe = [ENTWURF, EINGEREICHT]
    if fall.partner:
        # `anteil_zustimmen` records today as its day: a cooperation project
        # can only be submitted today, so only the running year has one.
        if fall.jahr != LAUFEND or fall.beschluesse or fall.danach:
            raise ValueError(
                f"{fall}: Kooperation nur im laufenden Jahr, unentschieden"
            )
        reihe.insert(1, "zustimmen")
    if fall.rueckfrage:
        reihe.append(RUECKFRAGE)
        if bis != RUECKFRAGE:
            reihe.append("erneut")
    reihe += [GEPRUEFT, TAGESORDNUNG]
    reihe = reihe[: reihe.index(bis) + 1]
    versatz = {
        ENTWURF: -42,
        EINGEREICHT: -35,
        RUECKFRAGE: -30,
        "erneut": -26,
        GEPRUEFT: -21,
        TAGESORDNUNG: -14,
    }
    datum, zugestimmt = None, False
    for name in reihe:
        datum = tage(sitzungstag, versatz.get(name, 0))
        if zugestimmt or name == "zustimmen":
            datum, zugestimmt = lauf.heute, True
        if name == ENTWURF:
            aufgabe = lambda d=datum: anlegen(d)  # noqa: E731
        elif name == "zustimmen":
            aufgabe = zustimmen
        elif name in (EINGEREICHT, "erneut"):
            aufgabe = schritt(Aktion.EINREICHEN, buero, datum)
        elif name == RUECKFRAGE:
            aufgabe = schritt(Aktion.RUECKFRAGE, fd51, datum, kommentar=fall.rueckfrage)
        elif name == GEPRUEFT:
            aufgabe = schritt(Aktion.PRUEFEN, fd51, datum)
        else:
            sitzung = lauf.sitzungen[(jahr, fall.inhaber, ziel_sitzung)]
            aufgabe = schritt(Aktion.AUF_TAGESORDNUNG, buero, datum, sitzung=sitzung)
        lauf.planen(datum, VOR, aufgabe)

    # The decisions; after a deferral it goes on the next Sitzung's agenda.
    for i, (sitzung_nr, ergebnis, betrag, bemerkung) in enumerate(fall.beschluesse):
        sitzung = lauf.sitzungen[(jahr, fall.inhaber, sitzung_nr)]
        if i > 0:
            datum = tage(sitzung.datum, -14)
            lauf.planen(
                datum,
                VOR,
                schritt(Aktion.AUF_TAGESORDNUNG, buero, datum, sitzung=sitzung),
            )
        ja, nein, enthaltungen = _stimmen(nr, ergebnis)
        _beschluss_planen(
            lauf,
            sitzung,
            buero,
            lambda e=ergebnis, b=betrag, t=bemerkung, s=(ja, nein, enthaltungen): (
                BeschlussAngabe(
                    antrag=lauf.antraege[nr],
                    ergebnis=e,
                    betrag=Decimal(b) if b else None,
                    ja=s[0],
                    nein=s[1],
                    enthaltungen=s[2],
                    bemerkung=t,
                )
            ),
        )
        datum = sitzung.datum

    # After the decision (or where it stopped): payments, proof, veto, withdrawal.
    for s in fall.danach:
        datum = tage(datum, s.tage)
        # The office submits the proof and withdraws; FD 51 pays, checks, vetoes.
        buero_schritt = s.aktion in (Aktion.NACHWEIS_EINREICHEN, Aktion.ZURUECKZIEHEN)
        durch = buero if buero_schritt else fd51
        lauf.planen(
            datum,
            NACH,
            schritt(
                s.aktion,
                durch,
                datum,
                betrag=Decimal(s.betrag) if s.betrag else None,
                kommentar=s.kommentar,
            ),
        )


def _beschluss_planen(lauf, sitzung, buero, angabe):
    """Collect a Sitzung's decisions; they are recorded together, on its day."""
    angaben = lauf.beschluesse.setdefault(sitzung.pk, [])
    if not angaben:
        lauf.planen(
            sitzung.datum,
            BESCHLUSS,
            lambda: sitzung_beschliessen(
                sitzung=sitzung,
                beschluesse=[a() for a in angaben],
                durch=buero,
            ),
        )
    angaben.append(angabe)


def zaehlen():
    """Applications per year and status (the summary after the demo)."""
    zahlen = {}
    for jahr, status in Antrag.objects.values_list("haushaltsjahr", "status"):
        zahlen.setdefault(jahr, {}).setdefault(Status(status), 0)
        zahlen[jahr][Status(status)] += 1
    return zahlen
