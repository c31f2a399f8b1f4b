"""Signing in, the closed sign-up, rate limits and the one-time invitation link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from konten.models import Rolle, User
from konten.services import RollenAngabe, benutzer_anlegen
from sozialraum.tests.factories import PASSWORT, UserFactory

FALSCH = "Die E-Mail-Adresse und/oder das Passwort sind leider falsch."
ZU_VIELE = (
    "Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es später erneut."
)

pytestmark = pytest.mark.django_db


def anmelden(client, email, passwort):
    return client.post(reverse("account_login"), {"login": email, "password": passwort})


def fehlertexte(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_richtige_anmeldung_fuehrt_zur_startseite(client):
    user = UserFactory()
    response = anmelden(client, user.email, PASSWORT)
    assert response.status_code == 302
    assert response["Location"] == reverse("start")


def test_falsches_passwort_und_unbekannter_benutzer_geben_dieselbe_meldung(client):
    user = UserFactory()
    falsch = anmelden(client, user.email, "nicht-das-passwort")
    unbekannt = anmelden(client, "niemand@example.org", "nicht-das-passwort")
    assert falsch.status_code == unbekannt.status_code == 200
    assert fehlertexte(falsch) == fehlertexte(unbekannt) == [FALSCH]
    assert "_auth_user_id" not in client.session


def test_nach_fuenf_fehlversuchen_ist_das_konto_gesperrt(client):
    user = UserFactory()
    for _ in range(5):
        assert fehlertexte(anmelden(client, user.email, "falsch")) == [FALSCH]
    # Even the right password is refused now, with a German message.
    response = anmelden(client, user.email, PASSWORT)
    assert response.status_code == 200
    assert any(ZU_VIELE in text for text in fehlertexte(response))
    assert "_auth_user_id" not in client.session


def test_gesperrtes_konto_kann_sich_nicht_anmelden(client):
    user = UserFactory(is_active=False)
    response = anmelden(client, user.email, PASSWORT)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_registrierung_ist_geschlossen(client):
    anzahl = User.objects.count()
    seite = client.get(reverse("account_signup"))
    assert seite.status_code == 200
    assert "<form" not in seite.content.decode()
    assert "geschlossen" in seite.content.decode().lower()
    client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORT, "password2": PASSWORT},
    )
    assert User.objects.count() == anzahl
    assert not User.objects.filter(email="neu@example.org").exists()


def test_admin_login_fuehrt_durch_allauth(client):
    """The admin's own login form never authenticates: it sends to allauth."""
    user = UserFactory()
    response = client.post(
        reverse("admin:login"), {"username": user.email, "password": PASSWORT}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def _einladungslink():
    (nachricht,) = mail.outbox
    treffer = re.search(r"http://testserver(/\S+)", nachricht.body)
    assert treffer, nachricht.body
    return treffer.group(1)


def test_einladungslink_setzt_das_passwort_genau_einmal(
    client, grunddaten, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        benutzer = benutzer_anlegen(
            email="Neu.Person@Example.org",
            first_name="Neu",
            last_name="Person",
            rollen=[RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)],
            durch=None,
        )
    assert benutzer.email == "neu.person@example.org"
    assert not benutzer.has_usable_password()
    # Without a password nobody can sign in yet.
    assert fehlertexte(anmelden(client, benutzer.email, "geraten")) == [FALSCH]

    link = _einladungslink()
    seite = client.get(link, follow=True)
    formular_url = seite.redirect_chain[-1][0]
    assert "password1" in seite.content.decode()
    neues = "Ein-Sicheres-Passwort-2026"
    gesetzt = client.post(formular_url, {"password1": neues, "password2": neues})
    assert gesetzt.status_code == 302

    benutzer.refresh_from_db()
    assert benutzer.check_password(neues)
    assert EmailAddress.objects.get(user=benutzer).verified

    # The same link a second time: refused, the password stays.
    zweiter = client.get(link, follow=True)
    assert "password1" not in zweiter.content.decode()
    assert "ungültig" in zweiter.content.decode().lower()
    benutzer.refresh_from_db()
    assert benutzer.check_password(neues)

    assert anmelden(client, benutzer.email, neues)["Location"] == reverse("start")


def test_mit_totp_braucht_die_anmeldung_den_zweiten_faktor(client):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = anmelden(client, user.email, PASSWORT)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    falsch = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert falsch.status_code == 200
    assert "_auth_user_id" not in client.session
    zaehler = next(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, zaehler))
    richtig = client.post(reverse("mfa_authenticate"), {"code": code})
    assert richtig["Location"] == reverse("start")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_gesperrtes_konto_verliert_die_laufende_sitzung(client, welt):
    from konten.services import benutzer_aktiv_setzen

    client.force_login(welt.leitung_a)
    assert client.get(reverse("sozialraum:uebersicht")).status_code == 200
    benutzer_aktiv_setzen(benutzer=welt.leitung_a, aktiv=False, durch=welt.fd51)
    response = client.get(reverse("sozialraum:uebersicht"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
