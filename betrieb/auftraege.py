"""Orders for work longer than a request should wait: recorded, done in the
background, fetched when ready. One mechanism for every kind of order (the
Antragsübersicht PDF, an import's dry run, the confirmed import).

The queue and the workers are Django's task framework (django-tasks with the
database backend of django-tasks-db; `manage.py db_worker` is the worker).
An order (Auftrag) keeps what the engine does not: who ordered what, its state
for the page, the result file, the uploaded file, deletion after seven days,
"the same form twice gives one order". Committing the order enqueues one task;
the task takes the order from "wartet" to "in Arbeit" in one UPDATE, so a
second run of the same order does nothing. A run that dies (its worker killed,
the machine down) is never started again: after HAENGT_NACH the order counts
as failed, once, and a result that arrives later is thrown away (an import's
writes with it, since they share one transaction).

An order created with `sofort=True` runs inside the request (task backend
"sofort"): small imports, whose result the user should see at once. The test
settings make every order run that way.
"""

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

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
ABGEBROCHEN = (
    "Der Auftrag wurde abgebrochen (der Hintergrunddienst hat ihn nicht beendet); "
    "es wurde nichts geändert. Bitte versuchen Sie es erneut."
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
        ausfuehren="berichte.auftraege.antragsuebersicht_erstellen",
        ergebnis_vorlage="berichte/_auftrag_ergebnis.html",
    ),
    A.IMPORT_PRUEFEN: Auftragsart(
        titel="Probelauf des Imports",
        recht="antraege.austausch",
        ausfuehren="austausch.services.pruefung_ausfuehren",
        ergebnis_vorlage="austausch/_auftrag_ergebnis.html",
        kontext="austausch.services.auftrag_kontext",
    ),
    A.IMPORT_AUSFUEHREN: Auftragsart(
        titel="Import",
        recht="antraege.austausch",
        ausfuehren="austausch.services.import_ausfuehren",
        ergebnis_vorlage="austausch/_auftrag_ergebnis.html",
        kontext="austausch.services.auftrag_kontext",
        in_einer_transaktion=True,
    ),
}


def aufraeumen():
    """Orders after AUFBEWAHREN go (with the engine's rows of their tasks),
    uploaded files after EINGABE_AUFBEWAHREN; a run that died fails, once."""
    jetzt = timezone.now()
    Auftrag.objects.filter(erstellt_am__lt=jetzt - AUFBEWAHREN).delete()
    Auftrag.objects.filter(
        erstellt_am__lt=jetzt - EINGABE_AUFBEWAHREN, eingabe__isnull=False
    ).exclude(stand__in=[S.WARTET, S.LAEUFT]).update(eingabe=None)
    Auftrag.objects.filter(stand=S.LAEUFT, begonnen_am__lt=jetzt - HAENGT_NACH).update(
        stand=S.FEHLER, fertig_am=jetzt, fehler=ABGEBROCHEN
    )
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(
            task_path=auftrag_ausfuehren.module_path,
            enqueued_at__lt=jetzt - AUFBEWAHREN,
        ).delete()


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
        aufgabe = auftrag_ausfuehren.using(backend="sofort") if sofort else None
        transaction.on_commit(
            lambda: (aufgabe or auftrag_ausfuehren).enqueue(str(auftrag.pk))
        )
    return auftrag


@task()
def auftrag_ausfuehren(pk: str):
    """The task the engine runs for one order (its only argument: the key)."""
    auftrag_abarbeiten(pk)


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
        log.warning("Auftrag %s wurde inzwischen als abgebrochen gezählt", pk)
    except BaseException:
        # Also a worker stopped mid-run (SystemExit): the order fails once, the
        # engine records the traceback and never starts the task again.
        log.exception("Auftrag %s ist fehlgeschlagen", pk)
        Auftrag.objects.filter(pk=pk, stand=S.LAEUFT, begonnen_am=beginn).update(
            stand=S.FEHLER, fertig_am=timezone.now(), fehler=FEHLERTEXT
        )
        raise


def _ausfuehren(art, auftrag):
    return import_string(art.ausfuehren)(auftrag)


class _Uebernommen(Exception):
    """The order was counted as failed meanwhile (it seemed dead): this run's
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


def auftraege_von(user, *arten, anzahl=10):
    """The person's latest orders of these kinds (without the bytes)."""
    return (
        Auftrag.objects.filter(erstellt_von=user, art__in=arten)
        .defer("eingabe", "datei", "ergebnis")
        .order_by("-erstellt_am")[:anzahl]
    )
