"""The reports of both installations (issue 17): the Budgetbericht, the
Antragsübersicht, the Jahresbericht and the Bewilligungsschreiben, as real
PDFs read back as text, name the installation's authority and spaces and no
word of the other one."""

import pytest
from django.utils import timezone

from antraege.models import Status
from antraege.tests.factories import JAHR, antrag_im_status
from berichte.dokumente import (
    antragsuebersicht_pdf,
    bewilligungsschreiben_pdf,
    budgetbericht_pdf,
    jahresbericht_pdf,
)
from berichte.selectors import Auswahl
from berichte.tests.test_berichte import text

pytestmark = pytest.mark.django_db

EIGENE = {
    "landkreis": ("Landkreis", "Sozialraum"),
    "hansestadt": ("Hansestadt", "Stadtteil"),
}
FREMDE = {
    "landkreis": ("Hansestadt", "Stadtteil", "Bereich 51"),
    "hansestadt": ("Landkreis", "Sozialraum", "Region", "Fachdienst 51", "FD 51"),
}


@pytest.fixture(params=["landkreis", "hansestadt"])
def behoerde(request):
    return request.param


@pytest.fixture
def bewilligt(welt):
    antrag, _sitzung = antrag_im_status(welt, Status.BEWILLIGT)
    return antrag


def _pruefen(inhalt, behoerde):
    for wort in EIGENE[behoerde]:
        assert wort in inhalt, wort
    for wort in FREMDE[behoerde]:
        assert wort not in inhalt, (wort, [z for z in inhalt.splitlines() if wort in z])


def test_budgetbericht(welt, bewilligt, behoerde):
    _pruefen(text(budgetbericht_pdf(JAHR)), behoerde)


def test_antragsuebersicht(welt, bewilligt, behoerde):
    inhalt = text(antragsuebersicht_pdf(Auswahl(jahre=(JAHR,)), timezone.localdate()))
    assert bewilligt.nummer in inhalt
    # the Summe names the authority, not a hidden group
    assert f"Summe {EIGENE[behoerde][0]}" in inhalt
    for wort in FREMDE[behoerde]:
        assert wort not in inhalt, wort


def test_jahresbericht(welt, bewilligt, behoerde):
    inhalt = text(jahresbericht_pdf(welt.a, JAHR, genau=True, alle_zahlen=True))
    assert welt.a.name in inhalt
    _pruefen(inhalt.replace(welt.a.name, ""), behoerde)


def test_bewilligungsschreiben(welt, bewilligt, behoerde):
    inhalt = text(bewilligungsschreiben_pdf(bewilligt))
    assert bewilligt.nummer in inhalt
    behoerde_name = {"landkreis": "Landkreis Lüneburg", "hansestadt": "Hansestadt"}
    assert behoerde_name[behoerde] in inhalt
    for wort in FREMDE[behoerde]:
        assert wort not in inhalt, wort
