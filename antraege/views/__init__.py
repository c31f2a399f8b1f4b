"""Pages for applications and Sitzungen: check the right, validate, call one
service, redirect."""

from .antrag import (
    aktion,
    anlage,
    anlage_hochladen,
    anlage_loeschen,
    arbeitsliste_ansicht,
    detail,
    liste,
    zustimmen,
)
from .schreiben import anlegen, bearbeiten
from .sitzung import (
    sitzung,
    sitzung_aendern,
    sitzung_anlegen,
    sitzung_ausnahme,
    sitzung_beschliessen,
    sitzung_tagesordnung,
    sitzungen,
)

__all__ = [
    "aktion",
    "anlage",
    "anlage_hochladen",
    "anlage_loeschen",
    "anlegen",
    "arbeitsliste_ansicht",
    "bearbeiten",
    "detail",
    "liste",
    "sitzung",
    "sitzung_aendern",
    "sitzung_anlegen",
    "sitzung_ausnahme",
    "sitzung_beschliessen",
    "sitzung_tagesordnung",
    "sitzungen",
    "zustimmen",
]
