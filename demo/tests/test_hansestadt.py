"""`manage.py demo` for the Hansestadt Lüneburg (GRUNDDATEN=hansestadt): its
logins, Stadtteile with budgets, nothing at the level of a Region."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from antraege.models import Antrag, Sitzung, Status
from budgets.models import Budget
from budgets.vertraege.models import Vertragsjahr
from kennzahlen.models import Quartalsmeldung, Zielvereinbarung
from konten.models import User
from sozialraum.models import Sozialraum, Sozialraumbuero, Traeger

pytestmark = pytest.mark.django_db


def test_demo_der_hansestadt_auf_leerer_datenbank(settings):
    settings.GRUNDDATEN = settings.GRUNDDATEN_DATEIEN["hansestadt"]
    ausgabe = io.StringIO()
    call_command("demo", stdout=ausgabe)
    text = ausgabe.getvalue()
    for email in (
        "bereich51@demo.invalid",
        "leitung.kaltenmoor@demo.invalid",
        "ausschuss@demo.invalid",
        "admin@demo.invalid",
    ):
        assert email in text
        assert User.objects.get(email=email).check_password("Demo-Lueneburg-2013")
    assert not User.objects.filter(email__startswith="geschaeftsstelle").exists()
    assert not Budget.objects.filter(region__isnull=False).exists()
    assert set(Budget.objects.values_list("budgetart__code", flat=True)) == {
        "gebunden",
        "projektmittel",
        "foerdermittel",
    }
    assert Budget.objects.count() == 3 * Sozialraum.objects.count() == 21
    assert Sozialraumbuero.objects.count() == 7
    # Kennzahlen of last year's four quarters for every Stadtteilhaus
    assert (
        Quartalsmeldung.objects.filter(
            jahr=timezone.localdate().year - 1, aktuell=True
        ).count()
        == 4 * 7
    )
    # the demo's own texts use the Hansestadt's words
    texte = " ".join(
        " ".join(zeile) for zeile in Traeger.objects.values_list("name", "anschrift")
    )
    # (the grunddaten command's report before names the models by their labels)
    eigene = text.split("Grunddaten aus hansestadt_lueneburg.json")[1]
    for wort in ("Landkreis", "Sozialraum", "Region", "Fachdienst 51"):
        assert wort not in eigene, wort
        assert wort not in texte, wort
    assert "Stadtteilhaus" in texte
    # applications in the typical states, decided by Stadtteilrunden; a
    # contract per Stadtteilhaus over its gebundenes Budget; Zielvereinbarungen
    jahr = timezone.localdate().year
    stati = set(Antrag.objects.values_list("status", flat=True))
    assert {
        Status.ENTWURF,
        Status.EINGEREICHT,
        Status.GEPRUEFT,
        Status.ZUR_BERATUNG,
        Status.BEWILLIGT,
        Status.ABGELEHNT,
        Status.IN_AUSZAHLUNG,
    } <= stati
    assert Sitzung.objects.filter(datum__lte=timezone.localdate()).exists()
    assert Sitzung.objects.filter(datum__gt=timezone.localdate()).exists()
    assert Vertragsjahr.objects.filter(haushaltsjahr=jahr).count() == 7
    gebunden = Budget.objects.filter(budgetart__code="gebunden", haushaltsjahr=jahr)
    for vj in Vertragsjahr.objects.filter(haushaltsjahr=jahr):
        assert vj.jahresbetrag == Decimal("20000.00")
    assert gebunden.count() == 7
    assert Zielvereinbarung.objects.filter(jahr=jahr).count() == 7
    # a second run changes nothing
    zahlen = [
        m.objects.count()
        for m in (Quartalsmeldung, Antrag, Sitzung, Vertragsjahr, Zielvereinbarung)
    ]
    call_command("demo", stdout=io.StringIO())
    assert Budget.objects.count() == 21
    assert zahlen == [
        m.objects.count()
        for m in (Quartalsmeldung, Antrag, Sitzung, Vertragsjahr, Zielvereinbarung)
    ]


def test_demo_verweigert_die_datenbank_einer_anderen_behoerde(settings):
    call_command("grunddaten", stdout=io.StringIO())  # the Landkreis
    settings.GRUNDDATEN = settings.GRUNDDATEN_DATEIEN["hansestadt"]
    with pytest.raises(CommandError, match="Grunddaten einer anderen Behörde"):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.exists()
