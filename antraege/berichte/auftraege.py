"""Reports that take longer than a request should wait: ordered, rendered in
the background, fetched when ready. The browser never sits in a request that
renders hundreds of pages."""

import datetime
import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from budgets.models import Budgetart
from regionen.models import Region
from sozialraum.models import Sozialraum

from .dokumente import antragsuebersicht_dateiname, antragsuebersicht_pdf
from .models import Berichtsauftrag
from .selectors import Auswahl

log = logging.getLogger(__name__)
S = Berichtsauftrag.Stand
AUFBEWAHREN = datetime.timedelta(days=7)
# A render still "running" after this long died with its process.
HAENGT_NACH = datetime.timedelta(minutes=30)


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


def _antragsuebersicht(parameter):
    auswahl, stand = _auswahl_aus(parameter)
    return antragsuebersicht_pdf(auswahl, stand), antragsuebersicht_dateiname(
        auswahl, stand
    )


ERZEUGER = {"antragsuebersicht": _antragsuebersicht}


def auftrag_anlegen(*, art, parameter, durch):
    """Record the order (the same open order again is not repeated) and start
    rendering once the order is committed."""
    if art not in ERZEUGER:
        raise ValueError(f"Unbekannte Berichtsart {art!r}")
    with transaction.atomic():
        Berichtsauftrag.objects.filter(
            erstellt_am__lt=timezone.now() - AUFBEWAHREN
        ).delete()
        offen = Berichtsauftrag.objects.filter(
            art=art,
            parameter=parameter,
            erstellt_von=durch,
            stand__in=[S.WARTET, S.LAEUFT],
        ).first()
        if offen:
            return offen
        auftrag = Berichtsauftrag.objects.create(
            art=art, parameter=parameter, erstellt_von=durch
        )
        transaction.on_commit(lambda: _starten(auftrag.pk))
    return auftrag


def _starten(pk):
    modus = settings.BERICHTE_ERZEUGEN
    if modus == "sofort":  # tests: in the request, visibly the same code path
        auftrag_abarbeiten(pk)
    elif modus == "thread":
        threading.Thread(target=_im_thread, args=(pk,), daemon=True).start()
    # "worker": `manage.py berichte_abarbeiten` picks it up.


def _im_thread(pk):
    try:
        auftrag_abarbeiten(pk)
    finally:
        connection.close()


def auftrag_abarbeiten(pk):
    """Render one waiting order; a second worker on the same order does nothing."""
    genommen = Berichtsauftrag.objects.filter(pk=pk, stand=S.WARTET).update(
        stand=S.LAEUFT, begonnen_am=timezone.now()
    )
    if not genommen:
        return
    auftrag = Berichtsauftrag.objects.get(pk=pk)
    try:
        pdf, dateiname = ERZEUGER[auftrag.art](auftrag.parameter)
    except Exception:
        log.exception("Bericht %s konnte nicht erstellt werden", pk)
        Berichtsauftrag.objects.filter(pk=pk).update(
            stand=S.FEHLER,
            fertig_am=timezone.now(),
            fehler="Der Bericht konnte nicht erstellt werden. Bitte versuchen Sie es "
            "erneut; bleibt der Fehler, informieren Sie die Administration.",
        )
        return
    Berichtsauftrag.objects.filter(pk=pk).update(
        stand=S.FERTIG, fertig_am=timezone.now(), pdf=pdf, dateiname=dateiname
    )


def offene_abarbeiten():
    """For the worker: orders that died with their process wait again, then
    every waiting order is rendered. Returns the number rendered."""
    Berichtsauftrag.objects.filter(
        stand=S.LAEUFT, begonnen_am__lt=timezone.now() - HAENGT_NACH
    ).update(stand=S.WARTET)
    pks = list(
        Berichtsauftrag.objects.filter(stand=S.WARTET)
        .order_by("erstellt_am")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        auftrag_abarbeiten(pk)
    return len(pks)
