"""Issue 18 under real concurrency (PostgreSQL): a form posted several times at
once books one Hilfe; so does the same case posted from several pages."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets.selectors import zahlen_von
from budgets.vertraege.tests.test_postgres import N, gleichzeitig

from ..models import Hilfe
from .factories import hilfe, rb2_budget, rb2_zuweisen

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region(welt):
    rb2_zuweisen()
    return welt.a.region


def test_gleichzeitig_doppelt_abgeschickt_bucht_einmal(region):
    schluessel = uuid.uuid4()
    ergebnisse = gleichzeitig(
        lambda i: hilfe(
            region, aktenzeichen="51-2026-9001", formular_schluessel=schluessel
        )
    )
    assert not [e for e in ergebnisse if isinstance(e, Exception)], ergebnisse
    assert len({h.pk for h in ergebnisse}) == 1
    assert Hilfe.objects.count() == 1
    assert zahlen_von(rb2_budget(region)).gebunden == Decimal("1000.00")


def test_gleichzeitig_dasselbe_aktenzeichen_von_mehreren_seiten(region):
    ergebnisse = gleichzeitig(
        lambda i: hilfe(
            region, aktenzeichen="51-2026-9002", formular_schluessel=uuid.uuid4()
        )
    )
    fehler = [e for e in ergebnisse if isinstance(e, Exception)]
    assert all(isinstance(e, ValidationError) for e in fehler), fehler
    assert len(fehler) == N - 1
    assert all("doppelt_bestaetigt" in e.error_dict for e in fehler)
    assert Hilfe.objects.count() == 1
    assert zahlen_von(rb2_budget(region)).gebunden == Decimal("1000.00")
