"""Benchmark: the application list, the detail page and the admin changelist.

Builds (once) 10.000 Anträge over 20 Haushaltsjahre (2007–2026) across the ten
Sozialräume and three Regionen of the Grunddaten, in the database of
bench/ledger.py (its 215.000 bookings are built first if missing, so the
Bindungen of the applications sit in a large ledger). Each application has 1–2
Finanzierungsanteile, 1–3 Themenfelder, Ziele of a beschlossen Konzept, some
Drittmittel and a history of 3–8 Statuswechsel (one more in cooperation
projects: the partner's consent to its share); those that reached a committee
stand on the agenda of one of its two budget Sitzungen a year with a Beschluss;
approved ones are bound in the ledger (one Bindung per Anteil, referenz =
Antragsnummer) with Auszahlungen, Rückforderungen and Auflösungen as the
services book them. Numbers (2019-ADE-007) follow the Nummernkreise. Bench data:
bulk-inserted, not through the services, but shaped as the services write it.

Then it requests through Django's full middleware stack (test client), logged
in as Fachdienst 51, as the Sozialraumleitung of Adendorf and as an
Administrator:

- the floor: a trivial logged-in page (/budgets/ → redirect), as in ledger.py,
- the list, page 1: unfiltered; by Jahr + Status + search text; by Sozialraum,
- the detail page of an application with a full history (2 Anteile, 9 steps),
- the admin changelist /admin/antraege/antrag/: unfiltered, with a filter,
  with a search, and the admin page of the same application,

and prints the median of several runs, the ratio to the floor and the SQL query
count. The query counts are measured a second time on a small database (the
same budgets and shapes with a short history: the applications of 2019, 2020
and 2026, 500 a year as here, and bench/ledger.py's ledger of 2020 only) in a
child process and printed next to them: they must not grow with the data
(exit status 1 if one does). Not a test: it asserts nothing about time.

    make bench                                     # SQLite files in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sozialraum_bench make bench
    .venv/bin/python bench/antraege.py             # this benchmark alone

The small database sits next to the large one: /tmp/sozialraum-bench-klein.sqlite3
or, on PostgreSQL, <name>_klein (created when missing; the large one must
exist, as for ledger.py). The test database sozialraum_budget is refused.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/sozialraum-bench.sqlite3")

import django  # noqa: E402
from kleine_datenbank import im_kindprozess, klein_url  # noqa: E402

django.setup()

import datetime  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from antraege.models import (  # noqa: E402
    Anteil,
    Antrag,
    Beschluss,
    Drittmittel,
    Nummernkreis,
    Sitzung,
    Status,
    Statuswechsel,
    Tagesordnungspunkt,
    Themenfeld,
)
from antraege.workflow import Aktion  # noqa: E402
from budgets.models import Buchung, Buchungsart, Budget, Budgetart  # noqa: E402
from budgets.services import aufteilen  # noqa: E402
from konten.models import Rolle, User  # noqa: E402
from regionen.models import Region  # noqa: E402
from sozialraum.models import (  # noqa: E402
    Gremium,
    Sozialraum,
    Sozialraumkonzept,
    Ziel,
)

# The data's "today": every step lies on or before it; the second budget
# Sitzung of 2026 lies after it, so 2026 has applications in progress.
STICHTAG = datetime.date(2026, 11, 20)
# 37 years (budgets begin in 1990): 500 applications in each year the pages
# show (the measured 2020, the current 2026), 1.430 in each other one; 51.050
# in all, 50 × the small database (issue 19: 37 years of the same density
# would make only 37 ×).
JAHRE = range(1990, STICHTAG.year + 1)
JE_JAHR = 500
JE_FRUEHEREM_JAHR = 1_430
GEZEIGT = (2020, STICHTAG.year)
JE_JAHR_GROSS = dict.fromkeys(JAHRE, JE_FRUEHEREM_JAHR) | dict.fromkeys(
    GEZEIGT, JE_JAHR
)
ANZAHL = sum(JE_JAHR_GROSS.values())
LAEUFE = 9
SEED = 2013
# The application with the full history (the detail page): built first.
ZIEL_JAHR = 2019
ZIEL_SOZIALRAUM = "ADE"
ZIEL_PARTNER = "BAR"
# The small database: 1/50 of the large one (issue 19), without its history:
# the years the pages show with as many applications as in the large one, the
# detail page's application of 2019 alone, and the ledger of 2020
# (bench/ledger.py) with all its budgets, so that the first pages show the
# same rows on both.
JE_JAHR_KLEIN = {ZIEL_JAHR: 1} | dict.fromkeys(GEZEIGT, JE_JAHR)
ANZAHL_KLEIN = sum(JE_JAHR_KLEIN.values())
LEDGER_JAHRE_KLEIN = (2020,)
ZUWEISUNG = Decimal("500000.00")  # per budget this script has to create
NULL = Decimal("0.00")
A = Aktion

PROJEKTE = [
    "Ferienprogramm",
    "Elterncafé",
    "Hausaufgabenhilfe",
    "Jugendtreff",
    "Mädchengruppe",
    "Spielmobil",
    "Medienwerkstatt",
    "Sprachkurs",
    "Bewegungsangebot",
    "Kochkurs",
    "Theaterprojekt",
    "Erziehungsberatung",
    "Seniorenfrühstück",
    "Nachbarschaftsfest",
    "Lernwerkstatt",
    "Kletterprojekt",
    "Musikprojekt",
    "Familienfreizeit",
    "Streetwork",
    "Gartenprojekt",
]
ZIELGRUPPEN = [
    "Grundschulkinder",
    "Jugendliche",
    "junge Familien",
    "Alleinerziehende",
    "Geflüchtete",
    "Seniorinnen und Senioren",
    "Kinder mit Förderbedarf",
    "Eltern",
    "Schulabgängerinnen und Schulabgänger",
    "Mädchen und junge Frauen",
]
TRAEGER = [
    "Sportverein",
    "Förderverein der Grundschule",
    "DRK-Ortsverein",
    "Kirchengemeinde",
    "Familienzentrum",
    "Jugendring",
    "Musikschule",
    "AWO-Ortsverein",
    "Heimatverein",
    "Kulturverein",
]
QUELLEN = [
    "Aktion Mensch",
    "Stiftung Niedersachsen",
    "Sparkassenstiftung Lüneburg",
    "Bürgerstiftung",
    "Landesprogramm Familienzentren",
]

# Paths (docs/fachkonzept.md §3 as in workflow.py) with weights: 3 to 8 steps each.
# "S1"/"S2": the agenda and decision in the first or second budget Sitzung.
ABSCHLUSS = [A.ANLEGEN, A.EINREICHEN, A.PRUEFEN, A.AUF_TAGESORDNUNG, A.BEWILLIGEN]
PFADE = [
    (40, [*ABSCHLUSS, A.AUSZAHLEN, A.NACHWEIS_EINREICHEN, A.ABSCHLIESSEN]),
    # Reimbursement: paid after the proof of use.
    (8, [*ABSCHLUSS, A.NACHWEIS_EINREICHEN, A.AUSZAHLEN, A.ABSCHLIESSEN]),
    (5, [*ABSCHLUSS, A.AUSZAHLEN]),
    (4, [*ABSCHLUSS, A.AUSZAHLEN, A.NACHWEIS_EINREICHEN]),
    (2, ABSCHLUSS),
    (2, [*ABSCHLUSS, A.VETO]),
    (2, [*ABSCHLUSS, A.ZURUECKZIEHEN]),
    (
        5,
        [
            A.ANLEGEN,
            A.EINREICHEN,
            A.PRUEFEN,
            "S1",
            A.AUF_TAGESORDNUNG,
            A.ZURUECKSTELLEN,
            "S2",
            A.AUF_TAGESORDNUNG,
            A.BEWILLIGEN,
            A.AUSZAHLEN,
        ],
    ),
    (3, [A.ANLEGEN, A.EINREICHEN, A.PRUEFEN, A.AUF_TAGESORDNUNG, A.ZURUECKSTELLEN]),
    (9, [A.ANLEGEN, A.EINREICHEN, A.PRUEFEN, A.AUF_TAGESORDNUNG, A.ABLEHNEN]),
    (
        5,
        [
            A.ANLEGEN,
            A.EINREICHEN,
            A.RUECKFRAGE,
            A.EINREICHEN,
            A.PRUEFEN,
            A.AUF_TAGESORDNUNG,
            A.ABLEHNEN,
        ],
    ),
    (3, [A.ANLEGEN, A.EINREICHEN, A.RUECKFRAGE, A.ZURUECKZIEHEN]),
    (2, [A.ANLEGEN, A.EINREICHEN, A.PRUEFEN, A.ZURUECKZIEHEN]),
    (2, [A.ANLEGEN, A.EINREICHEN, A.RUECKFRAGE, A.EINREICHEN]),
]
NACH = {
    A.ANLEGEN: Status.ENTWURF,
    A.EINREICHEN: Status.EINGEREICHT,
    A.RUECKFRAGE: Status.RUECKFRAGE,
    A.PRUEFEN: Status.GEPRUEFT,
    A.AUF_TAGESORDNUNG: Status.ZUR_BERATUNG,
    A.BEWILLIGEN: Status.BEWILLIGT,
    A.ABLEHNEN: Status.ABGELEHNT,
    A.ZURUECKSTELLEN: Status.ZURUECKGESTELLT,
    A.VETO: Status.VETO,
    A.NACHWEIS_EINREICHEN: Status.NACHWEIS,
    A.ABSCHLIESSEN: Status.ABGESCHLOSSEN,
    A.ZURUECKZIEHEN: Status.ZURUECKGEZOGEN,
}
BESCHLUSS = {
    A.BEWILLIGEN: Beschluss.Ergebnis.BEWILLIGT,
    A.ABLEHNEN: Beschluss.Ergebnis.ABGELEHNT,
    A.ZURUECKSTELLEN: Beschluss.Ergebnis.ZURUECKGESTELLT,
}
FD51_AKTIONEN = {A.RUECKFRAGE, A.PRUEFEN, A.VETO, A.AUSZAHLEN, A.ABSCHLIESSEN}


def euro(rnd, von, bis):
    """A whole-euro amount between von and bis (in tens)."""
    return Decimal(rnd.randint(von // 10, bis // 10) * 10).quantize(NULL)


def zeitpunkt(tag, minute):
    return datetime.datetime.combine(
        tag, datetime.time(8, 0), tzinfo=datetime.UTC
    ) + datetime.timedelta(minutes=minute)


# --- Building ---------------------------------------------------------------------


def benutzer_holen(email, rolle, **bereich):
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": "Bench", "last_name": email.split("@")[0]}
    )
    if not user.rollen.filter(rolle=rolle, **bereich).exists():
        user.rollen.create(rolle=rolle, **bereich)
    return user


class Welt:
    """What the applications refer to: users, budgets, Sitzungen, Ziele."""

    def __init__(self, jahre=JAHRE):
        self.jahre = jahre
        self.sozialraeume = list(Sozialraum.objects.order_by("region__nummer", "name"))
        self.regionen = list(Region.objects.order_by("nummer"))
        self.fd51 = benutzer_holen("bench@example.org", Rolle.FACHDIENST_51)
        self.buero = {}
        for s in self.sozialraeume:
            self.buero[s] = benutzer_holen(
                f"bench-leitung-{s.kuerzel.lower()}@example.org",
                Rolle.SOZIALRAUMLEITUNG,
                sozialraum=s,
            )
        for r in self.regionen:
            self.buero[r] = benutzer_holen(
                f"bench-gs-r{r.nummer}@example.org",
                Rolle.GESCHAEFTSSTELLE_RG,
                region=r,
            )
        self.admin = benutzer_holen("bench-admin@example.org", Rolle.ADMINISTRATOR)
        self.art = {
            "sozialraum": Budgetart.objects.get(code="projektmittel"),
            "region": Budgetart.objects.get(code="regional1"),
        }
        self.themenfelder = list(Themenfeld.objects.filter(aktiv=True))
        self.ziele = self._ziele()
        self.gremium = {
            (g.sozialraum_id and g.sozialraum) or g.region: g
            for g in Gremium.objects.filter(
                art__in=[Gremium.Art.SOZIALKONFERENZ, Gremium.Art.REGIONALES_GREMIUM]
            ).select_related("sozialraum", "region")
        }
        self.sitzungen = self._sitzungen()
        self.budgets = self._budgets()
        self.top_position = {}

    def _ziele(self):
        """Four Ziele of a beschlossen Konzept per Sozialraum."""
        ziele = {}
        for s in self.sozialraeume:
            konzept = s.konzepte.filter(status="beschlossen").first()
            if konzept is None:
                konzept = Sozialraumkonzept.objects.create(
                    sozialraum=s,
                    version=s.konzepte.count() + 1,
                    status=Sozialraumkonzept.Status.BESCHLOSSEN,
                    beschlossen_am=datetime.date(2006, 6, 1),
                    zielgruppen="Kinder, Jugendliche und Familien",
                )
            if not konzept.ziele.exists():
                Ziel.objects.bulk_create(
                    Ziel(konzept=konzept, nummer=n, titel=f"Ziel {n} in {s.name}")
                    for n in range(1, 5)
                )
            ziele[s] = list(konzept.ziele.all())
        return ziele

    def _sitzungen(self):
        """Two budget Sitzungen a year per committee (spring, autumn)."""
        vorhanden = {
            (s.gremium_id, s.datum.year, s.datum.month < 7): s
            for s in Sitzung.objects.filter(
                ist_budgetsitzung=True, datum__year__in=list(self.jahre)
            )
        }
        neu = []
        for i, (inhaber, gremium) in enumerate(self.gremium.items()):
            for jahr in self.jahre:
                for fruehjahr in (True, False):
                    if (gremium.pk, jahr, fruehjahr) in vorhanden:
                        continue
                    if fruehjahr:
                        datum = datetime.date(jahr, 4, 8 + i)
                    elif jahr == STICHTAG.year:
                        datum = datetime.date(jahr, 12, 1 + i)
                    else:
                        datum = datetime.date(jahr, 9, 8 + i)
                    s = Sitzung(
                        gremium=gremium,
                        datum=datum,
                        ort=f"Rathaus {inhaber.name}",
                        ist_budgetsitzung=True,
                        landkreis_vertreten=True,
                        angelegt_von=self.buero[inhaber],
                        angelegt_am=zeitpunkt(datum - datetime.timedelta(days=60), i),
                    )
                    neu.append(s)
                    vorhanden[(gremium.pk, jahr, fruehjahr)] = s
        Sitzung.objects.bulk_create(neu)
        return vorhanden

    def _budgets(self):
        """The budgets of both Budgetarten for every year and holder; those
        missing (not built by ledger.py) are created with one Zuweisung."""
        budgets = {}
        for b in Budget.objects.filter(
            budgetart__in=self.art.values(), haushaltsjahr__in=list(self.jahre)
        ):
            budgets[(b.budgetart_id, b.haushaltsjahr, b.sozialraum_id, b.region_id)] = b
        neu = []
        for ebene, inhaber_liste in [
            ("sozialraum", self.sozialraeume),
            ("region", self.regionen),
        ]:
            art = self.art[ebene]
            for jahr in self.jahre:
                for inhaber in inhaber_liste:
                    schluessel = self._schluessel(art, jahr, inhaber)
                    if schluessel not in budgets:
                        b = Budget(
                            budgetart=art, haushaltsjahr=jahr, **{ebene: inhaber}
                        )
                        budgets[schluessel] = b
                        neu.append(b)
        Budget.objects.bulk_create(neu)
        Buchung.objects.bulk_create(
            Buchung(
                budget=b,
                art=Buchungsart.ZUWEISUNG,
                betrag=ZUWEISUNG,
                buchungsdatum=datetime.date(b.haushaltsjahr, 1, 2),
                text="Zuweisung (Benchmark Anträge)",
            )
            for b in neu
        )
        return budgets

    @staticmethod
    def _schluessel(art, jahr, inhaber):
        if isinstance(inhaber, Sozialraum):
            return (art.pk, jahr, inhaber.pk, None)
        return (art.pk, jahr, None, inhaber.pk)

    def budget(self, art, jahr, inhaber):
        return self.budgets[self._schluessel(art, jahr, inhaber)]

    def position(self, sitzung):
        self.top_position[sitzung] = self.top_position.get(sitzung, 0) + 1
        return self.top_position[sitzung]


class Bau:
    """The rows to insert, collected per model."""

    def __init__(self):
        self.antraege = []
        self.anteile = []
        self.bindungen = []
        self.folgebuchungen = []
        self.statuswechsel = []
        self.tops = []
        self.beschluesse = []
        self.drittmittel = []
        self.themenfelder = []
        self.ziele = []


def antrag_bauen(welt, bau, rnd, *, jahr, inhaber, pfad, voll=False):
    """One application along `pfad`, cut where a step would lie after STICHTAG.

    `voll`: the fixed shape of the detail page's application (2 shares, 2
    Themenfelder, 2 Ziele, Drittmittel, all 8 steps and the consent)."""
    ebene = "sozialraum" if isinstance(inhaber, Sozialraum) else "region"
    art = welt.art[ebene]
    projekt = "Ferienprogramm" if voll else rnd.choice(PROJEKTE)
    zielgruppe = rnd.choice(ZIELGRUPPEN)
    beantragt = euro(rnd, 300, 9000)
    eigenanteil = (beantragt * rnd.choice([0, 0, 10, 20, 30]) / 100).quantize(NULL)
    antrag = Antrag(
        budgetart=art,
        haushaltsjahr=jahr,
        **{ebene: inhaber},
        antragsteller=f"{rnd.choice(TRAEGER)} {inhaber.name} e. V.",
        ansprechperson=f"Erika Muster{rnd.randint(1, 999)}",
        kontakt_email=f"kontakt{rnd.randint(1, 9999)}@example.org",
        kontakt_telefon=f"04131 {rnd.randint(10000, 99999)}",
        titel=f"{projekt} für {zielgruppe} in {inhaber.name}",
        zielgruppe=f"{zielgruppe} aus {inhaber.name} und Umgebung",
        ausgangslage=(
            f"In {inhaber.name} fehlen Angebote für {zielgruppe}. Die Nachfrage "
            "ist in den letzten Jahren deutlich gestiegen; bestehende Angebote "
            "sind ausgelastet oder schwer erreichbar."
        ),
        zielsetzung=(
            f"{zielgruppe} erhalten ein verlässliches, niedrigschwelliges "
            "Angebot vor Ort und knüpfen Kontakte in der Nachbarschaft."
        ),
        massnahme=(
            f"{projekt} mit wöchentlichen Terminen, begleitet von Fachkräften "
            "und Ehrenamtlichen; Öffentlichkeitsarbeit über Schulen und Kitas."
        ),
        beantragt=beantragt,
        eigenanteil=eigenanteil,
        erstellt_von=welt.buero[inhaber],
    )
    drittmittel = NULL
    if voll or rnd.random() < 0.15:
        drittmittel = euro(rnd, 500, 5000)
        bau.drittmittel.append(
            Drittmittel(
                antrag=antrag,
                quelle=rnd.choice(QUELLEN),
                betrag=drittmittel,
                stand=rnd.choice(
                    [Drittmittel.Stand.ZUGESAGT, Drittmittel.Stand.BEANTRAGT]
                ),
            )
        )
        antrag.als_eigenanteil = rnd.random() < 0.3
    antrag.gesamtkosten = beantragt + eigenanteil + drittmittel
    for t in rnd.sample(welt.themenfelder, 2 if voll else rnd.randint(1, 3)):
        bau.themenfelder.append(
            Antrag.themenfelder.through(antrag=antrag, themenfeld=t)
        )
    if ebene == "sozialraum":
        for z in rnd.sample(welt.ziele[inhaber], 2 if voll else rnd.randint(1, 2)):
            bau.ziele.append(Antrag.ziele.through(antrag=antrag, ziel=z))

    # Shares: the holder's own, and a partner's in one of five.
    gleiche = welt.sozialraeume if ebene == "sozialraum" else welt.regionen
    anteile = [(inhaber, beantragt)]
    partner = None
    if voll or rnd.random() < 0.2:
        if voll:
            partner = next(s for s in gleiche if s.kuerzel == ZIEL_PARTNER)
        else:
            partner = rnd.choice([x for x in gleiche if x != inhaber])
        teil = (beantragt * rnd.randint(20, 50) / 100).quantize(NULL)
        anteile = [(inhaber, beantragt - teil), (partner, teil)]
    anteile = [Anteil(antrag=antrag, **{ebene: i}, betrag=b) for i, b in anteile]
    for a in anteile:  # its budget, and the running figures of its Bindung
        a.budget = welt.budget(art, jahr, a.inhaber)
        a.offen = a.ausgezahlt = NULL
    bau.anteile += anteile

    # The timeline: before the Sitzung, the Sitzung, after it.
    gremium = welt.gremium[inhaber].pk
    s1 = welt.sitzungen[(gremium, jahr, True)]
    s2 = welt.sitzungen[(gremium, jahr, False)]
    if partner is not None:  # the partner's office consents before submission
        pfad = [A.ANLEGEN, A.ANTEIL_ZUSTIMMEN, *pfad[1:]]
    lauf = Lauf(welt, bau, rnd, antrag, anteile, pfad, voll)
    lauf.sitzung = s1 if "S1" in pfad else s2 if voll else rnd.choice([s1, s2])
    tag = lauf.sitzung.datum - datetime.timedelta(days=rnd.randint(70, 120))
    antrag.beginn = lauf.sitzung.datum + datetime.timedelta(days=rnd.randint(14, 45))
    antrag.ende = antrag.beginn + datetime.timedelta(days=rnd.randint(30, 240))
    status = ""
    schritte = 0
    for aktion in pfad:
        if aktion in ("S1", "S2"):
            lauf.sitzung = s1 if aktion == "S1" else s2
            continue
        naechster = lauf.naechster_tag(aktion, tag, status)
        assert naechster >= tag, (pfad, aktion)
        if naechster > STICHTAG:
            break
        tag = naechster
        nach = NACH.get(aktion, status)  # a payment keeps the state
        if aktion == A.AUSZAHLEN and status == Status.BEWILLIGT:
            nach = Status.IN_AUSZAHLUNG
        durch = welt.fd51 if aktion in FD51_AKTIONEN else welt.buero[inhaber]
        if aktion == A.ANTEIL_ZUSTIMMEN:
            durch = welt.buero[partner]
        bau.statuswechsel.append(
            Statuswechsel(
                antrag=antrag,
                aktion=aktion,
                von=status,
                nach=nach,
                durch=durch,
                erfasst_am=zeitpunkt(tag, schritte),
                wirksam_am=tag,
                **lauf.schritt(aktion, status, tag, durch),
            )
        )
        if aktion == A.ANLEGEN:
            antrag.erstellt_am = zeitpunkt(tag, 0)
        status = nach
        schritte += 1
    assert 3 <= schritte <= 8 + (partner is not None), (pfad, schritte)
    antrag.status = status
    antrag.version = schritte
    antrag.geaendert_am = zeitpunkt(tag, schritte)
    bau.antraege.append(antrag)
    return antrag


class Lauf:
    """One application on its way: the effects of each step as the services
    have them (agenda, decision, bookings)."""

    def __init__(self, welt, bau, rnd, antrag, anteile, pfad, voll):
        self.welt, self.bau, self.rnd = welt, bau, rnd
        self.antrag, self.anteile, self.pfad, self.voll = antrag, anteile, pfad, voll
        self.sitzung = None
        self.bewilligt = self.ausgezahlt = self.verwendet = NULL

    def naechster_tag(self, aktion, tag, status):
        """The day of the next step: before, at or after the Sitzung."""
        tage = datetime.timedelta
        rnd = self.rnd
        if aktion == A.ANLEGEN:
            return tag
        if aktion == A.ANTEIL_ZUSTIMMEN:
            return tag + tage(rnd.randint(0, 2))
        if aktion == A.AUF_TAGESORDNUNG:
            return max(tag + tage(1), self.sitzung.datum - tage(rnd.randint(7, 14)))
        if aktion in BESCHLUSS:
            return self.sitzung.datum
        if aktion == A.VETO:  # within the Vetofrist (28 days)
            return tag + tage(rnd.randint(3, 25))
        if aktion == A.NACHWEIS_EINREICHEN:
            return max(tag + tage(1), self.antrag.ende + tage(rnd.randint(10, 60)))
        if status == Status.BEWILLIGT:  # a payment or a withdrawal after approval
            return tag + tage(rnd.randint(20, 60))
        return tag + tage(rnd.randint(3, 12))

    def schritt(self, aktion, status, tag, durch):
        """Do the step's effects; returns what its history row records."""
        antrag, anteile = self.antrag, self.anteile
        if aktion == A.ANTEIL_ZUSTIMMEN:
            partner = anteile[1:]
            for a in partner:
                a.zugestimmt_von = durch
                a.zugestimmt_am = zeitpunkt(tag, 30)
            return {
                "betrag": sum((a.betrag for a in partner), NULL),
                "kommentar": "Zustimmung für "
                + ", ".join(str(a.inhaber) for a in partner),
            }
        if aktion == A.EINREICHEN:
            return {"betrag": antrag.beantragt}
        if aktion == A.RUECKFRAGE:
            return {"kommentar": "Bitte den Kostenplan erläutern."}
        if aktion == A.AUF_TAGESORDNUNG:
            self.bau.tops.append(
                Tagesordnungspunkt(
                    sitzung=self.sitzung,
                    antrag=antrag,
                    position=self.welt.position(self.sitzung),
                )
            )
            return {"sitzung": self.sitzung}
        if aktion in BESCHLUSS:
            return self.beschliessen(aktion, durch)
        if aktion in (A.VETO, A.ZURUECKZIEHEN):
            frei = sum((a.offen for a in anteile), NULL)
            if aktion == A.VETO:
                text = f"Veto FD 51: {antrag.titel}"
            else:
                text = "Antrag {nummer} zurückgezogen"
            for a in anteile:
                self.buchen(a, Buchungsart.AUFLOESUNG, a.offen, tag, durch, text)
            if aktion == A.VETO:
                return {"betrag": frei, "kommentar": "Keine Sozialraumorientierung."}
            return {"betrag": frei or None}
        if aktion == A.AUSZAHLEN:
            # After the proof: what was used. Before: all of it when the path
            # ends with the closing (the unused rest is paid back), else an
            # advance.
            if status == Status.NACHWEIS:
                betrag = self.verwendet
            else:
                ganz = A.ABSCHLIESSEN in self.pfad
                prozent = 100 if ganz else self.rnd.choice([50, 60])
                betrag = (self.bewilligt * prozent / 100).quantize(NULL)
            text = f"Auszahlung {antrag.titel}"
            for a, teil in verteilen(betrag, anteile, "offen"):
                self.buchen(a, Buchungsart.AUSZAHLUNG, teil, tag, durch, text)
            self.ausgezahlt += betrag
            return {"betrag": betrag}
        if aktion == A.NACHWEIS_EINREICHEN:
            prozent = 90 if self.voll else self.rnd.randint(80, 100)
            self.verwendet = (self.bewilligt * prozent / 100).quantize(NULL)
            return {"betrag": self.verwendet}
        if aktion == A.ABSCHLIESSEN:
            zurueck = self.ausgezahlt - self.verwendet
            assert zurueck >= 0, zurueck
            if zurueck > 0:
                text = "Rückforderung nach Verwendungsnachweis {nummer}"
                art = Buchungsart.RUECKFORDERUNG
                for a, teil in verteilen(zurueck, anteile, "ausgezahlt"):
                    self.buchen(a, art, teil, tag, durch, text)
            text = "Abschluss {nummer}: nicht verwendete Mittel"
            for a in anteile:
                self.buchen(a, Buchungsart.AUFLOESUNG, a.offen, tag, durch, text)
            return {"betrag": self.verwendet}
        return {}

    def beschliessen(self, aktion, durch):
        """The Beschluss; an approval binds each share's part in its budget."""
        rnd, antrag, datum = self.rnd, self.antrag, self.sitzung.datum
        ja, nein = rnd.randint(6, 12), rnd.randint(0, 3)
        betrag = None
        if aktion == A.ABLEHNEN:
            ja, nein = nein, ja
        if aktion == A.BEWILLIGEN:
            prozent = 100 if rnd.random() < 0.6 else rnd.randint(50, 95)
            betrag = (antrag.beantragt * prozent / 100).quantize(NULL)
            self.bewilligt = antrag.bewilligt = betrag
            for a, teil in verteilen(betrag, self.anteile, "betrag"):
                a.bewilligt = teil
                if teil > 0:
                    a.bindung = Buchung(
                        budget=a.budget,
                        art=Buchungsart.BINDUNG,
                        betrag=teil,
                        buchungsdatum=datum,
                        erfasst_von=durch,
                        erfasst_am=zeitpunkt(datum, 600),
                        text=f"Bewilligung {antrag.titel}"[:500],
                        referenz="{nummer}",  # numbers are given at the end
                    )
                    a.offen = teil
                    self.bau.bindungen.append(a.bindung)
        self.bau.beschluesse.append(
            Beschluss(
                sitzung=self.sitzung,
                antrag=antrag,
                ergebnis=BESCHLUSS[aktion],
                betrag=betrag,
                ja=ja,
                nein=nein,
                enthaltungen=rnd.randint(0, 2),
                erfasst_von=durch,
                erfasst_am=zeitpunkt(datum, 600),
            )
        )
        return {"sitzung": self.sitzung, "betrag": betrag}

    def buchen(self, anteil, art, betrag, tag, durch, text):
        """A booking on a share's Bindung; keeps the share's running figures."""
        if betrag <= 0:
            return
        self.bau.folgebuchungen.append(
            Buchung(
                budget=anteil.budget,
                art=art,
                betrag=betrag,
                buchungsdatum=tag,
                erfasst_von=durch,
                erfasst_am=zeitpunkt(tag, 30),
                text=text[:500],
                referenz="{nummer}",
                bindung=anteil.bindung,
            )
        )
        if art == Buchungsart.AUSZAHLUNG:
            anteil.offen -= betrag
            anteil.ausgezahlt += betrag
        elif art == Buchungsart.RUECKFORDERUNG:
            anteil.offen += betrag
            anteil.ausgezahlt -= betrag
        else:  # Auflösung
            anteil.offen -= betrag


def verteilen(betrag, anteile, figur):
    """(share, part): `betrag` split cent-exact by one of the shares' figures."""
    teile = aufteilen(betrag, [(i, getattr(a, figur)) for i, a in enumerate(anteile)])
    return [(a, teile[i]) for i, a in enumerate(anteile)]


def antraege_aufbauen(je_jahr):
    """Bulk-insert applications, `je_jahr[jahr]` of them in each year (bench
    data: not through the services)."""
    rnd = random.Random(SEED)  # noqa: S311 (bench data, not security)
    welt = Welt(list(je_jahr))
    bau = Bau()
    gewichte = [g for g, _ in PFADE]
    pfade = [p for _, p in PFADE]
    inhaber = welt.sozialraeume * 3 + welt.regionen  # Regionen: 1 in 11
    voll = next(s for s in welt.sozialraeume if s.kuerzel == ZIEL_SOZIALRAUM)
    # First (lowest pk): the application with the full history.
    antrag_bauen(welt, bau, rnd, jahr=ZIEL_JAHR, inhaber=voll, pfad=pfade[0], voll=True)
    for jahr, anzahl in je_jahr.items():
        for _ in range(anzahl - (jahr == ZIEL_JAHR)):
            antrag_bauen(
                welt,
                bau,
                rnd,
                jahr=jahr,
                inhaber=rnd.choice(inhaber),
                pfad=rnd.choices(pfade, gewichte)[0],
            )
    # Numbers in the order the applications were created, per year and holder.
    kreise = {}
    for a in sorted(bau.antraege, key=lambda a: a.erstellt_am):
        kreis = a.sozialraum.kuerzel if a.sozialraum else f"R{a.region.nummer}"
        n = kreise[(a.haushaltsjahr, kreis)] = (
            kreise.get((a.haushaltsjahr, kreis), 0) + 1
        )
        a.nummer = f"{a.haushaltsjahr}-{kreis}-{n:03d}"
    for a in bau.anteile:
        if a.bindung:
            a.bindung.nummer = a.antrag.nummer
    for b in bau.bindungen + bau.folgebuchungen:
        nummer = b.nummer if b.bindung is None else b.bindung.nummer
        b.referenz = b.referenz.replace("{nummer}", nummer)
        b.text = b.text.replace("{nummer}", nummer)
    vorhanden = set(Nummernkreis.objects.values_list("haushaltsjahr", "kreis"))
    assert not vorhanden & set(kreise), "Nummernkreise schon vergeben"
    Nummernkreis.objects.bulk_create(
        Nummernkreis(haushaltsjahr=j, kreis=k, letzte_nummer=n)
        for (j, k), n in kreise.items()
    )
    gross = {"batch_size": 5000}
    Antrag.objects.bulk_create(bau.antraege, **gross)
    Buchung.objects.bulk_create(bau.bindungen, **gross)
    Anteil.objects.bulk_create(bau.anteile, **gross)
    Buchung.objects.bulk_create(bau.folgebuchungen, **gross)
    Drittmittel.objects.bulk_create(bau.drittmittel, **gross)
    Antrag.themenfelder.through.objects.bulk_create(bau.themenfelder, **gross)
    Antrag.ziele.through.objects.bulk_create(bau.ziele, **gross)
    Tagesordnungspunkt.objects.bulk_create(bau.tops, **gross)
    Beschluss.objects.bulk_create(bau.beschluesse, **gross)
    Statuswechsel.objects.bulk_create(bau.statuswechsel, **gross)


def grundlagen():
    """Migrate and load the Grunddaten (as ledger.py does)."""
    datenbank_pruefen()
    call_command("migrate", verbosity=0)
    call_command("grunddaten", verbosity=0, stdout=io.StringIO())


def antraege_bereitstellen(je_jahr, ledger_jahre=None):
    """Build the applications once (first the ledger of bench/ledger.py over
    `ledger_jahre`, when given and missing); returns the seconds it took (or
    None)."""
    anzahl = sum(je_jahr.values())
    vorhanden = Antrag.objects.count()
    if vorhanden:
        if vorhanden != anzahl:
            sys.exit(
                f"{connection.settings_dict['NAME']}: {vorhanden} Anträge statt "
                f"{anzahl} (eine ältere Form der Bench-Datenbank): bitte löschen."
            )
        return None
    start = time.perf_counter()
    with transaction.atomic():
        if ledger_jahre:
            import ledger  # bench/ledger.py

            ledger.ledger_aufbauen(ledger_jahre)
        antraege_aufbauen(je_jahr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # as autovacuum would after a load: the statistics, and the
            # visibility map that lets PostgreSQL count from an index alone
            # (the development server runs without autovacuum)
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - start


# --- Measuring --------------------------------------------------------------------


def seiten():
    """(key, role, label, url, expected status) of every page measured."""
    voll = Antrag.objects.order_by("pk").first()
    sr = voll.sozialraum
    filter_ = f"jahr={voll.haushaltsjahr}&status={voll.status}&q=ferienprogramm"
    detail = voll.get_absolute_url()
    admin = "/admin/antraege/antrag/"
    zeilen = []
    for rolle in ("fd51", "leitung"):
        zeilen += [
            (
                f"{rolle}:boden",
                rolle,
                "Boden: /budgets/ (Weiterleitung)",
                "/budgets/",
                302,
            ),
            (f"{rolle}:liste", rolle, "Liste, Seite 1", "/antraege/", 200),
            (
                f"{rolle}:filter",
                rolle,
                f"Liste: {voll.haushaltsjahr}, {voll.get_status_display()}, Suche",
                f"/antraege/?{filter_}",
                200,
            ),
            (
                f"{rolle}:sozialraum",
                rolle,
                f"Liste: Sozialraum {sr.name}",
                f"/antraege/?sozialraum={sr.pk}",
                200,
            ),
            (
                f"{rolle}:detail",
                rolle,
                f"Antrag {voll.nummer} (9 Schritte, 2 Anteile)",
                detail,
                200,
            ),
        ]
    zeilen.insert(
        5,
        (
            "fd51:arbeitsliste",
            "fd51",
            "Arbeitsliste (je Teil Anzahl und die ältesten 50)",
            "/antraege/arbeitsliste/",
            200,
        ),
    )
    zeilen += [
        ("admin:boden", "admin", "Boden: /budgets/ (Weiterleitung)", "/budgets/", 302),
        ("admin:liste", "admin", "Admin-Änderungsliste", admin, 200),
        (
            "admin:filter",
            "admin",
            f"Admin: Jahr {voll.haushaltsjahr}, {voll.get_status_display()}",
            f"{admin}?haushaltsjahr={voll.haushaltsjahr}&status__exact={voll.status}",
            200,
        ),
        (
            "admin:suche",
            "admin",
            "Admin: Suche „ferienprogramm“",
            f"{admin}?q=ferienprogramm",
            200,
        ),
        (
            "admin:detail",
            "admin",
            f"Admin: Antrag {voll.nummer}",
            f"{admin}{voll.pk}/change/",
            200,
        ),
    ]
    return zeilen


def clients():
    voll = Antrag.objects.order_by("pk").first()
    benutzer = {
        "fd51": User.objects.get(email="bench@example.org"),
        "leitung": User.objects.get(
            email=f"bench-leitung-{voll.sozialraum.kuerzel.lower()}@example.org"
        ),
        "admin": User.objects.get(email="bench-admin@example.org"),
    }
    ergebnis = {}
    for rolle, user in benutzer.items():
        client = Client()
        client.force_login(user)
        ergebnis[rolle] = client
    return ergebnis


def abfragen(client, url, status):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as erfasst:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(erfasst)


def messen(client, url, status):
    client.get(url)  # warm-up
    zeiten = []
    for _ in range(LAEUFE):
        start = time.perf_counter()
        response = client.get(url)
        zeiten.append(time.perf_counter() - start)
        assert response.status_code == status, (url, response.status_code)
    return statistics.median(zeiten), abfragen(client, url, status)


def klein_messen():
    """The query counts on the small database, from a child process."""
    url = klein_url(os.environ["DATABASE_URL"])
    if connection.vendor == "postgresql":
        name = url.rpartition("/")[2].partition("?")[0]
        assert re.fullmatch(r"[a-z0-9_]+", name), name
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    return im_kindprozess(__file__, url)


def datenbank_pruefen():
    name = str(connection.settings_dict["NAME"])
    if name == "sozialraum_budget" or Path(name).name == "db.sqlite3":
        sys.exit(f"Nicht in {name}: die Benchmarks brauchen eine eigene Datenbank.")


def main_klein():
    grundlagen()
    dauer = antraege_bereitstellen(JE_JAHR_KLEIN, LEDGER_JAHRE_KLEIN)
    c = clients()
    zahlen = {key: abfragen(c[rolle], url, st) for key, rolle, _, url, st in seiten()}
    zahlen["_aufbau"] = dauer
    print(json.dumps(zahlen))


def main():
    grundlagen()
    if not Buchung.objects.filter(text="Zuweisung (Benchmark)").exists():
        import ledger  # bench/ledger.py: the large ledger the Anträge are bound in

        print("Baue das Hauptbuch auf (bench/ledger.py) …", flush=True)
        start = time.perf_counter()
        with transaction.atomic():
            ledger.ledger_aufbauen()
        print(f"  fertig in {time.perf_counter() - start:.1f} s")
    if not Antrag.objects.exists():
        print(f"Baue {ANZAHL} Anträge auf …", flush=True)
    dauer = antraege_bereitstellen(JE_JAHR_GROSS)
    if dauer is not None:
        print(f"  fertig in {dauer:.1f} s")
    klein = klein_messen()
    if klein["_aufbau"] is not None:
        dauer = klein["_aufbau"]
        print(f"  ({ANZAHL_KLEIN} Anträge der kleinen Datenbank: {dauer:.1f} s)")

    print(
        f"Datenbank: {connection.vendor}; {Antrag.objects.count()} Anträge "
        f"{min(JAHRE)}–{max(JAHRE)}, {Statuswechsel.objects.count()} Statuswechsel, "
        f"{Anteil.objects.count()} Anteile, {Beschluss.objects.count()} Beschlüsse, "
        f"{Buchung.objects.count()} Buchungen; Median aus {LAEUFE} Läufen; "
        f"Abfragen bei {ANZAHL} und bei {ANZAHL_KLEIN} Anträgen"
    )
    c = clients()
    voll = Antrag.objects.order_by("pk").first()
    rollen = {
        "fd51": "Fachdienst 51",
        "leitung": f"Sozialraumleitung {voll.sozialraum}",
        "admin": "Administrator (Django-Admin)",
    }
    print(
        f"{'Seite':<46}{'Median':>11}{'× Boden':>9}"
        f"{'Abfragen':>10}{f'bei {ANZAHL_KLEIN}':>9}"
    )
    wachsen = []
    boden = None
    rolle_vorher = None
    for key, rolle, name, url, status in seiten():
        if rolle != rolle_vorher:
            print(rollen[rolle])
            rolle_vorher = rolle
        median, anzahl = messen(c[rolle], url, status)
        if key.endswith(":boden"):
            boden = median
        zeichen = "" if anzahl == klein[key] else "  ← wächst"
        if zeichen:
            wachsen.append(name)
        print(
            f"  {name:<44}{median * 1000:>8.1f} ms{median / boden:>9.1f}"
            f"{anzahl:>10}{klein[key]:>9}{zeichen}"
        )
    if wachsen:
        print(f"Abfragezahl wächst mit den Daten: {', '.join(wachsen)}")
        sys.exit(1)
    print(f"Abfragezahlen: gleich bei {ANZAHL_KLEIN} und {ANZAHL} Anträgen.")


if __name__ == "__main__":
    if "--klein" in sys.argv:
        main_klein()
    else:
        main()
