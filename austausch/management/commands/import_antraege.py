"""`manage.py import_antraege FILE [--dry-run] [--format csv]`: the page's import
on the command line, all or nothing (austausch/services.py)."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from austausch import dateien
from austausch.arten import RESSOURCEN
from austausch.escaper import entschaerfen
from austausch.services import importieren
from config.begriffe import begriffe
from konten.models import User


class Command(BaseCommand):
    help = (
        "Importiert Anträge (oder mit --art eine andere Art: Träger, Konzepte, "
        "Schlüssel, Zuweisungen, Kennzahlen) aus einer XLSX- "
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
            "--format",
            choices=["text", "csv"],
            default="text",
            help="Bericht je Zeile: text (Standard; beim Probelauf jede Zeile) oder "
            "csv (Spalten Zeile;Datensatz;Ergebnis;Spalte;Meldung, eine Zeile je "
            "Zeile der Datei und je Fehler, zum Weiterverarbeiten)",
        )
        parser.add_argument(
            "--als",
            required=True,
            help=f"E-Mail des Kontos ({begriffe().pruefstelle}), das im Verlauf als "
            "Bearbeiter steht",
        )

    def handle(self, *args, **o):
        durch = User.objects.filter(email__iexact=o["als"], is_active=True).first()
        if durch is None or not durch.has_perm("antraege.austausch"):
            raise CommandError(
                f"„{o['als']}“ ist kein aktives Konto des "
                f"{begriffe().pruefstelle_genitiv}."
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
        if o["format"] == "csv":
            self._csv_bericht(ergebnis)
        elif o["dry_run"]:
            self._zeilen_zeigen(ergebnis)
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
        if o["format"] == "csv":
            return  # stdout is the report alone
        if o["dry_run"]:
            self.stdout.write(
                f"Probelauf ohne Fehler ({zusammen}); nichts geschrieben."
            )
        else:
            self.stdout.write(f"Importiert: {zusammen}.")

    def _bericht(self, ergebnis):
        """(row, record, outcome, column, message) per row and per error, what
        the web page's result table shows."""
        if ergebnis.dateifehler:
            yield ("", "", "Fehler", "", ergebnis.dateifehler)
            return
        for z in ergebnis.zeilen:
            if z.fehler:
                for spalte, text in z.fehler:
                    yield (z.zeile, z.bezeichnung, "Fehler", spalte, text)
            elif ergebnis.hat_fehler:
                # checked to the end (every row has its verdict), but a file
                # with errors imports nothing
                yield (z.zeile, z.bezeichnung, "ohne Fehler", "", "")
            else:
                yield (z.zeile, z.bezeichnung, z.aktion or "neu", "", "")

    def _zeilen_zeigen(self, ergebnis):
        for zeile, datensatz, aktion, spalte, text in self._bericht(ergebnis):
            if not zeile:
                continue  # a file's error goes to stderr below
            ort = f"Zeile {zeile}" + (f" ({datensatz})" if datensatz else "")
            if aktion == "Fehler":
                wo = f"Spalte „{spalte}“: " if spalte else ""
                self.stdout.write(f"{ort}: Fehler – {wo}{text}")
            elif aktion == "ohne Fehler":
                self.stdout.write(
                    f"{ort}: ohne Fehler (importiert wird erst die Datei ohne "
                    "fehlerhafte Zeilen)"
                )
            else:
                self.stdout.write(f"{ort}: würde {aktion}")

    def _csv_bericht(self, ergebnis):
        schreiber = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
        schreiber.writerow(["Zeile", "Datensatz", "Ergebnis", "Spalte", "Meldung"])
        for reihe in self._bericht(ergebnis):
            # the file's own text may start with "=": never a formula in Excel
            schreiber.writerow([entschaerfen(str(w)) for w in reihe])
