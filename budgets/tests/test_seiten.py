"""The budget pages: who sees what, the booking forms, and constant query counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import selectors, services
from budgets.models import Buchung, Buchungsart, Budget, Budgetart, Jahresabschluss

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def pm(welt):
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag=D("100000.00"))
    return art


def b(art, jahr, sozialraum):
    return Budget.objects.get(budgetart=art, haushaltsjahr=jahr, sozialraum=sozialraum)


def seite(client, user, url, **daten):
    client.force_login(user)
    return client.get(url, daten)


def test_fd51_sieht_alle_budgets_mit_summen(client, welt, pm):
    services.binden(budget=b(pm, 2013, welt.a), betrag=D("2500.00"))
    html = seite(client, welt.fd51, reverse("budgets:uebersicht", args=[2013])).content
    html = html.decode()
    assert html.count("Sozialraum-Projektmittel") >= 10
    assert "100.000,00\u00a0€" in html  # Landkreis total
    assert "97.500,00\u00a0€" in html  # available in total
    assert "7.500,00\u00a0€" in html  # A's available
    assert "Zuweisen nach Schlüssel" in html


def test_leitung_sieht_nur_ihren_sozialraum(client, welt, pm):
    html = seite(client, welt.leitung_a, reverse("budgets:uebersicht", args=[2013]))
    html = html.content.decode()
    assert welt.a.voller_name in html
    assert welt.b.voller_name not in html and "Bardowick" not in html
    assert "Zuweisen nach Schlüssel" not in html
    assert "100.000,00" not in html  # no Landkreis sums


def test_ausschuss_sieht_summen_aber_keine_buchungen(client, welt, pm):
    html = seite(client, welt.jha, reverse("budgets:uebersicht", args=[2013]))
    html = html.content.decode()
    assert "100.000,00\u00a0€" in html
    assert reverse("budgets:journal", args=[2013]) not in html
    journal = seite(client, welt.jha, reverse("budgets:journal", args=[2013]))
    assert journal.status_code == 403


def test_klick_auf_eine_zahl_zeigt_die_buchungen_dahinter(client, welt, pm):
    budget = b(pm, 2013, welt.a)
    bindung = services.binden(
        budget=budget, betrag=D("1234.56"), text="Sprachcafé", referenz="2013-ADE-001"
    )
    services.auszahlen(bindung=bindung, betrag=D("1000.00"))
    url = reverse("budgets:journal", args=[2013])
    html = seite(client, welt.leitung_a, url, budget=budget.pk, kennzahl="gebunden")
    html = html.content.decode()
    assert "Sprachcafé" in html and "2013-ADE-001" in html and "1.234,56" in html
    assert "Auszahlung" not in html  # belongs to "ausgezahlt", not "gebunden"
    alle = seite(client, welt.leitung_a, url, budget=budget.pk).content.decode()
    assert "Auszahlung" in alle and "Zuweisung" in alle


def test_zuweisen_erst_vorschau_dann_buchen(client, welt):
    client.force_login(welt.fd51)
    url = reverse("budgets:zuweisen", args=[2012])
    art = Budgetart.objects.get(code="projektmittel")
    daten = {
        "budgetart": art.pk,
        "gesamtbetrag": "100.000,00",
        "schluessel": "gleich",
        "buchungsdatum": "18.04.2012",
    }
    vorschau = client.post(url, {**daten, "vorschau": "1"})
    assert vorschau.status_code == 200
    assert vorschau.content.decode().count("10.000,00\u00a0€") == 10
    assert not Buchung.objects.exists()
    gebucht = client.post(url, {**daten, "buchen": "1"})
    assert gebucht.status_code == 302
    assert Buchung.objects.filter(art=Buchungsart.ZUWEISUNG).count() == 10
    assert {x.buchungsdatum.isoformat() for x in Buchung.objects.all()} == {
        "2012-04-18"
    }


@pytest.mark.parametrize(
    ("betrag", "meldung"),
    [
        ("0", "größer als 0,00"),
        ("-100", "größer als 0,00"),
        ("zehn", "Betrag wie 1.234,56"),
        ("10,001", "zwei Nachkommastellen"),
        ("99999999999,00", "unplausibel"),
    ],
)
def test_zuweisen_mit_unsinn_bucht_nichts(client, welt, betrag, meldung):
    client.force_login(welt.fd51)
    art = Budgetart.objects.get(code="projektmittel")
    response = client.post(
        reverse("budgets:zuweisen", args=[2012]),
        {
            "budgetart": art.pk,
            "gesamtbetrag": betrag,
            "schluessel": "gleich",
            "buchen": "1",
        },
    )
    assert response.status_code == 200
    assert meldung in response.content.decode()
    assert not Buchung.objects.exists()


def test_umbuchen_und_stornieren_per_seite(client, welt, pm):
    client.force_login(welt.fd51)
    von, nach = b(pm, 2013, welt.a), b(pm, 2013, welt.b)
    response = client.post(
        reverse("budgets:umbuchen", args=[2013]),
        {"von": von.pk, "nach": nach.pk, "betrag": "1.000,00", "text": "Ausgleich"},
    )
    assert response.status_code == 302
    aus = Buchung.objects.get(art=Buchungsart.UMBUCHUNG_AUS)
    zu_viel = client.post(
        reverse("budgets:umbuchen", args=[2013]),
        {"von": von.pk, "nach": nach.pk, "betrag": "9.000,01", "text": "zu viel"},
    )
    assert "übersteigen die eigenen verfügbaren Mittel" in zu_viel.content.decode()
    ohne_grund = client.post(reverse("budgets:stornieren", args=[aus.pk]), {"text": ""})
    assert "Begründung" in ohne_grund.content.decode()
    client.post(reverse("budgets:stornieren", args=[aus.pk]), {"text": "Irrtum"})
    assert Buchung.objects.filter(art=Buchungsart.STORNO).count() == 2


def test_jahresabschluss_vorschau_dann_buchen(client, welt):
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2012, gesamtbetrag=D("100000.00"))
    client.force_login(welt.fd51)
    url = reverse("budgets:jahresabschluss", args=[2012])
    vorschau = client.get(url).content.decode()
    assert vorschau.count("Übertrag (aus)") == 10
    assert not Jahresabschluss.objects.exists()
    client.post(url)
    assert Jahresabschluss.objects.filter(haushaltsjahr=2012).exists()
    zweimal = client.post(url).content.decode()
    assert "bereits abgeschlossen" in zweimal
    assert Buchung.objects.filter(art=Buchungsart.UEBERTRAG_EIN).count() == 10


def test_planung_zeigt_plan_neben_ist(client, welt):
    art = Budgetart.objects.get(code="projektmittel")
    services.zuweisen(budgetart=art, haushaltsjahr=2026, gesamtbetrag=D("100000.00"))
    services.zuweisen(budgetart=art, haushaltsjahr=2027, gesamtbetrag=D("110000.00"))
    html = seite(client, welt.jha, reverse("budgets:plan"), basis=2026).content.decode()
    assert "120.000,00\u00a0€" in html  # 2027: +20 %
    assert "126.000,00\u00a0€" in html  # 2028: +5 %
    assert "110.000,00\u00a0€" in html  # actual 2027
    assert not Buchung.objects.filter(budget__haushaltsjahr=2028).exists()


def test_planrate_aendern(client, welt):
    client.force_login(welt.fd51)
    client.post(
        reverse("budgets:planrate_setzen"), {"ab_jahr": "2027", "prozent": "25,0"}
    )
    from budgets.models import Planrate

    assert Planrate.objects.get(ab_jahr=2027).prozent == D("25.00")
    client.post(reverse("budgets:planrate_setzen"), {"ab_jahr": "2027", "prozent": "x"})
    assert Planrate.objects.get(ab_jahr=2027).prozent == D("25.00")


def _viele_buchungen(art, welt, anzahl):
    for sozialraum in (welt.a, welt.b):
        budget = b(art, 2013, sozialraum)
        for _ in range(anzahl):
            bindung = services.binden(budget=budget, betrag=D("1.00"))
            services.auszahlen(bindung=bindung, betrag=D("0.50"))


def test_uebersicht_abfragen_wachsen_nicht_mit_budgets_und_buchungen(client, welt, pm):
    client.force_login(welt.fd51)
    url = reverse("budgets:uebersicht", args=[2013])
    client.get(url)
    with CaptureQueriesContext(connection) as klein:
        client.get(url)
    _viele_buchungen(pm, welt, 20)
    for code in ("gebunden", "regional1", "sonderbudget"):
        services.zuweisen(
            budgetart=Budgetart.objects.get(code=code),
            haushaltsjahr=2013,
            gesamtbetrag=D("50000.00"),
        )
    with CaptureQueriesContext(connection) as gross:
        client.get(url)
    assert Budget.objects.filter(haushaltsjahr=2013).count() == 33
    assert len(gross) == len(klein)
    assert len(gross) <= 8


def test_journal_abfragen_wachsen_nicht(client, welt, pm):
    client.force_login(welt.fd51)
    url = reverse("budgets:journal", args=[2013])
    client.get(url)
    with CaptureQueriesContext(connection) as klein:
        client.get(url)
    _viele_buchungen(pm, welt, 30)
    with CaptureQueriesContext(connection) as gross:
        client.get(url)
    assert len(gross) == len(klein)


def _zahlen_wie_vorher(budgets, stichtag=None):
    """The figures as the selectors computed them before issue 19 unified them
    (ten conditional sums over the bookings, a Storno against the kind it
    reverses): the oracle the one way of selectors._summen must equal."""
    bis = Q(buchungen__buchungsdatum__lte=stichtag) if stichtag else Q()

    def netto(art):
        return Coalesce(
            Sum(
                Case(
                    When(bis, buchungen__art=art, then=F("buchungen__betrag")),
                    When(
                        bis,
                        buchungen__art=Buchungsart.STORNO,
                        buchungen__storno_von__art=art,
                        then=-F("buchungen__betrag"),
                    ),
                    default=Value(D("0.00")),
                    output_field=DecimalField(max_digits=14, decimal_places=2),
                )
            ),
            Value(D("0.00")),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )

    return {
        x.pk: selectors.Zahlen.aus(x)
        for x in budgets.annotate(
            **{f"z_{name}": netto(art) for name, art in selectors._ARTEN.items()}
        )
    }


def test_ein_weg_zu_den_zahlen_gibt_die_zahlen_wie_vorher(welt, pm):
    """mit_zahlen (overview, start pages, budgetstand, reports), zahlen_von
    (before every booking), zahlen_der_bindung and the Ansatz of the growth
    plan read one grouped sum: the same figures as before, Stornos and a
    stichtag too."""
    a, b_ = b(pm, 2013, welt.a), b(pm, 2013, welt.b)
    tag = datetime.date(2013, 3, 1)
    bindung = services.binden(budget=a, betrag=D("300.00"), buchungsdatum=tag)
    services.auszahlen(bindung=bindung, betrag=D("100.00"))
    rueckforderung = services.zurueckfordern(bindung=bindung, betrag=D("20.00"))
    services.stornieren(buchung=rueckforderung, text="falsch")
    aufloesung = services.aufloesen(bindung=bindung, betrag=D("50.00"))
    services.stornieren(buchung=aufloesung, text="doch nicht")
    services.umbuchen(von=a, nach=b_, betrag=D("25.00"), text="Ausgleich")
    services.binden(budget=b_, betrag=D("40.00"), buchungsdatum=tag)
    budgets = Budget.objects.filter(haushaltsjahr=2013).order_by("pk")
    for stichtag in (None, tag, datetime.date(2013, 1, 1)):
        erwartet = _zahlen_wie_vorher(budgets, stichtag)
        jetzt = selectors.mit_zahlen(budgets, stichtag=stichtag)
        assert {x.pk: selectors.Zahlen.aus(x) for x in jetzt} == erwartet
    erwartet = _zahlen_wie_vorher(budgets)
    assert erwartet[a.pk].ausgezahlt == D("100.00")
    assert erwartet[a.pk].gebunden == D("300.00")
    assert erwartet[b_.pk].ansatz != erwartet[a.pk].ansatz
    for x in budgets:
        assert selectors.zahlen_von(x) == erwartet[x.pk]
    assert selectors.zahlen_der_bindung(bindung) == selectors.Zahlen(
        bindung=D("300.00"), auszahlung=D("100.00")
    )
    assert selectors.ansatz_je_art_und_jahr([2013]) == {
        (pm.pk, 2013): sum((z.ansatz for z in erwartet.values()), D("0.00"))
    }


def test_journal_blaettert_ueber_nachbarn_statt_offset(welt, pm):
    """Keyset pages: next and previous give every booking once, in order."""
    _viele_buchungen(pm, welt, 6)  # 10 Zuweisungen + 2 × 12 Buchungen
    alle = list(
        Buchung.objects.filter(budget__haushaltsjahr=2013).order_by(
            "buchungsdatum", "pk"
        )
    )
    qs = Buchung.objects.filter(budget__haushaltsjahr=2013)
    seiten = [selectors.journalseite(qs, zeilen=5)]
    assert not seiten[0].vor
    while seiten[-1].nach:
        seiten.append(selectors.journalseite(qs, nach=seiten[-1].nach, zeilen=5))
    assert [x for s in seiten for x in s] == alle
    assert len(seiten) == 7 and all(s.vor for s in seiten[1:])
    zurueck = [seiten[-1]]
    while zurueck[-1].vor:
        zurueck.append(selectors.journalseite(qs, vor=zurueck[-1].vor, zeilen=5))
    assert [list(s) for s in reversed(zurueck)] == [list(s) for s in seiten]
    assert selectors.journalseite(qs, nach="kaputt", zeilen=5).buchungen == alle[:5]


def test_journal_seiten_verlinken_nachbarn_mit_filter(client, welt, pm):
    _viele_buchungen(pm, welt, 60)  # 240 bookings: three pages of 100
    budget = b(pm, 2013, welt.a)
    client.force_login(welt.fd51)
    url = reverse("budgets:journal", args=[2013])
    erste = client.get(url, {"budget": budget.pk, "kennzahl": "gebunden"})
    nach = erste.context["seite"].nach
    assert len(erste.context["seite"].buchungen) == 60
    assert not nach and not erste.context["seite"].vor
    html = client.get(url).content.decode()
    assert "Nächste Seite" in html and "Vorherige Seite" not in html
    nach = client.get(url).context["seite"].nach
    assert f"?nach={nach}" in html
    with CaptureQueriesContext(connection) as erfasst:
        zweite = client.get(url, {"nach": nach})
    assert len(zweite.context["seite"].buchungen) == 100
    assert "Vorherige Seite" in zweite.content.decode()
    with CaptureQueriesContext(connection) as erste_abfragen:
        client.get(url)
    assert len(erfasst) == len(erste_abfragen)


# --- commands ---------------------------------------------------------------------


def test_kommandos_zuweisen_abschluss_budgetstand(grunddaten):
    out = io.StringIO()
    call_command(
        "zuweisen",
        budgetart="projektmittel",
        jahr=2012,
        betrag="100.000,00",
        stdout=out,
    )
    assert out.getvalue().count("10.000,00") == 10
    out = io.StringIO()
    call_command("jahresabschluss", jahr=2012, vorschau=True, stdout=out)
    assert "nichts gebucht" in out.getvalue()
    assert not Jahresabschluss.objects.exists()
    call_command("jahresabschluss", jahr=2012, stdout=io.StringIO())
    out = io.StringIO()
    call_command("budgetstand", jahr=2013, format="csv", stdout=out)
    zeilen = out.getvalue().strip().splitlines()
    assert zeilen[0].startswith("Region;Sozialraum;Budgetart;Ansatz;Übertrag")
    assert len(zeilen) == 11
    assert zeilen[1].endswith(";0,00;10.000,00;0,00;0,00;10.000,00;0,00;0,00")
    # the closed year: what went into 2013 has its own column, the row adds up
    out = io.StringIO()
    call_command("budgetstand", jahr=2012, format="csv", stdout=out)
    zeilen = out.getvalue().strip().splitlines()
    assert zeilen[0].endswith(";verfügbar;verfallen;übertragen")
    assert zeilen[1].endswith(";10.000,00;0,00;0,00;0,00;0,00;0,00;10.000,00")
    # --stand: only bookings up to that day (the command booked all of them
    # today, so a day of 2012 shows none of them)
    out = io.StringIO()
    call_command(
        "budgetstand", "--jahr=2012", "--format=csv", "--stand=30.12.2012", stdout=out
    )
    assert out.getvalue().strip().splitlines()[1].endswith(";0,00" * 7)
    with pytest.raises(CommandError, match="nicht in der Zukunft"):
        call_command("budgetstand", "--jahr=2012", "--stand=2999-01-01", stdout=out)
    with pytest.raises(CommandError, match="kein Datum"):
        call_command("budgetstand", "--jahr=2012", "--stand=gestern", stdout=out)


@pytest.mark.parametrize(
    ("argumente", "meldung"),
    [
        ({"budgetart": "gibtsnicht", "jahr": 2013, "betrag": "1,00"}, "unbekannt"),
        ({"budgetart": "projektmittel", "jahr": 2013, "betrag": "0"}, "größer"),
        ({"budgetart": "projektmittel", "jahr": 2013, "betrag": "1,001"}, "zwei"),
        ({"budgetart": "projektmittel", "jahr": 1700, "betrag": "1,00"}, "plausibel"),
        (
            {
                "budgetart": "projektmittel",
                "jahr": 2013,
                "betrag": "1,00",
                "schluessel": "fehlt",
            },
            "Verteilungsschlüssel",
        ),
        (
            {
                "budgetart": "projektmittel",
                "jahr": 2013,
                "betrag": "1,00",
                "datum": "31.02.2013",
            },
            "TT.MM.JJJJ",
        ),
    ],
)
def test_kommando_zuweisen_fehler_buchen_nichts(grunddaten, argumente, meldung):
    with pytest.raises(CommandError, match=meldung):
        call_command("zuweisen", **argumente)
    assert not Buchung.objects.exists()


def test_kommando_abschluss_zweimal(grunddaten):
    call_command("jahresabschluss", jahr=2012, stdout=io.StringIO())
    with pytest.raises(CommandError, match="bereits abgeschlossen"):
        call_command("jahresabschluss", jahr=2012)


def test_leitung_und_ausschuss_zugleich_sieht_nur_eigene_buchungen(client, welt, pm):
    """Found in review: the JHA role made every budget 'visible', and the
    journal then listed the bookings of all Sozialräume."""
    from konten.models import Rolle

    welt.leitung_a.rollen.create(rolle=Rolle.JUGENDHILFEAUSSCHUSS)
    services.binden(
        budget=b(pm, 2013, welt.b), betrag=D("10.00"), text="Geheimnis von B"
    )
    services.binden(budget=b(pm, 2013, welt.a), betrag=D("10.00"), text="Projekt A")
    html = seite(client, welt.leitung_a, reverse("budgets:journal", args=[2013]))
    html = html.content.decode()
    assert "Projekt A" in html
    assert "Geheimnis von B" not in html


def test_fallbezogene_buchungen_nur_fuer_fd51(client, welt):
    rb2 = Budgetart.objects.get(code="regional2")
    assert rb2.fallbezogen
    services.zuweisen(budgetart=rb2, haushaltsjahr=2013, gesamtbetrag=D("30000.00"))
    budget = Budget.objects.get(budgetart=rb2, haushaltsjahr=2013, region=welt.a.region)
    url = reverse("budgets:journal", args=[2013])
    assert seite(client, welt.fd51, url, budget=budget.pk).status_code == 200
    client.logout()
    assert (
        seite(client, welt.geschaeftsstelle, url, budget=budget.pk).status_code == 403
    )
    uebersicht = seite(
        client, welt.geschaeftsstelle, reverse("budgets:uebersicht", args=[2013])
    )
    assert "10.000,00\u00a0€" in uebersicht.content.decode()  # the sum is visible


def test_links_mit_grossen_nummern_ohne_tausenderpunkt(client, welt):
    """Found in CI on PostgreSQL: ?budget=4.308 (localized) led to a 404."""
    art = Budgetart.objects.get(code="projektmittel")
    Budget.objects.create(pk=4321, budgetart=art, haushaltsjahr=2013, sozialraum=welt.a)
    services.zuweisen(budgetart=art, haushaltsjahr=2013, gesamtbetrag=D("100000.00"))
    html = seite(client, welt.fd51, reverse("budgets:uebersicht", args=[2013]))
    html = html.content.decode()
    assert "?budget=4321&amp;kennzahl=ansatz" in html
    assert "4.321" not in html
    journal = client.get(reverse("budgets:journal", args=[2013]), {"budget": 4321})
    assert journal.status_code == 200


def test_uebersicht_verlinkt_jede_zahl_auf_ihre_buchungen(client, welt, pm):
    """The cells (tags, not includes): each figure links to the journal of its
    budget and kind; the bar shows the bound share."""
    budget = b(pm, 2013, welt.a)
    services.binden(budget=budget, betrag=D("2500.00"))
    html = seite(client, welt.fd51, reverse("budgets:uebersicht", args=[2013]))
    html = html.content.decode()
    journal = reverse("budgets:journal", args=[2013])
    for kennzahl in ("ansatz", "uebertrag", "gebunden", "ausgezahlt", "verfuegbar"):
        assert f'href="{journal}?budget={budget.pk}&amp;kennzahl={kennzahl}"' in html
    assert (
        'aria-label="2.500,00\u00a0€: Buchungen dazu anzeigen">2.500,00\u00a0€</a>'
        in html
    )
    quote = selectors.zahlen_von(budget).quote_gebunden
    assert f'value="{quote}" aria-label="gebunden">{quote} %</progress>' in html


def test_admin_buchungen_abfragen_wachsen_nicht(client, welt, pm):
    """Newest first, 50 a page, no COUNT of the whole ledger: the changelist's
    queries do not grow with the bookings; the year filter lists budget years."""
    url = reverse("admin:budgets_buchung_changelist")
    client.force_login(welt.admin)
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    _viele_buchungen(pm, welt, 30)  # 120 bookings more: three pages
    with CaptureQueriesContext(connection) as viele:
        antwort = client.get(url)
    assert len(viele) == len(wenige)
    zeilen = list(antwort.context["cl"].result_list)
    assert len(zeilen) == 50
    assert zeilen[0] == Buchung.objects.latest("pk")
    assert "?budget__haushaltsjahr=2013" in antwort.content.decode()


def test_verteilungsschluessel_zeigt_der_admin_nur(client, welt):
    """Keys are saved through schluessel_speichern (the Verteilungsschlüssel
    file), which keeps the 100 % rule and the others: the admin shows a key
    and its shares, offers no add, change or delete, and a POST changes
    nothing."""
    schluessel, _aktion = services.schluessel_speichern(
        name="k",
        bezeichnung="K",
        art="gewichte",
        ebene="sozialraum",
        gueltig_ab=2013,
        anteile=[(welt.a, D(1)), (welt.b, D(2))],
    )
    client.force_login(welt.admin)
    url = reverse("admin:budgets_verteilungsschluessel_change", args=[schluessel.pk])
    antwort = client.get(url)
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert 'name="bezeichnung"' not in html and "gewicht" in html
    assert 'name="anteile-0-gewicht"' not in html
    hinzufuegen = reverse("admin:budgets_verteilungsschluessel_add")
    assert client.get(hinzufuegen).status_code == 403
    client.post(
        url,
        {
            "name": "k",
            "bezeichnung": "geändert",
            "art": "prozent",
            "ebene": "sozialraum",
            "gueltig_ab": "2013",
            "version": "1",
            "anteile-TOTAL_FORMS": "2",
            "anteile-INITIAL_FORMS": "2",
        },
    )
    schluessel.refresh_from_db()
    assert (schluessel.bezeichnung, schluessel.art) == ("K", "gewichte")
    assert sorted(a.gewicht for a in schluessel.anteile.all()) == [1, 2]


def test_journal_verlinkt_storno_und_zeigt_stornierte(client, welt, pm):
    """The Storno links (from one reverse per page) lead to each booking's
    Storno page; a reversed booking says so instead."""
    budget = b(pm, 2013, welt.a)
    bindung = services.binden(budget=budget, betrag=D("300.00"))
    zahlung = services.auszahlen(bindung=bindung, betrag=D("100.00"))
    services.stornieren(buchung=zahlung, text="falsch")
    html = seite(
        client, welt.fd51, reverse("budgets:journal", args=[2013]), budget=budget.pk
    ).content.decode()
    assert f'href="{reverse("budgets:stornieren", args=[bindung.pk])}"' in html
    assert f'href="{reverse("budgets:stornieren", args=[zahlung.pk])}"' not in html
    assert '<span class="app-muted">storniert</span>' in html
