"""The allocation flow of the budgets, run for both authorities (issue 17):
zuweisen by key (preview, then booking), Umbuchen, Jahresabschluss, and the
overview that shows them in the authority's words, without a Region where the
authority has none."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.models import Buchung, Buchungsart, Budget, Budgetart, Jahresabschluss
from budgets.selectors import zahlen_von
from conftest import BEHOERDEN

pytestmark = pytest.mark.django_db


@pytest.fixture(params=BEHOERDEN)
def behoerde(request):
    return request.param


def test_zuweisen_umbuchen_abschliessen(client, welt, behoerde):
    from config.begriffe import begriffe
    from sozialraum.models import Sozialraum

    b = begriffe()
    raeume = Sozialraum.objects.count()
    assert raeume == {"landkreis": 10, "hansestadt": 7}[behoerde]
    art = Budgetart.objects.get(code="projektmittel")
    client.force_login(welt.fd51)

    # zuweisen: the preview splits to the cent over every space, then it books
    url = reverse("budgets:zuweisen", args=[2012])
    daten = {
        "budgetart": art.pk,
        "gesamtbetrag": "70.000,00",
        "schluessel": "gleich",
        "buchungsdatum": "18.04.2012",
    }
    vorschau = client.post(url, {**daten, "vorschau": "1"}).content.decode()
    anteil = f"{70000 // raeume:,}".replace(",", ".")
    assert vorschau.count(f"{anteil},00\u00a0€") == raeume
    assert f"{art.name}" in vorschau
    assert not Buchung.objects.exists()
    assert client.post(url, {**daten, "buchen": "1"}).status_code == 302
    assert Buchung.objects.filter(art=Buchungsart.ZUWEISUNG).count() == raeume

    # umbuchen from A to B, in the same year
    von, nach = (
        Budget.objects.get(budgetart=art, haushaltsjahr=2012, sozialraum=s)
        for s in (welt.a, welt.b)
    )
    antwort = client.post(
        reverse("budgets:umbuchen", args=[2012]),
        {"von": von.pk, "nach": nach.pk, "betrag": "1.000,00", "text": "Ausgleich"},
    )
    assert antwort.status_code == 302

    # the overview: every space, the total; a Region only where there are some
    html = client.get(reverse("budgets:uebersicht", args=[2012])).content.decode()
    assert welt.a.name in html and welt.b.name in html
    assert "70.000,00\u00a0€" in html
    if b.mit_gruppen:
        assert f"Summe {welt.a.region.name}" in html
        assert "Landkreis gesamt" in html
    else:
        assert "Region" not in html and f"Summe {welt.a.region.name}" not in html
        assert "Hansestadt gesamt" in html and ">Stadtteile</h2>" in html

    # a Leitung's total is hers, not the authority's
    client.force_login(welt.leitung_a)
    eigene = client.get(reverse("budgets:uebersicht", args=[2012])).content.decode()
    assert ">Summe</h2>" in eigene and "gesamt</h2>" not in eigene
    client.force_login(welt.fd51)

    # budgetstand: the columns in the authority's words, no Region column
    # without a group level
    ausgabe = io.StringIO()
    call_command("budgetstand", jahr=2012, format="csv", stdout=ausgabe)
    kopf = ausgabe.getvalue().splitlines()[0].split(";")
    assert kopf[:3] == (
        ["Region", "Sozialraum", "Budgetart"]
        if b.mit_gruppen
        else ["Stadtteil", "Budgetart", "Ansatz"]
    )
    text = io.StringIO()
    call_command("budgetstand", jahr=2012, stdout=text)
    assert text.getvalue().splitlines()[-1].startswith(b.behoerde_kurz)

    # Jahresabschluss: the Projektmittel carry over once, one booking each
    url = reverse("budgets:jahresabschluss", args=[2012])
    vorschau = client.get(url).content.decode()
    assert vorschau.count("Übertrag (aus)") == raeume
    assert ("Regionalbudget 2" in vorschau) == b.mit_gruppen
    assert client.post(url).status_code == 302
    assert Jahresabschluss.objects.filter(haushaltsjahr=2012).exists()
    assert Buchung.objects.filter(art=Buchungsart.UEBERTRAG_EIN).count() == raeume
    nach_2013 = Budget.objects.get(budgetart=art, haushaltsjahr=2013, sozialraum=welt.b)
    assert zahlen_von(nach_2013).uebertrag == Decimal(70000 // raeume) + 1000
