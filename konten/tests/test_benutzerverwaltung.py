"""User management: the services and their guards, and the pages that call them."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from konten.models import Rolle, Rollenzuweisung, User
from konten.services import (
    RollenAngabe,
    benutzer_aktiv_setzen,
    benutzer_anlegen,
    benutzer_rollen_setzen,
)

pytestmark = pytest.mark.django_db


def anlegen(durch, rollen, email="neu@example.org"):
    return benutzer_anlegen(
        email=email, first_name="Neu", last_name="Person", rollen=rollen, durch=durch
    )


def test_fd51_legt_leitung_fuer_zwei_sozialraeume_an(
    welt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        neu = anlegen(
            welt.fd51,
            [
                RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.a),
                RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.b),
            ],
        )
    assert {z.sozialraum for z in neu.rollen.all()} == {welt.a, welt.b}
    assert all(z.erteilt_von == welt.fd51 for z in neu.rollen.all())
    (nachricht,) = mail.outbox
    assert nachricht.to == ["neu@example.org"]
    assert "Passwort" in nachricht.body and "genau einmal" in nachricht.body
    assert neu.has_perm("sozialraum.view_sozialraum_seite", welt.a)
    assert neu.has_perm("sozialraum.view_sozialraum_seite", welt.b)


def test_nur_administratoren_vergeben_die_administratorrolle(welt):
    with pytest.raises(PermissionDenied):
        anlegen(welt.fd51, [RollenAngabe(Rolle.ADMINISTRATOR)])
    assert not User.objects.filter(email="neu@example.org").exists()
    neu = anlegen(welt.admin, [RollenAngabe(Rolle.ADMINISTRATOR)])
    assert neu.has_perm("konten.use_admin")


def test_andere_rollen_duerfen_keine_benutzer_anlegen(welt):
    for wer in (welt.leitung_a, welt.geschaeftsstelle, welt.jha):
        with pytest.raises(PermissionDenied):
            anlegen(wer, [RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)])
    assert not User.objects.filter(email="neu@example.org").exists()


def test_fd51_aendert_keinen_administrator(welt):
    with pytest.raises(PermissionDenied):
        benutzer_rollen_setzen(
            benutzer=welt.weiterer_admin,
            rollen=[RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)],
            durch=welt.fd51,
        )
    with pytest.raises(PermissionDenied):
        benutzer_aktiv_setzen(
            benutzer=welt.weiterer_admin, aktiv=False, durch=welt.fd51
        )
    assert welt.weiterer_admin.rollen.get().rolle == Rolle.ADMINISTRATOR


def test_niemand_aendert_die_eigenen_rollen(welt):
    with pytest.raises(PermissionDenied):
        benutzer_rollen_setzen(
            benutzer=welt.admin,
            rollen=[RollenAngabe(Rolle.FACHDIENST_51)],
            durch=welt.admin,
        )
    with pytest.raises(PermissionDenied):
        benutzer_aktiv_setzen(benutzer=welt.fd51, aktiv=False, durch=welt.fd51)


def test_rollen_ersetzen_und_sofort_wirksam(welt):
    benutzer_rollen_setzen(
        benutzer=welt.leitung_a,
        rollen=[RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.b)],
        durch=welt.fd51,
    )
    assert not welt.leitung_a.has_perm("sozialraum.view_sozialraum_seite", welt.a)
    assert welt.leitung_a.has_perm("sozialraum.view_sozialraum_seite", welt.b)


@pytest.mark.parametrize(
    "rollen",
    [
        [],
        [RollenAngabe(Rolle.SOZIALRAUMLEITUNG)],
        [RollenAngabe(Rolle.GESCHAEFTSSTELLE_RG)],
        [RollenAngabe("chef")],
    ],
    ids=[
        "keine",
        "leitung-ohne-sozialraum",
        "geschaeftsstelle-ohne-region",
        "unbekannt",
    ],
)
def test_ungueltige_rollen_werden_abgelehnt(welt, rollen):
    with pytest.raises(ValidationError):
        anlegen(welt.fd51, rollen)
    assert not User.objects.filter(email="neu@example.org").exists()


def test_geschaeftsstelle_betreut_genau_eine_region(welt):
    with pytest.raises(ValidationError):
        anlegen(
            welt.fd51,
            [
                RollenAngabe(Rolle.GESCHAEFTSSTELLE_RG, region=welt.a.region),
                RollenAngabe(Rolle.GESCHAEFTSSTELLE_RG, region=welt.b.region),
            ],
        )


def test_doppelte_email_wird_abgelehnt(welt):
    anlegen(welt.fd51, [RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)])
    with pytest.raises(ValidationError) as fehler:
        anlegen(
            welt.fd51,
            [RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)],
            email="NEU@example.org",
        )
    assert "bereits ein Konto" in fehler.value.message_dict["email"][0]


def test_datenbank_verweigert_rolle_mit_falschem_geltungsbereich(welt):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rollenzuweisung.objects.create(
            user=welt.opfer, rolle=Rolle.FACHDIENST_51, sozialraum=welt.a
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rollenzuweisung.objects.create(user=welt.opfer, rolle=Rolle.SOZIALRAUMLEITUNG)


def test_gesperrter_benutzer_verliert_alle_rechte(welt):
    benutzer_aktiv_setzen(benutzer=welt.leitung_a, aktiv=False, durch=welt.fd51)
    welt.leitung_a.refresh_from_db()
    assert not welt.leitung_a.has_perm("sozialraum.view_sozialraum_seite", welt.a)


# --- the pages ------------------------------------------------------------------


def test_seite_legt_benutzer_an_und_verschickt_einladung(
    client, welt, django_capture_on_commit_callbacks
):
    client.force_login(welt.fd51)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("konten:benutzer_neu"),
            {"email": "leitung.neu@example.org", "leitung": [welt.a.pk]},
        )
    assert response.status_code == 302
    neu = User.objects.get(email="leitung.neu@example.org")
    assert [z.sozialraum for z in neu.rollen.all()] == [welt.a]
    assert len(mail.outbox) == 1


def test_seite_doppelt_absenden_legt_kein_zweites_konto_an(client, welt):
    client.force_login(welt.fd51)
    daten = {"email": "doppelt@example.org", "jha": "on"}
    client.post(reverse("konten:benutzer_neu"), daten)
    zweiter = client.post(reverse("konten:benutzer_neu"), daten)
    assert zweiter.status_code == 200
    assert "bereits ein Konto" in zweiter.content.decode()
    assert User.objects.filter(email="doppelt@example.org").count() == 1


@pytest.mark.parametrize(
    ("daten", "code"),
    [
        ({"email": "kaputt", "jha": "on"}, "invalid"),
        ({"email": "", "jha": "on"}, "required"),
        ({"email": "ok@example.org"}, "keine_rolle"),
    ],
)
def test_seite_zeigt_fehler_und_aendert_nichts(client, welt, daten, code):
    client.force_login(welt.fd51)
    anzahl = User.objects.count()
    response = client.post(reverse("konten:benutzer_neu"), daten)
    assert response.status_code == 200
    formulare = (response.context["form"], response.context["rollen_form"])
    codes = {
        e.code for f in formulare for es in f.errors.as_data().values() for e in es
    }
    assert code in codes
    assert User.objects.count() == anzahl
    assert mail.outbox == []


def test_fd51_kann_administratorrolle_nicht_per_formular_setzen(client, welt):
    client.force_login(welt.fd51)
    client.post(
        reverse("konten:benutzer_neu"),
        {"email": "heimlich@example.org", "jha": "on", "admin": "on"},
    )
    neu = User.objects.get(email="heimlich@example.org")
    assert [z.rolle for z in neu.rollen.all()] == [Rolle.JUGENDHILFEAUSSCHUSS]


def test_seite_sperrt_und_entsperrt(client, welt):
    client.force_login(welt.fd51)
    url = reverse("konten:benutzer_aktiv", kwargs={"pk": welt.opfer.pk})
    client.post(url, {"aktiv": "0"})
    welt.opfer.refresh_from_db()
    assert not welt.opfer.is_active
    client.post(url, {"aktiv": "1"})
    welt.opfer.refresh_from_db()
    assert welt.opfer.is_active


def test_eigene_rollen_per_seite_abgelehnt(client, welt):
    client.force_login(welt.admin)
    response = client.post(
        reverse("konten:benutzer_bearbeiten", kwargs={"pk": welt.admin.pk}),
        {"fd51": "on"},
    )
    assert response.status_code == 403
    assert "andere Person" in response.content.decode()
    assert [z.rolle for z in welt.admin.rollen.all()] == [Rolle.ADMINISTRATOR]


def test_fd51_schaltet_gesperrten_administrator_nicht_frei(welt):
    benutzer_aktiv_setzen(benutzer=welt.weiterer_admin, aktiv=False, durch=welt.admin)
    welt.weiterer_admin.refresh_from_db()
    with pytest.raises(PermissionDenied):
        benutzer_aktiv_setzen(benutzer=welt.weiterer_admin, aktiv=True, durch=welt.fd51)
    welt.weiterer_admin.refresh_from_db()
    assert not welt.weiterer_admin.is_active
    assert not welt.fd51.has_perm("konten.change_benutzer", welt.weiterer_admin)


def test_unmoegliche_rolle_wird_als_fehler_gemeldet(welt):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Nicht angelegt"):
        call_command("einladen", email="x@example.org", rolle="admin", sozialraum="ADE")
    assert not User.objects.filter(email="x@example.org").exists()


def test_mailserver_fehler_wird_kein_fehlerseite(
    client, welt, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens: connection refused
    client.force_login(welt.fd51)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("konten:benutzer_neu"),
            {"email": "ohne.mail@example.org", "jha": "on"},
        )
    assert response.status_code == 302
    assert not User.objects.get(email="ohne.mail@example.org").has_usable_password()


def test_gesperrtes_konto_bekommt_keine_einladung(client, welt):
    neu = anlegen(welt.fd51, [RollenAngabe(Rolle.JUGENDHILFEAUSSCHUSS)])
    benutzer_aktiv_setzen(benutzer=neu, aktiv=False, durch=welt.fd51)
    mail.outbox.clear()
    client.force_login(welt.fd51)
    client.post(reverse("konten:benutzer_einladen", kwargs={"pk": neu.pk}))
    assert mail.outbox == []


def test_eigene_email_adresse_ist_nicht_selbst_aenderbar(client, welt):
    client.force_login(welt.leitung_a)
    assert client.get("/konto/email/").status_code == 404
    assert (
        client.post("/konto/email/", {"email": "privat@example.org"}).status_code == 404
    )


# --- The Hansestadt (issue 17): its role names, no group level ------------------


@pytest.mark.parametrize("behoerde", ["hansestadt"])
def test_ohne_gruppen_keine_geschaeftsstelle(welt, behoerde):
    from konten.forms import RollenForm

    form = RollenForm()
    assert "geschaeftsstelle_rg" not in form.fields
    assert str(form.fields["fd51"].label) == "Bereich 51"
    assert str(form.fields["leitung"].label) == "Stadtteilhausleitung für"
    assert str(form.fields["jha"].label) == "Sozial- und Gesundheitsausschuss"
    # the hidden Region exists, but nobody runs its office
    region = welt.a.region
    with pytest.raises(ValidationError) as fehler:
        anlegen(welt.fd51, [RollenAngabe(Rolle.GESCHAEFTSSTELLE_RG, region=region)])
    assert fehler.value.messages == [
        "Die Rolle Geschäftsstelle gibt es in der Hansestadt Lüneburg nicht: "
        "die Stadtteile bilden keine Gruppen."
    ]
    assert not User.objects.filter(email="neu@example.org").exists()
    # a forged form field is not read either
    form = RollenForm(data={"geschaeftsstelle_rg": str(region.pk), "jha": "on"})
    assert form.is_valid()
    assert [a.rolle for a in form.rollen_angaben()] == [Rolle.JUGENDHILFEAUSSCHUSS]


@pytest.mark.parametrize("behoerde", ["hansestadt"])
def test_rollen_und_einladung_in_den_woertern_der_hansestadt(
    welt, behoerde, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        neu = anlegen(
            welt.fd51, [RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=welt.a)]
        )
    assert str(neu.rollen.get()) == f"Stadtteilhausleitung ({welt.a})"
    (nachricht,) = mail.outbox
    assert nachricht.subject == "Ihr Zugang zu Stadtteil-Budget"
    assert "ein Konto in Stadtteil-Budget angelegt" in nachricht.body
    assert "Ihre Rollen: Stadtteilhausleitung" in nachricht.body


@pytest.mark.parametrize(
    ("behoerde", "produkt"),
    [("landkreis", "Sozialraum-Budget"), ("hansestadt", "Stadtteil-Budget")],
)
def test_allauths_mails_und_totp_tragen_den_namen_der_installation(
    client, welt, behoerde, produkt
):
    from allauth.mfa.adapter import get_adapter

    mail.outbox.clear()
    antwort = client.post(
        reverse("account_reset_password"), {"email": welt.leitung_a.email}
    )
    assert antwort.status_code == 302
    (nachricht,) = mail.outbox
    assert nachricht.subject.startswith(f"[{produkt}] ")
    assert get_adapter().get_totp_issuer() == produkt


@pytest.mark.parametrize(
    ("behoerde", "titel"),
    [
        ("landkreis", "<title>Fehler – Sozialraum-Budget</title>"),
        ("hansestadt", "<title>Fehler – Stadtteil-Budget</title>"),
    ],
)
def test_fehlerseite_500_mit_dem_namen_der_installation(grunddaten, behoerde, titel):
    from django.test import RequestFactory

    from konten.views import serverfehler

    antwort = serverfehler(RequestFactory().get("/"))
    assert antwort.status_code == 500
    assert titel in antwort.content.decode()
