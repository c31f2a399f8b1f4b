"""Retention: old Aktenzeichen become "anonymisiert"; the figures stay."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from budgets.models import Buchung, Budget
from budgets.selectors import Zahlen, mit_zahlen

from .. import services
from ..models import ANONYM, Anonymisierungslauf, Hilfe
from ..selectors import summen
from .factories import JAHR, hilfe, rb2_zuweisen

pytestmark = pytest.mark.django_db
ALT = JAHR - 12


@pytest.fixture
def hilfen(welt):
    for jahr in (ALT, JAHR - 5):
        rb2_zuweisen(jahr=jahr)
    alt = [
        hilfe(welt.a.region, aktenzeichen=f"51-{ALT}-000{i}", jahr=ALT)
        for i in range(4)
    ]
    services.hilfe_auszahlen(hilfe=alt[0], betrag="250.00")
    services.hilfe_beenden(hilfe=alt[1], ende=datetime.date(ALT, 3, 31))
    neuer = hilfe(welt.b.region, aktenzeichen="51-2020-0001", jahr=JAHR - 5)
    return alt, neuer


def stand():
    """Every figure the system shows, and the ledger itself."""
    zahlen = [(b.pk, Zahlen.aus(b)) for b in mit_zahlen(Budget.objects.order_by("pk"))]
    buchungen = list(Buchung.objects.order_by("pk").values())
    return zahlen, buchungen, summen(ALT, mit_verborgenen_werten=True)


def test_anonymisiert_und_zahlen_bleiben(hilfen, welt):
    alt, neuer = hilfen
    vorher = stand()
    lauf = services.hilfen_anonymisieren(prozess="Test", durch=welt.fd51)
    assert lauf.anzahl == 4 and lauf.jahre == 10 and lauf.durch == welt.fd51
    assert lauf.stichtag == services.stichtag_fuer(10)
    for h in Hilfe.objects.filter(haushaltsjahr=ALT):
        assert h.aktenzeichen == ANONYM and h.ist_anonymisiert
    neuer.refresh_from_db()
    assert neuer.aktenzeichen == "51-2020-0001"
    assert stand() == vorher


def test_idempotent_und_jeder_lauf_protokolliert(hilfen):
    services.hilfen_anonymisieren(prozess="cron")
    erster = Hilfe.objects.get(pk=hilfen[0][0].pk).anonymisiert_am
    zweiter = services.hilfen_anonymisieren(prozess="cron")
    assert zweiter.anzahl == 0
    assert Hilfe.objects.get(pk=hilfen[0][0].pk).anonymisiert_am == erster
    assert list(Anonymisierungslauf.objects.values_list("anzahl", flat=True)) == [0, 4]


def test_frist_in_jahren(hilfen):
    assert services.hilfen_anonymisieren(jahre=4, prozess="Test").anzahl == 5


def test_befehl_und_probelauf(hilfen):
    aus = StringIO()
    call_command("hilfen_anonymisieren", "--dry-run", stdout=aus)
    assert "Probelauf: 4 Hilfe(n)" in aus.getvalue()
    assert not Anonymisierungslauf.objects.exists()
    assert not Hilfe.objects.filter(aktenzeichen=ANONYM).exists()
    aus = StringIO()
    call_command("hilfen_anonymisieren", stdout=aus)
    assert "4 Hilfe(n)" in aus.getvalue()
    lauf = Anonymisierungslauf.objects.get()
    assert "hilfen_anonymisieren" in lauf.prozess and lauf.durch is None
    call_command("hilfen_anonymisieren", "--jahre", "4", stdout=StringIO())
    assert Anonymisierungslauf.objects.first().anzahl == 1


@override_settings(HILFEN_AUFBEWAHRUNG_JAHRE=13)
def test_frist_aus_den_einstellungen(hilfen):
    assert services.hilfen_anonymisieren(prozess="Test").anzahl == 0


def test_protokollseite_zeigt_laeufe(client, hilfen, welt):
    services.hilfen_anonymisieren(prozess="cron auf dem Server")
    client.force_login(welt.admin)
    seite = client.get(reverse("hilfen:protokoll")).content.decode()
    assert "cron auf dem Server" in seite
