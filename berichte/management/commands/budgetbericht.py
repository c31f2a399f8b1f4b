"""manage.py budgetbericht --jahr 2013 [--stand 2013-09-24] --out FILE.pdf"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from berichte.dokumente import budgetbericht_pdf
from budgets.management.commands._hilfen import jahr_pruefen
from sozialraum.kommandozeile import datum

from .antragsuebersicht import pdf_schreiben


class Command(BaseCommand):
    help = "Schreibt den Budgetbericht eines Haushaltsjahres (PDF/A)."

    def add_arguments(self, parser):
        parser.add_argument("--jahr", type=int, required=True)
        parser.add_argument("--stand", type=datum, help="Buchungen bis zu diesem Tag")
        parser.add_argument("--out", required=True)

    def handle(self, *args, jahr, stand, out, **options):
        if stand and stand > timezone.localdate():
            raise CommandError("Der Stand darf nicht in der Zukunft liegen.")
        pdf_schreiben(out, budgetbericht_pdf(jahr_pruefen(jahr), stand), self.stdout)
