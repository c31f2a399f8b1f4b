"""Import and export in both authorities' installations (issue 17): a file's
headers are the installation's words ("Sozialraum/Region" in the Landkreis,
"Stadtteil" in the Hansestadt), and what its export and its template file
write, its import reads."""

import io

import openpyxl
import pytest
from django.db import transaction

from antraege.models import Antrag, Status
from antraege.tests.factories import JAHR, antrag_im_status, budgets_fuellen, ziel_fuer
from austausch import services, vorlage
from austausch.arten import RESSOURCEN
from austausch.ressourcen import kopf
from config.begriffe import begriffe
from tests.test_behoerden import treffer

from .test_austausch import importieren


@pytest.fixture(params=["landkreis", "hansestadt"])
def behoerde(request):
    return request.param


def _erwartete_koepfe():
    b = begriffe()
    return [
        f"{b.raum}/{b.gruppe}" if b.mit_gruppen else b.raum,
        f"{b.behoerde_kurz} vertreten",
    ]


def _ohne_fremde_woerter(text):
    # the Hansestadt's file holds no word of the Landkreis' installation
    if begriffe().behoerde_kurz == "Hansestadt":
        assert not treffer(text), treffer(text)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_der_antraege_spricht_die_woerter_und_liest_sich_zurueck(welt, format):
    # the Konzept and the money stay: the file names the Ziel, binds the money
    ziel_fuer(welt.a)
    budgets_fuellen()
    with transaction.atomic():
        antrag_im_status(welt, Status.BEWILLIGT, budget=False)
        koepfe, zeilen = services.export_tabelle(art="antraege")
        datei = services.exportieren(art="antraege", format=format)
        transaction.set_rollback(True)
    for erwartet in _erwartete_koepfe():
        assert erwartet in koepfe
    assert kopf("Sozialraum/Region") == _erwartete_koepfe()[0]
    _ohne_fremde_woerter("\n".join(koepfe))
    if format == "csv":
        text = datei.decode("utf-8-sig")
        assert text.splitlines()[0].split(";") == koepfe
        _ohne_fremde_woerter(text)
    assert not Antrag.objects.exists()

    # the same installation's import reads its export back, word for word
    ergebnis = importieren(welt, datei, name=f"antraege.{format}")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    assert [z.aktion for z in ergebnis.zeilen] == ["neu"] * len(zeilen)
    assert services.export_tabelle(art="antraege") == (koepfe, zeilen)


def test_import_nach_der_vorlage_der_behoerde(welt):
    budgets_fuellen()
    mappe = openpyxl.load_workbook(io.BytesIO(vorlage.vorlage("antraege")))
    daten, erklaerung = mappe.worksheets
    koepfe = [zelle.value for zelle in daten[1]]
    for erwartet in _erwartete_koepfe():
        assert erwartet in koepfe
    _ohne_fremde_woerter(
        "\n".join(
            str(w)
            for blatt in mappe.worksheets
            for zeile in blatt.iter_rows(values_only=True)
            for w in zeile
            if w is not None
        )
    )
    # the example row replaced by an application of the installation's space
    werte = {
        "Haushaltsjahr": JAHR,
        "Budgetart": "projektmittel",
        _erwartete_koepfe()[0]: welt.a.kuerzel,
        "Antragsteller": "Sportverein e. V.",
        "Titel": "Ferienprogramm",
        "Beantragt": 1500,
        "Angelegt am": f"02.01.{JAHR}",
        "Status": "Entwurf",
    }
    for spalte, name in enumerate(koepfe, start=1):
        daten.cell(row=2, column=spalte).value = werte.get(name)
    puffer = io.BytesIO()
    mappe.save(puffer)

    ergebnis = importieren(welt, puffer.getvalue(), name="vorlage.xlsx")
    assert not ergebnis.hat_fehler, ergebnis.fehlerliste()
    antrag = Antrag.objects.get(titel="Ferienprogramm")
    assert antrag.sozialraum == welt.a and antrag.status == Status.ENTWURF


def test_vorlagen_beispiele_importieren_sich_der_reihe_nach(welt):
    # the examples name the installation's own spaces (KAL in the Hansestadt)
    budgets_fuellen()
    for art in RESSOURCEN:
        datei = vorlage.vorlage(art)
        ergebnis = importieren(welt, datei, art=art, name="v.xlsx")
        assert not ergebnis.hat_fehler, (art, ergebnis.fehlerliste())
        assert [z.aktion for z in ergebnis.zeilen] == ["neu"], art
