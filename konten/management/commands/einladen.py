from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from config.begriffe import begriffe
from konten.models import Rolle, bereichsmodell
from konten.services import RollenAngabe, benutzer_anlegen


class Command(BaseCommand):
    help = (
        "Legt ein Konto an und schickt die Einladung zum Setzen des Passworts "
        "(z. B. den ersten Administrator im Produktionsbetrieb)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--vorname", default="")
        parser.add_argument("--nachname", default="")
        parser.add_argument("--rolle", required=True, choices=Rolle.values)
        parser.add_argument(
            "--sozialraum", help=f"Kürzel, für die {begriffe().leitung}"
        )
        parser.add_argument(
            "--region", type=int, help="Nummer, für die Geschäftsstelle"
        )

    def handle(self, *args, **o):
        Sozialraum, Region = bereichsmodell("sozialraum"), bereichsmodell("region")  # noqa: N806
        try:
            sozialraum = (
                Sozialraum.objects.get(kuerzel=o["sozialraum"].upper())
                if o["sozialraum"]
                else None
            )
            region = Region.objects.get(nummer=o["region"]) if o["region"] else None
        except (Sozialraum.DoesNotExist, Region.DoesNotExist) as exc:
            b = begriffe()
            bereich = f"{b.raum} oder {b.gruppe}" if b.mit_gruppen else b.raum
            raise CommandError(f"{bereich} unbekannt.") from exc
        try:
            benutzer = benutzer_anlegen(
                email=o["email"],
                first_name=o["vorname"],
                last_name=o["nachname"],
                rollen=[RollenAngabe(o["rolle"], sozialraum=sozialraum, region=region)],
                durch=None,
            )
        except (ValidationError, PermissionDenied) as exc:
            meldungen = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("Nicht angelegt: " + " ".join(meldungen)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Konto {benutzer.email} angelegt, Einladung verschickt."
            )
        )
