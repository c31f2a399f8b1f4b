"""What the services share: refusals, the row lock with the version check,
the history row and its effective date, the rule for Sitzungen that need an
exception."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from budgets import services as budgets
from config.begriffe import begriffe

from ..models import Sitzung, Statuswechsel

NULL = Decimal("0.00")


class Verweigert(PermissionDenied):
    """The user's role may not take this step."""


def _fehler(text, code, feld=None):
    if feld:
        return ValidationError({feld: ValidationError(text, code=code)})
    return ValidationError(text, code=code)


def buero_des_inhabers():
    """Who submits and changes applications, in the authority's words: "das
    Büro des Sozialraums bzw. der Region", without a group level "das Büro
    des Stadtteils"."""
    b = begriffe()
    gruppe = f" bzw. der {b.gruppe}" if b.mit_gruppen else ""
    return f"das Büro des {b.raum_genitiv}{gruppe}"


def raum_oder_gruppe(trenner="/"):
    """ "Sozialraum/Region", without a group level "Stadtteil"."""
    b = begriffe()
    return f"{b.raum}{trenner}{b.gruppe}" if b.mit_gruppen else b.raum


def import_pruefen(durch):
    """Steps recorded from a file (`importiert_aus`): the office's and FD 51's
    steps of the past, entered by the importing FD 51 user, who is named as
    `durch`. Only who may import may do that; the UI never passes a file."""
    if durch is None or not _darf_importieren(durch):
        raise Verweigert(f"Importieren darf nur der {begriffe().pruefstelle}.")


def _darf_importieren(durch):
    # asked once per user object (a file's every step asks again), as Django
    # keeps a user's permissions on the object
    if not hasattr(durch, "_darf_importieren"):
        durch._darf_importieren = durch.has_perm("antraege.austausch")
    return durch._darf_importieren


def vetofrist():
    return datetime.timedelta(days=settings.ANTRAEGE_VETOFRIST_TAGE)


def _code(e):
    """The first error code of a (field or plain) ValidationError."""
    if hasattr(e, "error_dict"):
        fehler = [x for liste in e.error_dict.values() for x in liste]
    else:
        fehler = e.error_list
    return next((x.code for x in fehler if x.code), None)


def _gesperrt(objekt, version):
    """The row locked and re-read; refused if the form was built on another
    version of it (a double submit, or someone changed it meanwhile)."""
    gesperrt = type(objekt).objects.select_for_update().get(pk=objekt.pk)
    if version not in (None, "") and str(version).strip() != str(gesperrt.version):
        name = gesperrt._meta.verbose_name
        raise _fehler(
            f"{'Die' if name == 'Sitzung' else 'Der'} {name} wurde inzwischen "
            "geändert (oder das Formular wurde doppelt abgeschickt). Es wurde nichts "
            "gespeichert; bitte prüfen Sie den aktuellen Stand.",
            "veraltet",
        )
    return gesperrt


def _protokollieren(antrag, *, aktion, von, nach, durch, wirksam_am, **kwargs):
    return Statuswechsel.objects.create(
        antrag=antrag,
        aktion=aktion,
        von=von,
        nach=nach,
        durch=durch,
        wirksam_am=wirksam_am,
        **kwargs,
    )


def _letzter_schritt(antrag):
    return (
        antrag.statuswechsel.order_by("-wirksam_am")
        .values_list("wirksam_am", flat=True)
        .first()
    )


def _wirksam_pruefen(antrag, datum):
    """The effective day: today unless given (a veto issued at the meeting, a
    payment's value date, past years' records); never in the future and never
    before the application's previous step."""
    return _datum_pruefen(datum, _letzter_schritt(antrag))


def _datum_pruefen(datum, letzter):
    """`_wirksam_pruefen` with the previous step's day given (None: no step
    yet), as the bulk import knows it without asking the database."""
    heute = timezone.localdate()
    if datum in (None, ""):
        return heute
    if not isinstance(datum, datetime.date):
        raise _fehler("Bitte ein Datum wie 24.09.2013 angeben.", "datum", "datum")
    if datum > heute:
        raise _fehler(
            f"Das Datum {datum:%d.%m.%Y} liegt in der Zukunft.",
            "datum_zukunft",
            "datum",
        )
    _nicht_vor(
        letzter,
        datum,
        f"Das Datum {datum:%d.%m.%Y}",
        "datum",
        "datum_vor_letztem_schritt",
    )
    return datum


def _nicht_vor_letztem_schritt(antrag, datum, was, feld, code, zusatz=""):
    """Steps go forward in time: refuse `datum` before the previous step's."""
    _nicht_vor(_letzter_schritt(antrag), datum, was, feld, code, zusatz)


def _nicht_vor(letzter, datum, was, feld, code, zusatz=""):
    if letzter is not None and datum < letzter:
        raise _fehler(
            f"{was} liegt vor dem letzten Schritt des Antrags "
            f"({letzter:%d.%m.%Y}){zusatz}.",
            code,
            feld,
        )


# Each step: check what it needs, do its effects, return what the history records.


def sitzung_braucht_ausnahme(sitzung, *, vorher=None):
    """Why decisions in this Sitzung need FD 51's explicit permission (or []).

    `vorher`: the number of the committee's budget sessions earlier that year,
    if the caller counted them already (the work queue, for many at once)."""
    gruende = []
    if not sitzung.ist_budgetsitzung:
        return gruende
    if not sitzung.landkreis_vertreten:
        gruende.append(f"{begriffe().die_behoerde} war nicht vertreten")
    if vorher is None:
        vorher = (
            Sitzung.objects.budgetsitzungen()
            .filter(gremium=sitzung.gremium, datum__year=sitzung.datum.year)
            .filter(
                Q(datum__lt=sitzung.datum) | Q(datum=sitzung.datum, pk__lt=sitzung.pk)
            )
            .count()
        )
    if vorher >= 2:
        gruende.append(
            f"es ist die {vorher + 1}. Budgetsitzung des Gremiums im Jahr "
            f"{sitzung.datum.year} (höchstens zwei)"
        )
    return gruende


def _betrag_oder_null(wert, feld):
    """An amount that may be zero (left empty), else as `betrag_pruefen`."""
    if wert in (None, ""):
        return NULL
    try:
        if Decimal(str(wert).strip()) == 0:
            return NULL
    except ArithmeticError:
        pass
    return budgets.betrag_pruefen(wert, feld=feld)
