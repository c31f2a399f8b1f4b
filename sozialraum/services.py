"""Every change to organisation data, users and roles goes through these functions.

Views, admin actions and management commands call them; none of them changes
state another way. They never see a request.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from regionen.models import Region

from . import permissions
from .models import (
    Gremium,
    Protokolleintrag,
    Rolle,
    Rollenzuweisung,
    Sozialraum,
    Sozialraumkonzept,
    User,
    Ziel,
)

logger = logging.getLogger(__name__)

# --- Grunddaten (Regionen, Sozialräume, Gremien) from a data file ---------------


@dataclass
class GrunddatenBericht:
    angelegt: list[str] = field(default_factory=list)
    geaendert: list[str] = field(default_factory=list)
    unveraendert: int = 0

    @property
    def hat_aenderungen(self):
        return bool(self.angelegt or self.geaendert)


def _feld(eintrag, schluessel, wo, typ=str):
    wert = eintrag.get(schluessel) if isinstance(eintrag, dict) else None
    if wert is None or (typ is str and not str(wert).strip()):
        raise ValidationError(f"{wo}: Angabe „{schluessel}“ fehlt.", code="fehlt")
    if typ is int and (isinstance(wert, bool) or not isinstance(wert, int)):
        raise ValidationError(
            f"{wo}: „{schluessel}“ muss eine ganze Zahl sein, nicht „{wert}“.",
            code="typ",
        )
    if typ is str and not isinstance(wert, str):
        raise ValidationError(f"{wo}: „{schluessel}“ muss Text sein.", code="typ")
    return wert.strip() if typ is str else wert


def _abgleichen(model, suche, werte, bericht, wo):
    """Create or update one row; count what happened; validate before saving."""
    obj = model.objects.filter(**suche).first()
    if obj is None:
        obj = model(**suche, **werte)
        aktion = bericht.angelegt
    else:
        geaendert = {k for k, v in werte.items() if getattr(obj, k) != v}
        if not geaendert:
            bericht.unveraendert += 1
            return obj
        for k in geaendert:
            setattr(obj, k, werte[k])
        aktion = bericht.geaendert
    try:
        obj.full_clean()
    except ValidationError as exc:
        texte = "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v)
            for k, v in exc.message_dict.items()
        )
        raise ValidationError(f"{wo}: {texte}", code="ungueltig") from exc
    obj.save()
    aktion.append(f"{model._meta.verbose_name} {obj}")
    return obj


@transaction.atomic
def grunddaten_laden(*, daten):
    """Load Regionen, Sozialräume and their Gremien from a parsed data file.

    Idempotent: a second run with the same data changes nothing. All or nothing:
    one invalid entry and no row is written. Sozialräume missing from the file
    are kept (they may hold budgets and applications).
    """
    bericht = GrunddatenBericht()
    if not isinstance(daten, dict) or not isinstance(daten.get("regionen"), list):
        raise ValidationError(
            "Die Datei muss ein Objekt mit einer Liste „regionen“ enthalten.",
            code="format",
        )
    jha_name = _feld(daten, "jugendhilfeausschuss", "Datei")
    kuerzel_gesehen = set()
    nummern_gesehen = set()
    for r_index, r_eintrag in enumerate(daten["regionen"], start=1):
        wo = f"Region Nr. {r_index} der Datei"
        nummer = _feld(r_eintrag, "nummer", wo, int)
        if nummer in nummern_gesehen:
            raise ValidationError(f"{wo}: Nummer {nummer} doppelt.", code="doppelt")
        nummern_gesehen.add(nummer)
        region = _abgleichen(
            Region,
            {"nummer": nummer},
            {"name": _feld(r_eintrag, "name", wo)},
            bericht,
            wo,
        )
        _abgleichen(
            Gremium,
            {"art": Gremium.Art.REGIONALES_GREMIUM, "region": region},
            {"name": f"Regionales Gremium {region.name}"},
            bericht,
            wo,
        )
        sozialraeume = r_eintrag.get("sozialraeume")
        if not isinstance(sozialraeume, list) or not sozialraeume:
            raise ValidationError(f"{wo}: Liste „sozialraeume“ fehlt.", code="fehlt")
        for s_index, s_eintrag in enumerate(sozialraeume, start=1):
            s_wo = f"{wo}, Sozialraum Nr. {s_index}"
            kuerzel = _feld(s_eintrag, "kuerzel", s_wo)
            if kuerzel in kuerzel_gesehen:
                raise ValidationError(
                    f"{s_wo}: Kürzel {kuerzel} doppelt.", code="doppelt"
                )
            kuerzel_gesehen.add(kuerzel)
            art = _feld(s_eintrag, "art", s_wo)
            if art not in Sozialraum.Art.values:
                erlaubt = ", ".join(Sozialraum.Art.values)
                raise ValidationError(
                    f"{s_wo}: Art „{art}“ unbekannt (erlaubt: {erlaubt}).",
                    code="art",
                )
            sozialraum = _abgleichen(
                Sozialraum,
                {"kuerzel": kuerzel},
                {"name": _feld(s_eintrag, "name", s_wo), "art": art, "region": region},
                bericht,
                s_wo,
            )
            _abgleichen(
                Gremium,
                {"art": Gremium.Art.SOZIALKONFERENZ, "sozialraum": sozialraum},
                {"name": f"Sozialkonferenz {sozialraum.voller_name}"},
                bericht,
                s_wo,
            )
    _abgleichen(
        Gremium,
        {"art": Gremium.Art.JUGENDHILFEAUSSCHUSS},
        {"name": jha_name},
        bericht,
        "Jugendhilfeausschuss",
    )
    return bericht


# --- Users and roles ------------------------------------------------------------


@dataclass(frozen=True)
class RollenAngabe:
    """A role as a form or command asks for it: the role and its scope."""

    rolle: str
    sozialraum: Sozialraum | None = None
    region: Region | None = None

    def schluessel(self):
        return (
            self.rolle,
            self.sozialraum.pk if self.sozialraum else None,
            self.region.pk if self.region else None,
        )


def _darf_benutzer_aendern(*, durch, benutzer, rollen):
    if durch is None:
        return  # the command line (operator with shell access) may do everything
    if not durch.has_perm("sozialraum.manage_users"):
        raise PermissionDenied("Sie dürfen keine Benutzer verwalten.")
    if benutzer is not None and not durch.has_perm(
        "sozialraum.change_benutzer", benutzer
    ):
        raise PermissionDenied(
            "Administratoren können nur von Administratoren geändert werden."
        )
    if any(r.rolle == Rolle.ADMINISTRATOR for r in rollen) and not durch.has_perm(
        "sozialraum.grant_administrator"
    ):
        raise PermissionDenied(
            "Die Rolle Administrator kann nur ein Administrator vergeben."
        )


def _rollen_pruefen(rollen):
    if not rollen:
        raise ValidationError(
            "Bitte mindestens eine Rolle angeben.", code="keine_rolle"
        )
    for angabe in rollen:
        zuweisung = Rollenzuweisung(
            rolle=angabe.rolle, sozialraum=angabe.sozialraum, region=angabe.region
        )
        zuweisung.full_clean(exclude=["user"])
        if angabe.rolle == Rolle.SOZIALRAUMLEITUNG and not angabe.sozialraum:
            raise ValidationError(
                "Eine Sozialraumleitung braucht einen Sozialraum.", code="bereich"
            )
        if angabe.rolle == Rolle.GESCHAEFTSSTELLE_RG and not angabe.region:
            raise ValidationError(
                "Eine Geschäftsstelle Regionales Gremium braucht eine Region.",
                code="bereich",
            )
    if sum(1 for r in rollen if r.rolle == Rolle.GESCHAEFTSSTELLE_RG) > 1:
        raise ValidationError(
            "Eine Geschäftsstelle betreut genau eine Region.", code="eine_region"
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
    }
    betreff = render_to_string("sozialraum/email/einladung_betreff.txt", kontext)
    text = render_to_string("sozialraum/email/einladung.txt", kontext)
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


# --- Sozialraumkonzept: versions ------------------------------------------------


@transaction.atomic
def konzept_neue_version(*, sozialraum):
    """Start the next version as Entwurf, copying texts and Ziele of the latest.

    One draft at a time: a second one would compete with the first.
    """
    Sozialraum.objects.select_for_update().get(pk=sozialraum.pk)
    letzte = sozialraum.konzepte.order_by("-version").first()
    if letzte is not None and not letzte.ist_beschlossen:
        raise ValidationError(
            f"Für {sozialraum} gibt es schon einen Entwurf (Version {letzte.version}).",
            code="entwurf_vorhanden",
        )
    neu = Sozialraumkonzept(
        sozialraum=sozialraum,
        version=(letzte.version + 1) if letzte else 1,
        status=Sozialraumkonzept.Status.ENTWURF,
        zielgruppen=letzte.zielgruppen if letzte else "",
        problemlagen=letzte.problemlagen if letzte else "",
    )
    neu.full_clean()
    neu.save()
    if letzte is not None:
        Ziel.objects.bulk_create(
            Ziel(
                konzept=neu, nummer=z.nummer, titel=z.titel, beschreibung=z.beschreibung
            )
            for z in letzte.ziele.all()
        )
    return neu


@transaction.atomic
def konzept_beschliessen(*, konzept, beschlossen_am):
    """Freeze a draft as beschlossen on the date of the decision."""
    konzept = Sozialraumkonzept.objects.select_for_update().get(pk=konzept.pk)
    if konzept.ist_beschlossen:
        raise ValidationError(
            f"{konzept} ist bereits beschlossen.", code="bereits_beschlossen"
        )
    if beschlossen_am is None:
        raise ValidationError(
            "Bitte das Datum des Beschlusses angeben.", code="datum_fehlt"
        )
    if beschlossen_am > timezone.localdate():
        raise ValidationError(
            "Das Datum des Beschlusses liegt in der Zukunft.", code="datum_zukunft"
        )
    neuere = konzept.sozialraum.konzepte.filter(version__gt=konzept.version)
    if neuere.exists():
        raise ValidationError(
            f"{konzept} ist nicht die neueste Version.", code="nicht_neueste"
        )
    vorige = (
        konzept.sozialraum.konzepte.beschlossen()
        .filter(version__lt=konzept.version)
        .order_by("-version")
        .first()
    )
    if vorige and beschlossen_am < vorige.beschlossen_am:
        raise ValidationError(
            f"Das Datum liegt vor dem Beschluss der Version {vorige.version} "
            f"({vorige.beschlossen_am:%d.%m.%Y}).",
            code="datum_vor_vorgaenger",
        )
    if not konzept.ziele.exists():
        raise ValidationError(
            f"{konzept} hat noch keine Ziele; Anträge müssen sich auf Ziele beziehen.",
            code="keine_ziele",
        )
    konzept.status = Sozialraumkonzept.Status.BESCHLOSSEN
    konzept.beschlossen_am = beschlossen_am
    konzept.full_clean()
    konzept.save(update_fields=["status", "beschlossen_am"])
    return konzept
