import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from budgets import services

from ._hilfen import als_fehler, jahr_pruefen


class Command(BaseCommand):
    help = (
        "Weist einen Gesamtbetrag einer Budgetart nach einem Verteilungsschlüssel zu "
        "(centgenau, Rest nach größtem Rest). Bei einem Fehler wird nichts gebucht."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--budgetart", required=True, help="Code, z. B. projektmittel"
        )
        parser.add_argument("--jahr", type=int, required=True, help="Haushaltsjahr")
        parser.add_argument(
            "--betrag", required=True, help="Gesamtbetrag, z. B. 100000,00"
        )
        parser.add_argument(
            "--schluessel",
            default=services.GLEICH,
            help="„gleich“ (nach Köpfen) oder der Name eines Verteilungsschlüssels",
        )
        parser.add_argument(
            "--datum", help="Buchungsdatum TT.MM.JJJJ (Standard: heute)"
        )
        parser.add_argument("--text", default="", help="Buchungstext")

    def handle(self, *args, **o):
        jahr = jahr_pruefen(o["jahr"])
        datum = None
        if o["datum"]:
            try:
                datum = datetime.datetime.strptime(o["datum"], "%d.%m.%Y").date()
            except ValueError as exc:
                raise CommandError(
                    f"Datum „{o['datum']}“ bitte als TT.MM.JJJJ angeben."
                ) from exc
        try:
            verteilung = services.zuweisen(
                budgetart=services.budgetart_nach_code(o["budgetart"]),
                haushaltsjahr=jahr,
                gesamtbetrag=services.betrag_aus_text(o["betrag"]),
                schluessel_name=o["schluessel"],
                buchungsdatum=datum,
                text=o["text"],
            )
        except ValidationError as exc:
            raise als_fehler(exc, "Nichts gebucht.") from exc
        for buchung in verteilung.zuweisungen.select_related(
            "budget__sozialraum", "budget__region"
        ):
            self.stdout.write(
                f"  {buchung.budget.inhaber}: {services.euro(buchung.betrag)}"
            )
        self.stdout.write(self.style.SUCCESS(f"Gebucht: {verteilung}"))
