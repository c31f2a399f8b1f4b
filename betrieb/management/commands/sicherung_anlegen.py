from django.core.management.base import BaseCommand, CommandError

from betrieb.sicherung import SicherungsFehler, hauptzahlen, sicherung_anlegen


class Command(BaseCommand):
    help = (
        "Sichert die Datenbank (PostgreSQL: pg_dump; SQLite: konsistente Kopie) und "
        "alle Anlage-Dateien in ein Archiv mit Manifest (Zeilen, Prüfsummen, "
        "Summen der Buchungen, Migrationsstand). Wiederherstellen mit "
        "sicherung_einspielen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "ziel",
            help="Archivdatei (.tar oder .tar.gz, wird nicht überschrieben) oder ein "
            "Ordner; dort entsteht sozialraum-budget-JJJJMMTT-HHMMSS.tar.",
        )

    def handle(self, *args, **options):
        try:
            ergebnis = sicherung_anlegen(ziel=options["ziel"])
        except SicherungsFehler as exc:
            raise CommandError(f"Keine Sicherung angelegt: {exc}") from exc
        manifest = ergebnis.manifest
        zahlen = ", ".join(f"{text} {anzahl}" for text, anzahl in hauptzahlen(manifest))
        megabyte = f"{ergebnis.pfad.stat().st_size / 1_000_000:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(f"Sicherung geschrieben: {ergebnis.pfad}")
            + f"\n  {manifest['datenbank']['vendor']}, {megabyte} MB; {zahlen}; "
            f"Anlage-Dateien {len(manifest['bestand']['anlagen'])}."
        )
        fehlend = manifest["bestand"]["anlagen_ohne_datei"]
        if fehlend:
            # The archive is complete; the files were missing before. Cron mails it.
            raise CommandError(
                f"Achtung: Anlagen ohne passende Datei in ANLAGEN_ROOT: {len(fehlend)} "
                f"(Nr. {', '.join(map(str, fehlend[:20]))}). Die Sicherung enthält "
                "den Stand wie vorgefunden; bitte die Dateien prüfen."
            )
