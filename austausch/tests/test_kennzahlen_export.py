"""The Kennzahlen export (issue 15): the same figures as the pages, with "< 5"
for those who may not see small numbers, German CSV, XLSX cells as numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kennzahlen.tests.factories import gemeldet

pytestmark = pytest.mark.django_db


def _csv(client, user):
    client.force_login(user)
    r = client.get(
        reverse("austausch:kennzahlen_export", kwargs={"jahr": 2013, "format": "csv"})
    )
    assert r.status_code == 200
    return r.content.decode("utf-8-sig").splitlines()


def test_csv_fd51_genau_jha_kleiner_5(client, welt):
    gemeldet(welt, quartal=1, neu=3, beratung=1250)
    fd51 = _csv(client, welt.fd51)
    assert fd51[0].startswith("Sozialraum;Kürzel;Region;Jahr;Quartal;Version;Status")
    adendorf = [z for z in fd51 if z.startswith("Adendorf;")]
    assert len(adendorf) == 5  # four quarters and the year
    assert adendorf[0].endswith(";3;25;60;1250")
    jha = [z for z in _csv(client, welt.jha) if z.startswith("Adendorf;")]
    assert jha[0].endswith(";< 5;25;60;1250")
    # the Leitung of B sees only her own Büro
    assert not [z for z in _csv(client, welt.leitung_b) if z.startswith("Adendorf;")]


def test_xlsx_zahlen_als_zahlen(client, welt):
    gemeldet(welt, quartal=1)
    client.force_login(welt.fd51)
    r = client.get(
        reverse("austausch:kennzahlen_export", kwargs={"jahr": 2013, "format": "xlsx"})
    )
    blatt = load_workbook(io.BytesIO(r.content)).active
    zeilen = [[c.value for c in z] for z in blatt.iter_rows()]
    adendorf = next(z for z in zeilen if z[0] == "Adendorf")
    assert adendorf[-4:] == [30, 25, 60, 250]


def test_unbekanntes_format(client, welt):
    client.force_login(welt.fd51)
    r = client.get(
        reverse("austausch:kennzahlen_export", kwargs={"jahr": 2013, "format": "pdf"})
    )
    assert r.status_code == 404
