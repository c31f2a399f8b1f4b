"""What only PostgreSQL shows: the contract's locks under real concurrency, and
the triggers that keep the audit trail append-only."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction

from budgets import services as ledger
from budgets.models import Buchung, Buchungsart, Budgetart
from konten.models import Rolle
from sozialraum.models import Sozialraum
from sozialraum.tests.factories import TraegerFactory, benutzer_mit_rolle

from .. import services
from ..models import Sozialraumvertrag, Vertragsjahr, Vorgang
from ..selectors import zahlen_des_jahres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

D = datetime.date
N = 8


def gleichzeitig(funktion, n=N):
    """Run `funktion(i)` in n threads that start together; results in order."""
    start = threading.Barrier(n)
    ergebnisse = [None] * n

    def lauf(i):
        try:
            start.wait()
            try:
                ergebnisse[i] = funktion(i)
            except Exception as exc:  # the test looks at it
                ergebnisse[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lauf, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return ergebnisse


def abgelehnt(ergebnisse):
    """The refusals; anything else that went wrong (a crash, a deadlock, a
    unique violation) fails the test."""
    andere = [
        e
        for e in ergebnisse
        if isinstance(e, Exception) and not isinstance(e, ValidationError)
    ]
    assert not andere, andere
    assert None not in ergebnisse
    return [e for e in ergebnisse if isinstance(e, ValidationError)]


@pytest.fixture
def welt_pg(grunddaten):
    art = Budgetart.objects.get(code="gebunden")
    ledger.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag="2000000.00")
    fd51 = benutzer_mit_rolle(Rolle.FACHDIENST_51)
    sozialraum = Sozialraum.objects.get(kuerzel="ADE")
    return fd51, sozialraum


def test_gleichzeitige_ueberschneidende_vertraege_nur_einer(welt_pg):
    fd51, sozialraum = welt_pg
    traeger = [TraegerFactory() for _ in range(N)]

    ergebnisse = gleichzeitig(
        lambda i: services.vertrag_anlegen(
            sozialraum=sozialraum,
            traeger=traeger[i],
            beginn=D(2013, 1, 1) + datetime.timedelta(days=i),
            ende=D(2016, 12, 31),
            durch=fd51,
        )
    )

    assert Sozialraumvertrag.objects.count() == 1
    fehler = abgelehnt(ergebnisse)
    assert len(fehler) == N - 1
    assert all(e.error_dict["beginn"][0].code == "ueberschneidung" for e in fehler)


@pytest.fixture
def jahr(welt_pg):
    fd51, sozialraum = welt_pg
    vertrag = services.vertrag_anlegen(
        sozialraum=sozialraum,
        traeger=TraegerFactory(),
        beginn=D(2013, 1, 1),
        ende=D(2016, 12, 31),
        durch=fd51,
    )
    vj = services.jahr_festsetzen(
        vertrag=vertrag,
        haushaltsjahr=2013,
        personalkosten=Decimal("100000.00"),
        sachkosten=Decimal("0"),
        beratung=Decimal("0"),
        durch=fd51,
    )
    return fd51, vj


def test_gleichzeitig_doppelt_abgeschickte_zahlung_zahlt_einmal(jahr):
    fd51, vj = jahr
    schluessel = uuid.uuid4()

    ergebnisse = gleichzeitig(
        lambda i: services.zahlung_erfassen(
            vertragsjahr=vj, durch=fd51, formular_schluessel=schluessel
        )
    )

    assert not abgelehnt(ergebnisse)
    assert len({v.pk for v in ergebnisse}) == 1
    assert Buchung.objects.filter(art=Buchungsart.AUSZAHLUNG).count() == 1
    assert zahlen_des_jahres(vj).ausgezahlt == Decimal("25000.00")


def test_gleichzeitige_zahlungen_nicht_mehr_als_gebunden(jahr):
    fd51, vj = jahr

    ergebnisse = gleichzeitig(
        lambda i: services.zahlung_erfassen(
            vertragsjahr=vj, durch=fd51, betrag=Decimal("30000.00")
        )
    )

    assert len(abgelehnt(ergebnisse)) == N - 3
    assert zahlen_des_jahres(vj).ausgezahlt == Decimal("90000.00")
    assert Vorgang.objects.filter(art=Vorgang.Art.ZAHLUNG).count() == 3


def test_gleichzeitig_festgesetztes_jahr_wird_einmal_gebunden(welt_pg):
    fd51, sozialraum = welt_pg
    vertrag = services.vertrag_anlegen(
        sozialraum=sozialraum,
        traeger=TraegerFactory(),
        beginn=D(2013, 1, 1),
        ende=D(2013, 12, 31),
        durch=fd51,
    )

    ergebnisse = gleichzeitig(
        lambda i: services.jahr_festsetzen(
            vertrag=vertrag,
            haushaltsjahr=2013,
            personalkosten=Decimal("100000.00"),
            sachkosten=Decimal("0"),
            beratung=Decimal("0"),
            durch=fd51,
        )
    )

    assert not abgelehnt(ergebnisse)
    vj = Vertragsjahr.objects.get()
    assert Buchung.objects.filter(art=Buchungsart.BINDUNG).count() == 1
    assert zahlen_des_jahres(vj).gebunden == Decimal("100000.00")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE vertraege_vorgang SET beschreibung = 'x' WHERE id = %s",
        "DELETE FROM vertraege_vorgang WHERE id = %s",
        "DELETE FROM vertraege_vorgang_buchungen WHERE vorgang_id = %s",
        "DELETE FROM vertraege_vertragsjahr_bindungen WHERE vertragsjahr_id = %s",
    ],
)
def test_trigger_halten_den_verlauf_unveraenderlich(jahr, sql):
    _, vj = jahr
    vorgang = vj.vorgaenge.get()
    ziel = vj.pk if "vertragsjahr_bindungen" in sql else vorgang.pk
    with (
        pytest.raises(DatabaseError, match="unveraenderlich"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [ziel])
    assert vj.bindungen.count() == 1 and vorgang.buchungen.count() == 1
