"""manage.py antragsuebersicht --jahr 2013 [--jahr 2012] [--budgetart CODE]
[--region NR | --sozialraum KÜRZEL] [--stand 2013-09-24] --out FILE.pdf"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from berichte.dokumente import antragsuebersicht_pdf
from berichte.selectors import Auswahl
from budgets.management.commands._hilfen import jahr_pruefen
from budgets.models import Budgetart
from regionen.models import Region
from sozialraum.kommandozeile import datum
from sozialraum.models import Sozialraum


def pdf_schreiben(ziel, inhalt, stdout):
    ziel = Path(ziel)
    if not ziel.parent.is_dir():
        raise CommandError(f"Das Verzeichnis {ziel.parent} gibt es nicht.")
    ziel.write_bytes(inhalt)
    stdout.write(f"{ziel} geschrieben ({len(inhalt):,} Bytes).".replace(",", "."))


class Command(BaseCommand):
    help = "Schreibt die Antragsübersicht (PDF/A) zu einem Stand."

    def add_arguments(self, parser):
        parser.add_argument("--jahr", type=int, action="append", required=True)
        parser.add_argument("--budgetart", help="Code, z. B. projektmittel")
        parser.add_argument("--region", type=int, help="Nummer der Region")
        parser.add_argument("--sozialraum", help="Kürzel, z. B. ADE")
        parser.add_argument("--stand", type=datum, help="Datum; ohne: heute")
        parser.add_argument("--out", required=True)

    def handle(self, *args, jahr, budgetart, region, sozialraum, stand, out, **opt):
        jahre = tuple(sorted({jahr_pruefen(j) for j in jahr}))
        stand = stand or timezone.localdate()
        if stand > timezone.localdate():
            raise CommandError("Der Stand darf nicht in der Zukunft liegen.")
        arten = ()
        if budgetart:
            art = Budgetart.objects.filter(
                code=budgetart, antragsverfahren=True
            ).first()
            if art is None:
                codes = ", ".join(
                    Budgetart.objects.filter(antragsverfahren=True).values_list(
                        "code", flat=True
                    )
                )
                raise CommandError(
                    f"Unbekannte Budgetart „{budgetart}“ (mit Anträgen: {codes})."
                )
            arten = (art,)
        regionen, sozialraeume = (), ()
        if sozialraum:
            sr = Sozialraum.objects.filter(kuerzel__iexact=sozialraum).first()
            if sr is None:
                raise CommandError(f"Unbekannter Sozialraum „{sozialraum}“.")
            sozialraeume = (sr,)
        elif region is not None:
            rg = Region.objects.filter(nummer=region).first()
            if rg is None:
                raise CommandError(f"Unbekannte Region {region}.")
            regionen = (rg,)
        auswahl = Auswahl(
            jahre=jahre, budgetarten=arten, regionen=regionen, sozialraeume=sozialraeume
        )
        pdf_schreiben(out, antragsuebersicht_pdf(auswahl, stand), self.stdout)
