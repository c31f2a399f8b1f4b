"""`manage.py import_antraege FILE [--dry-run]`: the page's import on the
command line, all or nothing (antraege/austausch/services.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from austausch import dateien
from austausch.ressourcen import RESSOURCEN
from austausch.services import importieren
from konten.models import User


class Command(BaseCommand):
    help = (
        "Importiert Anträge (oder mit --art Zuweisungen bzw. Träger) aus einer XLSX- "
        "oder CSV-Datei über dieselben Services wie die Oberfläche. Alles oder "
        "nichts: ist eine Zeile fehlerhaft, wird nichts geschrieben, jede fehlerhafte "
        "Zeile wird genannt und der Exit-Code ist 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("datei", help="Pfad der XLSX- oder CSV-Datei")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur prüfen und zeigen, was geschähe; nichts schreiben.",
        )
        parser.add_argument(
            "--art",
            choices=sorted(RESSOURCEN),
            default="antraege",
            help="Art der Datei (Standard: antraege)",
        )
        parser.add_argument(
            "--als",
            required=True,
            help="E-Mail des Kontos (Fachdienst 51), das im Verlauf als "
            "Bearbeiter steht",
        )

    def handle(self, *args, **o):
        durch = User.objects.filter(email__iexact=o["als"], is_active=True).first()
        if durch is None or not durch.has_perm("antraege.austausch"):
            raise CommandError(
                f"„{o['als']}“ ist kein aktives Konto des Fachdienstes 51."
            )
        pfad = Path(o["datei"])
        try:
            groesse = pfad.stat().st_size
            dateien.groesse_pruefen(groesse)
            inhalt = pfad.read_bytes()
        except OSError as e:
            raise CommandError(
                f"Die Datei lässt sich nicht lesen: {e.strerror}."
            ) from None
        except dateien.DateiFehler as e:
            raise CommandError(str(e)) from None
        ergebnis = importieren(
            art=o["art"],
            inhalt=inhalt,
            dateiname=pfad.name,
            durch=durch,
            trocken=o["dry_run"],
        )
        for zeile, spalte, text in ergebnis.fehlerliste():
            ort = f"Zeile {zeile}" if zeile else "Datei"
            if spalte:
                ort += f", Spalte „{spalte}“"
            self.stderr.write(f"{ort}: {text}")
        if ergebnis.hat_fehler:
            raise CommandError(
                f"{len(ergebnis.fehlerliste())} Fehler; es wurde nichts importiert."
            )
        neu, geaendert = ergebnis.anzahl("neu"), ergebnis.anzahl("geändert")
        unveraendert = ergebnis.anzahl("unverändert")
        zusammen = f"{neu} neu, {geaendert} geändert, {unveraendert} unverändert"
        if o["dry_run"]:
            self.stdout.write(
                f"Probelauf ohne Fehler ({zusammen}); nichts geschrieben."
            )
        else:
            self.stdout.write(f"Importiert: {zusammen}.")
