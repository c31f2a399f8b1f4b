"""Regionalbudget 1: the Geschäftsstelle writes, the Regionales Gremium decides."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgets.models import Budgetart
from budgets.selectors import zahlen_von

from ..models import Status
from ..services import Verweigert, antrag_anlegen, antrag_uebergang, sitzung_anlegen
from ..workflow import Aktion
from .factories import JAHR, SITZUNGSTAG, budgets_fuellen, inhalt


@pytest.fixture
def regional(welt):
    budgets_fuellen(code="regional1", gesamt="30000.00")  # 10.000 € per Region
    art = Budgetart.objects.get(code="regional1")
    region = welt.a.region
    antrag = antrag_anlegen(
        budgetart=art,
        haushaltsjahr=JAHR,
        inhaber=region,
        inhalt=inhalt(None, antragsteller="Diakonie Lüneburg", titel="Familienlotsen"),
        durch=welt.geschaeftsstelle,
    )
    return antrag


def test_nummer_der_region(regional, welt):
    assert regional.nummer == f"{JAHR}-R{welt.a.region.nummer}-001"
    assert regional.gremium == welt.a.region.regionales_gremium


def test_leitung_stellt_keine_regionalantraege(welt):
    with pytest.raises(Verweigert):
        antrag_anlegen(
            budgetart=Budgetart.objects.get(code="regional1"),
            haushaltsjahr=JAHR,
            inhaber=welt.a.region,
            inhalt=inhalt(None),
            durch=welt.leitung_a,
        )


def test_regionales_gremium_bewilligt_aus_dem_regionalbudget(regional, welt):
    gs = welt.geschaeftsstelle
    antrag_uebergang(antrag=regional, aktion=Aktion.EINREICHEN, durch=gs)
    # no Sozialraumkonzept at the level of a Region: FD 51 checks without Ziele
    antrag_uebergang(antrag=regional, aktion=Aktion.PRUEFEN, durch=welt.fd51)
    sozialkonferenz = sitzung_anlegen(
        gremium=welt.a.sozialkonferenz,
        datum=SITZUNGSTAG,
        durch=welt.leitung_a,
        landkreis_vertreten=True,
    )
    with pytest.raises(ValidationError) as fehler:
        antrag_uebergang(
            antrag=regional,
            aktion=Aktion.AUF_TAGESORDNUNG,
            durch=gs,
            sitzung=sozialkonferenz,
        )
    assert fehler.value.error_dict["sitzung"][0].code == "falsches_gremium"
    sitzung = sitzung_anlegen(
        gremium=welt.a.region.regionales_gremium,
        datum=SITZUNGSTAG,
        durch=gs,
        landkreis_vertreten=True,
    )
    antrag_uebergang(
        antrag=regional, aktion=Aktion.AUF_TAGESORDNUNG, durch=gs, sitzung=sitzung
    )
    with pytest.raises(Verweigert):  # the lead of a Sozialraum does not decide here
        antrag_uebergang(
            antrag=regional,
            aktion=Aktion.BEWILLIGEN,
            durch=welt.leitung_a,
            sitzung=sitzung,
            betrag=Decimal("2000.00"),
        )
    antrag_uebergang(
        antrag=regional,
        aktion=Aktion.BEWILLIGEN,
        durch=gs,
        sitzung=sitzung,
        betrag=Decimal("2000.00"),
    )
    regional.refresh_from_db()
    assert regional.status == Status.BEWILLIGT
    budget = welt.a.region.budgets.get(haushaltsjahr=JAHR, budgetart__code="regional1")
    assert zahlen_von(budget).gebunden == Decimal("2000.00")
    assert zahlen_von(budget).verfuegbar == Decimal("8000.00")


def test_geschaeftsstelle_schreibt_regionalantrag_im_browserformular(client, welt):
    client.force_login(welt.geschaeftsstelle)
    seite = client.get(reverse("antraege:anlegen"))
    assert seite.status_code == 200
    assert "Regionalbudget 1" in seite.content.decode()
    assert "Ziele des Sozialraumkonzepts" not in seite.content.decode()
