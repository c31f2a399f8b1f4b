"""The demo's Kennzahlen are plausible (Vorlage 2017/208: 1.000–1.200 cases, about
10.000 Beratungstermine a year over ten Büros) and repeating adds nothing."""

import pytest
from django.utils import timezone

from demo import stammdaten
from demo.kennzahlen import kennzahlen_anlegen, zielvereinbarungen_anlegen
from kennzahlen.models import Quartalsmeldung, Zielvereinbarung
from kennzahlen.selectors import FEST, jahresliste
from konten.models import User
from sozialraum.models import Sozialraum

pytestmark = pytest.mark.django_db


def test_demo_kennzahlen_plausibel_und_wiederholbar(grunddaten):
    stammdaten.organisation_anlegen()
    stammdaten.konten_anlegen()
    fd51 = User.objects.get(email="fd51@demo.invalid")
    jahr = timezone.localdate().year
    assert kennzahlen_anlegen(2013, durch=fd51) == 40
    kennzahlen_anlegen(jahr, durch=fd51)
    assert zielvereinbarungen_anlegen(jahr, durch=fd51) == 10
    t = jahresliste(
        2013, sichtbar=Sozialraum.objects.all(), genau_alle=True, landkreis=True
    )
    landkreis = {k: z.wert for k, z in zip(FEST, t.landkreis, strict=True)}
    assert 1000 <= landkreis["faelle_neu"] <= 1200
    assert 9000 <= landkreis["beratungstermine"] <= 11000
    # 2013 is locked, with one correction whose old version stays
    assert not Quartalsmeldung.objects.filter(jahr=2013, status="gemeldet").exists()
    assert Quartalsmeldung.objects.filter(jahr=2013, version=2).count() == 1
    assert Zielvereinbarung.objects.filter(jahr=jahr, status="vereinbart").count() == 10
    vorher = Quartalsmeldung.objects.count(), Zielvereinbarung.objects.count()
    assert kennzahlen_anlegen(2013, durch=fd51) == 0
    assert kennzahlen_anlegen(jahr, durch=fd51) == 0
    assert zielvereinbarungen_anlegen(jahr, durch=fd51) == 0
    assert (Quartalsmeldung.objects.count(), Zielvereinbarung.objects.count()) == vorher
