"""Demo content of this app: Träger, Büros, Konzepte and the demo logins.

`manage.py demo` (in antraege, the top app, because it also creates budgets and
applications) calls these functions. Never in production; everything is marked.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from konten.models import Rolle, User
from konten.services import RollenAngabe, benutzer_anlegen
from regionen.models import Region
from sozialraum.models import Sozialraum, Sozialraumbuero, Traeger, Ziel
from sozialraum.services import konzept_beschliessen, konzept_neue_version

DEMO_PASSWORT = "Demo-Lueneburg-2013"  # noqa: S105 (printed on purpose, demo only)
DEMO_MARKE = "(Demo)"
DEMO_DOMAIN = "@demo.invalid"

# Five Sozialräume had an agreed Konzept by January 2013 (Vorlage 2012/100); by
# September 2013 all but Ilmenau and Bardowick had bound money, which needs an
# agreed Konzept, so three more follow in 2013. Ilmenau and Bardowick keep
# their drafts. The dates are invented.
KONZEPT_BESCHLOSSEN = {
    "ADE": datetime.date(2012, 6, 12),
    "DAH": datetime.date(2012, 6, 26),
    "SCH": datetime.date(2012, 8, 28),
    "OST": datetime.date(2012, 9, 11),
    "AME": datetime.date(2012, 10, 16),
    "GEL": datetime.date(2013, 3, 19),
    "BLE": datetime.date(2013, 4, 16),
    "NEU": datetime.date(2013, 5, 14),
}
DEMO_ZIELE = [
    ("Familien früh erreichen", "Niedrigschwellige Angebote für junge Familien."),
    ("Übergang Kita–Schule begleiten", "Kooperation von Kitas und Grundschulen."),
    ("Jugendliche beteiligen", "Jugendliche planen Angebote im Ort mit."),
]
VORNAMEN = ["Nina", "Ole", "Bea", "Timo", "Svenja", "Malte", "Insa", "Jonas", "Rieke"]


def echte_konten():
    """Accounts outside the demo domain: their presence means a real installation."""
    return User.objects.exclude(email__endswith=DEMO_DOMAIN)


def leitung_email(sozialraum):
    return f"leitung.{slugify(sozialraum.name)}{DEMO_DOMAIN}"


def demo_benutzer():
    """(email, first name, last name, roles) of the demo logins, one per role."""
    adendorf = Sozialraum.objects.get(kuerzel="ADE")
    region_2 = Region.objects.get(nummer=2)
    return [
        (
            "fd51@demo.invalid",
            "Frieda",
            "Fachdienst (Demo)",
            [RollenAngabe(Rolle.FACHDIENST_51)],
        ),
        (
            leitung_email(adendorf),
            "Lea",
            "Leitung Adendorf (Demo)",
            [RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=adendorf)],
        ),
        (
            "geschaeftsstelle.region2@demo.invalid",
            "Gero",
            "Geschäftsstelle (Demo)",
            [RollenAngabe(Rolle.GESCHAEFTSSTELLE_RG, region=region_2)],
        ),
        (
            "jha@demo.invalid",
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


def weitere_leitungen():
    """The other Sozialräume' leads: the demo applications need their offices.
    Not printed (the list of logins stays short); same password."""
    sozialraeume = Sozialraum.objects.exclude(kuerzel="ADE").order_by(
        "region__nummer", "name"
    )
    return [
        (
            leitung_email(sozialraum),
            VORNAMEN[i % len(VORNAMEN)],
            f"Leitung {sozialraum.name} {DEMO_MARKE}",
            [RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=sozialraum)],
        )
        for i, sozialraum in enumerate(sozialraeume)
    ]


def organisation_anlegen():
    """Träger, Büro and a Konzept (agreed or draft) per Sozialraum; idempotent."""
    for sozialraum in Sozialraum.objects.all():
        raum_anlegen(
            sozialraum,
            traeger=f"Sozialraumträger {sozialraum.name} {DEMO_MARKE}",
            anschrift=("Hauptstraße 1", "21300", sozialraum.name),
            buero=("Am Markt 1", "21300", sozialraum.name, "buero"),
            zielgruppen=f"Familien, Kinder und Jugendliche in {sozialraum.name} "
            f"{DEMO_MARKE}",
            problemlagen=f"Lange Wege, wenige Angebote am Nachmittag {DEMO_MARKE}",
            ziele=DEMO_ZIELE,
            beschlossen_am=KONZEPT_BESCHLOSSEN.get(sozialraum.kuerzel),
        )


def raum_anlegen(
    sozialraum,
    *,
    traeger,
    anschrift,
    buero,
    zielgruppen,
    problemlagen,
    ziele,
    beschlossen_am,
):
    """One space's Träger, its Büro and a first Konzept with `ziele`, agreed
    on `beschlossen_am` (None: a draft); a space with a Konzept keeps it.
    `anschrift`: the Träger's (street, PLZ, Ort); `buero`: the Büro's (street,
    PLZ, Ort, the mail box's first word)."""
    strasse, plz, ort = anschrift
    traeger, _ = Traeger.objects.get_or_create(
        name=traeger, defaults={"anschrift": f"{strasse}\n{plz} {ort}"}
    )
    strasse, plz, ort, postfach = buero
    Sozialraumbuero.objects.get_or_create(
        sozialraum=sozialraum,
        defaults={
            "traeger": traeger,
            "strasse": strasse,
            "plz": plz,
            "ort": ort,
            "ansprechperson": f"Leitung {sozialraum.name} {DEMO_MARKE}",
            "telefon": "04131 000000",
            "email": f"{postfach}.{sozialraum.kuerzel.lower()}@demo.invalid",
        },
    )
    if sozialraum.konzepte.exists():
        return
    konzept = konzept_neue_version(sozialraum=sozialraum)
    konzept.zielgruppen = zielgruppen
    konzept.problemlagen = problemlagen
    konzept.save(update_fields=["zielgruppen", "problemlagen"])
    for nummer, (titel, text) in enumerate(ziele, start=1):
        Ziel.objects.create(
            konzept=konzept, nummer=nummer, titel=titel, beschreibung=text
        )
    if beschlossen_am:
        konzept_beschliessen(konzept=konzept, beschlossen_am=beschlossen_am)


def konten_anlegen(benutzer=None, weitere=None, rollenname=None):
    """All demo accounts with the demo password; returns the (role, email) lines
    to print: one login per role. Defaults: the Landkreis' `demo_benutzer` and
    `weitere_leitungen`; `rollenname(rolle)` may name a role for the list."""
    # Hashed once: a password hash is slow on purpose, and there are 14 accounts.
    passwort = make_password(DEMO_PASSWORT)
    zeilen = []
    for email, vorname, nachname, rollen in benutzer or demo_benutzer():
        _konto(email, vorname, nachname, rollen, passwort)
        rolle = rollen[0].rolle
        zeilen.append(((rollenname and rollenname(rolle)) or str(rolle.label), email))
    for email, vorname, nachname, rollen in weitere or weitere_leitungen():
        _konto(email, vorname, nachname, rollen, passwort)
    return zeilen


def _konto(email, vorname, nachname, rollen, passwort):
    benutzer = User.objects.filter(email=email).first()
    if benutzer is None:
        benutzer = benutzer_anlegen(
            email=email,
            first_name=vorname,
            last_name=nachname,
            rollen=rollen,
            durch=None,
            einladen=False,
        )
    benutzer.password = passwort
    benutzer.save(update_fields=["password"])
    EmailAddress.objects.filter(user=benutzer).update(verified=True)
    return benutzer
