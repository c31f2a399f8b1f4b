"""Reports and agreements for tests, through the services (one way to change)."""

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
