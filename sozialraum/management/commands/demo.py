"""Demo content for trying the app: never in production."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regionen.models import Region
from sozialraum.models import (
    Rolle,
    Sozialraum,
    Sozialraumbuero,
    Traeger,
    User,
    Ziel,
)
from sozialraum.services import (
    RollenAngabe,
    benutzer_anlegen,
    konzept_beschliessen,
    konzept_neue_version,
)

DEMO_PASSWORT = "Demo-Lueneburg-2013"  # noqa: S105 (printed on purpose, demo only)
DEMO_MARKE = "(Demo)"
DEMO_DOMAIN = "@demo.invalid"

# Five Sozialräume had an agreed Konzept by January 2013 (seed 003); the
# others had drafts. Their content here is invented and marked as demo.
KONZEPT_BESCHLOSSEN = {"ADE", "AME", "DAH", "OST", "SCH"}
DEMO_ZIELE = [
    ("Familien früh erreichen", "Niedrigschwellige Angebote für junge Familien."),
    ("Übergang Kita–Schule begleiten", "Kooperation von Kitas und Grundschulen."),
    ("Jugendliche beteiligen", "Jugendliche planen Angebote im Ort mit."),
]


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
            "leitung.adendorf@demo.invalid",
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


class Command(BaseCommand):
    help = (
        "Legt deutlich markierte Demo-Inhalte an (Träger, Büros, Konzepte, je Rolle "
        "ein Benutzer) und gibt die Zugangsdaten aus. "
        "Verweigert den Produktionsbetrieb."
    )

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "Demo-Inhalte werden in der Produktionsumgebung nicht angelegt."
            )
        # Also without production settings: a database with real accounts is a
        # real installation, and the demo passwords are public.
        echte = User.objects.exclude(email__endswith=DEMO_DOMAIN)
        if echte.exists():
            raise CommandError(
                f"Die Datenbank enthält {echte.count()} echte Benutzerkonten; "
                "Demo-Inhalte werden nur in einer Demo- oder Entwicklungsdatenbank "
                "angelegt."
            )
        if not Sozialraum.objects.filter(kuerzel="ADE").exists():
            call_command("grunddaten", stdout=self.stdout)
        with transaction.atomic():
            self._organisation()
            zeilen = self._benutzer()
        self.stdout.write(self.style.SUCCESS("Demo-Zugänge (nur zum Ausprobieren):"))
        self.stdout.write(f"  {'Rolle':<38} {'E-Mail':<40} Passwort")
        for rolle, email in zeilen:
            self.stdout.write(f"  {rolle:<38} {email:<40} {DEMO_PASSWORT}")

    def _organisation(self):
        for sozialraum in Sozialraum.objects.all():
            traeger, _ = Traeger.objects.get_or_create(
                name=f"Sozialraumträger {sozialraum.name} {DEMO_MARKE}",
                defaults={"anschrift": f"Hauptstraße 1\n21300 {sozialraum.name}"},
            )
            Sozialraumbuero.objects.get_or_create(
                sozialraum=sozialraum,
                defaults={
                    "traeger": traeger,
                    "strasse": "Am Markt 1",
                    "plz": "21300",
                    "ort": sozialraum.name,
                    "ansprechperson": f"Leitung {sozialraum.name} {DEMO_MARKE}",
                    "telefon": "04131 000000",
                    "email": f"buero.{sozialraum.kuerzel.lower()}@demo.invalid",
                },
            )
            if sozialraum.konzepte.exists():
                continue
            konzept = konzept_neue_version(sozialraum=sozialraum)
            konzept.zielgruppen = (
                f"Familien, Kinder und Jugendliche in {sozialraum.name} {DEMO_MARKE}"
            )
            konzept.problemlagen = (
                f"Lange Wege, wenige Angebote am Nachmittag {DEMO_MARKE}"
            )
            konzept.save(update_fields=["zielgruppen", "problemlagen"])
            for nummer, (titel, text) in enumerate(DEMO_ZIELE, start=1):
                Ziel.objects.create(
                    konzept=konzept, nummer=nummer, titel=titel, beschreibung=text
                )
            if sozialraum.kuerzel in KONZEPT_BESCHLOSSEN:
                konzept_beschliessen(
                    konzept=konzept, beschlossen_am=datetime.date(2012, 11, 20)
                )

    def _benutzer(self):
        zeilen = []
        for email, vorname, nachname, rollen in demo_benutzer():
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
            benutzer.set_password(DEMO_PASSWORT)
            benutzer.save(update_fields=["password"])
            EmailAddress.objects.filter(user=benutzer).update(verified=True)
            zeilen.append((str(rollen[0].rolle.label), email))
        return zeilen
