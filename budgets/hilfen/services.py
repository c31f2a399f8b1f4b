"""Booking, paying, lowering and ending Hilfen; the view log; retention.

Money moves only through the ledger services (budgets.services). The ledger
learns a Hilfe's neutral number and nothing else: it is append-only and must
never need anonymising.

A Hilfe lies in one Haushaltsjahr (Beginn and Ende in the same year), as
Bewilligungszeiträume are granted per budget year; a help that goes on next
year is booked again as a new Hilfe with the same Aktenzeichen (design).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from budgets import services as ledger
from budgets.models import Buchungsart
from budgets.selectors import zahlen_der_bindung
from regionen.models import Region
from sozialraum.geld import euro
from sozialraum.models import Traeger

from .aktenzeichen import aktenzeichen_pruefen
from .models import (
    ANONYM,
    Anonymisierungslauf,
    Einsicht,
    Hilfe,
    Hilfeart,
    Nummernkreis,
)


def _fehler(feld, text, code):
    return ValidationError({feld: ValidationError(text, code=code)})


def budgetart():
    """The case-bound Budgetart Hilfen are booked against (Regionalbudget 2)."""
    art = ledger.budgetart_nach_code(settings.HILFEN_BUDGETART)
    if not art.fallbezogen:
        raise ValidationError(
            f"{art} ist nicht als fallbezogen gekennzeichnet; Hilfen werden nur "
            "gegen fallbezogene Mittel gebucht.",
            code="nicht_fallbezogen",
        )
    return art


def _nummernkreis_sperren(jahr):
    """The year's number counter under a row lock: it serialises every booking
    of a Hilfe in that year (numbers, repeated submits, open duplicates)."""
    try:
        with transaction.atomic():
            Nummernkreis.objects.get_or_create(haushaltsjahr=jahr)
    except IntegrityError:  # created at the same moment by someone else
        pass
    return Nummernkreis.objects.select_for_update().get(haushaltsjahr=jahr)


def _naechste_nummer(kreis):
    """H-<year>-<running number>, gap-free per year (the counter is locked)."""
    kreis.letzte += 1
    kreis.save(update_fields=["letzte"])
    return kreis.letzte, f"H-{kreis.haushaltsjahr}-{kreis.letzte:04d}"


def offene_hilfen_mit_aktenzeichen(aktenzeichen, *, beginn, ende):
    """Hilfen with this Aktenzeichen that are not ended and whose period
    overlaps beginn–ende: the same case booked twice, unless FD 51 confirms
    (e.g. higher costs booked as a further Hilfe). A continuation in the next
    year does not overlap and is not asked about."""
    return Hilfe.objects.filter(
        aktenzeichen__iexact=aktenzeichen,
        beendet_am__isnull=True,
        beginn__lte=ende,
        ende__gte=beginn,
    ).order_by("haushaltsjahr", "laufnummer")


def _angaben_pruefen(
    *, region, hilfeart, bedarf_festgestellt_am, traeger, beginn, ende
):
    fehler = {}
    if not isinstance(region, Region):
        fehler["region"] = ValidationError(
            "Bitte die Region angeben.", code="region_fehlt"
        )
    if hilfeart not in Hilfeart.values:
        fehler["hilfeart"] = ValidationError(
            "Bitte die Hilfeart wählen: Erziehungsbeistandschaft (§ 30), "
            "sozialpädagogische Familienhilfe (§ 31) oder flexible Hilfe "
            "(§ 27 Abs. 2 SGB VIII).",
            code="hilfeart",
        )
    if not isinstance(traeger, Traeger):
        fehler["traeger"] = ValidationError(
            "Bitte den Träger der Hilfe angeben.", code="traeger_fehlt"
        )
    if not isinstance(beginn, datetime.date):
        fehler["beginn"] = ValidationError(
            "Bitte den Beginn der Hilfe angeben.", code="beginn_fehlt"
        )
    if not isinstance(ende, datetime.date):
        fehler["ende"] = ValidationError(
            "Bitte das Ende des Bewilligungszeitraums angeben.", code="ende_fehlt"
        )
    if fehler:
        raise ValidationError(fehler)
    if ende < beginn:
        raise _fehler(
            "ende",
            f"Das Ende ({ende:%d.%m.%Y}) liegt vor dem Beginn ({beginn:%d.%m.%Y}).",
            "ende_vor_beginn",
        )
    if ende.year != beginn.year:
        raise _fehler(
            "ende",
            f"Eine Hilfe wird je Haushaltsjahr gebucht: bitte bis zum "
            f"31.12.{beginn.year} buchen und die Fortsetzung ab "
            f"01.01.{beginn.year + 1} als neue Hilfe mit demselben Aktenzeichen.",
            "jahresgrenze",
        )
    if bedarf_festgestellt_am is None:
        raise _fehler(
            "bedarf_festgestellt_am",
            "Ohne festgestellten individuellen Jugendhilfebedarf wird keine Hilfe "
            "aus dem Regionalbudget 2 gebucht: bitte das Datum der Feststellung "
            "(z. B. im Hilfeplangespräch) angeben.",
            "bedarf_fehlt",
        )
    if not isinstance(bedarf_festgestellt_am, datetime.date):
        raise _fehler(
            "bedarf_festgestellt_am",
            "Bitte das Datum der Bedarfsfeststellung als Datum angeben.",
            "bedarf_fehlt",
        )
    if bedarf_festgestellt_am > timezone.localdate():
        raise _fehler(
            "bedarf_festgestellt_am",
            "Die Feststellung des Bedarfs kann nicht in der Zukunft liegen.",
            "bedarf_zukunft",
        )
    if bedarf_festgestellt_am > beginn:
        raise _fehler(
            "bedarf_festgestellt_am",
            "Die Hilfe beginnt vor der Feststellung des Bedarfs: erst der "
            "festgestellte Bedarf begründet die Hilfe.",
            "bedarf_nach_beginn",
        )


@transaction.atomic
def hilfe_buchen(
    *,
    region,
    aktenzeichen,
    hilfeart,
    bedarf_festgestellt_am,
    traeger,
    beginn,
    ende,
    kosten,
    durch=None,
    formular_schluessel=None,
    doppelt_bestaetigt=False,
):
    """Record a Hilfe and bind its cost in the Region's Regionalbudget 2 of the
    year it lies in. All or nothing: a refusal of the ledger (not enough money,
    year closed) leaves neither a Hilfe nor a booking.

    One submit, one Hilfe: a repeated submit of the same form
    (`formular_schluessel`) returns the Hilfe the first one booked, with
    `.schon_gebucht` set. An open Hilfe with the same Aktenzeichen and an
    overlapping period is refused (code `aktenzeichen_offen`) unless FD 51
    confirms it (`doppelt_bestaetigt`)."""
    aktenzeichen = aktenzeichen_pruefen(aktenzeichen)
    _angaben_pruefen(
        region=region,
        hilfeart=hilfeart,
        bedarf_festgestellt_am=bedarf_festgestellt_am,
        traeger=traeger,
        beginn=beginn,
        ende=ende,
    )
    kosten = ledger.betrag_pruefen(kosten, feld="kosten")
    jahr = beginn.year
    ledger.offenes_jahr_pruefen(jahr)
    budget = ledger.budget_holen(
        budgetart=budgetart(), haushaltsjahr=jahr, inhaber=region
    )
    kreis = _nummernkreis_sperren(jahr)
    # Checked under the lock: a second submit waits for the first and finds it.
    if formular_schluessel is not None:
        vorhanden = Hilfe.objects.filter(formular_schluessel=formular_schluessel)
        if (hilfe := vorhanden.first()) is not None:
            hilfe.schon_gebucht = True
            return hilfe
    if not doppelt_bestaetigt:
        offen = [
            h.nummer
            for h in offene_hilfen_mit_aktenzeichen(
                aktenzeichen, beginn=beginn, ende=ende
            )
        ]
        if offen:
            raise _fehler(
                "doppelt_bestaetigt",
                f"Zu diesem Aktenzeichen läuft im selben Zeitraum schon "
                f"{'die Hilfe' if len(offen) == 1 else 'die Hilfen'} "
                f"{', '.join(offen)}. Ist das dieselbe Hilfe, bitte nicht noch "
                "einmal buchen (höhere Kosten: weitere Hilfe). Soll wirklich eine "
                "weitere Hilfe gebucht werden, bitte bestätigen. Es wurde nichts "
                "gebucht.",
                "aktenzeichen_offen",
            )
    laufnummer, nummer = _naechste_nummer(kreis)
    try:
        bindung = ledger.binden(
            budget=budget,
            betrag=kosten,
            buchungsdatum=_buchungsdatum(jahr),
            text=f"Hilfe {nummer}",
            referenz=nummer,
            durch=durch,
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "nicht_verfuegbar":
            verfuegbar = ledger.zahlen_von(budget).verfuegbar
            raise _fehler(
                "kosten",
                f"Die Kosten von {euro(kosten)} übersteigen die verfügbaren Mittel "
                f"im Regionalbudget 2 {jahr} der {region} ({euro(verfuegbar)}). "
                "Es wurde nichts gebucht.",
                "nicht_verfuegbar",
            ) from None
        raise
    hilfe = Hilfe(
        nummer=nummer,
        haushaltsjahr=jahr,
        laufnummer=laufnummer,
        region=region,
        aktenzeichen=aktenzeichen,
        hilfeart=hilfeart,
        bedarf_festgestellt_am=bedarf_festgestellt_am,
        traeger=traeger,
        beginn=beginn,
        ende=ende,
        kosten=kosten,
        bindung=bindung,
        erfasst_von=durch,
        formular_schluessel=formular_schluessel,
    )
    hilfe.full_clean()
    hilfe.save()
    return hilfe


def _buchungsdatum(jahr):
    """Today within the year; bookings for a past (open) or coming year get
    its last or first day (as the ledger does)."""
    heute = timezone.localdate()
    if heute.year == jahr:
        return heute
    return (
        datetime.date(jahr, 12, 31) if jahr < heute.year else datetime.date(jahr, 1, 1)
    )


def _gesperrt(hilfe):
    """The Hilfe re-read under a row lock (two FD 51 tabs, one Hilfe)."""
    return Hilfe.objects.select_for_update().select_related("bindung").get(pk=hilfe.pk)


@transaction.atomic
def hilfe_auszahlen(*, hilfe, betrag, buchungsdatum=None, durch=None):
    """Pay (part of) the Hilfe's cost to the Träger."""
    hilfe = _gesperrt(hilfe)
    return ledger.auszahlen(
        bindung=hilfe.bindung,
        betrag=betrag,
        buchungsdatum=buchungsdatum,
        text=f"Auszahlung Hilfe {hilfe.nummer}",
        durch=durch,
    )


@transaction.atomic
def hilfe_auszahlung_stornieren(*, hilfe, auszahlung, text, durch=None):
    """Reverse a wrong payment of a running Hilfe (the money is bound and
    unpaid again). The Hilfe's bookings are corrected here, on its page, not
    by a Storno in the journal."""
    hilfe = _gesperrt(hilfe)
    if hilfe.ist_beendet:
        raise _fehler(
            "auszahlung",
            f"{hilfe} ist beendet; eine Auszahlung wird nicht mehr storniert.",
            "bereits_beendet",
        )
    if auszahlung.art != Buchungsart.AUSZAHLUNG or (
        auszahlung.bindung_id != hilfe.bindung_id
    ):
        raise _fehler(
            "auszahlung",
            f"Das ist keine Auszahlung der {hilfe}.",
            "keine_auszahlung",
        )
    (storno,) = ledger.stornieren(
        buchung=auszahlung, text=text, durch=durch, eigener_vorgang=True
    )
    return storno


def storno_pruefen(buchung):
    """The journal's Storno refuses a Hilfe's bookings: the Hilfe's page would
    no longer match its money (a reversed Bindung leaves a Hilfe that still
    offers payments). Registered in STORNO_PRUEFUNGEN (apps.py)."""
    bindung_id = buchung.bindung_id
    if buchung.art == Buchungsart.BINDUNG:
        bindung_id = buchung.pk
    if bindung_id is None:
        return None
    nummer = (
        Hilfe.objects.filter(bindung_id=bindung_id)
        .values_list("nummer", flat=True)
        .first()
    )
    if nummer is None:
        return None
    seite = reverse("hilfen:detail", kwargs={"nummer": nummer})
    return (
        f"Die Buchung gehört zur Hilfe {nummer} (Regionalbudget 2); sie wird nur "
        f"auf der Seite dieser Hilfe geändert ({seite}: Auszahlung, Auszahlung "
        "stornieren, Kosten senken, Beenden), nicht durch ein Storno im Journal."
    )


@transaction.atomic
def hilfe_kosten_senken(*, hilfe, kosten, durch=None):
    """Lower the Hilfe's cost to `kosten`: the difference is released."""
    hilfe = _gesperrt(hilfe)
    kosten = ledger.betrag_pruefen(kosten, feld="kosten")
    z = zahlen_der_bindung(hilfe.bindung)
    if kosten >= z.gebunden:
        raise _fehler(
            "kosten",
            f"Die neuen Kosten ({euro(kosten)}) müssen unter den bisherigen "
            f"({euro(z.gebunden)}) liegen. Höhere Kosten: bitte eine weitere Hilfe "
            "mit demselben Aktenzeichen buchen.",
            "nicht_niedriger",
        )
    if kosten < z.ausgezahlt:
        raise _fehler(
            "kosten",
            f"Ausgezahlt sind schon {euro(z.ausgezahlt)}; die Kosten können nicht "
            "darunter liegen.",
            "unter_ausgezahlt",
        )
    return ledger.aufloesen(
        bindung=hilfe.bindung,
        betrag=z.gebunden - kosten,
        text=f"Kosten der Hilfe {hilfe.nummer} gesenkt",
        durch=durch,
    )


@transaction.atomic
def hilfe_beenden(*, hilfe, ende, durch=None):
    """End the Hilfe on `ende` (at the latest its planned end): what is bound
    and not paid out is released."""
    hilfe = _gesperrt(hilfe)
    if hilfe.ist_beendet:
        raise ValidationError(f"{hilfe} ist bereits beendet.", code="bereits_beendet")
    if not isinstance(ende, datetime.date):
        raise _fehler("ende", "Bitte das Ende der Hilfe angeben.", "ende_fehlt")
    if ende < hilfe.beginn:
        raise _fehler(
            "ende",
            f"Das Ende ({ende:%d.%m.%Y}) liegt vor dem Beginn "
            f"({hilfe.beginn:%d.%m.%Y}).",
            "ende_vor_beginn",
        )
    if ende > hilfe.ende:
        raise _fehler(
            "ende",
            f"Die Hilfe ist bis {hilfe.ende:%d.%m.%Y} bewilligt; eine Verlängerung "
            "ist eine neue Hilfe mit demselben Aktenzeichen.",
            "ende_nach_bewilligung",
        )
    offen = zahlen_der_bindung(hilfe.bindung).offen
    aufloesung = None
    if offen > 0:
        aufloesung = ledger.aufloesen(
            bindung=hilfe.bindung,
            betrag=offen,
            text=f"Hilfe {hilfe.nummer} beendet: Rest aufgelöst",
            durch=durch,
        )
    hilfe.ende = ende
    hilfe.beendet_am = ende
    hilfe.full_clean()
    hilfe.save(update_fields=["ende", "beendet_am"])
    return hilfe, aufloesung


# --- The view log -----------------------------------------------------------------


def einsicht_protokollieren(*, benutzer, art, hilfen, ansicht=""):
    """Record that `benutzer` saw these Hilfen (every row of the page)."""
    nummern = [h.nummer for h in hilfen]
    eintrag = Einsicht(
        benutzer=benutzer,
        art=art,
        hilfen=nummern,
        anzahl=len(nummern),
        ansicht=ansicht[:200],
    )
    eintrag.full_clean()
    eintrag.save()
    return eintrag


# --- Retention --------------------------------------------------------------------


def stichtag_fuer(jahre, heute=None):
    """Hilfen that ended before this day are older than `jahre` years."""
    heute = heute or timezone.localdate()
    try:
        return heute.replace(year=heute.year - jahre)
    except ValueError:  # 29 February
        return heute.replace(year=heute.year - jahre, day=28)


def faellige_hilfen(*, jahre, heute=None):
    stichtag = stichtag_fuer(jahre, heute)
    return Hilfe.objects.filter(ende__lt=stichtag, anonymisiert_am__isnull=True)


@transaction.atomic
def hilfen_anonymisieren(*, jahre=None, prozess, durch=None, heute=None):
    """Replace the Aktenzeichen of Hilfen that ended more than `jahre` years ago
    by an anonymous marker. The ledger is not touched (it never held the
    Aktenzeichen), so every figure stays as it was. Idempotent; every run is
    logged, also one that found nothing."""
    jahre = settings.HILFEN_AUFBEWAHRUNG_JAHRE if jahre is None else int(jahre)
    if jahre < 1:
        raise ValidationError(
            "Die Aufbewahrungsfrist muss mindestens ein Jahr betragen.",
            code="frist",
        )
    stichtag = stichtag_fuer(jahre, heute)
    jetzt = timezone.now()
    faellig = list(
        faellige_hilfen(jahre=jahre, heute=heute).select_for_update().order_by("pk")
    )
    for hilfe in faellig:
        hilfe.aktenzeichen = ANONYM
        hilfe.anonymisiert_am = jetzt
        hilfe.save(update_fields=["aktenzeichen", "anonymisiert_am"])
    lauf = Anonymisierungslauf(
        durch=durch,
        prozess=prozess[:200],
        jahre=jahre,
        stichtag=stichtag,
        anzahl=len(faellig),
    )
    lauf.full_clean()
    lauf.save()
    return lauf
