from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def jahr_pruefen(jahr):
    if not 1990 <= jahr <= 2200:
        raise CommandError(f"Das Haushaltsjahr {jahr} ist nicht plausibel.")
    return jahr


def als_fehler(exc: ValidationError, vorspann):
    return CommandError(f"{vorspann} {' '.join(exc.messages)}")
