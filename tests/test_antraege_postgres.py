"""Applications on PostgreSQL: decisions racing for the last euros of a budget,
and the triggers that keep the history and the decisions append-only."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction

from antraege.models import Antrag, Beschluss, Sitzung, Status, Themenfeld
from antraege.services import antrag_uebergang
from antraege.tests.factories import (
    JAHR,
    antrag_im_status,
    budgets_fuellen,
    sitzung_fuer,
)
from antraege.workflow import Aktion
from budgets import services as budgets
from budgets.models import Buchung, Buchungsart, Budget
from budgets.selectors import zahlen_von
from konten.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def welt_mit_budget(welt):
    """A's Projektmittel: 10.000,00 €. Transactional tests empty every table
    afterwards, the Themenfelder seeded by a migration included."""
    Themenfeld.objects.get_or_create(name="Kinder- und Jugendhilfe")
    budgets_fuellen()
    welt._budgets_gefuellt = True
    return welt


def gleichzeitig_bewilligen(welt, auftraege):
    """Approve each (antrag, sitzung, betrag) in its own thread, all at the
    same moment; returns {antrag pk: "bewilligt" or the refusal's code}."""
    start = threading.Barrier(len(auftraege))
    ergebnisse = {}
    sperre = threading.Lock()

    def bewilligen(antrag_pk, sitzung_pk, betrag):
        try:
            # Each thread reads its own objects, on its own connection.
            antrag = Antrag.objects.get(pk=antrag_pk)
            sitzung = Sitzung.objects.get(pk=sitzung_pk)
            leitung = User.objects.get(pk=welt.leitung_a.pk)
            start.wait(timeout=30)
            try:
                antrag_uebergang(
                    antrag=antrag,
                    aktion=Aktion.BEWILLIGEN,
                    durch=leitung,
                    sitzung=sitzung,
                    betrag=betrag,
                )
                ergebnis = "bewilligt"
            except ValidationError as exc:
                ergebnis = exc.code
            with sperre:
                ergebnisse[antrag_pk] = ergebnis
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=bewilligen, args=(a.pk, s.pk, betrag))
        for a, s, betrag in auftraege
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return ergebnisse


def test_zwei_sitzungen_ueberziehen_das_budget_nicht(welt_mit_budget):
    """Two Sitzungen of A's Sozialkonferenz each approve 80 % of what is left
    at the same moment: one gets it, the other is refused. Five rounds, down
    to the last cents, because a single race may happen not to overlap."""
    welt = welt_mit_budget
    budget = Budget.objects.get(
        budgetart__code="projektmittel", haushaltsjahr=JAHR, sozialraum=welt.a
    )
    erste, zweite = sitzung_fuer(welt), sitzung_fuer(welt)
    budgets.binden(budget=budget, betrag=Decimal("9000.00"), referenz="vorher")
    rest = Decimal("1000.00")
    gewinner = []

    for runde in range(5):
        x, _ = antrag_im_status(welt, Status.ZUR_BERATUNG, sitzung=erste)
        y, _ = antrag_im_status(welt, Status.ZUR_BERATUNG, sitzung=zweite)
        assert zahlen_von(budget).verfuegbar == rest
        betrag = (rest * Decimal("0.8")).quantize(Decimal("0.01"))

        ergebnisse = gleichzeitig_bewilligen(
            welt, [(x, erste, betrag), (y, zweite, betrag)]
        )

        assert sorted(ergebnisse.values()) == ["bewilligt", "nicht_verfuegbar"], (
            runde,
            ergebnisse,
        )
        rest -= betrag
        z = zahlen_von(budget)
        assert z.verfuegbar == rest >= 0
        (sieger,) = [pk for pk, e in ergebnisse.items() if e == "bewilligt"]
        (verlierer,) = [pk for pk, e in ergebnisse.items() if e != "bewilligt"]
        assert Antrag.objects.get(pk=sieger).status == Status.BEWILLIGT
        assert Antrag.objects.get(pk=verlierer).status == Status.ZUR_BERATUNG
        assert not Beschluss.objects.filter(antrag=verlierer).exists()
        gewinner.append(sieger)

    assert rest == Decimal("0.32")
    assert sorted(Beschluss.objects.values_list("antrag", flat=True)) == sorted(
        gewinner
    )
    bindungen = Buchung.objects.filter(art=Buchungsart.BINDUNG).exclude(
        referenz="vorher"
    )
    assert sorted(b.referenz for b in bindungen) == sorted(
        Antrag.objects.filter(pk__in=gewinner).values_list("nummer", flat=True)
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE antraege_statuswechsel SET kommentar = 'x' WHERE antrag_id = %s",
        "DELETE FROM antraege_statuswechsel WHERE antrag_id = %s",
        "UPDATE antraege_beschluss SET betrag = 1 WHERE antrag_id = %s",
        "DELETE FROM antraege_beschluss WHERE antrag_id = %s",
    ],
)
def test_trigger_schuetzen_verlauf_und_beschluesse(welt_mit_budget, sql):
    antrag, _ = antrag_im_status(welt_mit_budget, Status.BEWILLIGT)
    verlauf = list(antrag.statuswechsel.values_list("pk", "kommentar"))
    beschluss = list(antrag.beschluesse.values_list("pk", "betrag"))
    with (
        pytest.raises(DatabaseError, match="unveraenderlich"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [antrag.pk])
    assert list(antrag.statuswechsel.values_list("pk", "kommentar")) == verlauf
    assert list(antrag.beschluesse.values_list("pk", "betrag")) == beschluss
