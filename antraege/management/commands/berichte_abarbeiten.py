"""Deprecated name of `auftraege_abarbeiten` (it now does every kind of
order, not only reports). Kept so that existing services keep running; it
says so on stderr. To be removed once deployments use the new name."""

from .auftraege_abarbeiten import Command as Auftraege


class Command(Auftraege):
    help = "Veraltet: bitte „auftraege_abarbeiten“ verwenden (gleiche Optionen)."

    def handle(self, *args, **options):
        self.stderr.write(
            "„berichte_abarbeiten“ ist veraltet und heißt jetzt "
            "„auftraege_abarbeiten“; es arbeitet alle Aufträge ab."
        )
        return super().handle(*args, **options)
