"""The rules of reporting, locking and correcting Kennzahlen, and of the
Zielvereinbarungen: every refusal with its code, and nothing changed."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from kennzahlen import services
from kennzahlen.models import Kategoriezahl, Quartalsmeldung, Zielvereinbarung

from .factories import gemeldet, gesperrt, kategorie, zahlen

pytestmark = pytest.mark.django_db


def _codes(exc):
    if hasattr(exc, "error_dict"):
        return {e.code for fehler in exc.error_dict.values() for e in fehler}
    return {e.code for e in exc.error_list}


def _stand():
    return list(Quartalsmeldung.objects.order_by("pk").values()), list(
        Kategoriezahl.objects.order_by("pk").values()
    )


def test_melden_legt_version_1_an(welt):
    m = gemeldet(welt, kategorien={kategorie(): 7})
    assert (m.version, m.aktuell, m.status) == (1, True, "gemeldet")
    assert m.gemeldet_von == welt.leitung_a
    assert [(k.kategorie.name, k.anzahl) for k in m.kategoriezahlen.all()] == [
        ("Alleinerziehende", 7)
    ]


def test_leitung_aendert_bis_zur_sperre_in_derselben_version(welt):
    gemeldet(welt, kategorien={kategorie(): 7})
    m = gemeldet(welt, neu=31)
    assert Quartalsmeldung.objects.count() == 1
    assert (m.version, m.faelle_neu) == (1, 31)
    assert not m.kategoriezahlen.exists()


@pytest.mark.parametrize(
    ("werte", "code"),
    [
        ({"neu": -1}, "negativ"),
        ({"beratung": 10**6}, "unplausibel"),
        ({"neu": "12"}, "keine_zahl"),
        ({"neu": 1.5}, "keine_zahl"),
        ({"neu": True}, "keine_zahl"),
        ({"laufend": None}, "fehlt"),
    ],
)
def test_falsche_zahlen_werden_abgelehnt(welt, werte, code):
    vorher = _stand()
    with pytest.raises(ValidationError) as exc:
        gemeldet(welt, **werte)
    assert code in _codes(exc.value)
    assert _stand() == vorher


def test_kategorie_nicht_groesser_als_neue_faelle(welt):
    with pytest.raises(ValidationError) as exc:
        gemeldet(welt, neu=3, kategorien={kategorie(): 4})
    assert _codes(exc.value) == {"kategorie_zu_gross"}
    assert not Quartalsmeldung.objects.exists()


def test_inaktive_kategorie_wird_abgelehnt(welt):
    k = kategorie()
    k.aktiv = False
    k.save()
    with pytest.raises(ValidationError) as exc:
        gemeldet(welt, kategorien={k: 2})
    assert _codes(exc.value) == {"kategorie"}


def test_nicht_mehr_abschliessen_als_offen_waren(welt):
    gemeldet(welt, quartal=1, laufend=10)
    with pytest.raises(ValidationError) as exc:
        gemeldet(welt, quartal=2, neu=5, abgeschlossen=16)
    assert _codes(exc.value) == {"mehr_abgeschlossen_als_offen"}
    assert gemeldet(welt, quartal=2, neu=5, abgeschlossen=15).faelle_abgeschlossen == 15


def test_quartal_in_der_zukunft_wird_abgelehnt(welt):
    jahr = datetime.date.today().year + 1
    with pytest.raises(ValidationError) as exc:
        gemeldet(welt, jahr=jahr)
    assert _codes(exc.value) == {"quartal_nicht_zu_ende"}


def test_doppelt_abgeschickt_aendert_nichts(welt):
    schluessel = uuid.uuid4()
    args = {
        "sozialraum": welt.a,
        "jahr": 2013,
        "quartal": 1,
        "zahlen": zahlen(),
        "durch": welt.leitung_a,
        "formular_schluessel": schluessel,
    }
    services.meldung_abgeben(**args)
    vorher = _stand()
    with pytest.raises(ValidationError) as exc:
        services.meldung_abgeben(**{**args, "zahlen": zahlen(neu=99)})
    assert _codes(exc.value) == {"doppelt"}
    assert _stand() == vorher


@pytest.mark.parametrize(
    "wer", ["leitung_b", "jha", "fd51", "geschaeftsstelle", "admin"]
)
def test_nur_die_eigene_leitung_meldet(welt, wer):
    with pytest.raises(ValidationError) as exc:
        services.meldung_abgeben(
            sozialraum=welt.a,
            jahr=2013,
            quartal=1,
            zahlen=zahlen(),
            durch=getattr(welt, wer),
        )
    assert _codes(exc.value) == {"keine_berechtigung"}
    assert not Quartalsmeldung.objects.exists()


def test_nach_der_sperre_meldet_die_leitung_nicht_mehr(welt):
    gesperrt(welt)
    vorher = _stand()
    with pytest.raises(ValidationError) as exc:
        gemeldet(welt, neu=40)
    assert _codes(exc.value) == {"gesperrt"}
    assert _stand() == vorher


@pytest.mark.parametrize("wer", ["leitung_a", "jha", "admin", "geschaeftsstelle"])
def test_nur_fd51_sperrt(welt, wer):
    m = gemeldet(welt)
    with pytest.raises(ValidationError):
        services.meldung_sperren(meldung=m, durch=getattr(welt, wer))
    m.refresh_from_db()
    assert m.status == "gemeldet"


def test_zweimal_sperren_wird_abgelehnt(welt):
    m = gesperrt(welt)
    with pytest.raises(ValidationError) as exc:
        services.meldung_sperren(meldung=m, durch=welt.fd51)
    assert _codes(exc.value) == {"schon_gesperrt"}


def test_korrektur_ist_neue_version_mit_begruendung(welt):
    alt = gesperrt(welt, kategorien={kategorie(): 7})
    neu = services.meldung_korrigieren(
        meldung=alt,
        zahlen=zahlen(neu=32),
        kategorien={kategorie(): 8},
        begruendung="Zwei Fälle doppelt gezählt.",
        durch=welt.fd51,
    )
    alt.refresh_from_db()
    assert (alt.version, alt.aktuell, alt.faelle_neu) == (1, False, 30)
    assert [k.anzahl for k in alt.kategoriezahlen.all()] == [7]
    assert (neu.version, neu.aktuell, neu.status, neu.faelle_neu) == (
        2,
        True,
        "gesperrt",
        32,
    )
    assert neu.begruendung == "Zwei Fälle doppelt gezählt."
    assert [k.anzahl for k in neu.kategoriezahlen.all()] == [8]


@pytest.mark.parametrize(
    ("aenderung", "code"),
    [
        ({"begruendung": "  "}, "begruendung_fehlt"),
        ({"zahlen": zahlen()}, "unveraendert"),
        ({"zahlen": zahlen(neu=-3)}, "negativ"),
        ({"durch": "leitung_a"}, "keine_berechtigung"),
    ],
)
def test_korrektur_abgelehnt(welt, aenderung, code):
    alt = gesperrt(welt)
    args = {
        "meldung": alt,
        "zahlen": zahlen(neu=31),
        "begruendung": "Nachgezählt.",
        "durch": welt.fd51,
        **aenderung,
    }
    if isinstance(args["durch"], str):
        args["durch"] = getattr(welt, args["durch"])
    vorher = _stand()
    with pytest.raises(ValidationError) as exc:
        services.meldung_korrigieren(**args)
    assert code in _codes(exc.value)
    assert _stand() == vorher


def test_korrektur_nur_gesperrt_und_aktuell(welt):
    m = gemeldet(welt)
    with pytest.raises(ValidationError) as exc:
        services.meldung_korrigieren(
            meldung=m, zahlen=zahlen(neu=1), begruendung="x", durch=welt.fd51
        )
    assert _codes(exc.value) == {"nicht_gesperrt"}
    services.meldung_sperren(meldung=m, durch=welt.fd51)
    services.meldung_korrigieren(
        meldung=m, zahlen=zahlen(neu=1), begruendung="x", durch=welt.fd51
    )
    with pytest.raises(ValidationError) as exc:
        services.meldung_korrigieren(
            meldung=m, zahlen=zahlen(neu=2), begruendung="y", durch=welt.fd51
        )
    assert _codes(exc.value) == {"nicht_aktuell"}


# --- Zielvereinbarungen ---------------------------------------------------------


def _vorgabe(zv, welt, **kwargs):
    args = {
        "zielvereinbarung": zv,
        "art": "kennzahl",
        "titel": "Mehr Familien erreichen",
        "kennzahl": "faelle_neu",
        "zielwert": 120,
        "durch": welt.fd51,
        **kwargs,
    }
    return services.zielvorgabe_hinzufuegen(**args)


def _vereinbart(welt, jahr=2013):
    zv = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=jahr, durch=welt.fd51
    )
    _vorgabe(zv, welt)
    _vorgabe(
        zv,
        welt,
        art="qualitativ",
        titel="Sprechstunde in der Grundschule",
        kennzahl="",
        zielwert=None,
    )
    return services.zielvereinbarung_vereinbaren(
        zielvereinbarung=zv, vereinbart_am=datetime.date(2013, 2, 1), durch=welt.fd51
    )


def test_zielvereinbarung_vereinbart_und_festgeschrieben(welt):
    zv = _vereinbart(welt)
    assert zv.status == "vereinbart"
    assert zv.traeger == welt.a.buero.traeger
    with pytest.raises(ValidationError) as exc:
        _vorgabe(zv, welt)
    assert _codes(exc.value) == {"festgeschrieben"}
    assert zv.vorgaben.count() == 2


def test_neue_version_braucht_anlass_und_loest_die_alte_ab(welt):
    alt = _vereinbart(welt)
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_entwerfen(
            sozialraum=welt.a, jahr=2013, durch=welt.fd51
        )
    assert _codes(exc.value) == {"anlass_fehlt"}
    neu = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=2013, durch=welt.fd51, anlass="Neue Aufgabe ReKaP"
    )
    assert (neu.version, neu.vorgaben.count()) == (2, 2)
    alt.refresh_from_db()
    assert alt.status == "vereinbart"  # still valid until the new one is agreed
    services.zielvereinbarung_vereinbaren(
        zielvereinbarung=neu, vereinbart_am=datetime.date(2013, 6, 1), durch=welt.fd51
    )
    alt.refresh_from_db()
    assert alt.status == "abgeloest"
    assert alt.vorgaben.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kennzahl": ""}, "kennzahl_fehlt"),
        ({"zielwert": None}, "zielwert_fehlt"),
        ({"zielwert": 0}, "unplausibel"),
        ({"zielwert": "viel"}, "keine_zahl"),
    ],
)
def test_vorgabe_abgelehnt(welt, kwargs, code):
    zv = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=2013, durch=welt.fd51
    )
    with pytest.raises(ValidationError) as exc:
        _vorgabe(zv, welt, **kwargs)
    assert code in _codes(exc.value)
    assert not zv.vorgaben.exists()


def test_vereinbaren_ohne_vorgaben_oder_mit_zukunftsdatum(welt):
    zv = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=2013, durch=welt.fd51
    )
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_vereinbaren(
            zielvereinbarung=zv,
            vereinbart_am=datetime.date(2013, 1, 5),
            durch=welt.fd51,
        )
    assert _codes(exc.value) == {"ohne_vorgaben"}
    _vorgabe(zv, welt)
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_vereinbaren(
            zielvereinbarung=zv,
            vereinbart_am=datetime.date.today() + datetime.timedelta(days=1),
            durch=welt.fd51,
        )
    assert _codes(exc.value) == {"datum_zukunft"}
    zv.refresh_from_db()
    assert zv.status == "entwurf"


def test_nur_fd51_vereinbart(welt):
    with pytest.raises(ValidationError):
        services.zielvereinbarung_entwerfen(
            sozialraum=welt.a, jahr=2013, durch=welt.leitung_a
        )
    assert not Zielvereinbarung.objects.exists()


def test_jahresbewertung(welt):
    zv = _vereinbart(welt)
    v1, v2 = zv.vorgaben.all()
    # a draft made before the assessment
    entwurf = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=2013, durch=welt.fd51, anlass="Nachtrag"
    )
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_bewerten(
            zielvereinbarung=zv,
            bewertungen={v1.pk: ("ja", "")},
            kommentar="",
            durch=welt.fd51,
        )
    assert _codes(exc.value) == {"kommentar_fehlt", "bewertung_fehlt"}
    services.zielvereinbarung_bewerten(
        zielvereinbarung=zv,
        bewertungen={v1.pk: ("ja", ""), v2.pk: ("teilweise", "ab Mai")},
        kommentar="Gutes Jahr.",
        durch=welt.fd51,
    )
    zv.refresh_from_db()
    assert zv.bewertung_kommentar == "Gutes Jahr."
    assert [v.bewertung for v in zv.vorgaben.all()] == ["ja", "teilweise"]
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_bewerten(
            zielvereinbarung=zv, bewertungen={}, kommentar="nochmal", durch=welt.fd51
        )
    assert _codes(exc.value) == {"schon_bewertet"}
    # nor can a new version replace the assessed one (and be assessed again)
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_vereinbaren(
            zielvereinbarung=entwurf,
            vereinbart_am=datetime.date(2013, 12, 20),
            durch=welt.fd51,
        )
    assert _codes(exc.value) == {"schon_bewertet"}
    zv.refresh_from_db()
    assert zv.status == "vereinbart"
    entwurf.delete()
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_entwerfen(
            sozialraum=welt.a, jahr=2013, durch=welt.fd51, anlass="Nachtrag"
        )
    assert _codes(exc.value) == {"schon_bewertet"}
    assert Zielvereinbarung.objects.count() == 1


def test_bewertung_erst_zum_jahresende(welt):
    jahr = datetime.date.today().year
    zv = services.zielvereinbarung_entwerfen(
        sozialraum=welt.a, jahr=jahr + 1, durch=welt.fd51
    )
    _vorgabe(zv, welt)
    services.zielvereinbarung_vereinbaren(
        zielvereinbarung=zv, vereinbart_am=datetime.date.today(), durch=welt.fd51
    )
    v = zv.vorgaben.get()
    with pytest.raises(ValidationError) as exc:
        services.zielvereinbarung_bewerten(
            zielvereinbarung=zv,
            bewertungen={v.pk: ("ja", "")},
            kommentar="x",
            durch=welt.fd51,
        )
    assert _codes(exc.value) == {"zu_frueh"}
