from allauth.account.signals import password_reset
from allauth.mfa.signals import authentication_failed as mfa_fehlgeschlagen
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from .middleware import sitzung_beginnen
from .models import Protokolleintrag, User
from .protokoll import aus_anfrage
from .services import email_bestaetigen

Ereignis = Protokolleintrag.Ereignis


@receiver(password_reset)
def _passwort_ueber_link_gesetzt(sender, request, user, **kwargs):
    # The link reached the user by mail: the address is proven.
    email_bestaetigen(user=user)


@receiver(user_logged_in)
def _sitzung_beginnt(sender, request, user, **kwargs):
    # Idle timeout and absolute lifetime count from here (middleware).
    if request is not None and hasattr(request, "session"):
        sitzung_beginnen(request)


# --- Security log (Protokolleintrag) --------------------------------------------


@receiver(user_logged_in, dispatch_uid="protokoll_anmeldung")
def _anmeldung_protokollieren(sender, request, user, **kwargs):
    aus_anfrage(request, ereignis=Ereignis.ANMELDUNG, benutzer=user)


@receiver(user_logged_out, dispatch_uid="protokoll_abmeldung")
def _abmeldung_protokollieren(sender, request, user, **kwargs):
    if user is not None:  # None: there was nobody signed in
        aus_anfrage(request, ereignis=Ereignis.ABMELDUNG, benutzer=user)


@receiver(user_login_failed, dispatch_uid="protokoll_anmeldung_fehlgeschlagen")
def _fehlversuch_protokollieren(sender, credentials, request=None, **kwargs):
    # Only the identifier as typed; the credentials also hold the password
    # (masked by Django, but it stays out of the log all the same).
    kennung = next(
        (
            credentials[k]
            for k in ("email", "username", "login")
            if isinstance(credentials.get(k), str)
        ),
        "",
    ).strip()
    benutzer = User.objects.filter(email__iexact=kennung).first() if kennung else None
    if benutzer is None:
        grund = "Konto unbekannt"
    elif not benutzer.is_active:
        grund = "Konto gesperrt"
    else:
        grund = "Passwort falsch"
    aus_anfrage(
        request,
        ereignis=Ereignis.ANMELDUNG_FEHLGESCHLAGEN,
        benutzer=benutzer,
        kennung=kennung,
        beschreibung=grund,
    )


@receiver(mfa_fehlgeschlagen, dispatch_uid="protokoll_zweiter_faktor")
def _zweiter_faktor_falsch(sender, request, user, **kwargs):
    aus_anfrage(
        request,
        ereignis=Ereignis.ANMELDUNG_FEHLGESCHLAGEN,
        benutzer=user,
        beschreibung="Code des zweiten Faktors falsch",
    )
