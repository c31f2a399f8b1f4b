"""Regionalbudget 2's two rules in the ledger: allocated as a share of the
Haushaltsansatz für ambulante Hilfen, and the incentive at year-end closing
(docs/fachkonzept.md §2; Vorlage 2024/012)."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from budgets import services
from budgets.models import Buchung, Buchungsart, Budget, Budgetart, Verteilung
from budgets.selectors import zahlen_von
from regionen.models import Region

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rb2(grunddaten):
    return Budgetart.objects.get(code="regional2")


@pytest.fixture
def rb1(grunddaten):
    return Budgetart.objects.get(code="regional1")


def fehlercode(exc_info):
    exc = exc_info.value
    if hasattr(exc, "error_dict"):
        return next(e.code for es in exc.error_dict.values() for e in es)
    return exc.code


def regionen():
    return list(Region.objects.order_by("nummer"))


def budget(art, jahr, region):
    return Budget.objects.get(budgetart=art, haushaltsjahr=jahr, region=region)


# --- allocation as a share -----------------------------------------------------------


def test_anteil_vom_haushaltsansatz(rb2):
    gesamt, grundlage = services.anteil_berechnen(
        budgetart=rb2,
        haushaltsjahr=2026,
        bezugsansatz=D("2400000.00"),
        prozent=D("12.5"),
    )
    assert gesamt == D("300000.00")
    assert grundlage == (
        "12,50 % von 2.400.000,00\u00a0€ Haushaltsansatz für ambulante Hilfen "
        "(§§ 27 Abs. 2, 30, 31 SGB VIII) 2026"
    )


def test_anteil_wird_kaufmaennisch_gerundet(rb2):
    gesamt, _ = services.anteil_berechnen(
        budgetart=rb2, haushaltsjahr=2026, bezugsansatz=D("1000.50"), prozent="0,5"
    )
    assert gesamt == D("5.00")  # 5,0025 -> 5,00
    gesamt, _ = services.anteil_berechnen(
        budgetart=rb2, haushaltsjahr=2026, bezugsansatz=D("1001.00"), prozent="0,5"
    )
    assert gesamt == D("5.01")  # 5,005 -> 5,01 (half up, not to even)


def test_konfigurierter_prozentsatz_gilt_ohne_angabe(rb2):
    rb2.anteil_prozent = D("10.00")
    rb2.save()
    gesamt, grundlage = services.anteil_berechnen(
        budgetart=rb2, haushaltsjahr=2026, bezugsansatz=D("2000000.00")
    )
    assert gesamt == D("200000.00")
    assert grundlage.startswith("10,00 % von 2.000.000,00")


@pytest.mark.parametrize(
    ("ansatz", "prozent", "code"),
    [
        ("2000000.00", None, "prozent_fehlt"),
        ("2000000.00", "0", "prozent_bereich"),
        ("2000000.00", "-5", "prozent_bereich"),
        ("2000000.00", "100.01", "prozent_bereich"),
        ("2000000.00", "abc", "kein_prozent"),
        ("2000000.00", "NaN", "kein_prozent"),
        ("2000000.00", "12.345", "nachkommastellen"),
        ("2000000.00", 12.5, "float"),
        ("-1.00", "10", "nicht_positiv"),
        ("1.00", "0.01", "anteil_null"),
    ],
)
def test_unsinnige_anteile_werden_abgelehnt(rb2, ansatz, prozent, code):
    with pytest.raises(ValidationError) as exc_info:
        services.anteil_berechnen(
            budgetart=rb2, haushaltsjahr=2026, bezugsansatz=ansatz, prozent=prozent
        )
    assert fehlercode(exc_info) == code


def test_zuweisen_ueber_die_seite_mit_bezugsansatz(client, welt, rb2):
    client.force_login(welt.fd51)
    url = reverse("budgets:zuweisen", kwargs={"jahr": 2026})
    daten = {
        "budgetart": rb2.pk,
        "bezugsansatz": "2.400.000,00",
        "prozent": "12,5",
        "schluessel": "gleich",
    }
    vorschau = client.post(url, {**daten, "vorschau": "1"})
    assert vorschau.status_code == 200
    inhalt = vorschau.content.decode()
    assert "300.000,00" in inhalt
    assert "12,50 % von 2.400.000,00" in inhalt
    assert not Buchung.objects.exists()

    antwort = client.post(url, {**daten, "buchen": "1"})
    assert antwort.status_code == 302
    verteilung = Verteilung.objects.get()
    assert verteilung.gesamtbetrag == D("300000.00")
    assert verteilung.grundlage.startswith("12,50 % von 2.400.000,00")
    assert [zahlen_von(budget(rb2, 2026, r)).ansatz for r in regionen()] == [
        D("100000.00")
    ] * 3


@pytest.mark.parametrize(
    ("felder", "meldung"),
    [
        ({}, "Bitte einen Gesamtbetrag oder einen Bezugsansatz angeben."),
        (
            {"gesamtbetrag": "1.000,00", "bezugsansatz": "2.000,00", "prozent": "5"},
            "nicht beides",
        ),
        ({"bezugsansatz": "2.000,00"}, "kein Prozentsatz festgelegt"),
        ({"bezugsansatz": "2.000,00", "prozent": "150"}, "höchstens 100"),
        ({"bezugsansatz": "2.000,00", "prozent": "zwölf"}, "Prozentsatz wie 12,5"),
    ],
)
def test_zuweisen_seite_lehnt_falsche_angaben_ab(client, welt, rb2, felder, meldung):
    client.force_login(welt.fd51)
    url = reverse("budgets:zuweisen", kwargs={"jahr": 2026})
    antwort = client.post(
        url, {"budgetart": rb2.pk, "schluessel": "gleich", "buchen": "1", **felder}
    )
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    assert not Buchung.objects.exists()
    assert not Verteilung.objects.exists()


def test_zuweisen_befehl_mit_bezugsansatz(rb2):
    ausgabe = StringIO()
    call_command(
        "zuweisen",
        "--budgetart=regional2",
        "--jahr=2026",
        "--bezugsansatz=2.400.000,00",
        "--prozent=12,5",
        stdout=ausgabe,
    )
    assert Verteilung.objects.get().gesamtbetrag == D("300000.00")
    with pytest.raises(CommandError, match="Prozentsatz"):
        call_command(
            "zuweisen",
            "--budgetart=regional2",
            "--jahr=2027",
            "--bezugsansatz=2.400.000,00",
            "--prozent=101",
        )
    with pytest.raises(CommandError, match="nur zusammen"):
        call_command(
            "zuweisen",
            "--budgetart=regional2",
            "--jahr=2027",
            "--betrag=1000",
            "--prozent=10",
        )
    assert Verteilung.objects.count() == 1


# --- the incentive ------------------------------------------------------------


def _rb2_2012_mit_bindung(rb2, betrag):
    services.zuweisen(
        budgetart=rb2, haushaltsjahr=2012, gesamtbetrag=D("30000.00")
    )  # 10.000 per Region
    r1 = regionen()[0]
    services.binden(budget=budget(rb2, 2012, r1), betrag=D(betrag), referenz="H-1")
    return r1


def test_anreiz_bucht_genau_seinen_anteil(rb2, rb1):
    r1, r2, r3 = regionen()
    _rb2_2012_mit_bindung(rb2, "2500.01")  # Region 1 leaves 7.499,99
    vorschau = services.jahresabschluss_vorschau(2012)
    services.jahresabschluss(jahr=2012)

    z1 = zahlen_von(budget(rb2, 2012, r1))
    # 50 % of 7.499,99 = 3.749,995: rounded down, the half cent expires
    assert z1.uebertrag_aus == D("3749.99")
    assert z1.verfallen == D("3750.00")
    assert z1.verfuegbar == 0
    for r in (r2, r3):
        z = zahlen_von(budget(rb2, 2012, r))
        assert (z.uebertrag_aus, z.verfallen) == (D("5000.00"), D("5000.00"))

    ein = {r: zahlen_von(budget(rb1, 2013, r)) for r in (r1, r2, r3)}
    assert ein[r1].uebertrag == D("3749.99")
    assert ein[r2].uebertrag == ein[r3].uebertrag == D("5000.00")
    assert ein[r1].verfuegbar == D("3749.99")
    # no Regionalbudget 2 of 2013 was created by the closing
    assert not Budget.objects.filter(budgetart=rb2, haushaltsjahr=2013).exists()

    # the preview showed exactly what was booked
    gebucht = Buchung.objects.filter(
        art__in=[Buchungsart.UEBERTRAG_AUS, Buchungsart.VERFALL]
    )
    assert sorted((g.budget.pk, g.art, g.betrag) for g in vorschau) == sorted(
        (b.budget_id, b.art, b.betrag) for b in gebucht
    )
    anreiz = next(g for g in vorschau if g.art == Buchungsart.UEBERTRAG_AUS)
    assert anreiz.ziel == rb1
    eingang = Buchung.objects.get(
        art=Buchungsart.UEBERTRAG_EIN, budget=budget(rb1, 2013, r1)
    )
    assert eingang.herkunftsjahr == 2012
    assert eingang.buchungsdatum == datetime.date(2013, 1, 1)
    assert eingang.gegenbuchung.budget == budget(rb2, 2012, r1)
    assert "Anreiz aus Regionalbudget 2" in eingang.text


def test_anreiz_geld_wird_zuerst_verwendet_und_verfaellt_dann(rb2, rb1):
    r1 = _rb2_2012_mit_bindung(rb2, "10000.00")  # Region 1 used everything
    services.jahresabschluss(jahr=2012)
    assert not Budget.objects.filter(
        budgetart=rb1, haushaltsjahr=2013, region=r1
    ).exists()
    r2 = regionen()[1]
    ziel = budget(rb1, 2013, r2)  # 5.000 incentive
    services.zuweisen(budgetart=rb1, haushaltsjahr=2013, gesamtbetrag=D("3000.00"))
    services.binden(budget=ziel, betrag=D("4000.00"))
    geplant = [
        (g.art, g.betrag, g.herkunftsjahr)
        for g in services.jahresabschluss_vorschau(2013)
        if g.budget == ziel
    ]
    # carried money is used first: 1.000 of the incentive is left and expires,
    # the year's own 1.000 expires too (Regionalbudget 1 does not carry over)
    assert geplant == [
        (Buchungsart.VERFALL, D("1000.00"), 2012),
        (Buchungsart.VERFALL, D("1000.00"), 2013),
    ]


def test_aufloesung_nach_dem_abschluss_verfaellt_ohne_anreiz(rb2, rb1):
    """The incentive is booked once, at the closing, on the rest it finds:
    money a Hilfe releases later lapses in full and changes neither the
    closed year's Übertrag nor the next year's Regionalbudget 1."""
    r1 = _rb2_2012_mit_bindung(rb2, "2500.00")  # Region 1 leaves 7.500,00
    services.jahresabschluss(jahr=2012)
    bindung = Buchung.objects.get(art=Buchungsart.BINDUNG, referenz="H-1")
    services.aufloesen(bindung=bindung, betrag=D("1000.00"))

    z = zahlen_von(budget(rb2, 2012, r1))
    assert z.uebertrag_aus == D("3750.00")  # 50 % of 7.500,00, as closed
    assert z.verfallen == D("3750.00") + D("1000.00")
    assert z.verfuegbar == 0
    assert zahlen_von(budget(rb1, 2013, r1)).uebertrag == D("3750.00")
    spaet = Buchung.objects.filter(art=Buchungsart.VERFALL).latest("pk")
    assert (spaet.betrag, spaet.herkunftsjahr) == (D("1000.00"), 2012)


def test_anreiz_von_hundert_prozent_laesst_nichts_verfallen(rb2):
    rb2.anreiz_prozent = D("100.00")
    rb2.save()
    _rb2_2012_mit_bindung(rb2, "0.01")
    geplant = services.jahresabschluss_vorschau(2012)
    assert {g.art for g in geplant} == {Buchungsart.UEBERTRAG_AUS}
    assert sum(g.betrag for g in geplant) == D("29999.99")


def test_ohne_anreiz_verfaellt_der_rest(rb2):
    rb2.anreiz_ziel = None
    rb2.anreiz_prozent = None
    rb2.save()
    _rb2_2012_mit_bindung(rb2, "1.00")
    geplant = services.jahresabschluss_vorschau(2012)
    assert {g.art for g in geplant} == {Buchungsart.VERFALL}
    assert sum(g.betrag for g in geplant) == D("29999.00")


def test_vorschau_seite_zeigt_den_anreiz(client, welt, rb2):
    _rb2_2012_mit_bindung(rb2, "2500.01")
    client.force_login(welt.fd51)
    antwort = client.get(reverse("budgets:jahresabschluss", kwargs={"jahr": 2012}))
    inhalt = antwort.content.decode()
    assert "Anreiz: 50,00 % der nicht verbrauchten Mittel" in inhalt
    assert "3.749,99" in inhalt
    assert "bei Regionalbudget 1 im Haushaltsjahr 2013" in inhalt


@pytest.mark.parametrize(
    ("aendern", "code"),
    [
        (lambda a: setattr(a, "anreiz_prozent", None), "anreiz_unvollstaendig"),
        (
            lambda a: setattr(a, "anreiz_ziel", Budgetart.objects.get(code="gebunden")),
            "anreiz_ebene",
        ),
        (lambda a: setattr(a, "anreiz_ziel", a), "anreiz_selbst"),
        (lambda a: setattr(a, "uebertrag", "einmal"), "anreiz_und_uebertrag"),
        (lambda a: setattr(a, "anreiz_prozent", D("0")), "min_value"),
        (lambda a: setattr(a, "anreiz_prozent", D("100.5")), "max_value"),
    ],
)
def test_unsinniger_anreiz_wird_abgelehnt(rb2, aendern, code):
    aendern(rb2)
    with pytest.raises(ValidationError) as exc_info:
        rb2.full_clean()
    assert code in {e.code for es in exc_info.value.error_dict.values() for e in es}


def test_datenbank_verlangt_vollstaendigen_anreiz(rb2):
    with pytest.raises(IntegrityError), transaction.atomic():
        Budgetart.objects.filter(pk=rb2.pk).update(anreiz_prozent=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Budgetart.objects.filter(pk=rb2.pk).update(anreiz_prozent=D("0"))
