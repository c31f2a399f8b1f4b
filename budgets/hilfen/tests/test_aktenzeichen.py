"""The Aktenzeichen: strict format, obvious personal data refused with reasons."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from ..aktenzeichen import aktenzeichen_pruefen
from ..forms import HilfeForm


def code(wert):
    with pytest.raises(ValidationError) as info:
        aktenzeichen_pruefen(wert)
    (fehler,) = info.value.error_dict["aktenzeichen"]
    return fehler.code, fehler.message


@pytest.mark.parametrize(
    "wert",
    ["51-2026-0815", "ZZ-4711-SENTINEL", "JA/51/2026.7", "A1B", " 51-2026-0815 "],
)
def test_gueltige_aktenzeichen(wert):
    assert aktenzeichen_pruefen(wert) == wert.strip()


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [
        ("Max Mustermann", "aktenzeichen_name"),
        ("Müller, Anna", "aktenzeichen_name"),
        ("M. Mustermann", "aktenzeichen_name"),
        ("Anna-Lena Meyer 2015", "aktenzeichen_name"),
        ("01.02.2015", "aktenzeichen_datum"),
        ("51-01.02.15", "aktenzeichen_datum"),
        ("2015-02-01", "aktenzeichen_datum"),
        ("AZ 3. Mai", "aktenzeichen_datum"),
        ("Hauptstraße 5", "aktenzeichen_adresse"),
        ("AM SANDWEG 12", "aktenzeichen_adresse"),
        ("Bahnhofstr. 3a", "aktenzeichen_adresse"),
        ("21335 Lüneburg", "aktenzeichen_adresse"),
        ("kim@example.org", "aktenzeichen_email"),
        ("04131 261234", "aktenzeichen_telefon"),
        ("+49 4131 26-0", "aktenzeichen_telefon"),
        ("0171/1234567", "aktenzeichen_telefon"),
        ("(04131) 26", "aktenzeichen_telefon"),
        ("mustermann", "aktenzeichen_wort"),
        ("Mustermann-2015", "aktenzeichen_wort"),
        ("", "aktenzeichen_fehlt"),
        ("ab", "aktenzeichen_format"),
        ("AB", "aktenzeichen_format"),
        ("ABC-DEF", "aktenzeichen_format"),  # no digit
        ("51 2026", "aktenzeichen_format"),
        ("51--2026", "aktenzeichen_format"),
        ("A" * 30 + "1", "aktenzeichen_format"),
    ],
)
def test_personenbezug_und_format_werden_abgelehnt(wert, erwartet):
    gefunden, meldung = code(wert)
    assert gefunden == erwartet
    if erwartet != "aktenzeichen_fehlt":
        assert "51-2026-0815" in meldung  # says what to enter instead
    # the refusal never repeats the input
    if len(wert) > 3:
        assert wert not in meldung


def test_meldungen_erklaeren_warum():
    assert "Namen" in code("Max Mustermann")[1]
    assert "Geburtsdatum" in code("01.02.2015")[1]
    assert "Anschrift" in code("Hauptstraße 5")[1]
    assert "Telefonnummer" in code("04131 261234")[1]
    assert "E-Mail-Adresse" in code("kim@example.org")[1]


@override_settings(HILFEN_AKTENZEICHEN_MUSTER=r"^JA-\d{4}$")
def test_format_ist_einstellbar():
    assert aktenzeichen_pruefen("JA-0815") == "JA-0815"
    assert code("51-2026-0815")[0] == "aktenzeichen_format"


@pytest.mark.django_db
def test_formular_gibt_namen_nicht_zurueck():
    form = HilfeForm({"aktenzeichen": "Max Mustermann"})
    assert not form.is_valid()
    assert form.errors.as_data()["aktenzeichen"][0].code == "aktenzeichen_name"
    html = str(form["aktenzeichen"])
    assert "Mustermann" not in html
    assert 'autocomplete="off"' in html
    assert "Niemals Namen" in form.fields["aktenzeichen"].help_text
