"""Mails about an application's path (issue: notifications).

Sent after the transaction commits; a failing mail server never undoes or
breaks a step: the failure is logged and the step stands.
"""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string

from config.begriffe import begriffe
from konten.models import Rolle, User

logger = logging.getLogger(__name__)

_stumm = contextvars.ContextVar("antraege_benachrichtigung_stumm", default=False)

# action -> who hears of it
AN_FD51 = {
    "einreichen",
    "bewilligen",
    "ablehnen",
    "zurueckstellen",
    "nachweis_einreichen",
}
AN_BUERO = {
    "rueckfrage",
    "pruefen",
    "bewilligen",
    "ablehnen",
    "zurueckstellen",
    "veto",
    "auszahlen",
    "abschliessen",
}


def empfaenger(wechsel):
    antrag = wechsel.antrag
    rollen = []
    if wechsel.aktion in AN_FD51:
        rollen.append({"rollen__rolle": Rolle.FACHDIENST_51})
    if wechsel.aktion in AN_BUERO:
        if antrag.sozialraum_id:
            rollen.append(
                {
                    "rollen__rolle": Rolle.SOZIALRAUMLEITUNG,
                    "rollen__sozialraum_id": antrag.sozialraum_id,
                }
            )
        else:
            rollen.append(
                {
                    "rollen__rolle": Rolle.GESCHAEFTSSTELLE_RG,
                    "rollen__region_id": antrag.region_id,
                }
            )
    adressen = set()
    for filter_ in rollen:
        adressen |= set(
            User.objects.filter(is_active=True, **filter_).values_list(
                "email", flat=True
            )
        )
    if wechsel.durch_id:
        adressen.discard(wechsel.durch.email)  # who acted knows already
    return sorted(adressen)


def _senden(wechsel_pk):
    from .models import Statuswechsel

    wechsel = Statuswechsel.objects.select_related(
        "antrag__sozialraum", "antrag__region", "durch", "sitzung__gremium"
    ).get(pk=wechsel_pk)
    an = empfaenger(wechsel)
    if not an:
        return
    kontext = {
        "wechsel": wechsel,
        "antrag": wechsel.antrag,
        "link": settings.SITE_URL.rstrip("/") + wechsel.antrag.get_absolute_url(),
        "begriffe": begriffe(),
    }
    betreff = " ".join(render_to_string("antraege/email/betreff.txt", kontext).split())
    text = render_to_string("antraege/email/uebergang.txt", kontext)
    # one mail per person: recipients do not see each other's addresses
    send_mass_mail(
        [(betreff, text, settings.DEFAULT_FROM_EMAIL, [a]) for a in an],
        fail_silently=False,
    )


@contextlib.contextmanager
def ohne_benachrichtigung():
    """Steps taken inside send no mail: records of past years entered after the
    fact (the demo, imports) are news to nobody."""
    token = _stumm.set(True)
    try:
        yield
    finally:
        _stumm.reset(token)


def nach_uebergang(wechsel):
    if _stumm.get() or wechsel.aktion not in AN_FD51 | AN_BUERO:
        return

    def senden():
        try:
            _senden(wechsel.pk)
        except Exception:
            logger.exception(
                "Benachrichtigung zu %s (%s) konnte nicht gesendet werden",
                wechsel.antrag.nummer,
                wechsel.aktion,
            )

    transaction.on_commit(senden)
