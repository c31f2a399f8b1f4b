from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from budgets import services

from ._hilfen import als_fehler, jahr_pruefen


class Command(BaseCommand):
    help = (
        "Schließt ein Haushaltsjahr ab: Übertrag (einmal) und Verfall. Mit --vorschau "
        "wird nur gezeigt, was gebucht würde. Ein Jahr wird genau einmal "
        "abgeschlossen, "
        "und erst nach seinem Vorjahr."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jahr", type=int, required=True, help="Haushaltsjahr")
        parser.add_argument(
            "--vorschau", action="store_true", help="nur anzeigen, nichts buchen"
        )

    def handle(self, *args, jahr, vorschau, **o):
        jahr_pruefen(jahr)
        try:
            if vorschau:
                geplant = services.jahresabschluss_vorschau(jahr)
            else:
                _, geplant = services.jahresabschluss(jahr=jahr)
        except ValidationError as exc:
            raise als_fehler(exc, "Nichts gebucht.") from exc
        for g in geplant:
            self.stdout.write(
                f"  {g.budget}: {g.art_text} {services.euro(g.betrag)} – {g.text}"
            )
        if vorschau:
            self.stdout.write(f"Vorschau: {len(geplant)} Buchungen, nichts gebucht.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Haushaltsjahr {jahr} abgeschlossen ({len(geplant)} Buchungen)."
                )
            )
