"""Writing applications and Sitzungen: the only way their state changes.

`antrag_uebergang` (uebergang.py) is the one function that moves an
application along the table in `workflow.py` (`Antragsstapel`, stapel.py, takes
the same steps by the same rules for a whole import file at once); antrag.py writes an
application's text, shares and attachments; sitzung.py the Sitzungen and their
decisions. Refusals are ValidationErrors in German (a refused role:
`Verweigert`); a refused step changes nothing, bookings included.
"""

from ._basis import Verweigert, sitzung_braucht_ausnahme, vetofrist
from .antrag import (
    Inhalt,
    anlage_entfernen,
    anlage_hinzufuegen,
    anteil_zustimmen,
    antrag_aendern,
    antrag_anlegen,
    zustimmung_ausstehend,
)
from .sitzung import (
    BeschlussAngabe,
    sitzung_aendern,
    sitzung_anlegen,
    sitzung_ausnahme_erteilen,
    sitzung_beschliessen,
    sitzung_tagesordnung_setzen,
)
from .stapel import Antragsstapel
from .uebergang import antrag_uebergang, storno_pruefen, vetofrist_ende

__all__ = [
    "Antragsstapel",
    "BeschlussAngabe",
    "Inhalt",
    "Verweigert",
    "anlage_entfernen",
    "anlage_hinzufuegen",
    "anteil_zustimmen",
    "antrag_aendern",
    "antrag_anlegen",
    "antrag_uebergang",
    "sitzung_aendern",
    "sitzung_anlegen",
    "sitzung_ausnahme_erteilen",
    "sitzung_beschliessen",
    "sitzung_braucht_ausnahme",
    "sitzung_tagesordnung_setzen",
    "storno_pruefen",
    "vetofrist",
    "vetofrist_ende",
    "zustimmung_ausstehend",
]
