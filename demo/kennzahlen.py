"""Demo Kennzahlen for 2013 and the running year, and Zielvereinbarungen for
the running year, booked through the services.

Plausible (Vorlage 2017/208): about 1.000–1.200 new cases a year and about
10.000 Beratungstermine over the ten Büros; the smallest Büro (Amt Neuhaus)
has a Kategorie below 5 now and then, so that "< 5" shows. 2013 is checked and
locked, with one correction; in the running year every quarter that has ended
is reported, all but the last locked. Idempotent: a quarter or a year that has
its report or agreement is skipped.
"""

import datetime
import random

from django.utils import timezone

from antraege.models import Themenfeld
from kennzahlen import services
from kennzahlen.models import (
    Kategorie,
    Quartalsmeldung,
    Zielvereinbarung,
    stichtag,
)
from konten.models import User
from sozialraum.models import Sozialraum, Ziel

from .stammdaten import leitung_email

# Share of the Landkreis' work per Büro (larger Samtgemeinden do more).
GEWICHT = {
    "NEU": 0.5,
    "BLE": 0.9,
    "DAH": 0.8,
    "OST": 1.0,
    "SCH": 1.1,
    "BAR": 1.3,
    "ADE": 1.1,
    "GEL": 1.1,
    "ILM": 1.0,
    "AME": 0.8,
}
# Kategorien a Büro counts by (by index into the active list).
KATEGORIEN_JE_BUERO = 3


def _kategorien(sozialraum, zufall):
    alle = list(Kategorie.objects.filter(aktiv=True).order_by("art", "reihenfolge"))
    return zufall.sample(alle, min(KATEGORIEN_JE_BUERO, len(alle)))


def _zahlen(gewicht, zufall, laufend_vorher):
    neu = max(1, round(zufall.gauss(27.5, 3) * gewicht))
    abgeschlossen = min(
        laufend_vorher + neu, max(0, round(zufall.gauss(26, 3) * gewicht))
    )
    return {
        "faelle_neu": neu,
        "faelle_abgeschlossen": abgeschlossen,
        "faelle_laufend": laufend_vorher + neu - abgeschlossen,
        "beratungstermine": max(0, round(zufall.gauss(250, 20) * gewicht)),
    }


def kennzahlen_anlegen(jahr, *, durch):
    """Reports of every Büro for the quarters of `jahr` that have ended.
    Returns the number of new reports."""
    heute = timezone.localdate()
    neu_angelegt = 0
    for s in Sozialraum.objects.filter(buero__isnull=False).order_by("kuerzel"):
        leitung = User.objects.filter(email=leitung_email(s)).first()
        if leitung is None:
            continue
        zufall = random.Random(f"{s.kuerzel}-{jahr}")  # noqa: S311 (demo figures)
        gewicht = GEWICHT.get(s.kuerzel, 1.0)
        kategorien = _kategorien(s, zufall)
        laufend = round(55 * gewicht)
        quartale = [q for q in (1, 2, 3, 4) if stichtag(jahr, q) < heute]
        for q in quartale:
            zahlen = _zahlen(gewicht, zufall, laufend)
            laufend = zahlen["faelle_laufend"]
            if Quartalsmeldung.objects.filter(
                sozialraum=s, jahr=jahr, quartal=q
            ).exists():
                continue
            anteile = {
                k: min(
                    zahlen["faelle_neu"],
                    round(zahlen["faelle_neu"] * zufall.uniform(0.08, 0.4)),
                )
                for k in kategorien
            }
            m = services.meldung_abgeben(
                sozialraum=s,
                jahr=jahr,
                quartal=q,
                zahlen=zahlen,
                kategorien=anteile,
                durch=leitung,
            )
            neu_angelegt += 1
            if jahr < heute.year or q != quartale[-1]:
                m = services.meldung_sperren(meldung=m, durch=durch)
            if jahr < heute.year and s.kuerzel == "BAR" and q == 2:
                services.meldung_korrigieren(
                    meldung=m,
                    zahlen={
                        **zahlen,
                        "beratungstermine": zahlen["beratungstermine"] + 12,
                    },
                    kategorien=anteile,
                    begruendung="Nachgemeldete Termine der Außensprechstunde (Demo).",
                    durch=durch,
                )
    return neu_angelegt


def zielvereinbarungen_anlegen(jahr, *, durch):
    """An agreed Zielvereinbarung per Büro for `jahr` (agreed in January)."""
    heute = timezone.localdate()
    vereinbart_am = min(datetime.date(jahr, 1, 20), heute)
    themen = {t.name: t for t in Themenfeld.objects.all()}
    neu_angelegt = 0
    for s in Sozialraum.objects.filter(buero__isnull=False).order_by("kuerzel"):
        if Zielvereinbarung.objects.filter(sozialraum=s, jahr=jahr).exists():
            continue
        gewicht = GEWICHT.get(s.kuerzel, 1.0)
        zv = services.zielvereinbarung_entwerfen(sozialraum=s, jahr=jahr, durch=durch)
        ziele = list(
            Ziel.objects.filter(konzept__sozialraum=s, konzept__status="beschlossen")
            .select_related("konzept__sozialraum")
            .order_by("nummer")[:1]
        )
        services.zielvorgabe_hinzufuegen(
            zielvereinbarung=zv,
            art="kennzahl",
            titel="Familien früh erreichen",
            kennzahl="faelle_neu",
            zielwert=round(110 * gewicht),
            ziele=ziele,
            themenfelder=[
                t for n, t in themen.items() if n == "Kinder- und Jugendhilfe"
            ],
            durch=durch,
        )
        services.zielvorgabe_hinzufuegen(
            zielvereinbarung=zv,
            art="kennzahl",
            titel="Beratung im Ort halten",
            kennzahl="beratungstermine",
            zielwert=round(1000 * gewicht),
            themenfelder=[
                t for n, t in themen.items() if n == "allgemeine Sozialberatung"
            ],
            durch=durch,
        )
        services.zielvorgabe_hinzufuegen(
            zielvereinbarung=zv,
            art="qualitativ",
            titel="Offener Treff gegen Einsamkeit im Alter",
            beschreibung="Mit der Gemeinde ein wöchentliches Angebot aufbauen (Demo).",
            themenfelder=[
                t
                for n, t in themen.items()
                if n in ("Einsamkeitsvorsorge", "ReKaP / Seniorenunterstützung")
            ],
            durch=durch,
        )
        services.zielvereinbarung_vereinbaren(
            zielvereinbarung=zv, vereinbart_am=vereinbart_am, durch=durch
        )
        neu_angelegt += 1
    return neu_angelegt
