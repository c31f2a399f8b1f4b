"""Issue 7: headers and cookies per response type, session limits with a frozen
clock, the second-factor duty for FD 51 and administrators, error pages.

Each test names the setting or middleware it proves; removing it fails the test.
"""

import copy
import datetime
import importlib.util
import re
import time
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.contrib.sessions.models import Session
from django.core.checks import Warning as CheckWarning
from django.test import Client
from django.urls import path, reverse

from betrieb.checks import sicherheit_pruefen
from config.settings import base, https
from konten.middleware import ZULETZT_AKTIV
from konten.models import Protokolleintrag, Rolle
from konten.services import benutzer_aktiv_setzen
from sozialraum.models import Sozialraum
from sozialraum.tests.factories import PASSWORT, UserFactory, benutzer_mit_rolle

JAHR = datetime.date.today().year
LISTE = "/antraege/"


@pytest.fixture
def hinter_https(settings):
    """The production HTTPS settings (config/settings/https.py), as prod.py has them."""
    for name in dir(https):
        if name.isupper():
            setattr(settings, name, getattr(https, name))
    # Behind the TLS proxy, which says so in X-Forwarded-Proto.
    return Client(secure=True, headers={"X-Forwarded-Proto": "https"})


def _anmelden(client, user):
    antwort = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORT}
    )
    assert antwort.status_code == 302, antwort.content[:500]
    return antwort


def _csp(antwort):
    richtlinie = antwort["Content-Security-Policy"]
    return {
        teil.split()[0]: teil.split()[1:]
        for teil in (t.strip() for t in richtlinie.split(";"))
        if teil
    }


def _sicher(antwort, *, zwischenspeicher_verboten=True):
    assert antwort["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert antwort["X-Content-Type-Options"] == "nosniff"
    assert antwort["Referrer-Policy"] == "same-origin"
    assert antwort["X-Frame-Options"] == "DENY"
    csp = _csp(antwort)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in antwort["Content-Security-Policy"]
    assert "'unsafe-eval'" not in antwort["Content-Security-Policy"]
    if zwischenspeicher_verboten:
        teile = {t.strip() for t in antwort["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= teile


# --- Headers and cookies -------------------------------------------------------


@pytest.mark.django_db
def test_http_wird_auf_https_umgeleitet(settings):
    for name in dir(https):
        if name.isupper():
            setattr(settings, name, getattr(https, name))
    antwort = Client().get(reverse("account_login"))
    assert antwort.status_code == 301
    assert antwort["Location"].startswith("https://")


@pytest.mark.django_db
def test_anmeldeseite_und_cookies(hinter_https):
    client = hinter_https
    seite = client.get(reverse("account_login"))
    assert seite.status_code == 200
    _sicher(seite)
    csrf = seite.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    user = benutzer_mit_rolle(Rolle.JUGENDHILFEAUSSCHUSS)
    antwort = _anmelden(client, user)
    sitzung = antwort.cookies["sessionid"]
    assert sitzung["secure"] and sitzung["httponly"] and sitzung["samesite"] == "Lax"
    # A browser-session cookie: gone when the browser closes.
    assert not sitzung["expires"] and not sitzung["max-age"]
    _sicher(antwort)


@pytest.mark.django_db
def test_seiten_und_downloads_mit_personendaten(hinter_https, welt):
    client = hinter_https
    client.force_login(welt.fd51)
    for url, typ in [
        (reverse("budgets:uebersicht", args=[JAHR]), "text/html"),
        (reverse("antraege:liste"), "text/html"),
        (
            reverse("berichte:budgetbericht") + f"?jahr={JAHR}",
            "application/pdf",
        ),
        (
            reverse("austausch:export") + f"?art=antraege&format=xlsx&jahr={JAHR}",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]:
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        assert antwort["Content-Type"].startswith(typ), url
        _sicher(antwort)


@pytest.mark.django_db
def test_fehlerseiten_tragen_dieselben_header(hinter_https, welt):
    client = hinter_https
    client.force_login(welt.leitung_a)
    _sicher(client.get("/gibt-es-nicht/"))
    verweigert = client.get(reverse("budgets:zuweisen", args=[JAHR]))
    assert verweigert.status_code == 403
    _sicher(verweigert)


@pytest.mark.django_db
def test_statische_dateien_duerfen_zwischengespeichert_werden(hinter_https):
    antwort = hinter_https.get("/static/css/app.css")
    assert antwort.status_code == 200
    assert antwort["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in antwort.get("Cache-Control", "")


# --- Sessions ------------------------------------------------------------------


def _sitzung_besteht(client):
    return Session.objects.filter(session_key=client.session.session_key).exists()


@pytest.mark.django_db
def test_leerlauf_beendet_die_sitzung(client, welt):
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as uhr:
        _anmelden(client, welt.fd51)
        schluessel = client.cookies["sessionid"].value
        uhr.shift(datetime.timedelta(minutes=29))
        assert client.get(LISTE).status_code == 200
        # Activity moved the idle clock: another 29 minutes are fine.
        uhr.shift(datetime.timedelta(minutes=29))
        assert client.get(LISTE).status_code == 200
        uhr.shift(datetime.timedelta(minutes=30))
        antwort = client.get(reverse("budgets:uebersicht", args=[JAHR]))
    assert antwort.status_code == 302
    assert antwort["Location"] == (
        reverse("account_login") + "?next=" + reverse("budgets:uebersicht", args=[JAHR])
    )
    assert not Session.objects.filter(session_key=schluessel).exists()
    seite = client.get(antwort["Location"])
    assert "nach 30 Minuten ohne Aktivität beendet" in seite.content.decode()


@pytest.mark.django_db
def test_leerlauf_ist_einstellbar(client, welt, settings):
    settings.SITZUNG_LEERLAUF_MINUTEN = 5
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0), tick=False) as uhr:
        _anmelden(client, welt.fd51)
        uhr.shift(datetime.timedelta(minutes=5))
        assert client.get(LISTE).status_code == 302


@pytest.mark.django_db
def test_hoechstdauer_trotz_aktivitaet(client, welt):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 7, 0), tick=False) as uhr:
        _anmelden(client, welt.leitung_a)
        for _ in range(29):  # every 20 minutes for 9 h 40 min
            uhr.shift(datetime.timedelta(minutes=20))
            assert client.get(LISTE).status_code == 200
        uhr.shift(datetime.timedelta(minutes=20))  # 10 hours after the login
        antwort = client.get(LISTE)
    assert antwort.status_code == 302
    assert (
        "Höchstdauer von 10 Stunden" in client.get(antwort["Location"]).content.decode()
    )


@pytest.mark.django_db
def test_aktivitaet_wird_hoechstens_minuetlich_geschrieben(
    client, welt, django_assert_num_queries
):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0), tick=False) as uhr:
        client.force_login(welt.leitung_a)
        vorher = client.session[ZULETZT_AKTIV]
        uhr.shift(datetime.timedelta(seconds=30))
        client.get(LISTE)
        assert client.session[ZULETZT_AKTIV] == vorher
        uhr.shift(datetime.timedelta(seconds=31))
        client.get(LISTE)
        assert client.session[ZULETZT_AKTIV] == vorher + 61


@pytest.mark.django_db
def test_deaktivierter_benutzer_ist_beim_naechsten_aufruf_abgemeldet(client, welt):
    _anmelden(client, welt.leitung_a)
    schluessel = client.cookies["sessionid"].value
    assert client.get(LISTE).status_code == 200
    benutzer_aktiv_setzen(benutzer=welt.leitung_a, aktiv=False, durch=welt.fd51)
    antwort = client.get(LISTE)
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("account_login"))
    assert not Session.objects.filter(session_key=schluessel).exists()


@pytest.mark.django_db
def test_abmelden_beendet_die_sitzung_auf_dem_server(welt):
    client = Client()
    _anmelden(client, welt.fd51)
    schluessel = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=schluessel).exists()
    assert client.post(reverse("account_logout")).status_code == 302
    assert not Session.objects.filter(session_key=schluessel).exists()
    # The old cookie, replayed, opens nothing.
    dieb = Client()
    dieb.cookies["sessionid"] = schluessel
    antwort = dieb.get(reverse("antraege:liste"))
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("account_login"))


# --- Second factor -------------------------------------------------------------


@pytest.fixture
def mfa_pflicht(settings):
    settings.MFA_PFLICHT_ROLLEN = base.MFA_PFLICHT_ROLLEN


def _passwort_bestaetigen(client, user):
    einrichten = reverse("mfa_activate_totp")
    antwort = client.get(einrichten)
    assert antwort["Location"].startswith(reverse("account_reauthenticate"))
    antwort = client.post(antwort["Location"], {"password": PASSWORT})
    assert antwort["Location"] == einrichten


def _aktueller_code(geheimnis):
    zaehler = int(time.time()) // 30
    return totp_auth.format_hotp_value(totp_auth.hotp_value(geheimnis, zaehler))


def _totp_einrichten(user):
    return totp_auth.TOTP.activate(user, totp_auth.generate_totp_secret())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rolle", [Rolle.FACHDIENST_51, Rolle.ADMINISTRATOR, "superuser"]
)
def test_fd51_und_admin_muessen_zuerst_den_zweiten_faktor_einrichten(
    client, grunddaten, mfa_pflicht, rolle
):
    if rolle == "superuser":
        user = UserFactory(is_superuser=True)
    else:
        user = benutzer_mit_rolle(rolle)
    _anmelden(client, user)
    einrichten = reverse("mfa_activate_totp")
    for url in (
        reverse("start"),
        reverse("budgets:uebersicht", args=[JAHR]),
        reverse("antraege:liste"),
        "/admin/",
    ):
        antwort = client.get(url)
        assert antwort.status_code == 302, url
        assert antwort["Location"] == einrichten, url
    assert client.post(reverse("antraege:anlegen"), {})["Location"] == einrichten
    # The way out stays open: the setup page (after confirming the password,
    # allauth's rule for changing factors).
    _passwort_bestaetigen(client, user)
    seite = client.get(einrichten)
    assert seite.status_code == 200
    assert "zweiter Faktor vorgeschrieben" in seite.content.decode()

    _totp_einrichten(user)
    assert client.get(reverse("antraege:liste")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rolle",
    [Rolle.SOZIALRAUMLEITUNG, Rolle.GESCHAEFTSSTELLE_RG, Rolle.JUGENDHILFEAUSSCHUSS],
)
def test_andere_rollen_ohne_pflicht(client, welt, mfa_pflicht, rolle):
    user = {
        Rolle.SOZIALRAUMLEITUNG: welt.leitung_a,
        Rolle.GESCHAEFTSSTELLE_RG: welt.geschaeftsstelle,
        Rolle.JUGENDHILFEAUSSCHUSS: welt.jha,
    }[rolle]
    client.force_login(user)
    assert client.get(LISTE).status_code == 200
    assert client.get(reverse("antraege:liste")).status_code == 200


@pytest.mark.django_db
def test_einrichtung_im_formular_und_dann_anmeldung_mit_code(
    client, grunddaten, mfa_pflicht
):
    """The whole way as the user goes it: password, setup with a code from the
    app, then every later login asks for the code."""
    user = benutzer_mit_rolle(Rolle.FACHDIENST_51)
    _anmelden(client, user)
    einrichten = reverse("mfa_activate_totp")
    assert client.get(LISTE)["Location"] == einrichten
    _passwort_bestaetigen(client, user)
    seite = client.get(einrichten)
    geheimnis = seite.context["form"].secret
    antwort = client.post(einrichten, {"code": _aktueller_code(geheimnis)})
    assert antwort.status_code == 302, seite.content[:300]
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(LISTE).status_code == 200

    # Logged out and back in: the password alone no longer suffices.
    client.post(reverse("account_logout"))
    zweiter_schritt = _anmelden(client, user)
    assert zweiter_schritt["Location"] == reverse("mfa_authenticate")
    assert client.get(LISTE).status_code == 302


@pytest.mark.django_db
def test_pflichtige_koennen_ihre_app_nicht_abschalten(client, grunddaten, mfa_pflicht):
    user = benutzer_mit_rolle(Rolle.FACHDIENST_51)
    _totp_einrichten(user)
    client.force_login(user)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # The post above is also stopped by allauth's password confirmation; the
    # rule itself is the adapter's: refused for FD 51, allowed for others.
    adapter = get_mfa_adapter()
    assert not adapter.can_delete_authenticator(user.authenticator_set.get())
    leitung = benutzer_mit_rolle(
        Rolle.SOZIALRAUMLEITUNG, sozialraum=Sozialraum.objects.get(kuerzel="ADE")
    )
    _totp_einrichten(leitung)
    assert adapter.can_delete_authenticator(leitung.authenticator_set.get())


@pytest.mark.django_db
def test_check_deploy_meldet_abgeschaltete_massnahmen(settings):
    settings.MFA_PFLICHT_ROLLEN = base.MFA_PFLICHT_ROLLEN
    assert sicherheit_pruefen(None) == []
    settings.MFA_PFLICHT_ROLLEN = ("fd51",)
    settings.SITZUNG_LEERLAUF_MINUTEN = 240
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "konten.middleware.MfaPflichtMiddleware"
    ]
    richtlinie = {"DIRECTIVES": dict(base.CONTENT_SECURITY_POLICY["DIRECTIVES"])}
    richtlinie["DIRECTIVES"]["script-src"] = ["'self'", "'unsafe-inline'"]
    settings.CONTENT_SECURITY_POLICY = richtlinie
    ids = {m.id for m in sicherheit_pruefen(None)}
    assert ids == {
        "sozialraum.W001",
        "sozialraum.W002",
        "sozialraum.W003",
        "sozialraum.W005",
    }
    assert all(isinstance(m, CheckWarning) for m in sicherheit_pruefen(None))


# --- Error pages ---------------------------------------------------------------


def _kaputt(request):
    raise RuntimeError("geheimes Innenleben: Passwort=hunter2")


urlpatterns = [path("kaputt/", _kaputt)]


@pytest.mark.django_db
def test_fehlerseiten_deutsch_ohne_interna(settings, welt):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(welt.leitung_a)

    nicht_da = client.get("/gibt-es-nicht/")
    assert nicht_da.status_code == 404
    text = nicht_da.content.decode()
    assert 'lang="de"' in text and "kern" in text
    assert "Seite nicht gefunden" in text

    verboten = client.get(reverse("budgets:zuweisen", args=[JAHR]))
    assert verboten.status_code == 403 and "Kein Zugriff" in verboten.content.decode()

    falscher_host = client.get(reverse("start"), HTTP_HOST="boese.example.com")
    assert falscher_host.status_code == 400
    assert "Ungültige Anfrage" in falscher_host.content.decode()

    settings.ROOT_URLCONF = __name__
    kaputt = client.get("/kaputt/")
    assert kaputt.status_code == 500
    text = kaputt.content.decode()
    assert "Ein Fehler ist aufgetreten" in text and 'lang="de"' in text
    for intern in ("hunter2", "RuntimeError", "Traceback", "geheimes", ".py"):
        assert intern not in text
    assert re.search(r'href="/static/kern/[^"]+\.css"', text)


# --- Issue 18: CSRF under the production settings -----------------------------------

PROD_HOST = "sozialraum.landkreis.example"


@pytest.fixture
def produktion(settings, monkeypatch):
    """config/settings/prod.py as the server loads it (the environment of
    docs/betrieb.md), applied over the test settings where it differs from base.py.
    Database, cache, mail and static files stay the test's."""
    for name, wert in {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": PROD_HOST,
        "DATABASE_URL": "postgres://sozialraum@db.intern:5432/sozialraum_budget",
        "SITE_URL": f"https://{PROD_HOST}",
        "EMAIL_HOST": "mail.intern",
        "DEFAULT_FROM_EMAIL": "sozialraum@landkreis.example",
    }.items():
        monkeypatch.setenv(name, wert)
    # prod.py refuses SQLite: let it see PostgreSQL without touching our connection
    datenbanken = copy.deepcopy(base.DATABASES)
    datenbanken["default"]["ENGINE"] = "django.db.backends.postgresql"
    monkeypatch.setattr(base, "DATABASES", datenbanken)
    pfad = Path(base.__file__).with_name("prod.py")
    spec = importlib.util.spec_from_file_location("config.settings._prod_test", pfad)
    prod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prod)
    behalten = {"DATABASES", "CACHES", "STORAGES", "LOGGING", "SERVER_EMAIL"}
    for name in dir(prod):
        if not name.isupper() or name in behalten or name.startswith("EMAIL_"):
            continue
        wert = getattr(prod, name)
        if wert != getattr(base, name, object()):
            setattr(settings, name, wert)
    assert not settings.DEBUG
    assert list(settings.CSRF_TRUSTED_ORIGINS) == [f"https://{PROD_HOST}"]
    # gunicorn behind nginx: plain HTTP on the socket, HTTPS said by the proxy
    return Client(
        enforce_csrf_checks=True,
        headers={"X-Forwarded-Proto": "https", "Host": PROD_HOST},
    )


def _token(client, url):
    seite = client.get(url)
    assert seite.status_code == 200, seite.status_code
    return re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', seite.content.decode()
    )[1]


@pytest.mark.django_db
def test_fremder_referer_wird_in_produktion_abgelehnt(produktion):
    """A POST with a valid token from a foreign page (Referer or Origin), from
    plain HTTP, or without any Referer is refused behind HTTPS, German and
    logged; the same POST from the app's own page goes through. (Over plain
    HTTP, as in the dev server, Django checks no Referer: documented.)"""
    client = produktion
    login = reverse("account_login")
    user = benutzer_mit_rolle(Rolle.JUGENDHILFEAUSSCHUSS)
    daten = {
        "login": user.email,
        "password": PASSWORT,
        "csrfmiddlewaretoken": _token(client, login),
    }
    eigen = f"https://{PROD_HOST}{login}"
    for kopf in (
        {"Referer": "https://angreifer.example/formular"},
        {"Referer": f"https://{PROD_HOST}.angreifer.example{login}"},
        {"Referer": f"http://{PROD_HOST}{login}"},  # downgraded
        {"Origin": "https://angreifer.example", "Referer": eigen},
        {},  # no Referer at all
    ):
        antwort = client.post(login, daten, headers=kopf)
        assert antwort.status_code == 403, kopf
        text = antwort.content.decode()
        assert "aus Sicherheitsgründen abgelehnt" in text and 'lang="de"' in text
        assert "_auth_user_id" not in client.session
    eintraege = Protokolleintrag.objects.filter(
        ereignis=Protokolleintrag.Ereignis.ZUGRIFF_VERWEIGERT
    )
    assert eintraege.count() == 5
    assert all("CSRF" in e.beschreibung for e in eintraege)

    antwort = client.post(login, daten, headers={"Referer": eigen})
    assert antwort.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    # signed in: a state-changing POST (signing out) from a foreign page
    abmelden = reverse("account_logout")
    daten = {"csrfmiddlewaretoken": _token(client, abmelden)}
    fremd = {"Referer": "https://angreifer.example/"}
    assert client.post(abmelden, daten, headers=fremd).status_code == 403
    assert client.session["_auth_user_id"] == str(user.pk)
    eigen = {"Referer": f"https://{PROD_HOST}{abmelden}"}
    assert client.post(abmelden, daten, headers=eigen).status_code == 302
    assert "_auth_user_id" not in client.session
