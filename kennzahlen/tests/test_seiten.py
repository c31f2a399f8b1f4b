"""The pages: German input, wrong input, double submits, what each role sees,
and query counts that do not grow with the data."""

import datetime
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antraege.models import Themenfeld
from kennzahlen import services
from kennzahlen.models import Quartalsmeldung, Zielvorgabe
from sozialraum.models import Sozialraum
from sozialraum.tests.factories import SozialraumbueroFactory

from .factories import gemeldet, gesperrt, kategorie, zahlen

pytestmark = pytest.mark.django_db


def _url(name, welt, **kw):
    return reverse(name, kwargs={"jahr": 2013, "kuerzel": welt.a.kuerzel, **kw})


def _post(**werte):
    daten = {
        "faelle_neu": "30",
        "faelle_abgeschlossen": "25",
        "faelle_laufend": "60",
        "beratungstermine": "250",
        "formular_schluessel": str(uuid.uuid4()),
    }
    daten.update(werte)
    return daten


def test_leitung_meldet_ueber_das_formular(client, welt):
    client.force_login(welt.leitung_a)
    k = kategorie()
    r = client.post(
        _url("kennzahlen:melden", welt, quartal=2), _post(**{f"kategorie_{k.pk}": "7"})
    )
    assert r.status_code == 302
    m = Quartalsmeldung.objects.get()
    assert (m.quartal, m.faelle_neu, m.kategoriezahlen.get().anzahl) == (2, 30, 7)
    seite = client.get(r["Location"]).content.decode()
    assert "gemeldet" in seite and "Alleinerziehende" in seite


@pytest.mark.parametrize(
    ("feld", "wert", "text"),
    [
        ("faelle_neu", "-4", "nicht negativ"),
        ("faelle_neu", "drei", "ganze Zahl"),
        ("faelle_neu", "1,5", "ganze Zahl"),
        # Django alone would store the German "1.000" as 1
        ("beratungstermine", "1.000", "ohne Punkt und Komma"),
        ("beratungstermine", "999999", "nicht plausibel"),
        ("faelle_laufend", "", "Bitte eine Zahl angeben"),
    ],
)
def test_falsche_eingabe_deutsche_meldung_nichts_gespeichert(
    client, welt, feld, wert, text
):
    client.force_login(welt.leitung_a)
    r = client.post(_url("kennzahlen:melden", welt, quartal=1), _post(**{feld: wert}))
    assert r.status_code == 200
    assert text in r.content.decode()
    assert not Quartalsmeldung.objects.exists()


def test_zielwert_mit_tausenderpunkt_wird_abgelehnt(client, welt):
    services.zielvereinbarung_entwerfen(sozialraum=welt.a, jahr=2013, durch=welt.fd51)
    client.force_login(welt.fd51)
    r = client.post(
        _url("kennzahlen:vorgabe_neu", welt),
        {
            "art": "kennzahl",
            "titel": "Beratungen",
            "kennzahl": "beratungstermine",
            "zielwert": "1.000",
        },
    )
    assert r.status_code == 200
    assert "ohne Punkt und Komma" in r.content.decode()
    assert not Zielvorgabe.objects.exists()


def test_doppelt_abgeschickt(client, welt):
    client.force_login(welt.leitung_a)
    daten = _post()
    client.post(_url("kennzahlen:melden", welt, quartal=1), daten)
    r = client.post(
        _url("kennzahlen:melden", welt, quartal=1), {**daten, "faelle_neu": "99"}
    )
    assert "schon abgeschickt" in r.content.decode()
    assert Quartalsmeldung.objects.get().faelle_neu == 30


def _formular(client, url):
    """The hidden fields of the report form as the page hands them out."""
    seite = client.get(url).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', seite).group(1)
        if f'name="{name}" value="' in seite
        else ""
        for name in ("formular_schluessel", "stand")
    }


def test_spaet_abgeschicktes_formular_ueberschreibt_keine_neuere_meldung(client, welt):
    """Form 1 reports, form 2 changes the report; form 1 sent again late (a
    browser retrying) finds its key replaced and must not bring back its figures."""
    client.force_login(welt.leitung_a)
    url = _url("kennzahlen:melden", welt, quartal=1)
    erstes = _post(**_formular(client, url))
    assert client.post(url, erstes).status_code == 302
    zweites = _post(faelle_neu="40", **_formular(client, url))
    assert zweites["stand"]  # opened on the report of form 1
    assert client.post(url, zweites).status_code == 302

    r = client.post(url, erstes)
    assert r.status_code == 200
    assert "inzwischen geändert" in r.content.decode()
    assert Quartalsmeldung.objects.get().faelle_neu == 40
    # sent again from the page that said so, it meets today's report
    erneut = {
        **erstes,
        "stand": re.search(r'name="stand" value="([^"]*)"', r.content.decode()).group(
            1
        ),
    }
    assert client.post(url, erneut).status_code == 302
    assert Quartalsmeldung.objects.get().faelle_neu == 30


def _stand_auf_der_seite(client, welt):
    """The hidden "stand" of the lock button, as the Büro page shows it."""
    seite = client.get(_url("kennzahlen:buero", welt)).content.decode()
    return re.search(r'name="stand" value="([^"]+)"', seite).group(1)


def test_fd51_sperrt_und_korrigiert_mit_begruendung(client, welt):
    gemeldet(welt)
    client.force_login(welt.fd51)
    r = client.post(
        _url("kennzahlen:sperren", welt, quartal=1),
        {"stand": _stand_auf_der_seite(client, welt)},
    )
    assert r.status_code == 302
    assert Quartalsmeldung.objects.get().ist_gesperrt
    ohne = client.post(
        _url("kennzahlen:korrigieren", welt, quartal=1),
        _post(faelle_neu="28", begruendung=""),
    )
    assert "braucht eine Begründung" in ohne.content.decode()
    assert Quartalsmeldung.objects.count() == 1
    r = client.post(
        _url("kennzahlen:korrigieren", welt, quartal=1),
        _post(faelle_neu="28", begruendung="Zwei Fälle doppelt"),
    )
    assert r.status_code == 302
    seite = client.get(_url("kennzahlen:buero", welt)).content.decode()
    assert "Version 2 (aktuell)" in seite and "Version 1 (ersetzt)" in seite
    assert "Zwei Fälle doppelt" in seite
    # the old figure stays visible in the history
    assert "Fälle neu 30" in seite and "Fälle neu 28" in seite


@pytest.mark.parametrize("stand", ["von der seite", "", "gestern"])
def test_sperren_nur_was_fd51_gesehen_hat(client, welt, stand):
    """The Leitung changes her report while FD 51 looks at the old figures:
    FD 51's click locks nothing (nor does a missing or garbled stand)."""
    gemeldet(welt)
    client.force_login(welt.fd51)
    if stand == "von der seite":
        stand = _stand_auf_der_seite(client, welt)
        gemeldet(welt, neu=31)
    r = client.post(_url("kennzahlen:sperren", welt, quartal=1), {"stand": stand})
    assert r.status_code == 302
    assert not Quartalsmeldung.objects.get().ist_gesperrt
    seite = client.get(r["Location"]).content.decode()
    assert "inzwischen geändert" in seite


def test_leitung_kann_gesperrtes_nicht_aendern(client, welt):
    gesperrt(welt)
    client.force_login(welt.leitung_a)
    r = client.post(_url("kennzahlen:melden", welt, quartal=1), _post(faelle_neu="1"))
    assert "gesperrt" in r.content.decode()
    assert Quartalsmeldung.objects.get().faelle_neu == 30


def test_jha_sieht_kleine_zahlen_nicht_und_keine_namen(client, welt):
    gesperrt(welt, neu=3)
    # a correction, so that the JHA sees the history (where names would be)
    services.meldung_korrigieren(
        meldung=Quartalsmeldung.objects.get(),
        zahlen=zahlen(neu=2),
        begruendung="Ein Fall doppelt",
        durch=welt.fd51,
    )
    client.force_login(welt.jha)
    seite = client.get(_url("kennzahlen:buero", welt)).content.decode()
    assert "&lt;&nbsp;5" in seite
    assert "Version 1 (ersetzt)" in seite and "Ein Fall doppelt" in seite
    assert welt.leitung_a.get_full_name() not in seite
    assert str(welt.fd51) not in seite
    # nor the old version's exact figure
    assert "Fälle neu 3" not in seite
    assert welt.a.buero.email not in seite
    liste = client.get(reverse("kennzahlen:liste", kwargs={"jahr": 2013}))
    assert "&lt;&nbsp;5" in liste.content.decode()
    client.force_login(welt.fd51)
    seite = client.get(_url("kennzahlen:buero", welt)).content.decode()
    assert "für andere verborgen" in seite


def _viele_meldungen(welt):
    for s in Sozialraum.objects.exclude(pk__in=[welt.a.pk, welt.b.pk]):
        SozialraumbueroFactory(sozialraum=s)
    leitung = {}
    from kennzahlen import services
    from konten.models import Rolle
    from sozialraum.tests.factories import benutzer_mit_rolle

    for s in Sozialraum.objects.all():
        leitung[s] = benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=s)
        for q in (1, 2, 3, 4):
            m = services.meldung_abgeben(
                sozialraum=s,
                jahr=2013,
                quartal=q,
                zahlen=zahlen(neu=2 + q),
                kategorien={kategorie(): 2},
                durch=leitung[s],
            )
            if q < 3:
                services.meldung_sperren(meldung=m, durch=welt.fd51)


def _zielvereinbarung(welt, *, vorgaben, anlass=""):
    zv = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=2013, durch=welt.fd51, anlass=anlass
    )
    for i in range(vorgaben):
        services.zielvorgabe_hinzufuegen(
            zielvereinbarung=zv,
            art="kennzahl",
            titel=f"Ziel {i}",
            kennzahl="faelle_neu",
            zielwert=100 + i,
            themenfelder=list(Themenfeld.objects.all()[:2]),
            durch=welt.fd51,
        )
    services.zielvereinbarung_vereinbaren(
        zielvereinbarung=zv, vereinbart_am=datetime.date(2013, 1, 10), durch=welt.fd51
    )


def _abfragen(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("rolle", ["fd51", "jha", "leitung_a"])
def test_abfragen_unabhaengig_von_der_datenmenge(client, welt, rolle):
    client.force_login(getattr(welt, rolle))
    liste = reverse("kennzahlen:liste", kwargs={"jahr": 2013})
    buero = _url("kennzahlen:buero", welt)
    # one report with a Kategorie (else the prefetch of Kategorien is skipped),
    # an agreed Zielvereinbarung with one target
    gemeldet(welt, kategorien={kategorie(): 2})
    _zielvereinbarung(welt, vorgaben=1)
    wenig = (_abfragen(client, liste), _abfragen(client, buero))
    _viele_meldungen(welt)
    # a second version with more targets replaces the first; a third is drafted
    _zielvereinbarung(welt, vorgaben=3, anlass="Neue Aufgaben")
    services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=2013, durch=welt.fd51, anlass="Noch eine"
    )
    viel = (_abfragen(client, liste), _abfragen(client, buero))
    assert wenig == viel


def test_korrektur_behaelt_eine_nicht_mehr_gezaehlte_kategorie(client, welt):
    """FD 51 stops counting a Kategorie after a report that counted it: the
    correction form still shows that figure and keeps it; a new Kategorie
    count stays refused."""
    k = kategorie()
    gesperrt(welt, kategorien={k: 7})
    k.aktiv = False
    k.save()
    client.force_login(welt.fd51)
    url = _url("kennzahlen:korrigieren", welt, quartal=1)
    seite = client.get(url).content.decode()
    assert f'name="kategorie_{k.pk}"' in seite and 'value="7"' in seite
    r = client.post(
        url,
        _post(
            faelle_neu="28", begruendung="Zwei doppelt", **{f"kategorie_{k.pk}": "7"}
        ),
    )
    assert r.status_code == 302
    neu = Quartalsmeldung.objects.aktuell().get()
    assert (neu.version, neu.kategoriezahlen.get().anzahl) == (2, 7)
    # a Büro that never counted it cannot start now
    gemeldet(welt, welt.b)
    with pytest.raises(ValidationError):
        services.meldung_abgeben(
            sozialraum=welt.b,
            jahr=2013,
            quartal=1,
            zahlen=zahlen(),
            kategorien={k: 2},
            durch=welt.leitung_b,
        )
