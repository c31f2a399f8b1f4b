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

from django.utils import timezone

from budgets import services as budgets
from budgets.models import Budget, Budgetart
from konten.models import Rolle
from konten.services import RollenAngabe
from sozialraum.models import Sozialraum

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
