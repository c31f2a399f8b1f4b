"""Loading an authority's Grunddaten file: everything that differs between
authorities and is data (docs/betrieb.md, "Grunddaten einer Behörde").

The file's spaces, groups and Gremien go through sozialraum.services, its
Budgetarten and growth plan through budgets.services, its Themenfelder
through antraege.services and the Kennzahlen' Kategorien through
kennzahlen.services; this module, above all of them, runs them in one
transaction: a refusal anywhere and nothing has changed.
"""

from django.db import transaction

from antraege.services.themenfelder import (
    themenfelder_abgleichen,
    themenfelder_aufraeumen,
)
from budgets.services import budgetarten_abgleichen, planraten_abgleichen
from config.begriffe import aus_daten as begriffe_aus_daten
from kennzahlen.services import themenfeld_kategorien_abgleichen
from sozialraum import services as sozialraum


@transaction.atomic
def grunddaten_laden(daten):
    """Load a parsed Grunddaten file into this installation (its authority must
    be settings.GRUNDDATEN's). Returns a sozialraum.services.GrunddatenBericht.

    Sections: `begriffe`, `ausschuss`, `regionen` or `sozialraeume` (see
    sozialraum.services.grunddaten_laden), `budgetarten` (the kinds in use;
    unlisted ones no budget uses are deleted), `themenfelder` (names; unlisted
    ones are retired, deleted when nothing names them) and optionally
    `planraten` (the growth plan; left alone when the section is missing).
    Idempotent: a second run changes nothing.
    """
    bericht = sozialraum.grunddaten_laden(daten=daten)
    wort = begriffe_aus_daten(daten)
    budgetarten_abgleichen(
        eintraege=daten.get("budgetarten"),
        mit_gruppen=wort.mit_gruppen,
        bericht=bericht,
    )
    if "planraten" in daten:
        planraten_abgleichen(eintraege=daten["planraten"], bericht=bericht)
    themenfelder_abgleichen(namen=daten.get("themenfelder"), bericht=bericht)
    themenfeld_kategorien_abgleichen(bericht=bericht)
    themenfelder_aufraeumen(bericht=bericht)
    return bericht
