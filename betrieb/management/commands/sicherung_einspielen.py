import dj_database_url
from django.core.management.base import BaseCommand, CommandError

from betrieb.sicherung import SicherungsFehler, hauptzahlen, sicherung_einspielen


class Command(BaseCommand):
    help = (
        "Spielt eine mit sicherung_anlegen geschriebene Sicherung in eine LEERE "
        "Datenbank und einen leeren Anlagen-Ordner (ANLAGEN_ROOT) ein und prüft "
        "danach alles gegen das Manifest. Anschließend: manage.py migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("quelle", help="Die Archivdatei der Sicherung.")
        parser.add_argument(
            "--datenbank-url",
            help="Zieldatenbank, z. B. postgres://benutzer@host:5432/neu oder "
            "sqlite:////pfad/neu.sqlite3 (Standard: DATABASE_URL bzw. db.sqlite3).",
        )

    def handle(self, *args, **options):
        url = options["datenbank_url"]
        try:
            datenbank = dj_database_url.parse(url) if url else None
        except ValueError as exc:
            raise CommandError(
                f"--datenbank-url ist keine Datenbank-URL: {exc}"
            ) from exc
        try:
            ergebnis = sicherung_einspielen(
                quelle=options["quelle"], datenbank=datenbank
            )
        except SicherungsFehler as exc:
            raise CommandError(f"Nicht eingespielt: {exc}") from exc
        manifest = ergebnis.manifest
        zahlen = ", ".join(f"{text} {anzahl}" for text, anzahl in hauptzahlen(manifest))
        self.stdout.write(
            self.style.SUCCESS(
                f"Sicherung vom {manifest['erstellt_am']} eingespielt und geprüft: "
                "alles wie gesichert."
            )
            + f"\n  Tabellen {len(manifest['bestand']['zeilen'])}; {zahlen}; "
            f"Anlage-Dateien {len(manifest['bestand']['anlagen'])}."
        )
        anzahl = len(ergebnis.ausstehende_migrationen)
        if anzahl:
            fehlen = (
                "1 Migration fehlt" if anzahl == 1 else f"{anzahl} Migrationen fehlen"
            )
            self.stdout.write(
                self.style.WARNING(
                    f"Die Sicherung stammt von einem älteren Programmstand: {fehlen}. "
                    "Jetzt ausführen: manage.py migrate"
                )
            )
