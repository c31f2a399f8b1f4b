"""Properties of the import and export (hypothesis): any bytes, CSV-like text or
XLSX cells never raise out of the import and never leave part of it behind;
the formula escaper holds for any string."""

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from austausch import services
from austausch.arten import RESSOURCEN
from austausch.escaper import (
    GEFAEHRLICH,
    entschaerfen,
    entschaerfung_aufheben,
)
from austausch.ressourcen import AntragRessource

from .test_austausch import SPALTEN, als_csv, zaehlen, zeile

EINSTELLUNGEN = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(st.text())
def test_escaper_fuer_jeden_text(text):
    sicher = entschaerfen(text)
    assert not sicher.startswith(GEFAEHRLICH)
    assert entschaerfung_aufheben(sicher) == text


@given(st.text())
def test_export_zellen_sind_nie_formeln(text):
    xlsx = services._xlsx(["Spalte"], [[text.replace("\x00", "")]], "Test")
    blatt = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    for (zelle,) in blatt.iter_rows(min_row=2):
        assert zelle.data_type != "f"


# Cells that look almost right: amounts, dates, references, nonsense.
zellen = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "ADE",
            "R2",
            "XYZ",
            "projektmittel",
            "1.234,56",
            "-5",
            "1,005",
            "24.09.2013",
            "31.02.2013",
            "Bewilligt",
            "bewilligt",
            "ja",
            "=1+1",
            "'",
            "ADE:1,00|GEL:x",
            "9" * 40,
        ]
    ),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
)


def _pruefen(welt, inhalt, art, name):
    vorher = zaehlen()
    ergebnis = services.importieren(
        art=art, inhalt=inhalt, dateiname=name, durch=welt.fd51, trocken=False
    )
    if ergebnis.hat_fehler:
        assert zaehlen() == vorher
        assert all(isinstance(t, str) and t for _, _, t in ergebnis.fehlerliste())
    return ergebnis


@pytest.mark.django_db
@EINSTELLUNGEN
@given(inhalt=st.binary(max_size=2000), art=st.sampled_from(sorted(RESSOURCEN)))
def test_beliebige_bytes(welt, inhalt, art):
    _pruefen(welt, inhalt, art, "a.csv")


@pytest.mark.django_db
@EINSTELLUNGEN
@given(
    zeilen=st.lists(
        st.fixed_dictionaries(
            {}, optional=dict.fromkeys(AntragRessource.spaltennamen(), zellen)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_beliebige_csv_zeilen(welt, zeilen):
    voll = [zeile(**z) for z in zeilen]
    _pruefen(welt, als_csv(voll), "antraege", "a.csv")


@pytest.mark.django_db
@EINSTELLUNGEN
@given(
    zeilen=st.lists(
        st.lists(
            st.one_of(
                zellen,
                st.floats(allow_nan=True, allow_infinity=True),
                st.integers(min_value=-(10**12), max_value=10**12),
                st.dates(),
                st.booleans(),
                st.none(),
            ),
            min_size=len(SPALTEN),
            max_size=len(SPALTEN),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_beliebige_xlsx_zellen(welt, zeilen):
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(SPALTEN)
    for z in zeilen:
        # what openpyxl can store (it refuses control characters itself)
        blatt.append(
            [
                w.translate(dict.fromkeys(range(32))) if isinstance(w, str) else w
                for w in z
            ]
        )
    puffer = io.BytesIO()
    mappe.save(puffer)
    _pruefen(welt, puffer.getvalue(), "antraege", "a.xlsx")


@pytest.mark.django_db
@EINSTELLUNGEN
@given(kaputt=st.integers(min_value=0, max_value=3000), bytewert=st.integers(0, 255))
def test_beschaedigte_xlsx(welt, kaputt, bytewert):
    mappe = openpyxl.Workbook()
    mappe.active.append(SPALTEN)
    puffer = io.BytesIO()
    mappe.save(puffer)
    inhalt = bytearray(puffer.getvalue())
    inhalt[kaputt % len(inhalt)] = bytewert
    _pruefen(welt, bytes(inhalt), "antraege", "a.xlsx")
