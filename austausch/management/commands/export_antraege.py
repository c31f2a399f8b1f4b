"""`manage.py export_antraege --format xlsx|csv --out FILE [--jahr YYYY]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from austausch.arten import RESSOURCEN
from austausch.services import FORMATE, exportieren
from sozialraum.geld import JAHR_MAX, JAHR_MIN


class Command(BaseCommand):
    help = (
        "Exportiert Anträge (oder mit --art eine andere Art: Träger, Konzepte, "
        "Schlüssel, Zuweisungen, Kennzahlen) mit denselben "
        "Spalten, die der Import liest, ohne Kontaktdaten. Zellen, die eine "
        "Tabellenkalkulation als Formel läse, werden mit ' entschärft."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATE, required=True)
        parser.add_argument("--out", required=True, help="Zieldatei")
        parser.add_argument("--jahr", type=int, help="nur dieses Haushaltsjahr")
        parser.add_argument("--art", choices=sorted(RESSOURCEN), default="antraege")

    def handle(self, *args, **o):
        if o["jahr"] is not None and not JAHR_MIN <= o["jahr"] <= JAHR_MAX:
            raise CommandError(f"Das Haushaltsjahr {o['jahr']} ist nicht plausibel.")
        inhalt = exportieren(art=o["art"], format=o["format"], jahr=o["jahr"])
        try:
            Path(o["out"]).write_bytes(inhalt)
        except OSError as e:
            raise CommandError(
                f"Die Datei lässt sich nicht schreiben: {e.strerror}."
            ) from None
        self.stdout.write(
            f"{o['out']} geschrieben ({len(inhalt):,} Bytes).".replace(",", ".")
        )
