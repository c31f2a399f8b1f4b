"""What only PostgreSQL can show: row locks under real concurrency, triggers."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction

from budgets import services
from budgets.models import Buchung, Buchungsart, Budget, Budgetart
from budgets.selectors import zahlen_von

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_fuenfzig_gleichzeitige_bindungen_ueberziehen_nicht(grunddaten):
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(
        budgetart=art, haushaltsjahr=2013, gesamtbetrag=Decimal("100000.00")
    )
    budget = Budget.objects.get(
        budgetart=art, haushaltsjahr=2013, sozialraum__kuerzel="ADE"
    )
    assert zahlen_von(budget).verfuegbar == Decimal("10000.00")

    start = threading.Barrier(50)
    ergebnisse = []
    sperre = threading.Lock()

    def binden():
        try:
            start.wait()
            try:
                services.binden(budget=budget, betrag=Decimal("300.00"))
                ergebnis = "gebunden"
            except ValidationError as exc:
                assert exc.code == "nicht_verfuegbar"
                ergebnis = "abgelehnt"
            with sperre:
                ergebnisse.append(ergebnis)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=binden) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert ergebnisse.count("gebunden") == 33
    assert ergebnisse.count("abgelehnt") == 17
    z = zahlen_von(budget)
    assert z.gebunden == Decimal("9900.00")
    assert z.verfuegbar == Decimal("100.00")
    assert Buchung.objects.filter(budget=budget, art=Buchungsart.BINDUNG).count() == 33


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE budgets_buchung SET betrag = 1 WHERE id = %s",
        "DELETE FROM budgets_buchung WHERE id = %s",
    ],
)
def test_trigger_verweigert_update_und_delete_in_rohem_sql(grunddaten, sql):
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag=Decimal("100.00"))
    buchung = Buchung.objects.first()
    with (
        pytest.raises(DatabaseError, match="unveraenderlich"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [buchung.pk])
    assert Buchung.objects.get(pk=buchung.pk).betrag == buchung.betrag


def test_abschluss_wartet_auf_laufende_buchungen(grunddaten):
    """A booking under way when the closing starts is seen by the closing."""
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag=Decimal("100.00"))
    gebucht = threading.Event()
    weiter = threading.Event()
    fehler = []

    def buchen():
        try:
            with transaction.atomic():
                services.zuweisen(
                    budgetart=art, haushaltsjahr=2013, gesamtbetrag=Decimal("50.00")
                )
                gebucht.set()
                weiter.wait(timeout=30)  # still uncommitted while the closing starts
        except Exception as exc:  # noqa: BLE001 (reported below)
            fehler.append(exc)
        finally:
            connections.close_all()

    def abschliessen():
        try:
            gebucht.wait(timeout=30)
            services.jahresabschluss(jahr=2013)
        except Exception as exc:  # noqa: BLE001
            fehler.append(exc)
        finally:
            connections.close_all()

    a = threading.Thread(target=buchen)
    b = threading.Thread(target=abschliessen)
    a.start()
    b.start()
    gebucht.wait(timeout=30)
    b.join(timeout=1.0)  # the closing must be waiting for the booking
    assert b.is_alive()
    weiter.set()
    a.join(timeout=60)
    b.join(timeout=60)
    assert not fehler, fehler
    for budget in Budget.objects.filter(haushaltsjahr=2013):
        assert zahlen_von(budget).verfuegbar == 0, budget
    assert sum(
        zahlen_von(b).uebertrag for b in Budget.objects.filter(haushaltsjahr=2014)
    ) == Decimal("150.00")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE budgets_budget SET haushaltsjahr = 2099 WHERE id = %s",
        "DELETE FROM budgets_budget WHERE id = %s",
        "UPDATE budgets_verteilung SET gesamtbetrag = 1 WHERE id = %s",
        "DELETE FROM budgets_jahresabschluss WHERE id = %s",
    ],
)
def test_trigger_schuetzen_budget_verteilung_und_abschluss(grunddaten, sql):
    art = Budgetart.objects.get(code="projektmittel")
    verteilung = services.zuweisen(
        budgetart=art, haushaltsjahr=2012, gesamtbetrag=Decimal("100.00")
    )
    abschluss, _ = services.jahresabschluss(jahr=2012)
    ziel = {
        "budgets_budget": verteilung.zuweisungen.first().budget_id,
        "budgets_verteilung": verteilung.pk,
        "budgets_jahresabschluss": abschluss.pk,
    }[sql.split()[2] if sql.startswith("DELETE") else sql.split()[1]]
    with (
        pytest.raises(DatabaseError, match="unveraenderlich"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [ziel])
