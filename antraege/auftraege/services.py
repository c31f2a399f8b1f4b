"""Orders for work longer than a request should wait: recorded, done in the
background, fetched when ready. One mechanism for every kind of order (the
Antragsübersicht PDF, an import's dry run, the confirmed import).

Who does the work is set by `settings.BERICHTE_ERZEUGEN` (the name is older
than the imports; it governs every order):

- "thread": a thread of the web process, started once the order is committed;
- "worker": only `manage.py auftraege_abarbeiten` (its own service; survives
  the recycling of web processes; an order that died with its process is
  taken up again after HAENGT_NACH);
- "sofort": inside the request (tests; visibly the same code path).

An order created with `sofort=True` is done inside the request whatever the
setting (small imports, whose result the user should see at once).
"""

import datetime
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Auftrag

log = logging.getLogger(__name__)
A, S = Auftrag.Art, Auftrag.Stand
AUFBEWAHREN = datetime.timedelta(days=7)
# An uploaded file (personal data) is kept at most this long, even when its
# order stays for its result; an older dry run cannot be confirmed any more.
EINGABE_AUFBEWAHREN = datetime.timedelta(hours=24)
# An order still "in Arbeit" after this long died with its process.
HAENGT_NACH = datetime.timedelta(minutes=30)
FEHLERTEXT = (
    "Der Auftrag konnte nicht ausgeführt werden; es wurde nichts geändert. Bitte "
    "versuchen Sie es erneut; bleibt der Fehler, informieren Sie die Administration."
)


@dataclass
class Ergebnis:
    """What a kind's worker returns: a file, data for the page, or both."""

    datei: bytes | None = None
    dateiname: str = ""
    daten: dict | None = None
    eingabe_loeschen: bool = False


@dataclass(frozen=True)
class Auftragsart:
    titel: str
    recht: str  # the permission to order it and to see the order
    ausfuehren: str  # dotted path: function(auftrag) -> Ergebnis
    ergebnis_vorlage: str  # template (partial) that shows the finished result
    # dotted path: function(auftrag) -> the partial's context, or "" for none
    kontext: str = ""
    # The work and the order's result are committed together (an import:
    # either both or neither; a second worker on the same order writes nothing).
    in_einer_transaktion: bool = False


ARTEN = {
    A.ANTRAGSUEBERSICHT: Auftragsart(
        titel="Antragsübersicht",
        recht="antraege.view_berichte",
        ausfuehren="antraege.berichte.auftraege.antragsuebersicht_erstellen",
        ergebnis_vorlage="antraege/berichte/_auftrag_ergebnis.html",
    ),
    A.IMPORT_PRUEFEN: Auftragsart(
        titel="Probelauf des Imports",
        recht="antraege.austausch",
        ausfuehren="antraege.austausch.services.pruefung_ausfuehren",
        ergebnis_vorlage="antraege/austausch/_auftrag_ergebnis.html",
        kontext="antraege.austausch.services.auftrag_kontext",
    ),
    A.IMPORT_AUSFUEHREN: Auftragsart(
        titel="Import",
        recht="antraege.austausch",
        ausfuehren="antraege.austausch.services.import_ausfuehren",
        ergebnis_vorlage="antraege/austausch/_auftrag_ergebnis.html",
        kontext="antraege.austausch.services.auftrag_kontext",
        in_einer_transaktion=True,
    ),
}


def aufraeumen():
    """Orders after AUFBEWAHREN go, uploaded files after EINGABE_AUFBEWAHREN."""
    jetzt = timezone.now()
    Auftrag.objects.filter(erstellt_am__lt=jetzt - AUFBEWAHREN).delete()
    Auftrag.objects.filter(
        erstellt_am__lt=jetzt - EINGABE_AUFBEWAHREN, eingabe__isnull=False
    ).exclude(stand__in=[S.WARTET, S.LAEUFT]).update(eingabe=None)


def auftrag_anlegen(*, art, parameter, durch, eingabe=None, vorlage=None, sofort=False):
    """Record the order (the same open order of the same person is not
    repeated) and start it once the order is committed."""
    if art not in ARTEN:
        raise ValueError(f"Unbekannte Auftragsart {art!r}")
    with transaction.atomic():
        aufraeumen()
        offen = Auftrag.objects.filter(
            art=art,
            parameter=parameter,
            erstellt_von=durch,
            vorlage=vorlage,
            stand__in=[S.WARTET, S.LAEUFT],
        ).first()
        if offen:
            return offen
        auftrag = Auftrag.objects.create(
            art=art,
            parameter=parameter,
            erstellt_von=durch,
            eingabe=eingabe,
            vorlage=vorlage,
        )
        transaction.on_commit(lambda: _starten(auftrag.pk, sofort=sofort))
    return auftrag


def _starten(pk, *, sofort=False):
    modus = settings.BERICHTE_ERZEUGEN
    if sofort or modus == "sofort":
        auftrag_abarbeiten(pk)
    elif modus == "thread":
        threading.Thread(target=_im_thread, args=(pk,), daemon=True).start()
    # "worker": `manage.py auftraege_abarbeiten` picks it up.


def _im_thread(pk):
    try:
        auftrag_abarbeiten(pk)
    finally:
        connection.close()


def auftrag_abarbeiten(pk):
    """Do one waiting order; a second worker on the same order does nothing."""
    beginn = timezone.now()
    genommen = Auftrag.objects.filter(pk=pk, stand=S.WARTET).update(
        stand=S.LAEUFT, begonnen_am=beginn
    )
    if not genommen:
        return
    auftrag = Auftrag.objects.get(pk=pk)
    art = ARTEN[auftrag.art]
    try:
        if art.in_einer_transaktion:
            with transaction.atomic():
                _festhalten(auftrag, beginn, _ausfuehren(art, auftrag))
        else:
            _festhalten(auftrag, beginn, _ausfuehren(art, auftrag))
    except _Uebernommen:
        log.warning("Auftrag %s wurde von einem anderen Prozess übernommen", pk)
    except Exception:
        log.exception("Auftrag %s ist fehlgeschlagen", pk)
        Auftrag.objects.filter(pk=pk, begonnen_am=beginn).update(
            stand=S.FEHLER, fertig_am=timezone.now(), fehler=FEHLERTEXT
        )


def _ausfuehren(art, auftrag):
    return import_string(art.ausfuehren)(auftrag)


class _Uebernommen(Exception):
    """The order was taken up again meanwhile (it seemed dead): this run's
    result is not recorded, and inside one transaction its work is undone."""


def _festhalten(auftrag, beginn, ergebnis):
    felder = {
        "stand": S.FERTIG,
        "fertig_am": timezone.now(),
        "datei": ergebnis.datei,
        "dateiname": ergebnis.dateiname[:200],
        "ergebnis": ergebnis.daten,
    }
    if ergebnis.eingabe_loeschen:
        felder["eingabe"] = None
    # begonnen_am identifies this run: only it may record its result.
    if not Auftrag.objects.filter(
        pk=auftrag.pk, stand=S.LAEUFT, begonnen_am=beginn
    ).update(**felder):
        raise _Uebernommen


def offene_abarbeiten():
    """For the worker: orders that died with their process wait again, then
    every waiting order is done, oldest first. Returns the number done."""
    Auftrag.objects.filter(
        stand=S.LAEUFT, begonnen_am__lt=timezone.now() - HAENGT_NACH
    ).update(stand=S.WARTET)
    pks = list(
        Auftrag.objects.filter(stand=S.WARTET)
        .order_by("erstellt_am")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        auftrag_abarbeiten(pk)
    return len(pks)


def auftraege_von(user, *arten, anzahl=10):
    """The person's latest orders of these kinds (without the bytes)."""
    return (
        Auftrag.objects.filter(erstellt_von=user, art__in=arten)
        .defer("eingabe", "datei", "ergebnis")
        .order_by("-erstellt_am")[:anzahl]
    )
