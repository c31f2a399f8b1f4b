"""Request guards of the login session (issue 7: BSI APP.3.1, OWASP ASVS V3).

- `SitzungsfristMiddleware`: idle timeout and absolute lifetime, checked on the
  server; a deactivated account loses its session on the next request.
- `MfaPflichtMiddleware`: Fachdienst 51 and administrators without an
  authenticator app are sent to set one up before anything else.

The app-wide response headers (no caching) are betrieb.middleware's.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from config.begriffe import begriffe

from .permissions import rollen_von

# Session keys: when the login happened, when the user was last active (epoch s).
ANGEMELDET_UM = "sitzung_angemeldet_um"
ZULETZT_AKTIV = "sitzung_zuletzt_aktiv"
# Activity is written back at most this often, so that a page view does not
# always cost a session write; the idle limit is therefore exact to a minute.
AKTIVITAET_SCHREIBEN_NACH = 60


def sitzung_beginnen(request):
    """Called at login (signal): both clocks start now."""
    jetzt = int(time.time())
    request.session[ANGEMELDET_UM] = jetzt
    request.session[ZULETZT_AKTIV] = jetzt


def _ablaufgrund(session, jetzt):
    angemeldet = session.get(ANGEMELDET_UM)
    zuletzt = session.get(ZULETZT_AKTIV)
    if angemeldet is None or zuletzt is None:
        # A session from before these guards (or forged): start over.
        return "Bitte melden Sie sich erneut an."
    if jetzt - angemeldet >= settings.SITZUNG_HOECHSTDAUER_STUNDEN * 3600:
        return (
            f"Ihre Sitzung hat die Höchstdauer von "
            f"{settings.SITZUNG_HOECHSTDAUER_STUNDEN} Stunden erreicht. "
            "Bitte melden Sie sich erneut an."
        )
    if jetzt - zuletzt >= settings.SITZUNG_LEERLAUF_MINUTEN * 60:
        return (
            f"Ihre Sitzung wurde nach {settings.SITZUNG_LEERLAUF_MINUTEN} Minuten "
            "ohne Aktivität beendet. Bitte melden Sie sich erneut an."
        )
    return None


class SitzungsfristMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            jetzt = int(time.time())
            grund = _ablaufgrund(request.session, jetzt)
            if grund:
                return self._beenden(request, grund)
            if jetzt - request.session[ZULETZT_AKTIV] >= AKTIVITAET_SCHREIBEN_NACH:
                request.session[ZULETZT_AKTIV] = jetzt
        elif SESSION_KEY in request.session:
            # The session names a user the auth backend no longer accepts
            # (deactivated, or deleted): end it on the server.
            return self._beenden(
                request,
                "Ihr Zugang ist nicht mehr aktiv. Bitte wenden Sie sich "
                f"an den {begriffe().pruefstelle}.",
            )
        return self.get_response(request)

    @staticmethod
    def _beenden(request, grund):
        ziel = request.get_full_path() if request.method == "GET" else None
        if request.user.is_authenticated:
            logout(request)  # flushes the session row; signals the audit log
        else:
            request.session.flush()
            request.session.pop(BACKEND_SESSION_KEY, None)
        messages.warning(request, grund)
        if ziel:
            return redirect_to_login(ziel, settings.LOGIN_URL)
        return redirect(settings.LOGIN_URL)


def mfa_pflichtig(user):
    """Does this account need a second factor (settings.MFA_PFLICHT_ROLLEN)?"""
    pflicht = settings.MFA_PFLICHT_ROLLEN
    if not pflicht or not user.is_authenticated:
        return False
    if "admin" in pflicht and user.is_superuser:
        return True
    return any(z.rolle in pflicht for z in rollen_von(user))


# Pages an account without a second factor may still reach: setting it up,
# confirming the password for that, logging out.
_MFA_FREI = {"account_logout", "account_reauthenticate", "account_login"}


class MfaPflichtMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not mfa_pflichtig(request.user):
            return None
        name = request.resolver_match.url_name or ""
        if name in _MFA_FREI or name.startswith("mfa_"):
            return None
        if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            return None
        messages.info(
            request,
            "Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben. Bitte richten "
            "Sie jetzt eine Authenticator-App ein; erst danach ist die Anwendung "
            "nutzbar.",
        )
        return redirect("mfa_activate_totp")
