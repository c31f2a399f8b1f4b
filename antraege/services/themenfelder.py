"""The Themenfelder from the Grunddaten file (list `themenfelder`): the
loader (austausch.grunddaten) calls both functions in its transaction, the
Kennzahlen' Kategorien between them."""

from django.core.exceptions import ValidationError

from sozialraum.services import in_gebrauch, zeile_abgleichen

from ..models import Themenfeld


def themenfelder_abgleichen(*, namen, bericht):
    """The listed Themenfelder exist, active, in the file's order; an unlisted
    one is retired (aktiv off) until `themenfelder_aufraeumen` deletes it."""
    if not isinstance(namen, list) or not namen:
        raise ValidationError(
            "Die Datei muss eine Liste „themenfelder“ enthalten (ihre Namen).",
            code="format",
        )
    gesehen = []
    for index, name in enumerate(namen, start=1):
        wo = f"Themenfeld Nr. {index} der Datei"
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"{wo}: ein Name (Text) fehlt.", code="fehlt")
        name = name.strip()
        if name in gesehen:
            raise ValidationError(f"{wo}: „{name}“ doppelt.", code="doppelt")
        gesehen.append(name)
        zeile_abgleichen(
            Themenfeld,
            {"name": name},
            {"reihenfolge": index, "aktiv": True},
            bericht,
            wo,
        )
    for themenfeld in Themenfeld.objects.exclude(name__in=gesehen).filter(aktiv=True):
        themenfeld.aktiv = False
        themenfeld.save(update_fields=["aktiv"])
        bericht.geaendert.append(f"Themenfeld {themenfeld} stillgelegt")
    return gesehen


def themenfelder_aufraeumen(*, bericht):
    """Delete the retired Themenfelder nothing names (applications,
    Zielvereinbarungen, a Kategorie with counts); the others stay retired."""
    for themenfeld in Themenfeld.objects.filter(aktiv=False):
        if not in_gebrauch(themenfeld):
            themenfeld.delete()
            stillgelegt = f"Themenfeld {themenfeld} stillgelegt"
            if stillgelegt in bericht.geaendert:
                bericht.geaendert.remove(stillgelegt)
            bericht.entfernt.append(f"Themenfeld {themenfeld}")
