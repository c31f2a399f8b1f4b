"""The pages: who sees what, and that the forms reach the services."""

import datetime
import uuid

import pytest
from django.urls import reverse

from budgets.models import Buchung, Buchungsart
from sozialraum.tests.factories import TraegerFactory

from .. import services
from ..models import Sozialraumvertrag, Vertragsjahr
from ..selectors import zahlen_des_jahres
from .factories import d, festsetzen

pytestmark = pytest.mark.django_db


@pytest.fixture
def vertrag_b(welt, gebunden):
    vertrag = services.vertrag_anlegen(
        sozialraum=welt.b,
        traeger=TraegerFactory(name="Träger Gellersen"),
        beginn=datetime.date(2013, 1, 1),
        ende=datetime.date(2014, 12, 31),
        durch=welt.fd51,
    )
    festsetzen(vertrag, welt.fd51, personal="50000.00", sach="0", beratung="0")
    return vertrag


def seite(client, user, url):
    client.force_login(user)
    return client.get(url)


def liste_2013():
    return reverse("vertraege:liste", kwargs={"jahr": 2013})


def test_fd51_sieht_alle_vertraege_mit_zahlen_und_plan(client, welt, jahr_a, vertrag_b):
    services.zahlung_erfassen(vertragsjahr=jahr_a, durch=welt.fd51)
    inhalt = seite(client, welt.fd51, liste_2013()).content.decode()
    assert "SRV-ADE-2013" in inhalt and "SRV-GEL-2013" in inhalt
    assert "100.000,00" in inhalt  # A's Jahresbetrag
    assert "150.000,00" in inhalt  # sum of both
    assert "25.000,00" in inhalt  # paid
    assert "Vertrag anlegen" in inhalt
    # the plan: 2013's amount through the following years (no rate before 2027)
    assert "nach dem Wachstumsplan" in inhalt


def test_liste_rechnet_gebunden_faellig_gezahlt_offen(client, welt, jahr_a):
    services.zahlung_erfassen(vertragsjahr=jahr_a, durch=welt.fd51)
    zeile = seite(client, welt.fd51, liste_2013()).context["zeilen"][0]
    # 2013 is over: all four Abschläge are due
    assert (zeile.gebunden, zeile.faellig, zeile.gezahlt) == (
        d("100000.00"),
        d("100000.00"),
        d("25000.00"),
    )
    assert (zeile.faellig_offen, zeile.noch_gebunden) == (d("75000.00"),) * 2


def test_leitung_sieht_nur_den_eigenen_vertrag(client, welt, jahr_a, vertrag_b):
    inhalt = seite(client, welt.leitung_b, liste_2013()).content.decode()
    assert "SRV-GEL-2013" in inhalt
    assert "SRV-ADE-2013" not in inhalt
    assert "Vertrag anlegen" not in inhalt
    assert (
        seite(client, welt.leitung_b, jahr_a.vertrag.get_absolute_url()).status_code
        == 404
    )
    antwort = seite(client, welt.leitung_b, vertrag_b.get_absolute_url())
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "50.000,00" in inhalt
    assert "Zahlung erfassen" not in inhalt and "Spitzabrechnung</span>" not in inhalt


def test_geschaeftsstelle_sieht_die_vertraege_ihrer_region(
    client, welt, jahr_a, vertrag_b
):
    inhalt = seite(client, welt.geschaeftsstelle, liste_2013()).content.decode()
    assert "SRV-ADE-2013" in inhalt and "SRV-GEL-2013" not in inhalt
    assert (
        seite(
            client, welt.geschaeftsstelle, jahr_a.vertrag.get_absolute_url()
        ).status_code
        == 200
    )
    assert (
        seite(client, welt.geschaeftsstelle, vertrag_b.get_absolute_url()).status_code
        == 404
    )


def test_jha_sieht_summen_aber_keinen_einzelnen_vertrag(client, welt, jahr_a):
    antwort = seite(client, welt.jha, liste_2013())
    inhalt = antwort.content.decode()
    assert "SRV-ADE-2013" in inhalt and "100.000,00" in inhalt
    assert jahr_a.vertrag.get_absolute_url() not in inhalt
    assert seite(client, welt.jha, jahr_a.vertrag.get_absolute_url()).status_code == 403


def test_administrator_liest_nur(client, welt, jahr_a):
    inhalt = seite(
        client, welt.admin, jahr_a.vertrag.get_absolute_url()
    ).content.decode()
    assert "SRV-ADE-2013/2013" in inhalt or "SRV-ADE-2013" in inhalt
    assert "Zahlung erfassen" not in inhalt
    url = reverse("vertraege:zahlung", kwargs={"pk": jahr_a.vertrag.pk, "jahr": 2013})
    assert client.post(url, {}).status_code == 403
    assert not Buchung.objects.filter(art=Buchungsart.AUSZAHLUNG).exists()


def test_navigation_zeigt_vertraege(client, welt):
    eintrag = f'href="{reverse("vertraege:start")}">Verträge</a>'
    for user in (welt.fd51, welt.leitung_a, welt.geschaeftsstelle, welt.jha):
        inhalt = seite(client, user, reverse("sozialraum:uebersicht"))
        assert eintrag in inhalt.content.decode()


def test_detail_zeigt_abschlaege_buchungen_und_verlauf(client, welt, jahr_a):
    services.zahlung_erfassen(
        vertragsjahr=jahr_a, durch=welt.fd51, zahlungsdatum=datetime.date(2013, 1, 3)
    )
    inhalt = seite(
        client, welt.fd51, jahr_a.vertrag.get_absolute_url()
    ).content.decode()
    assert "01.04.2013" in inhalt  # second Abschlag due
    assert "Auszahlung" in inhalt and "03.01.2013" in inhalt
    assert "Jahresbetrag festgesetzt" in inhalt and "Vertrag angelegt" in inhalt
    assert "Zahlung erfassen" in inhalt


def test_vertrag_anlegen_ueber_das_formular(client, welt, gebunden):
    traeger = TraegerFactory()
    client.force_login(welt.fd51)
    antwort = client.post(
        reverse("vertraege:anlegen"),
        {
            "sozialraum": welt.a.pk,
            "traeger": traeger.pk,
            "beginn": "01.01.2013",
            "ende": "31.12.2016",
            "formular_schluessel": str(uuid.uuid4()),
        },
    )
    vertrag = Sozialraumvertrag.objects.get()
    assert (
        antwort.status_code == 302 and antwort["Location"] == vertrag.get_absolute_url()
    )


def test_formular_zeigt_ueberschneidung_und_ende_vor_beginn(client, welt, vertrag_a):
    client.force_login(welt.fd51)
    daten = {"sozialraum": welt.a.pk, "traeger": vertrag_a.traeger.pk}
    antwort = client.post(
        reverse("vertraege:anlegen"),
        {**daten, "beginn": "01.06.2016", "ende": "31.12.2019"},
    )
    assert antwort.status_code == 200
    assert "dürfen sich nicht überschneiden" in antwort.content.decode()
    antwort = client.post(
        reverse("vertraege:anlegen"),
        {**daten, "beginn": "01.06.2020", "ende": "31.12.2019"},
    )
    assert "liegt vor dem Beginn" in antwort.content.decode()
    assert Sozialraumvertrag.objects.count() == 1


def jahr_url(vertrag, jahr=None):
    url = reverse("vertraege:jahr_festsetzen", kwargs={"pk": vertrag.pk})
    return f"{url}?jahr={jahr}" if jahr else url


def test_jahresbetrag_ueber_das_formular(client, welt, vertrag_a):
    client.force_login(welt.fd51)
    antwort = client.post(
        jahr_url(vertrag_a),
        {
            "haushaltsjahr": "2014",
            "personalkosten": "70.000,00",
            "sachkosten": "",
            "beratung": "5.000,50",
            "zahlungsplan": "monatlich",
        },
    )
    assert antwort.status_code == 302
    vj = Vertragsjahr.objects.get(haushaltsjahr=2014)
    assert vj.jahresbetrag == d("75000.50") and vj.zahlungsplan == "monatlich"
    assert zahlen_des_jahres(vj).gebunden == d("75000.50")
    # the form for the year shows its amounts
    antwort = client.get(jahr_url(vertrag_a, 2014))
    assert antwort.context["form"].initial["personalkosten"] == d("70000.00")


def test_jahresbetrag_ueber_verfuegbar_zeigt_die_meldung(client, welt, vertrag_a):
    client.force_login(welt.fd51)
    antwort = client.post(
        jahr_url(vertrag_a),
        {
            "haushaltsjahr": "2013",
            "personalkosten": "250.000,00",
            "zahlungsplan": "jaehrlich",
        },
    )
    assert antwort.status_code == 200
    assert "übersteigen die verfügbaren Mittel" in antwort.content.decode()
    assert not Vertragsjahr.objects.exists()
    assert not Buchung.objects.filter(art=Buchungsart.BINDUNG).exists()


def test_jahr_ausserhalb_der_laufzeit_nicht_waehlbar(client, welt, vertrag_a):
    client.force_login(welt.fd51)
    antwort = client.post(
        jahr_url(vertrag_a),
        {
            "haushaltsjahr": "2017",
            "personalkosten": "1,00",
            "zahlungsplan": "jaehrlich",
        },
    )
    assert "außerhalb der Laufzeit" in antwort.content.decode()


def zahlung_url(vj):
    return reverse(
        "vertraege:zahlung", kwargs={"pk": vj.vertrag.pk, "jahr": vj.haushaltsjahr}
    )


def test_zahlungsformular_doppelt_abgeschickt_zahlt_einmal(client, welt, jahr_a):
    client.force_login(welt.fd51)
    formular = client.get(zahlung_url(jahr_a))
    assert "Abschlag 1, 25.000,00" in formular.content.decode()
    schluessel = formular.context["form"]["formular_schluessel"].value()
    daten = {"formular_schluessel": str(schluessel), "betrag": "", "zahlungsdatum": ""}
    for _ in range(2):
        assert client.post(zahlung_url(jahr_a), daten).status_code == 302
    assert zahlen_des_jahres(jahr_a).ausgezahlt == d("25000.00")
    # a new form (new key) pays the next Abschlag
    neu = {**daten, "formular_schluessel": str(uuid.uuid4())}
    client.post(zahlung_url(jahr_a), neu)
    assert zahlen_des_jahres(jahr_a).ausgezahlt == d("50000.00")


def test_zahlung_ueber_gebunden_zeigt_die_meldung(client, welt, jahr_a):
    client.force_login(welt.fd51)
    antwort = client.post(
        zahlung_url(jahr_a),
        {"formular_schluessel": str(uuid.uuid4()), "betrag": "100.000,01"},
    )
    assert antwort.status_code == 200
    assert "Mehr als gebunden wird nicht gezahlt" in antwort.content.decode()
    assert zahlen_des_jahres(jahr_a).ausgezahlt == 0


def test_spitzabrechnung_erst_vorschau_dann_buchen(client, welt, jahr_a):
    services.zahlung_erfassen(
        vertragsjahr=jahr_a, betrag=d("75000.00"), durch=welt.fd51
    )
    client.force_login(welt.fd51)
    url = reverse(
        "vertraege:spitzabrechnung", kwargs={"pk": jahr_a.vertrag.pk, "jahr": 2013}
    )
    daten = {"formular_schluessel": str(uuid.uuid4()), "ist_kosten": "60.000,00"}
    vorschau = client.post(url, {**daten, "vorschau": ""})
    assert vorschau.status_code == 200
    assert [(s.art, s.betrag) for s in vorschau.context["schritte"]] == [
        ("rueckforderung", d("15000.00")),
        ("aufloesung", d("40000.00")),
    ]
    assert not Buchung.objects.filter(art=Buchungsart.RUECKFORDERUNG).exists()
    assert client.post(url, {**daten, "buchen": ""}).status_code == 302
    assert client.post(url, {**daten, "buchen": ""}).status_code == 302  # again
    assert Buchung.objects.filter(art=Buchungsart.RUECKFORDERUNG).count() == 1
    jahr_a.refresh_from_db()
    assert jahr_a.ist_abgerechnet
    inhalt = client.get(url).content.decode()
    assert "Bereits spitzabgerechnet" in inhalt


def test_unbekanntes_jahr_ist_404(client, welt, jahr_a):
    client.force_login(welt.fd51)
    url = reverse("vertraege:zahlung", kwargs={"pk": jahr_a.vertrag.pk, "jahr": 2015})
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("vertraege:liste", kwargs={"jahr": 1800})).status_code == 404
    )
    assert client.get(jahr_url(jahr_a.vertrag) + "?jahr=abc").status_code == 404


def test_jahresformular_schlaegt_das_laufende_jahr_vor(client, welt, vertrag_a):
    client.force_login(welt.fd51)
    # A's contract ended in 2016: its first year
    assert client.get(jahr_url(vertrag_a)).context["form"].initial == {
        "haushaltsjahr": 2013
    }
    jetzt = datetime.date.today().year
    laufend = services.vertrag_anlegen(
        sozialraum=welt.b,
        traeger=TraegerFactory(name="Sozialraumträger Gellersen e. V."),
        beginn=datetime.date(jetzt - 1, 1, 1),
        ende=datetime.date(jetzt + 1, 12, 31),
        bezeichnung="Sozialraumbüro Gellersen",
        durch=welt.fd51,
    )
    antwort = client.get(jahr_url(laufend))
    assert antwort.context["form"].initial["haushaltsjahr"] == jetzt
    assert f'<option value="{jetzt}" selected>' in antwort.content.decode()
