"""Reports and agreements for tests, through the services (one way to change)."""

import datetime

from kennzahlen import services
from kennzahlen.models import Kategorie


def zahlen(neu=30, abgeschlossen=25, laufend=60, beratung=250):
    return {
        "faelle_neu": neu,
        "faelle_abgeschlossen": abgeschlossen,
        "faelle_laufend": laufend,
        "beratungstermine": beratung,
    }


def gemeldet(welt, sozialraum=None, jahr=2013, quartal=1, *, kategorien=None, **werte):
    sozialraum = sozialraum or welt.a
    leitung = welt.leitung_a if sozialraum == welt.a else welt.leitung_b
    return services.meldung_abgeben(
        sozialraum=sozialraum,
        jahr=jahr,
        quartal=quartal,
        zahlen=zahlen(**werte),
        kategorien=kategorien or {},
        durch=leitung,
    )


def gesperrt(welt, *args, **kwargs):
    m = gemeldet(welt, *args, **kwargs)
    return services.meldung_sperren(meldung=m, durch=welt.fd51)


def kategorie(name="Alleinerziehende"):
    return Kategorie.objects.get(name=name)


def vereinbart(welt, sozialraum=None, jahr=2013, *, vereinbart_am=None):
    """An agreed Zielvereinbarung with one target: 120 new cases."""
    zv = services.zielvereinbarung_entwerfen(
        sozialraum=sozialraum or welt.a, jahr=jahr, durch=welt.fd51
    )
    services.zielvorgabe_hinzufuegen(
        zielvereinbarung=zv,
        art="kennzahl",
        titel="Mehr Familien erreichen",
        kennzahl="faelle_neu",
        zielwert=120,
        durch=welt.fd51,
    )
    return services.zielvereinbarung_vereinbaren(
        zielvereinbarung=zv,
        vereinbart_am=vereinbart_am or datetime.date(jahr, 1, 1),
        durch=welt.fd51,
    )
