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
        betrag = parser.add_mutually_exclusive_group(required=True)
        betrag.add_argument("--betrag", help="Gesamtbetrag, z. B. 100000,00")
        betrag.add_argument(
            "--bezugsansatz",
            help="stattdessen: Bezugsansatz (z. B. Haushaltsansatz für ambulante "
            "Hilfen), von dem --prozent (oder der Prozentsatz der Budgetart) "
            "zugewiesen wird",
        )
        parser.add_argument(
            "--prozent", help="Prozentsatz zu --bezugsansatz, z. B. 12,5"
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
            budgetart = services.budgetart_nach_code(o["budgetart"])
            grundlage = ""
            if o["bezugsansatz"] is not None:
                gesamt, grundlage = services.anteil_berechnen(
                    budgetart=budgetart,
                    haushaltsjahr=jahr,
                    bezugsansatz=services.betrag_aus_text(o["bezugsansatz"]),
                    prozent=o["prozent"],
                )
            elif o["prozent"] is not None:
                raise CommandError("--prozent gilt nur zusammen mit --bezugsansatz.")
            else:
                gesamt = services.betrag_aus_text(o["betrag"])
            verteilung = services.zuweisen(
                budgetart=budgetart,
                haushaltsjahr=jahr,
                gesamtbetrag=gesamt,
                schluessel_name=o["schluessel"],
                buchungsdatum=datum,
                text=o["text"],
                grundlage=grundlage,
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
