"""The Antragsübersicht as a background order (antraege/auftraege): the page
records the choice, the order's worker renders the PDF. The browser never sits
in a request that renders hundreds of pages."""

import datetime

from betrieb.auftraege import Ergebnis
from budgets.models import Budgetart
from regionen.models import Region
from sozialraum.models import Sozialraum

from .dokumente import antragsuebersicht_dateiname, antragsuebersicht_pdf
from .selectors import Auswahl


def auswahl_als_parameter(auswahl, stand):
    return {
        "jahre": list(auswahl.jahre),
        "budgetarten": [a.pk for a in auswahl.budgetarten],
        "regionen": [r.pk for r in auswahl.regionen],
        "sozialraeume": [s.pk for s in auswahl.sozialraeume],
        "stand": stand.isoformat(),
    }


def _auswahl_aus(parameter):
    return Auswahl(
        jahre=tuple(parameter["jahre"]),
        budgetarten=tuple(Budgetart.objects.filter(pk__in=parameter["budgetarten"])),
        regionen=tuple(Region.objects.filter(pk__in=parameter["regionen"])),
        sozialraeume=tuple(Sozialraum.objects.filter(pk__in=parameter["sozialraeume"])),
    ), datetime.date.fromisoformat(parameter["stand"])


def antragsuebersicht_erstellen(auftrag):
    """The order's worker (ARTEN in antraege/auftraege/services.py)."""
    auswahl, stand = _auswahl_aus(auftrag.parameter)
    return Ergebnis(
        datei=antragsuebersicht_pdf(auswahl, stand),
        dateiname=antragsuebersicht_dateiname(auswahl, stand),
    )
