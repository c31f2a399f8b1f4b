"""Booking, paying, lowering and ending Hilfen; every refusal books nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from budgets import services as ledger
from budgets.models import Buchung, Buchungsart, Jahresabschluss
from budgets.selectors import zahlen_von

from .. import services
from ..models import Hilfe, Hilfeart, Nummernkreis
from .factories import JAHR, hilfe, rb2_budget, rb2_zuweisen

pytestmark = pytest.mark.django_db


@pytest.fixture
def rb2(welt):
    rb2_zuweisen()  # 30.000,00 € per Region
    return welt


def codes(exc):
    return {f.code for fehler in exc.value.error_dict.values() for f in fehler}


def test_buchen_bindet_im_regionalbudget_2_der_region(rb2):
    region = rb2.a.region
    h = hilfe(region, aktenzeichen="51-2026-0815", kosten="1234.56", durch=rb2.fd51)
    assert h.nummer == f"H-{JAHR}-0001"
    assert h.bindung.art == Buchungsart.BINDUNG
    assert h.bindung.budget == rb2_budget(region)
    assert h.bindung.betrag == D("1234.56")
    z = zahlen_von(rb2_budget(region))
    assert z.gebunden == D("1234.56") and z.verfuegbar == D("28765.44")
    # the ledger knows the neutral number only
    assert h.bindung.text == f"Hilfe {h.nummer}" and h.bindung.referenz == h.nummer
    assert not Buchung.objects.filter(text__contains="0815").exists()
    assert hilfe(region).nummer == f"H-{JAHR}-0002"


def _nichts_gebucht(vorher):
    assert Buchung.objects.count() == vorher
    assert not Hilfe.objects.exists()
    assert not Nummernkreis.objects.filter(letzte__gt=0).exists()


def test_ohne_bedarfsfeststellung_wird_nicht_gebucht(rb2):
    vorher = Buchung.objects.count()
    with pytest.raises(ValidationError) as info:
        hilfe(rb2.a.region, bedarf_festgestellt_am=None)
    assert codes(info) == {"bedarf_fehlt"}
    assert "Jugendhilfebedarf" in str(info.value)
    _nichts_gebucht(vorher)


def test_ende_vor_beginn_wird_abgelehnt(rb2):
    vorher = Buchung.objects.count()
    with pytest.raises(ValidationError) as info:
        hilfe(
            rb2.a.region,
            beginn=datetime.date(JAHR, 6, 1),
            ende=datetime.date(JAHR, 5, 31),
        )
    assert codes(info) == {"ende_vor_beginn"}
    _nichts_gebucht(vorher)


def test_ueber_den_jahreswechsel_wird_abgelehnt(rb2):
    with pytest.raises(ValidationError) as info:
        hilfe(
            rb2.a.region,
            beginn=datetime.date(JAHR, 6, 1),
            ende=datetime.date(JAHR + 1, 5, 31),
        )
    assert codes(info) == {"jahresgrenze"}
    assert "neue Hilfe mit demselben Aktenzeichen" in str(info.value)


def test_bedarf_nach_beginn_wird_abgelehnt(rb2):
    with pytest.raises(ValidationError) as info:
        hilfe(
            rb2.a.region,
            bedarf_festgestellt_am=datetime.date(JAHR, 2, 1),
            beginn=datetime.date(JAHR, 1, 1),
        )
    assert codes(info) == {"bedarf_nach_beginn"}


def test_kosten_ueber_dem_verfuegbaren_werden_abgelehnt(rb2):
    hilfe(rb2.a.region, kosten="29000.00")
    vorher = Buchung.objects.count()
    with pytest.raises(ValidationError) as info:
        hilfe(rb2.a.region, kosten="1000.01")
    assert codes(info) == {"nicht_verfuegbar"}
    assert "(1.000,00\xa0€)" in " ".join(info.value.messages)  # what is left
    assert Buchung.objects.count() == vorher
    assert Hilfe.objects.count() == 1
    assert Nummernkreis.objects.get(haushaltsjahr=JAHR).letzte == 1
    hilfe(rb2.a.region, kosten="1000.00")  # exactly what is left: fine


@pytest.mark.parametrize(
    ("aktenzeichen", "code"),
    [
        ("Max Mustermann", "aktenzeichen_name"),
        ("01.02.2015", "aktenzeichen_datum"),
        ("Hauptstraße 5", "aktenzeichen_adresse"),
    ],
)
def test_personenbezogenes_aktenzeichen_bucht_nichts(rb2, aktenzeichen, code):
    vorher = Buchung.objects.count()
    with pytest.raises(ValidationError) as info:
        hilfe(rb2.a.region, aktenzeichen=aktenzeichen)
    assert codes(info) == {code}
    _nichts_gebucht(vorher)


def test_ohne_zuweisung_nichts_verfuegbar(welt):
    with pytest.raises(ValidationError) as info:
        hilfe(welt.a.region)
    assert codes(info) == {"nicht_verfuegbar"}
    assert not Buchung.objects.exists()


def test_abgeschlossenes_jahr(rb2):
    Jahresabschluss.objects.create(haushaltsjahr=JAHR)
    with pytest.raises(ValidationError) as info:
        hilfe(rb2.a.region)
    assert info.value.code == "jahr_abgeschlossen"


def test_ungueltige_hilfeart_und_kosten(rb2):
    with pytest.raises(ValidationError) as info:
        hilfe(rb2.a.region, hilfeart="heimerziehung")
    assert codes(info) == {"hilfeart"}
    with pytest.raises(ValidationError) as info:
        hilfe(rb2.a.region, kosten="-5.00")
    assert codes(info) == {"nicht_positiv"}


def test_auszahlen_senken_beenden(rb2):
    region = rb2.a.region
    h = hilfe(region, kosten="1200.00")
    services.hilfe_auszahlen(hilfe=h, betrag=D("300.00"), durch=rb2.fd51)
    with pytest.raises(ValidationError) as info:
        services.hilfe_auszahlen(hilfe=h, betrag=D("900.01"))
    assert info.value.code == "zu_hoch_fuer_bindung"
    with pytest.raises(ValidationError) as info:
        services.hilfe_kosten_senken(hilfe=h, kosten=D("250.00"))
    assert codes(info) == {"unter_ausgezahlt"}
    with pytest.raises(ValidationError) as info:
        services.hilfe_kosten_senken(hilfe=h, kosten=D("1300.00"))
    assert codes(info) == {"nicht_niedriger"}
    services.hilfe_kosten_senken(hilfe=h, kosten=D("1000.00"))
    z = zahlen_von(rb2_budget(region))
    assert (z.gebunden, z.ausgezahlt) == (D("1000.00"), D("300.00"))
    with pytest.raises(ValidationError) as info:
        services.hilfe_beenden(hilfe=h, ende=datetime.date(JAHR + 1, 1, 1))
    assert codes(info) == {"ende_nach_bewilligung"}
    with pytest.raises(ValidationError) as info:
        services.hilfe_beenden(hilfe=h, ende=datetime.date(JAHR - 1, 12, 31))
    assert codes(info) == {"ende_vor_beginn"}
    h, aufloesung = services.hilfe_beenden(hilfe=h, ende=datetime.date(JAHR, 6, 30))
    assert aufloesung.betrag == D("700.00")
    assert aufloesung.text == f"Hilfe {h.nummer} beendet: Rest aufgelöst"
    assert h.ende == h.beendet_am == datetime.date(JAHR, 6, 30)
    z = zahlen_von(rb2_budget(region))
    assert (z.gebunden, z.ausgezahlt) == (D("300.00"), D("300.00"))
    assert z.verfuegbar == D("29700.00")
    with pytest.raises(ValidationError) as info:
        services.hilfe_beenden(hilfe=h, ende=datetime.date(JAHR, 6, 30))
    assert info.value.code == "bereits_beendet"


def test_nichts_in_buchungen_ausser_der_nummer(rb2):
    h = hilfe(rb2.a.region, aktenzeichen="ZZ-4711-SENTINEL", kosten="900.00")
    services.hilfe_auszahlen(hilfe=h, betrag=D("100.00"))
    services.hilfe_auszahlung_stornieren(
        hilfe=h,
        auszahlung=Buchung.objects.filter(art=Buchungsart.AUSZAHLUNG).get(),
        text="Fehlbuchung",
    )
    services.hilfe_kosten_senken(hilfe=h, kosten=D("800.00"))
    services.hilfe_beenden(hilfe=h, ende=datetime.date(JAHR, 3, 1))
    for b in Buchung.objects.filter(budget=rb2_budget(rb2.a.region)):
        assert "SENTINEL" not in b.text and "SENTINEL" not in b.referenz
        if b.art != Buchungsart.ZUWEISUNG:
            assert b.referenz == h.nummer


def test_hilfearten():
    assert [c for c, _ in Hilfeart.choices] == [
        "erziehungsbeistandschaft",
        "familienhilfe",
        "flexible_hilfe",
    ]
    assert "§ 27 Abs. 2" in Hilfeart.FLEXIBLE_HILFE.label


# --- Issue 18: a Hilfe's bookings change only on the Hilfe's page -----------------


def test_journal_storno_lehnt_buchungen_einer_hilfe_ab(rb2):
    """The journal's Storno of a Hilfe's Bindung (or of what followed it) is
    refused with the Hilfe's page; nothing is booked, and the Hilfe still
    pays as before."""
    h = hilfe(rb2.a.region, kosten="1000.00")
    auszahlung = services.hilfe_auszahlen(hilfe=h, betrag=D("100.00"))
    aufloesung = services.hilfe_kosten_senken(hilfe=h, kosten=D("900.00"))
    vorher = Buchung.objects.count()
    for buchung in (h.bindung, auszahlung, aufloesung):
        with pytest.raises(ValidationError) as info:
            ledger.stornieren(buchung=buchung, text="Versehen")
        assert info.value.code == "gehoert_zu_vorgang"
        text = " ".join(info.value.messages)
        assert h.nummer in text and f"/hilfen/hilfe/{h.nummer}/" in text
        assert "nicht durch ein Storno" in text
    assert Buchung.objects.count() == vorher
    services.hilfe_auszahlen(hilfe=h, betrag=D("50.00"))
    z = zahlen_von(rb2_budget(rb2.a.region))
    assert (z.gebunden, z.ausgezahlt) == (D("900.00"), D("150.00"))


def test_auszahlung_stornieren_auf_der_seite_der_hilfe(rb2):
    h = hilfe(rb2.a.region, kosten="1000.00")
    auszahlung = services.hilfe_auszahlen(hilfe=h, betrag=D("400.00"))
    storno = services.hilfe_auszahlung_stornieren(
        hilfe=h, auszahlung=auszahlung, text="doppelt überwiesen"
    )
    assert storno.storno_von == auszahlung and storno.referenz == h.nummer
    z = zahlen_von(rb2_budget(rb2.a.region))
    assert (z.gebunden, z.ausgezahlt) == (D("1000.00"), D("0.00"))
    # only this Hilfe's payments, only while it runs
    andere = hilfe(rb2.a.region, kosten="500.00")
    fremd = services.hilfe_auszahlen(hilfe=andere, betrag=D("10.00"))
    with pytest.raises(ValidationError) as info:
        services.hilfe_auszahlung_stornieren(hilfe=h, auszahlung=fremd, text="x")
    assert codes(info) == {"keine_auszahlung"}
    services.hilfe_beenden(hilfe=andere, ende=andere.beginn)
    with pytest.raises(ValidationError) as info:
        services.hilfe_auszahlung_stornieren(hilfe=andere, auszahlung=fremd, text="x")
    assert codes(info) == {"bereits_beendet"}
