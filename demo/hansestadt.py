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
import json
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from budgets import services as budgets
from budgets.models import Budget, Budgetart
from konten.models import Rolle
from konten.services import RollenAngabe
from sozialraum.models import Sozialraum, Sozialraumbuero, Traeger, Ziel
from sozialraum.services import konzept_beschliessen, konzept_neue_version

from .stammdaten import DEMO_DOMAIN, DEMO_MARKE, DEMO_PASSWORT, _konto

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


def kuerzel_der_datei():
    """The Kürzel of the spaces the installation's Grunddaten file lists."""
    daten = json.loads(settings.GRUNDDATEN.read_text(encoding="utf-8-sig"))
    raeume = list(daten.get("sozialraeume") or [])
    for region in daten.get("regionen") or []:
        raeume += region.get("sozialraeume") or []
    return {r.get("kuerzel") for r in raeume if isinstance(r, dict)}


def leitung_email(stadtteil):
    return f"leitung.{slugify(stadtteil.name)}{DEMO_DOMAIN}"


def organisation_anlegen():
    heute = timezone.localdate()
    for stadtteil in Sozialraum.objects.all():
        traeger, _ = Traeger.objects.get_or_create(
            name=f"Träger Stadtteilhaus {stadtteil.name} {DEMO_MARKE}",
            defaults={
                "anschrift": f"Am Stadtteilhaus 1\n21335 Lüneburg-{stadtteil.name}"
            },
        )
        Sozialraumbuero.objects.get_or_create(
            sozialraum=stadtteil,
            defaults={
                "traeger": traeger,
                "strasse": "Am Stadtteilhaus 1",
                "plz": "21335",
                "ort": "Lüneburg",
                "ansprechperson": f"Leitung {stadtteil.name} {DEMO_MARKE}",
                "telefon": "04131 000000",
                "email": f"haus.{stadtteil.kuerzel.lower()}@demo.invalid",
            },
        )
        if stadtteil.konzepte.exists():
            continue
        konzept = konzept_neue_version(sozialraum=stadtteil)
        konzept.zielgruppen = (
            f"Familien, Seniorinnen und Senioren, Zugewanderte in {stadtteil.name} "
            f"{DEMO_MARKE}"
        )
        konzept.problemlagen = f"Wenig Begegnungsorte, Einsamkeit im Alter {DEMO_MARKE}"
        konzept.save(update_fields=["zielgruppen", "problemlagen"])
        for nummer, (titel, text) in enumerate(ZIELE, start=1):
            Ziel.objects.create(
                konzept=konzept, nummer=nummer, titel=titel, beschreibung=text
            )
        konzept_beschliessen(
            konzept=konzept, beschlossen_am=datetime.date(heute.year - 1, 11, 5)
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
    passwort = make_password(DEMO_PASSWORT)
    zeilen = []
    for email, vorname, nachname, rollen in demo_benutzer():
        _konto(email, vorname, nachname, rollen, passwort)
        rolle = rollen[0].rolle
        zeilen.append((namen.get(rolle, str(rolle.label)), email))
    for stadtteil in Sozialraum.objects.exclude(kuerzel=LEITUNG).order_by("name"):
        _konto(
            leitung_email(stadtteil),
            "Ole",
            f"Leitung {stadtteil.name} {DEMO_MARKE}",
            [RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=stadtteil)],
            passwort,
        )
    return zeilen


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
