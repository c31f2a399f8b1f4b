"""Sozialraumkonzept versions: a draft at a time, frozen once beschlossen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sozialraum.models import Sozialraumkonzept, Ziel
from sozialraum.services import (
    konzept_beschliessen,
    konzept_entwurf_setzen,
    konzept_neue_version,
)

pytestmark = pytest.mark.django_db
TAG = datetime.date(2013, 1, 15)


def beschlossenes_konzept(sozialraum):
    konzept = konzept_neue_version(sozialraum=sozialraum)
    Ziel.objects.create(konzept=konzept, nummer=1, titel="Familien früh erreichen")
    Ziel.objects.create(konzept=konzept, nummer=2, titel="Jugendliche beteiligen")
    return konzept_beschliessen(konzept=konzept, beschlossen_am=TAG)


def test_neue_version_kopiert_texte_und_ziele(welt):
    alt = beschlossenes_konzept(welt.a)
    neu = konzept_neue_version(sozialraum=welt.a)
    assert (alt.version, neu.version) == (1, 2)
    assert neu.status == Sozialraumkonzept.Status.ENTWURF
    assert [z.titel for z in neu.ziele.all()] == [z.titel for z in alt.ziele.all()]
    assert {z.kennung for z in neu.ziele.all()} == {"ADE-K2-Z1", "ADE-K2-Z2"}
    # the beschlossen version keeps its own Ziele (applications point at them)
    assert {z.kennung for z in alt.ziele.all()} == {"ADE-K1-Z1", "ADE-K1-Z2"}


def test_nur_ein_entwurf_zur_zeit(welt):
    konzept_neue_version(sozialraum=welt.a)
    with pytest.raises(ValidationError) as fehler:
        konzept_neue_version(sozialraum=welt.a)
    assert fehler.value.code == "entwurf_vorhanden"
    assert welt.a.konzepte.count() == 1


@pytest.mark.parametrize(
    ("datum", "mit_ziel", "code"),
    [
        (None, True, "datum_fehlt"),
        ("morgen", True, "datum_zukunft"),
        (TAG, False, "keine_ziele"),
    ],
)
def test_beschliessen_verweigert(welt, datum, mit_ziel, code):
    konzept = konzept_neue_version(sozialraum=welt.a)
    if mit_ziel:
        Ziel.objects.create(konzept=konzept, nummer=1, titel="Ziel")
    if datum == "morgen":
        datum = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as fehler:
        konzept_beschliessen(konzept=konzept, beschlossen_am=datum)
    assert fehler.value.code == code
    konzept.refresh_from_db()
    assert not konzept.ist_beschlossen


def test_zweimal_beschliessen_verweigert(welt):
    konzept = beschlossenes_konzept(welt.a)
    with pytest.raises(ValidationError) as fehler:
        konzept_beschliessen(konzept=konzept, beschlossen_am=TAG)
    assert fehler.value.code == "bereits_beschlossen"


def test_datenbank_verlangt_datum_fuer_beschlossenes_konzept(welt):
    with pytest.raises(IntegrityError), transaction.atomic():
        Sozialraumkonzept.objects.create(
            sozialraum=welt.a, version=1, status=Sozialraumkonzept.Status.BESCHLOSSEN
        )


def test_admin_aktionen_legen_an_und_beschliessen(client, welt):
    client.force_login(welt.fd51)
    client.post(
        reverse("admin:sozialraum_sozialraum_changelist"),
        {"action": "neue_konzeptversion", "_selected_action": [welt.a.pk]},
    )
    konzept = welt.a.konzepte.get()
    Ziel.objects.create(konzept=konzept, nummer=1, titel="Ziel")
    url = reverse("admin:sozialraum_sozialraumkonzept_changelist")
    # first the action asks for the date ...
    frage = client.post(
        url, {"action": "beschliessen", "_selected_action": [konzept.pk]}
    )
    assert "Datum des Beschlusses" in frage.content.decode()
    konzept.refresh_from_db()
    assert not konzept.ist_beschlossen
    # ... then it decides
    client.post(
        url,
        {
            "action": "beschliessen",
            "_selected_action": [konzept.pk],
            "datum": "15.01.2013",
        },
    )
    konzept.refresh_from_db()
    assert konzept.ist_beschlossen and konzept.beschlossen_am == TAG
    # no "add" in the admin: versions come from the action
    assert (
        client.get(reverse("admin:sozialraum_sozialraumkonzept_add")).status_code == 403
    )


def test_beschliessen_nur_neueste_version_und_nicht_vor_vorgaenger(welt):
    beschlossenes_konzept(welt.a)
    zweite = konzept_neue_version(sozialraum=welt.a)
    with pytest.raises(ValidationError) as fehler:
        konzept_beschliessen(konzept=zweite, beschlossen_am=TAG - datetime.timedelta(1))
    assert fehler.value.code == "datum_vor_vorgaenger"


def _codes(fehler):
    return {f: [e.code for e in liste] for f, liste in fehler.value.error_dict.items()}


def test_entwurf_setzen_ersetzt_texte_und_ziele(welt):
    konzept = konzept_neue_version(sozialraum=welt.a)
    konzept_entwurf_setzen(
        konzept=konzept,
        zielgruppen="Kinder",
        problemlagen="weite Wege",
        ziele=[(1, "A", ""), (3, "C", "Text")],
    )
    konzept.refresh_from_db()
    assert (konzept.zielgruppen, konzept.problemlagen) == ("Kinder", "weite Wege")
    assert [(z.nummer, z.titel) for z in konzept.ziele.all()] == [(1, "A"), (3, "C")]
    konzept_entwurf_setzen(
        konzept=konzept, zielgruppen="", problemlagen="", ziele=[(3, "C2", "")]
    )
    assert [(z.nummer, z.titel) for z in konzept.ziele.all()] == [(3, "C2")]


def test_entwurf_setzen_verweigert_mit_code(welt):
    konzept = konzept_neue_version(sozialraum=welt.a)
    with pytest.raises(ValidationError) as fehler:
        konzept_entwurf_setzen(
            konzept=konzept,
            zielgruppen="",
            problemlagen="",
            ziele=[(1, "A", ""), (1, "B", "")],
        )
    assert _codes(fehler) == {"ziele": ["ziel_doppelt"]}
    kuerzel = welt.a.kuerzel
    assert fehler.value.message_dict == {
        "ziele": [f"Das Ziel {kuerzel}-K1-Z1 steht doppelt."]
    }
    with pytest.raises(ValidationError) as fehler:
        konzept_entwurf_setzen(
            konzept=konzept,
            zielgruppen="",
            problemlagen="",
            ziele=[(1, "A", ""), (2, "B", ""), (1, "C", ""), (2, "D", ""), (3, "", "")],
        )
    assert fehler.value.message_dict == {
        "ziele": [f"Die Ziele {kuerzel}-K1-Z1 und {kuerzel}-K1-Z2 stehen doppelt."]
    }
    assert not konzept.ziele.exists()
    beschlossen = beschlossenes_konzept(welt.b)
    with pytest.raises(ValidationError) as fehler:
        konzept_entwurf_setzen(
            konzept=beschlossen, zielgruppen="neu", problemlagen="", ziele=[]
        )
    assert fehler.value.code == "bereits_beschlossen"
    assert beschlossen.ziele.count() == 2
