"""The security log (issue 7): logins, failed logins, logouts, refused accesses
and every change of a role are recorded — who, what, when (UTC) — append-only,
and only administrators read it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from konten.models import AppendOnlyError, Protokolleintrag, Rolle
from konten.services import (
    RollenAngabe,
    benutzer_anlegen,
    benutzer_rollen_setzen,
    protokoll_schreiben,
)
from sozialraum.tests.factories import PASSWORT, UserFactory

Ereignis = Protokolleintrag.Ereignis

pytestmark = pytest.mark.django_db


def anmelden(client, email, passwort):
    return client.post(reverse("account_login"), {"login": email, "password": passwort})


def eintraege(ereignis):
    return list(Protokolleintrag.objects.filter(ereignis=ereignis).order_by("pk"))


# --- Logins and logouts ---------------------------------------------------------


def test_anmeldung_wird_mit_zeit_in_utc_und_adresse_protokolliert(client):
    user = UserFactory()
    vorher = timezone.now()
    response = anmelden(client, user.email, PASSWORT)
    assert response.status_code == 302
    (eintrag,) = eintraege(Ereignis.ANMELDUNG)
    assert eintrag.benutzer == user
    assert eintrag.kennung == user.email
    assert eintrag.adresse == "127.0.0.1"  # the test client's REMOTE_ADDR
    assert vorher <= eintrag.zeitpunkt <= timezone.now()
    assert eintrag.zeitpunkt.utcoffset() == timedelta(0)


def test_zeitpunkt_wird_in_utc_gespeichert():
    # 12:00 in Lüneburg in summer is 10:00 UTC; the row holds 10:00.
    mittag = datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    eintrag = Protokolleintrag.objects.create(
        ereignis=Ereignis.ANMELDUNG, kennung="x@example.org", zeitpunkt=mittag
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT zeitpunkt FROM sozialraum_protokolleintrag WHERE id = %s",
            [eintrag.pk],
        )
        (roh,) = cursor.fetchone()
    if roh.tzinfo is None:  # SQLite: a naive value, in UTC
        assert roh == datetime(2026, 7, 1, 10, 0)
    else:  # PostgreSQL: timestamptz, read in the connection's zone (UTC)
        assert roh.utcoffset() == timedelta(0)
        assert (roh.hour, roh.minute) == (10, 0)
    eintrag = Protokolleintrag.objects.get(pk=eintrag.pk)
    assert eintrag.zeitpunkt == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)


def test_falsches_passwort_wird_ohne_passwort_protokolliert(client):
    user = UserFactory()
    anmelden(client, user.email, "Geheim-Falsch-4711")
    assert eintraege(Ereignis.ANMELDUNG) == []
    (eintrag,) = eintraege(Ereignis.ANMELDUNG_FEHLGESCHLAGEN)
    assert eintrag.benutzer == user
    assert eintrag.kennung == user.email
    assert eintrag.beschreibung == "Passwort falsch"
    assert eintrag.adresse == "127.0.0.1"
    # Neither the password nor Django's mask of it is anywhere in the log.
    for zeile in Protokolleintrag.objects.values_list():
        text = " ".join(str(wert) for wert in zeile)
        assert "Geheim-Falsch" not in text
        assert "****" not in text


def test_unbekannte_kennung_wird_wie_eingegeben_protokolliert(client):
    anmelden(client, "niemand@example.org", "irgendwas-1234")
    (eintrag,) = eintraege(Ereignis.ANMELDUNG_FEHLGESCHLAGEN)
    assert eintrag.benutzer is None
    assert eintrag.kennung == "niemand@example.org"
    assert eintrag.beschreibung == "Konto unbekannt"


def test_anmeldeversuch_eines_gesperrten_kontos_wird_protokolliert(client):
    user = UserFactory(is_active=False)
    anmelden(client, user.email, PASSWORT)
    assert eintraege(Ereignis.ANMELDUNG) == []
    (eintrag,) = eintraege(Ereignis.ANMELDUNG_FEHLGESCHLAGEN)
    assert (eintrag.benutzer, eintrag.beschreibung) == (user, "Konto gesperrt")


def test_falscher_code_des_zweiten_faktors_wird_protokolliert(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    anmelden(client, user.email, PASSWORT)
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    (eintrag,) = eintraege(Ereignis.ANMELDUNG_FEHLGESCHLAGEN)
    assert eintrag.benutzer == user
    assert "zweiten Faktors" in eintrag.beschreibung
    assert eintraege(Ereignis.ANMELDUNG) == []


def test_abmeldung_wird_protokolliert(client):
    user = UserFactory()
    anmelden(client, user.email, PASSWORT)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    (eintrag,) = eintraege(Ereignis.ABMELDUNG)
    assert (eintrag.benutzer, eintrag.kennung) == (user, user.email)
    assert eintrag.adresse == "127.0.0.1"


def test_ueberlange_kennung_wird_gekuerzt():
    eintrag = protokoll_schreiben(
        ereignis=Ereignis.ANMELDUNG_FEHLGESCHLAGEN, kennung="a" * 1000
    )
    assert len(eintrag.kennung) == 254


# --- Refused accesses -----------------------------------------------------------


def test_verweigerter_zugriff_wird_mit_pfad_protokolliert(client, welt):
    client.force_login(welt.leitung_a)
    url = reverse("konten:benutzer_liste")
    response = client.get(url, {"suche": "51-2026-0815"}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()
    (eintrag,) = eintraege(Ereignis.ZUGRIFF_VERWEIGERT)
    assert eintrag.benutzer == welt.leitung_a
    assert eintrag.kennung == welt.leitung_a.email
    assert eintrag.beschreibung == f"GET {url}"
    assert eintrag.adresse == "10.1.2.3"
    # The query string (a search may hold a case reference) stays out.
    assert "51-2026" not in eintrag.beschreibung


def test_verweigerung_durch_einen_service_zeigt_und_protokolliert_den_grund(
    client, welt
):
    client.force_login(welt.fd51)
    url = reverse("konten:benutzer_aktiv", args=[welt.weiterer_admin.pk])
    response = client.post(url, {"aktiv": "0"})
    assert response.status_code == 403
    grund = "Administratoren können nur von Administratoren geändert werden."
    assert grund in response.content.decode()
    (eintrag,) = eintraege(Ereignis.ZUGRIFF_VERWEIGERT)
    assert eintrag.benutzer == welt.fd51
    assert eintrag.beschreibung == f"POST {url} – {grund}"
    welt.weiterer_admin.refresh_from_db()
    assert welt.weiterer_admin.is_active
    assert eintraege(Ereignis.KONTO_GESPERRT) == []


def test_verweigerter_zugriff_auf_den_admin_wird_protokolliert(client, welt):
    client.force_login(welt.leitung_a)
    assert client.get(reverse("admin:index")).status_code == 403
    client.force_login(welt.fd51)
    url = reverse("admin:konten_protokolleintrag_changelist")
    assert client.get(url).status_code == 403
    assert [
        (e.benutzer, e.beschreibung) for e in eintraege(Ereignis.ZUGRIFF_VERWEIGERT)
    ] == [
        (welt.leitung_a, f"GET {reverse('admin:index')}"),
        (welt.fd51, f"GET {url}"),
    ]


# --- Role changes ---------------------------------------------------------------


def test_rollenwechsel_durch_den_service_wird_protokolliert(welt):
    benutzer_rollen_setzen(
        benutzer=welt.opfer,
        rollen=[RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.a)],
        durch=welt.admin,
    )
    (entzogen,) = eintraege(Ereignis.ROLLE_ENTZOGEN)
    (vergeben,) = eintraege(Ereignis.ROLLE_VERGEBEN)
    assert entzogen.benutzer == vergeben.benutzer == welt.opfer
    assert entzogen.ausgefuehrt_von == vergeben.ausgefuehrt_von == welt.admin
    assert entzogen.beschreibung == "Jugendhilfeausschuss"
    assert vergeben.beschreibung == f"Sozialraumleitung ({welt.a})"


def test_unveraenderte_rollen_erzeugen_keinen_eintrag(welt):
    benutzer_rollen_setzen(
        benutzer=welt.opfer,
        rollen=[RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)],
        durch=welt.admin,
    )
    assert not Protokolleintrag.objects.exists()


def test_neues_konto_protokolliert_seine_rollen(welt):
    neu = benutzer_anlegen(
        email="neu@example.org",
        first_name="Neu",
        last_name="Person",
        rollen=[
            RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.a),
            RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.b),
        ],
        durch=welt.fd51,
        einladen=False,
    )
    vergeben = eintraege(Ereignis.ROLLE_VERGEBEN)
    assert {e.beschreibung for e in vergeben} == {
        f"Sozialraumleitung ({welt.a})",
        f"Sozialraumleitung ({welt.b})",
    }
    assert all(e.benutzer == neu and e.ausgefuehrt_von == welt.fd51 for e in vergeben)


def test_rollen_ueber_die_kommandozeile_werden_protokolliert(grunddaten):
    neu = benutzer_anlegen(
        email="admin@example.org",
        first_name="",
        last_name="",
        rollen=[RollenAngabe(Rolle.ADMINISTRATOR)],
        durch=None,
        einladen=False,
    )
    (eintrag,) = eintraege(Ereignis.ROLLE_VERGEBEN)
    assert (eintrag.benutzer, eintrag.ausgefuehrt_von) == (neu, None)
    assert eintrag.beschreibung == "Administrator (über die Kommandozeile)"


def test_rollenwechsel_auf_der_benutzerseite_wird_protokolliert(client, welt):
    client.force_login(welt.fd51)
    response = client.post(
        reverse("konten:benutzer_bearbeiten", args=[welt.opfer.pk]),
        {"fd51": "on", "leitung": [welt.b.pk]},
    )
    assert response.status_code == 302
    assert {e.beschreibung for e in eintraege(Ereignis.ROLLE_VERGEBEN)} == {
        "Fachdienst 51",
        f"Sozialraumleitung ({welt.b})",
    }
    (entzogen,) = eintraege(Ereignis.ROLLE_ENTZOGEN)
    assert entzogen.beschreibung == "Jugendhilfeausschuss"
    assert all(
        e.benutzer == welt.opfer and e.ausgefuehrt_von == welt.fd51
        for e in eintraege(Ereignis.ROLLE_VERGEBEN) + [entzogen]
    )


def test_verweigerter_rollenwechsel_hinterlaesst_keinen_rolleneintrag(client, welt):
    client.force_login(welt.fd51)
    response = client.post(
        reverse("konten:benutzer_bearbeiten", args=[welt.weiterer_admin.pk]),
        {"jha": "on"},
    )
    assert response.status_code == 403
    assert eintraege(Ereignis.ROLLE_VERGEBEN) == []
    assert eintraege(Ereignis.ROLLE_ENTZOGEN) == []
    assert len(eintraege(Ereignis.ZUGRIFF_VERWEIGERT)) == 1


def test_sperren_und_freischalten_werden_protokolliert(client, welt):
    client.force_login(welt.fd51)
    url = reverse("konten:benutzer_aktiv", args=[welt.opfer.pk])
    client.post(url, {"aktiv": "0"})
    client.post(url, {"aktiv": "1"})
    (gesperrt,) = eintraege(Ereignis.KONTO_GESPERRT)
    (frei,) = eintraege(Ereignis.KONTO_FREIGESCHALTET)
    assert gesperrt.benutzer == frei.benutzer == welt.opfer
    assert gesperrt.ausgefuehrt_von == frei.ausgefuehrt_von == welt.fd51


# --- Append-only ----------------------------------------------------------------


@pytest.fixture
def eintrag():
    return protokoll_schreiben(
        ereignis=Ereignis.ANMELDUNG_FEHLGESCHLAGEN, kennung="x@example.org"
    )


def test_eintrag_ist_nicht_aenderbar_und_nicht_loeschbar(eintrag):
    eintrag.kennung = "y@example.org"
    with pytest.raises(AppendOnlyError):
        eintrag.save()
    with pytest.raises(AppendOnlyError):
        eintrag.delete()
    with pytest.raises(AppendOnlyError):
        Protokolleintrag.objects.filter(pk=eintrag.pk).update(kennung="z")
    with pytest.raises(AppendOnlyError):
        Protokolleintrag.objects.all().delete()
    assert Protokolleintrag.objects.get(pk=eintrag.pk).kennung == "x@example.org"


def test_konto_mit_eintraegen_ist_nicht_loeschbar(client):
    # The log cannot be changed, so its accounts stay (they are locked instead).
    user = UserFactory()
    client.force_login(user)
    with pytest.raises(ProtectedError):
        user.delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE sozialraum_protokolleintrag SET kennung = 'weg' WHERE id = %s",
        "DELETE FROM sozialraum_protokolleintrag WHERE id = %s",
    ],
)
def test_trigger_verweigert_update_und_delete_in_rohem_sql(eintrag, sql):
    with (
        pytest.raises(DatabaseError, match="unveraenderlich"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [eintrag.pk])
    assert Protokolleintrag.objects.get(pk=eintrag.pk).kennung == "x@example.org"


# --- Visible to administrators --------------------------------------------------


def test_administrator_liest_das_protokoll_im_admin(client, welt):
    anmelden(client, "niemand@example.org", "irgendwas-1234")
    client.force_login(welt.admin)
    liste = reverse("admin:konten_protokolleintrag_changelist")
    response = client.get(liste)
    assert response.status_code == 200
    seite = response.content.decode()
    assert "niemand@example.org" in seite
    assert " UTC" in seite
    gefiltert = client.get(
        liste, {"ereignis__exact": "anmeldung_fehlgeschlagen", "q": "niemand"}
    )
    assert list(gefiltert.context["cl"].result_list) == eintraege(
        Ereignis.ANMELDUNG_FEHLGESCHLAGEN
    )
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sicherheitsprotokoll" in index


def test_protokoll_ist_auch_fuer_administratoren_nur_lesbar(client, welt, eintrag):
    client.force_login(welt.admin)
    detail = reverse("admin:konten_protokolleintrag_change", args=[eintrag.pk])
    response = client.get(detail)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(detail, {"kennung": "weg"}).status_code == 403
    hinzufuegen = reverse("admin:konten_protokolleintrag_add")
    assert client.get(hinzufuegen).status_code == 403
    loeschen = reverse("admin:konten_protokolleintrag_delete", args=[eintrag.pk])
    assert client.post(loeschen, {"post": "yes"}).status_code == 403
    assert Protokolleintrag.objects.get(pk=eintrag.pk).kennung == "x@example.org"


def test_fachdienst_51_sieht_das_protokoll_nicht(client, welt):
    client.force_login(welt.fd51)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "Sicherheitsprotokoll" not in index.content.decode()
    for wer in (welt.fd51, welt.jha, welt.leitung_a):
        assert not wer.has_perm("konten.view_protokolleintrag")
    assert welt.admin.has_perm("konten.view_protokolleintrag")
