"""Helpers for the contract tests (fixtures are in conftest.py)."""

from decimal import Decimal

from .. import services


def d(text):
    return Decimal(text)


def budget(art, sozialraum, jahr=2013):
    return art.budget_set.get(haushaltsjahr=jahr, sozialraum=sozialraum)


def festsetzen(
    vertrag,
    durch,
    jahr=2013,
    personal="80000.00",
    sach="12000.00",
    beratung="8000.00",
    **kwargs,
):
    return services.jahr_festsetzen(
        vertrag=vertrag,
        haushaltsjahr=jahr,
        personalkosten=d(personal),
        sachkosten=d(sach),
        beratung=d(beratung),
        durch=durch,
        **kwargs,
    )
