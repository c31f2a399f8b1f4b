"""Every change to accounts and roles goes through these functions, and so does
every entry of the security log.

Views, admin actions and management commands call them; none of them changes
state another way. They never see a request.
"""

import logging
import smtplib
from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from config.begriffe import begriffe

from . import permissions
from .models import Protokolleintrag, Rolle, Rollenzuweisung, User

logger = logging.getLogger(__name__)


# --- Users and roles ------------------------------------------------------------


@dataclass(frozen=True)
class RollenAngabe:
    """A role as a form or command asks for it: the role and its scope."""

    rolle: str
    sozialraum: object = None  # a sozialraum.Sozialraum
    region: object = None  # a regionen.Region

    def schluessel(self):
        return (
            self.rolle,
            self.sozialraum.pk if self.sozialraum else None,
            self.region.pk if self.region else None,
        )


def _darf_benutzer_aendern(*, durch, benutzer, rollen):
    if durch is None:
        return  # the command line (operator with shell access) may do everything
    if not durch.has_perm("konten.manage_users"):
        raise PermissionDenied("Sie dürfen keine Benutzer verwalten.")
    if benutzer is not None and not durch.has_perm("konten.change_benutzer", benutzer):
        raise PermissionDenied(
            "Administratoren können nur von Administratoren geändert werden."
        )
    if any(r.rolle == Rolle.ADMINISTRATOR for r in rollen) and not durch.has_perm(
        "konten.grant_administrator"
    ):
        raise PermissionDenied(
            "Die Rolle Administrator kann nur ein Administrator vergeben."
        )


def _rollen_pruefen(rollen):
    if not rollen:
        raise ValidationError(
            "Bitte mindestens eine Rolle angeben.", code="keine_rolle"
        )
    if not begriffe().mit_gruppen and any(
        r.rolle == Rolle.GESCHAEFTSSTELLE_RG for r in rollen
    ):
        raise ValidationError(
            f"Die Rolle Geschäftsstelle gibt es {begriffe().behoerde_in} nicht: "
            f"die {begriffe().raeume} bilden keine Gruppen.",
            code="keine_gruppen",
        )
    for angabe in rollen:
        zuweisung = Rollenzuweisung(
            rolle=angabe.rolle, sozialraum=angabe.sozialraum, region=angabe.region
        )
        zuweisung.full_clean(exclude=["user"])
        if angabe.rolle == Rolle.SOZIALRAUMLEITUNG and not angabe.sozialraum:
            b = begriffe()
            raise ValidationError(
                f"Eine {b.leitung} braucht einen {b.raum}.", code="bereich"
            )
        if angabe.rolle == Rolle.GESCHAEFTSSTELLE_RG and not angabe.region:
            raise ValidationError(
                f"Eine {begriffe().geschaeftsstelle} braucht eine {begriffe().gruppe}.",
                code="bereich",
            )
    if sum(1 for r in rollen if r.rolle == Rolle.GESCHAEFTSSTELLE_RG) > 1:
        raise ValidationError(
            f"Eine Geschäftsstelle betreut genau eine {begriffe().gruppe}.",
            code="eine_region",
        )


@transaction.atomic
def benutzer_anlegen(*, email, first_name, last_name, rollen, durch, einladen=True):
    """Create an account (no password yet) with its roles, and mail the invitation.

    `durch` is the acting user; None means the command line.
    """
    _darf_benutzer_aendern(durch=durch, benutzer=None, rollen=rollen)
    _rollen_pruefen(rollen)
    email = User.objects.normalize_email(email).strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError(
            {"email": "Mit dieser E-Mail-Adresse gibt es bereits ein Konto."},
            code="email_vergeben",
        )
    benutzer = User(email=email, first_name=first_name, last_name=last_name)
    benutzer.set_unusable_password()
    benutzer.full_clean()
    benutzer.save()
    EmailAddress.objects.create(
        user=benutzer, email=email, primary=True, verified=False
    )
    _rollen_schreiben(benutzer=benutzer, rollen=rollen, durch=durch)
    if einladen:
        transaction.on_commit(lambda: _einladung_versuchen(benutzer))
    return benutzer


def _einladung_versuchen(benutzer):
    # The account exists either way; a mail server that is down must not turn
    # into an error page. The list shows "eingeladen" and offers to resend.
    try:
        einladung_senden(benutzer=benutzer)
    except (OSError, smtplib.SMTPException):
        logger.exception("Einladung an %s nicht verschickt", benutzer.email)


@transaction.atomic
def benutzer_rollen_setzen(*, benutzer, rollen, durch):
    """Replace the user's roles by `rollen`; nobody changes their own roles."""
    if durch is not None and benutzer.pk == durch.pk:
        raise PermissionDenied("Die eigenen Rollen kann nur eine andere Person ändern.")
    _darf_benutzer_aendern(durch=durch, benutzer=benutzer, rollen=rollen)
    _rollen_pruefen(rollen)
    _rollen_schreiben(benutzer=benutzer, rollen=rollen, durch=durch)


def _rollen_schreiben(*, benutzer, rollen, durch):
    gewuenscht = {r.schluessel(): r for r in rollen}
    vorhanden = {
        (z.rolle, z.sozialraum_id, z.region_id): z
        for z in Rollenzuweisung.objects.select_for_update().filter(user=benutzer)
    }
    for schluessel, zuweisung in vorhanden.items():
        if schluessel not in gewuenscht:
            zuweisung.delete()
            _rollenaenderung_protokollieren(
                Protokolleintrag.Ereignis.ROLLE_ENTZOGEN, benutzer, zuweisung, durch
            )
    for schluessel, angabe in gewuenscht.items():
        if schluessel not in vorhanden:
            zuweisung = Rollenzuweisung.objects.create(
                user=benutzer,
                rolle=angabe.rolle,
                sozialraum=angabe.sozialraum,
                region=angabe.region,
                erteilt_von=durch,
            )
            _rollenaenderung_protokollieren(
                Protokolleintrag.Ereignis.ROLLE_VERGEBEN, benutzer, zuweisung, durch
            )
    permissions.vergessen(benutzer)


def _rollenaenderung_protokollieren(ereignis, benutzer, zuweisung, durch):
    # Same transaction as the change: a change that rolls back leaves no entry.
    protokoll_schreiben(
        ereignis=ereignis,
        benutzer=benutzer,
        ausgefuehrt_von=durch,
        beschreibung=str(zuweisung) + ("" if durch else " (über die Kommandozeile)"),
    )


@transaction.atomic
def benutzer_aktiv_setzen(*, benutzer, aktiv, durch):
    """Deactivate (or reactivate) an account; deactivated users cannot sign in."""
    if durch is not None and benutzer.pk == durch.pk:
        raise PermissionDenied("Das eigene Konto kann nur eine andere Person sperren.")
    _darf_benutzer_aendern(durch=durch, benutzer=benutzer, rollen=())
    if benutzer.is_active != aktiv:
        benutzer.is_active = aktiv
        benutzer.save(update_fields=["is_active"])
        protokoll_schreiben(
            ereignis=Protokolleintrag.Ereignis.KONTO_FREIGESCHALTET
            if aktiv
            else Protokolleintrag.Ereignis.KONTO_GESPERRT,
            benutzer=benutzer,
            ausgefuehrt_von=durch,
        )


# --- Security log ---------------------------------------------------------------


def protokoll_schreiben(
    *,
    ereignis,
    benutzer=None,
    kennung=None,
    ausgefuehrt_von=None,
    beschreibung="",
    adresse=None,
):
    """Append one entry to the security log (Protokolleintrag).

    `kennung` defaults to the account's e-mail address; texts are cut to fit,
    so that an over-long input cannot keep an event out of the log. Callers
    pass what the event is about, never a password.
    """
    if kennung is None:
        kennung = benutzer.email if benutzer is not None else ""
    feld = Protokolleintrag._meta.get_field
    eintrag = Protokolleintrag(
        ereignis=ereignis,
        benutzer=benutzer,
        kennung=kennung[: feld("kennung").max_length],
        ausgefuehrt_von=ausgefuehrt_von,
        beschreibung=beschreibung[: feld("beschreibung").max_length],
        adresse=adresse,
    )
    # The accounts are passed as objects: no lookups to validate them again.
    eintrag.full_clean(exclude=["benutzer", "ausgefuehrt_von"])
    eintrag.save()
    return eintrag


def einladungslink(*, benutzer):
    """A one-time link to set the password (allauth's password-reset key).

    The key is derived from the password hash, so it stops working once a
    password has been set.
    """
    pfad = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(benutzer),
            "key": default_token_generator.make_token(benutzer),
        },
    )
    return f"{settings.SITE_URL}{pfad}"


def einladung_senden(*, benutzer):
    kontext = {
        "benutzer": benutzer,
        "link": einladungslink(benutzer=benutzer),
        "site_url": settings.SITE_URL,
        "rollen": list(benutzer.rollen.select_related("sozialraum", "region")),
        "begriffe": begriffe(),
    }
    betreff = render_to_string("konten/email/einladung_betreff.txt", kontext)
    text = render_to_string("konten/email/einladung.txt", kontext)
    send_mail(
        " ".join(betreff.split()),
        text,
        settings.DEFAULT_FROM_EMAIL,
        [benutzer.email],
    )


def email_bestaetigen(*, user):
    """Mark the user's own address as verified (after a mailed link was used)."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True
    )
