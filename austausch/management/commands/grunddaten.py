import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from austausch.grunddaten import grunddaten_laden


class Command(BaseCommand):
    help = (
        "Lädt die Räume (Sozialräume, Stadtteile …), ihre Gruppen und Gremien, die "
        "Budgetarten und die Themenfelder aus einer JSON-Datei (Standard: die "
        "Datei der Einstellung GRUNDDATEN). Die Datei muss zur Behörde dieser "
        "Installation gehören. Mehrfaches Laden "
        "ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--datei", type=Path, default=None, help="JSON-Datei mit den Grunddaten"
        )

    def handle(self, *args, datei, **options):
        datei = datei or Path(settings.GRUNDDATEN)
        try:
            daten = json.loads(datei.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as exc:
            raise CommandError(f"Datei nicht gefunden: {datei}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(
                f"Die Datei {datei} ist kein gültiges JSON: {exc}"
            ) from exc
        try:
            bericht = grunddaten_laden(daten=daten)
        except ValidationError as exc:
            raise CommandError(
                "Grunddaten nicht geladen, nichts geändert. " + " ".join(exc.messages)
            ) from exc
        for zeile in bericht.angelegt:
            self.stdout.write(f"  angelegt: {zeile}")
        for zeile in bericht.geaendert:
            self.stdout.write(f"  geändert: {zeile}")
        for zeile in bericht.entfernt:
            self.stdout.write(f"  entfernt: {zeile}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Grunddaten aus {datei.name}: {len(bericht.angelegt)} angelegt, "
                f"{len(bericht.geaendert)} geändert, "
                f"{len(bericht.entfernt)} entfernt, "
                f"{bericht.unveraendert} unverändert."
            )
        )
