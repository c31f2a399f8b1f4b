"""The demo of the Hansestadt Lüneburg (GRUNDDATEN=hansestadt): Stadtteile
without Regionen, so no Geschäftsstelle, no regional budgets and no Hilfen.

What it builds: per Stadtteil a Träger, a Stadtteilhaus and a Konzept (agreed,
with three Ziele), the logins (Bereich 51, the Stadtteilhausleitungen, the
Ausschuss, an administrator) and this year's allocations of the three
Budgetarten of its Grunddaten file, split equally; the command adds the
Büros' Kennzahlen (demo/kennzahlen.py, generic). Its texts name only the
Hansestadt's words. Idempotent like the Landkreis demo (demo/stammdaten.py),
whose helpers it shares.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from antraege.benachrichtigung import ohne_benachrichtigung
from antraege.models import Antrag, Sitzung, Themenfeld
from antraege.services import Inhalt, antrag_anlegen, antrag_uebergang, sitzung_anlegen
from antraege.workflow import Aktion
from budgets import services as budgets
from budgets.models import Buchung, Buchungsart, Budget, Budgetart
from konten.models import Rolle, User
from konten.services import RollenAngabe
from sozialraum.models import Sozialraum, Ziel

from . import kennzahlen as kennzahlen_wie_im_landkreis
from . import vertraege as vertraege_wie_im_landkreis
from .stammdaten import DEMO_MARKE, leitung_email, raum_anlegen
from .stammdaten import konten_anlegen as konten_anlegen_wie_im_landkreis

LEITUNG = "KAL"  # the lead whose login is printed: Kaltenmoor
LEITUNG_NAME = "Kaltenmoor"
ZIELE = [
    ("Nachbarschaft stärken", "Begegnung im Stadtteilhaus für alle Generationen."),
    ("Ankommen begleiten", "Beratung und Sprachcafé für Zugewanderte."),
    ("Älter werden im Quartier", "Seniorenberatung vor Ort, Besuchsdienst."),
]
# This year's totals per Budgetart (invented, marked Demo).
SUMMEN = {
    "projektmittel": Decimal("70000.00"),
    "gebunden": Decimal("140000.00"),
    "foerdermittel": Decimal("35000.00"),
}


def ist_hansestadt():
    """Whether the installation's Grunddaten file has no group level: then
    this demo runs, not the Landkreis one."""
    from config.begriffe import begriffe

    return not begriffe().mit_gruppen


def organisation_anlegen():
    heute = timezone.localdate()
    for stadtteil in Sozialraum.objects.all():
        raum_anlegen(
            stadtteil,
            traeger=f"Träger Stadtteilhaus {stadtteil.name} {DEMO_MARKE}",
            anschrift=("Am Stadtteilhaus 1", "21335", f"Lüneburg-{stadtteil.name}"),
            buero=("Am Stadtteilhaus 1", "21335", "Lüneburg", "haus"),
            zielgruppen="Familien, Seniorinnen und Senioren, Zugewanderte in "
            f"{stadtteil.name} {DEMO_MARKE}",
            problemlagen=f"Wenig Begegnungsorte, Einsamkeit im Alter {DEMO_MARKE}",
            ziele=ZIELE,
            beschlossen_am=datetime.date(heute.year - 1, 11, 5),
        )


def demo_benutzer():
    kaltenmoor = Sozialraum.objects.get(kuerzel=LEITUNG)
    return [
        (
            "bereich51@demo.invalid",
            "Frieda",
            "Bereich 51 (Demo)",
            [RollenAngabe(Rolle.FACHDIENST_51)],
        ),
        (
            leitung_email(kaltenmoor),
            "Lea",
            f"Leitung {kaltenmoor.name} (Demo)",
            [RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=kaltenmoor)],
        ),
        (
            "ausschuss@demo.invalid",
            "Jana",
            "Ausschuss (Demo)",
            [RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)],
        ),
        (
            "admin@demo.invalid",
            "Adam",
            "Administrator (Demo)",
            [RollenAngabe(Rolle.ADMINISTRATOR)],
        ),
    ]


def konten_anlegen():
    """The logins; returns (role, email) of those to print."""
    from config.begriffe import begriffe

    wort = begriffe()
    # the roles in the authority's words (the labels are the Landkreis' still)
    namen = {
        Rolle.FACHDIENST_51: wort.pruefstelle,
        Rolle.SOZIALRAUMLEITUNG: f"{wort.leitung} ({LEITUNG_NAME})",
        Rolle.JUGENDHILFEAUSSCHUSS: wort.ausschuss,
    }
    weitere = [
        (
            leitung_email(stadtteil),
            "Ole",
            f"Leitung {stadtteil.name} {DEMO_MARKE}",
            [RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=stadtteil)],
        )
        for stadtteil in Sozialraum.objects.exclude(kuerzel=LEITUNG).order_by("name")
    ]
    return konten_anlegen_wie_im_landkreis(demo_benutzer(), weitere, namen.get)


def budgets_anlegen(durch):
    """This year's allocations, equal per Stadtteil; skips a kind that has
    budgets this year already."""
    jahr = timezone.localdate().year
    neu = 0
    for code, summe in SUMMEN.items():
        budgetart = Budgetart.objects.filter(code=code).first()
        if (
            budgetart is None
            or Budget.objects.filter(budgetart=budgetart, haushaltsjahr=jahr).exists()
        ):
            continue
        budgets.zuweisen(
            budgetart=budgetart,
            haushaltsjahr=jahr,
            gesamtbetrag=summe,
            buchungsdatum=datetime.date(jahr, 1, 2),
            text=f"{budgetart.name} {jahr} {DEMO_MARKE}",
            durch=durch,
        )
        neu += 1
    return neu


# --- Applications and Sitzungen ---------------------------------------------------
#
# A few of this year's applications for the Stadtteil-Projektmittel in every
# typical state, decided by the Stadtteilrunden; invented, marked (Demo).
# (Stadtteil, Projekt, Antragsteller, beantragt, Eigenanteil, path)
ANTRAEGE = [
    (
        "KAL",
        "Sprachcafé im Stadtteilhaus",
        "Nachbarschaftsverein",
        2400,
        600,
        "ausgezahlt",
    ),
    ("KAL", "Besuchsdienst für Ältere", "Seniorenbeirat", 1800, 300, "bewilligt"),
    ("KAL", "Hausaufgabenhilfe", "Elterninitiative", 3000, 500, "zur_beratung"),
    ("KAL", "Stadtteilfest", "Kulturverein", 1200, 400, "eingereicht"),
    ("KAL", "Nähwerkstatt für Frauen", "Frauentreff", 900, 100, "entwurf"),
    ("WES", "Offener Mittagstisch", "Kirchengemeinde", 2000, 800, "bewilligt"),
    ("WES", "Fahrradwerkstatt", "Jugendtreff", 1500, 200, "abgelehnt"),
    ("ZEL", "Gesundheitslotsen", "Gesundheitsverein", 2200, 500, "geprueft"),
]
# the first Sitzung decided six weeks ago (kept inside this year), the next
# one is in three weeks
VORIGE_SITZUNG_VOR = datetime.timedelta(weeks=6)
NAECHSTE_SITZUNG_IN = datetime.timedelta(weeks=3)


def _sitzung(stadtteil, datum, buero):

    gremium = stadtteil.sozialkonferenz
    vorhanden = Sitzung.objects.filter(gremium=gremium, datum=datum).first()
    return vorhanden or sitzung_anlegen(
        gremium=gremium,
        datum=datum,
        durch=buero,
        ort=f"Stadtteilhaus {stadtteil.name}",
        landkreis_vertreten=True,  # Bereich 51 present, as the Landkreis is
    )


def _inhalt(stadtteil, titel, antragsteller, beantragt, eigenanteil, jahr):

    heute = timezone.localdate()
    return Inhalt(
        antragsteller=f"{antragsteller} {stadtteil.name} {DEMO_MARKE}",
        titel=titel,
        ansprechperson=f"Kontaktperson {stadtteil.name} {DEMO_MARKE}",
        kontakt_email=f"kontakt.{stadtteil.kuerzel.lower()}@demo.invalid",
        zielgruppe="Menschen im Stadtteil",
        beginn=min(heute + datetime.timedelta(days=30), datetime.date(jahr, 12, 1)),
        ende=datetime.date(jahr, 12, 31),
        ausgangslage=f"In {stadtteil.name} fehlt ein solches Angebot.",
        zielsetzung="Nachbarinnen und Nachbarn kommen zusammen.",
        massnahme=f"{titel} im Stadtteilhaus, wöchentlich.",
        gesamtkosten=Decimal(beantragt + eigenanteil),
        beantragt=Decimal(beantragt),
        eigenanteil=Decimal(eigenanteil),
        themenfelder=tuple(Themenfeld.objects.order_by("name")[:1]),
        ziele=tuple(
            Ziel.objects.filter(
                konzept__sozialraum=stadtteil, konzept__status="beschlossen"
            ).order_by("nummer")[:1]
        ),
    )


def antraege_anlegen(*, pruefstelle):
    """The applications of ANTRAEGE taken along their paths by the services,
    with the Sitzungen that decide them; skipped when they exist. Returns the
    number of new applications."""

    if Antrag.objects.filter(antragsteller__endswith=DEMO_MARKE).exists():
        return 0
    heute = timezone.localdate()
    jahr = heute.year
    vorige = max(heute - VORIGE_SITZUNG_VOR, datetime.date(jahr, 1, 2))
    naechste = heute + NAECHSTE_SITZUNG_IN
    projektmittel = Budgetart.objects.get(code="projektmittel")
    neu = 0
    with ohne_benachrichtigung():
        for kuerzel, titel, wer, beantragt, eigen, pfad in ANTRAEGE:
            stadtteil = Sozialraum.objects.get(kuerzel=kuerzel)
            buero = User.objects.get(email=leitung_email(stadtteil))
            antrag = antrag_anlegen(
                budgetart=projektmittel,
                haushaltsjahr=jahr,
                inhaber=stadtteil,
                inhalt=_inhalt(stadtteil, titel, wer, beantragt, eigen, jahr),
                durch=buero,
                datum=min(vorige, heute) - datetime.timedelta(weeks=3),
            )
            neu += 1

            def schritt(aktion, durch, datum, antrag=antrag, **mehr):
                antrag_uebergang(
                    antrag=antrag, aktion=aktion, durch=durch, datum=datum, **mehr
                )

            if pfad == "entwurf":
                continue
            entschieden = pfad in ("bewilligt", "ausgezahlt", "abgelehnt")
            # submitted, checked three days later, on the agenda the next day
            eingang = vorige if entschieden else heute
            eingang -= datetime.timedelta(days=14)
            tag = datetime.timedelta(days=1)
            schritt(Aktion.EINREICHEN, buero, eingang)
            if pfad == "eingereicht":
                continue
            schritt(Aktion.PRUEFEN, pruefstelle, eingang + 3 * tag)
            if pfad == "geprueft":
                continue
            sitzung = _sitzung(stadtteil, vorige if entschieden else naechste, buero)
            schritt(Aktion.AUF_TAGESORDNUNG, buero, eingang + 4 * tag, sitzung=sitzung)
            if pfad == "zur_beratung":
                continue
            if pfad == "abgelehnt":
                schritt(Aktion.ABLEHNEN, buero, vorige, sitzung=sitzung)
                continue
            schritt(
                Aktion.BEWILLIGEN,
                buero,
                vorige,
                sitzung=sitzung,
                betrag=Decimal(beantragt),
            )
            if pfad == "ausgezahlt":
                schritt(
                    Aktion.AUSZAHLEN,
                    pruefstelle,
                    min(vorige + datetime.timedelta(weeks=3), heute),
                    betrag=Decimal(beantragt) / 2,
                )
    return neu


# --- Contracts and Zielvereinbarungen -------------------------------------------


def vertraege_anlegen(*, pruefstelle):
    """A contract per Stadtteilhaus from 1 January over the gebundenes Budget
    of this year (its equal share, split 78/12/10 like the Landkreis demo's),
    the Abschläge due by today; each step skips what exists."""

    jahr = timezone.localdate().year
    zugewiesen = (
        Buchung.objects.filter(
            art=Buchungsart.ZUWEISUNG,
            budget__budgetart__code="gebunden",
            budget__haushaltsjahr=jahr,
            budget__sozialraum__isnull=False,
        )
        .values_list("budget__sozialraum__kuerzel")
        .annotate(summe=Sum("betrag"))
    )
    betraege = {
        kuerzel: budgets.aufteilen(summe, vertraege_wie_im_landkreis.ANTEILE)
        for kuerzel, summe in zugewiesen
    }
    if not betraege:
        return []
    return vertraege_wie_im_landkreis.vertraege_anlegen(
        jahr, durch=pruefstelle, betraege=betraege
    )


def zielvereinbarungen_anlegen(*, pruefstelle):
    """An agreed Zielvereinbarung per Stadtteilhaus for this year (generic)."""

    return kennzahlen_wie_im_landkreis.zielvereinbarungen_anlegen(
        timezone.localdate().year, durch=pruefstelle
    )
