"""The workflow table, exhaustively: every (state, action, role).

Every legal step is taken by every role the table allows; every other
combination is refused with the application, its history and the ledger
unchanged. The expected outcome is read from `workflow.TABELLE`; which test
user stands for which party of the table is fixed here.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from budgets.models import Buchung

from ..models import Antrag, Beschluss, Status, Statuswechsel
from ..services import Verweigert, antrag_uebergang
from ..workflow import BUERO, FD51, TABELLE, Aktion
from .factories import antrag_im_status, sitzung_fuer

ROLLEN = ["leitung_a", "leitung_b", "geschaeftsstelle", "jha", "fd51", "admin"]
# The application belongs to Sozialraum A: its office is A's lead. B's lead, the
# Region's Geschäftsstelle (the office of Regionalbudget applications only),
# the JHA and the administrator are neither party.
PARTEI = {BUERO: {"leitung_a"}, FD51: {"fd51"}}
AKTIONEN = [a for a in Aktion if a != Aktion.ANLEGEN]
# Recorded in the history without a change of state, by its own service:
# `antrag_uebergang` refuses it in every state.
OHNE_UEBERGANG = {Aktion.ANTEIL_ZUSTIMMEN}


def erlaubte_rollen(uebergang):
    return sorted(set().union(*(PARTEI[w] for w in uebergang.wer)))


ERLAUBT = [
    pytest.param(u.von, u.aktion, rolle, id=f"{u.von}-{u.aktion}-{rolle}")
    for u in TABELLE.values()
    for rolle in erlaubte_rollen(u)
]


def angaben(welt, antrag, aktion, sitzung):
    """What the action needs, for an application built by `antrag_im_status`
    (approved 1.500 €, 500 € paid before the proof of use)."""
    if aktion == Aktion.AUF_TAGESORDNUNG:
        # A deferred application goes on a later Sitzung's agenda; the one
        # that deferred it has decided already.
        neu = sitzung is None or antrag.status == Status.ZURUECKGESTELLT
        return {"sitzung": sitzung_fuer(welt) if neu else sitzung}
    if aktion in (Aktion.ABLEHNEN, Aktion.ZURUECKSTELLEN):
        return {"sitzung": sitzung or sitzung_fuer(welt)}
    if aktion == Aktion.BEWILLIGEN:
        return {"sitzung": sitzung or sitzung_fuer(welt), "betrag": Decimal("1000.00")}
    if aktion in (Aktion.RUECKFRAGE, Aktion.VETO):
        return {"kommentar": "Bitte erläutern."}
    if aktion == Aktion.AUSZAHLEN:
        return {"betrag": Decimal("500.00")}
    if aktion == Aktion.NACHWEIS_EINREICHEN:
        return {"betrag": Decimal("1200.00")}
    if aktion == Aktion.ABSCHLIESSEN:
        return {"betrag": Decimal("500.00")}
    return {}


def stand(antrag):
    antrag = Antrag.objects.get(pk=antrag.pk)
    return {
        "status": antrag.status,
        "version": antrag.version,
        "bewilligt": antrag.bewilligt,
        "statuswechsel": Statuswechsel.objects.count(),
        "beschluesse": Beschluss.objects.count(),
        "buchungen": Buchung.objects.count(),
    }


def test_tabelle_deckt_jede_aktion_ab():
    """No action without a row, no row from a final state."""
    assert {u.aktion for u in TABELLE.values()} == set(AKTIONEN) - OHNE_UEBERGANG
    for (_aktion, von), u in TABELLE.items():
        assert von not in (Status.ABGESCHLOSSEN, Status.ZURUECKGEZOGEN, Status.VETO)
        assert u.wer <= {BUERO, FD51}


@pytest.mark.parametrize(("status", "aktion", "rolle"), ERLAUBT)
def test_erlaubter_uebergang(welt, status, aktion, rolle):
    antrag, sitzung = antrag_im_status(welt, status)
    vorher = stand(antrag)
    user = welt.rolle(rolle)

    wechsel = antrag_uebergang(
        antrag=antrag,
        aktion=aktion,
        durch=user,
        **angaben(welt, antrag, aktion, sitzung),
    )

    nach = TABELLE[(aktion, status)].nach
    antrag.refresh_from_db()
    assert antrag.status == nach
    assert antrag.version == vorher["version"] + 1
    letzter = antrag.statuswechsel.order_by("-pk").first()
    assert letzter.pk == wechsel.pk
    assert (letzter.von, letzter.nach, letzter.durch, letzter.aktion) == (
        status,
        nach,
        user,
        aktion,
    )
    assert Statuswechsel.objects.count() == vorher["statuswechsel"] + 1


@pytest.mark.parametrize("status", list(Status))
def test_jede_andere_kombination_wird_verweigert(welt, status):
    """One application in `status`; every action by every role not allowed to
    take it is tried in a savepoint, so a step wrongly allowed cannot hide the
    next one's result (and the application is built once, not 80 times)."""
    antrag, sitzung = antrag_im_status(welt, status)
    vorher = stand(antrag)
    fehler = []
    versuche = 0

    for aktion in AKTIONEN:
        uebergang = TABELLE.get((aktion, status))
        erlaubt = erlaubte_rollen(uebergang) if uebergang else []
        erwartet = "verweigert" if uebergang else "nicht_erlaubt"
        kwargs = angaben(welt, antrag, aktion, sitzung)
        for rolle in ROLLEN:
            if rolle in erlaubt:
                continue
            versuche += 1
            with transaction.atomic():
                try:
                    antrag_uebergang(
                        antrag=antrag, aktion=aktion, durch=welt.rolle(rolle), **kwargs
                    )
                except Verweigert:
                    ergebnis = "verweigert"
                except ValidationError as exc:
                    ergebnis = exc.code
                else:
                    ergebnis = "ausgefuehrt"
                # Inside the savepoint: what the refusal left behind.
                danach = stand(antrag)
                transaction.set_rollback(True)
            if ergebnis != erwartet or danach != vorher:
                fehler.append(
                    f"{aktion} durch {rolle}: {ergebnis} (erwartet {erwartet}), "
                    f"danach {danach}"
                )

    assert not fehler, f"im Status {status}:\n" + "\n".join(fehler)
    assert versuche == len(AKTIONEN) * len(ROLLEN) - sum(
        1 for p in ERLAUBT if p.values[0] == status
    )
    assert stand(antrag) == vorher
