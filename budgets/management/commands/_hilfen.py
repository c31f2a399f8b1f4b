from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from sozialraum.geld import JAHR_MAX, JAHR_MIN


def jahr_pruefen(jahr):
    if not JAHR_MIN <= jahr <= JAHR_MAX:
        raise CommandError(f"Das Haushaltsjahr {jahr} ist nicht plausibel.")
    return jahr


def als_fehler(exc: ValidationError, vorspann):
    return CommandError(f"{vorspann} {' '.join(exc.messages)}")
