"""The only way to book. Every function runs in one transaction and either
writes all its bookings or none; refusals are ValidationErrors in German.

Figures are re-read from the bookings after the budget row is locked
(`SELECT … FOR UPDATE` on PostgreSQL), so two commitments arriving at the same
moment cannot both spend the same money.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from config.begriffe import begriffe
from regionen.models import Region
from sozialraum.geld import (
    CENT,
    JAHR_MAX,
    JAHR_MIN,
    KeinBetrag,
    betrag_lesen,
    euro,
    zahl,
)
from sozialraum.massen import einfuegen
from sozialraum.models import Sozialraum
from sozialraum.services import feld_lesen, in_gebrauch, zeile_abgleichen

from .models import (
    NICHT_STORNIERBAR,
    Buchung,
    Buchungsart,
    Budget,
    Budgetart,
    Ebene,
    Jahresabschluss,
    Planrate,
    Schluesselanteil,
    Verteilung,
    Verteilungsschluessel,
)
from .selectors import (
    Zahlen,
    ist_abgeschlossen,
    mit_zahlen,
    zahlen_der_bindung,
    zahlen_der_bindungen,
    zahlen_von,
)

GLEICH = "gleich"


def _feldfehler(feld, text, code):
    """A refusal that belongs to one input field, with its code kept."""
    return ValidationError({feld: ValidationError(text, code=code)})


HOECHSTBETRAG = Decimal("9999999999.99")  # max_digits=12, decimal_places=2


def betrag_pruefen(betrag, *, feld="betrag"):
    """A positive amount with at most two decimal places, as Decimal."""
    if isinstance(betrag, float):
        raise _feldfehler(
            feld,
            "Beträge werden als Dezimalzahl erwartet, nicht als Gleitkommazahl.",
            "float",
        )
    try:
        wert = Decimal(str(betrag).strip())
    except (InvalidOperation, ValueError):
        wert = None
    if wert is None or not wert.is_finite():
        raise _feldfehler(feld, f"„{betrag}“ ist kein Betrag.", "kein_betrag")
    if wert <= 0:
        raise _feldfehler(
            feld,
            f"Der Betrag muss größer als 0,00 € sein (angegeben: {betrag}).",
            "nicht_positiv",
        )
    if wert != wert.quantize(CENT):
        raise _feldfehler(
            feld,
            f"Höchstens zwei Nachkommastellen (angegeben: {betrag}).",
            "nachkommastellen",
        )
    if wert > HOECHSTBETRAG:
        raise _feldfehler(
            feld, f"Der Betrag {euro(wert)} ist unplausibel hoch.", "zu_hoch"
        )
    return wert.quantize(CENT)


# Key space of this app's PostgreSQL advisory locks (the other key is the year).
_SPERR_NAMENSRAUM = 5151


def _jahr_sperren(jahr, *, exklusiv=False):
    """Bookings in a year hold a shared lock on it, its closing an exclusive one.

    So a closing waits for bookings that are under way and sees them, and a
    booking that waited for a closing sees the year closed. SQLite serialises
    all writes anyway.
    """
    if connection.vendor != "postgresql":
        return
    funktion = "pg_advisory_xact_lock" if exklusiv else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {funktion}(%s, %s)", [_SPERR_NAMENSRAUM, int(jahr)])


def offenes_jahr_pruefen(jahr):
    if ist_abgeschlossen(jahr):
        raise ValidationError(
            f"Das Haushaltsjahr {jahr} ist abgeschlossen; "
            "darin wird nicht mehr gebucht.",
            code="jahr_abgeschlossen",
        )


def _sperren(*budgets):
    """Lock the years, then the budget rows (only them) in pk order; re-read them."""
    for jahr in sorted({b.haushaltsjahr for b in budgets}):
        _jahr_sperren(jahr)
    ids = sorted({b.pk for b in budgets})
    gesperrt = {
        b.pk: b
        for b in Budget.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    }
    return [gesperrt[b.pk] for b in budgets]


def _standarddatum(jahr):
    """Today if it lies in the Haushaltsjahr, else the year's last or first day."""
    heute = timezone.localdate()
    if heute.year == jahr:
        return heute
    if jahr < heute.year:
        return datetime.date(jahr, 12, 31)
    return datetime.date(jahr, 1, 1)


def _buchung_bauen(*, budget, art, betrag, buchungsdatum, durch, text="", **felder):
    return Buchung(
        budget=budget,
        art=art,
        betrag=betrag,
        buchungsdatum=buchungsdatum or _standarddatum(budget.haushaltsjahr),
        erfasst_von=durch,
        text=text,
        **felder,
    )


def _buchen(**angaben):
    buchung = _buchung_bauen(**angaben)
    buchung.full_clean(exclude=["erfasst_von", "bindung", "storno_von", "gegenbuchung"])
    buchung.save()
    return buchung


def _nicht_ueberziehen(budget, betrag, *, nur_eigene=False):
    """Refuse if `betrag` exceeds what is available; for a move, what is available
    of the year's own money (carried money stays where it was carried)."""
    _ueberziehung_pruefen(budget, zahlen_von(budget), betrag, nur_eigene=nur_eigene)


def _ueberziehung_pruefen(budget, z, betrag, *, nur_eigene=False):
    """The rule of `_nicht_ueberziehen` on given figures (also the bulk path's)."""
    grenze = z.eigen_verfuegbar if nur_eigene else z.verfuegbar
    if betrag > grenze:
        welche = (
            "eigenen verfügbaren Mittel (ohne Übertrag)"
            if nur_eigene
            else "verfügbaren Mittel"
        )
        raise ValidationError(
            f"{budget}: {euro(betrag)} übersteigen die {welche} von {euro(grenze)}.",
            code="nicht_verfuegbar",
        )


# --- Budgets ----------------------------------------------------------------------


def budget_holen(*, budgetart, haushaltsjahr, inhaber):
    """The budget of a holder for a year, created on first use."""
    if not JAHR_MIN <= int(haushaltsjahr) <= JAHR_MAX:
        raise ValidationError(
            f"Das Haushaltsjahr {haushaltsjahr} ist nicht plausibel.", code="jahr"
        )
    if budgetart.ebene == Ebene.SOZIALRAUM:
        if not isinstance(inhaber, Sozialraum):
            raise ValidationError(
                f"{budgetart} wird von {begriffe().raeume_dativ} gehalten, "
                f"nicht von {inhaber}.",
                code="ebene",
            )
        budget, _ = Budget.objects.get_or_create(
            budgetart=budgetart, haushaltsjahr=haushaltsjahr, sozialraum=inhaber
        )
    else:
        if not isinstance(inhaber, Region):
            raise ValidationError(
                f"{budgetart} wird von {begriffe().gruppen or 'Gruppen'} "
                f"gehalten, nicht von {inhaber}.",
                code="ebene",
            )
        budget, _ = Budget.objects.get_or_create(
            budgetart=budgetart, haushaltsjahr=haushaltsjahr, region=inhaber
        )
    return budget


def inhaber_der_ebene(ebene):
    if ebene == Ebene.SOZIALRAUM:
        return list(Sozialraum.objects.order_by("region__nummer", "name"))
    return list(Region.objects.order_by("nummer"))


# --- Distribution keys ------------------------------------------------------------


def aufteilen(gesamt, gewichte):
    """Split `gesamt` by weights, exact to the cent (largest remainder).

    `gewichte` is a list of (key, weight >= 0). The parts add up to `gesamt`;
    remaining cents go to the largest remainders, ties to the earlier entry.
    """
    summe = sum((g for _, g in gewichte), Decimal(0))
    if summe <= 0:
        raise ValidationError(
            "Der Schlüssel hat nur Gewichte von 0; so lässt sich nichts verteilen.",
            code="gewichte_null",
        )
    cents = int((gesamt / CENT).to_integral_value())
    roh = [(key, Decimal(cents) * g / summe) for key, g in gewichte]
    teile = {key: int(r.to_integral_value(rounding=ROUND_DOWN)) for key, r in roh}
    rest = cents - sum(teile.values())
    nach_rest = sorted(
        range(len(roh)), key=lambda i: (-(roh[i][1] - teile[roh[i][0]]), i)
    )
    for i in nach_rest[:rest]:
        teile[roh[i][0]] += 1
    return {key: Decimal(c) * CENT for key, c in teile.items()}


def schluessel_fuer(name, haushaltsjahr):
    """The version of key `name` valid in `haushaltsjahr`."""
    schluessel = (
        Verteilungsschluessel.objects.filter(name=name, gueltig_ab__lte=haushaltsjahr)
        .order_by("-gueltig_ab", "-version")
        .first()
    )
    if schluessel is None:
        raise ValidationError(
            f"Es gibt keinen Verteilungsschlüssel „{name}“, der {haushaltsjahr} gilt.",
            code="schluessel_unbekannt",
        )
    return schluessel


def prozente_pruefen(*, art, gewichte, schluessel=None, feld=None):
    """The 100 % rule of a Verteilungsschlüssel in percent: its shares add up
    to exactly 100. One rule for saving a key (schluessel_speichern, the
    refusal then belongs to `feld`) and for allocating by one
    (verteilung_berechnen, which names the key)."""
    if art != Verteilungsschluessel.Art.PROZENT:
        return
    summe = sum(gewichte, Decimal(0))
    if summe == 100:
        return
    des = f" des Schlüssels {schluessel}" if schluessel is not None else ""
    prozent = format(summe.normalize(), "f").replace(".", ",")
    text = f"Die Prozentsätze{des} ergeben {prozent} %, nicht 100 %."
    if feld:
        raise _feldfehler(feld, text, "prozent_summe")
    raise ValidationError(text, code="prozent_summe")


@transaction.atomic
def schluessel_speichern(
    *, name, bezeichnung, art, ebene, gueltig_ab, version=1, anteile
):
    """Create a version of a Verteilungsschlüssel, or replace the shares of one
    no allocation has used yet (a used version is frozen: a change is a new
    version). `anteile` is [(Sozialraum or Region, weight or percent)].
    Returns (key, "neu" | "geändert" | "unverändert")."""
    feld = "sozialraum" if ebene == Ebene.SOZIALRAUM else "region"
    if name.lower() == GLEICH:  # also „Gleich“: the word is the built-in one
        raise _feldfehler(
            "name", f"„{name}“ ist die Verteilung nach Köpfen, kein Name.", "name"
        )
    if not anteile:
        raise _feldfehler("anteile", "Der Schlüssel hat keine Anteile.", "keine")
    typ = Sozialraum if feld == "sozialraum" else Region
    fremd = [str(i) for i, _g in anteile if not isinstance(i, typ)]
    if fremd:
        raise _feldfehler(
            "anteile",
            f"Der Schlüssel verteilt auf {Ebene(ebene).label}; {', '.join(fremd)} "
            "passt nicht dazu.",
            "ebene",
        )
    gesehen = [i.pk for i, _g in anteile]
    if len(set(gesehen)) != len(gesehen):
        raise _feldfehler("anteile", "Ein Inhaber steht doppelt.", "doppelt")
    summe = sum((g for _i, g in anteile), Decimal(0))
    if summe <= 0:
        raise _feldfehler("anteile", "Die Anteile ergeben 0.", "summe_null")
    prozente_pruefen(art=art, gewichte=[g for _i, g in anteile], feld="anteile")
    werte = {"bezeichnung": bezeichnung, "art": art, "ebene": ebene}
    schluessel = (
        Verteilungsschluessel.objects.select_for_update()
        .filter(name=name, gueltig_ab=gueltig_ab, version=version)
        .first()
    )
    gewollt = sorted((i.pk, Decimal(g)) for i, g in anteile)
    if schluessel is not None:
        bisher = sorted(
            (getattr(a, f"{feld}_id"), a.gewicht) for a in schluessel.anteile.all()
        )
        gleich = all(getattr(schluessel, k) == v for k, v in werte.items())
        if gleich and bisher == gewollt:
            return schluessel, "unverändert"
        if schluessel.verteilung_set.exists():
            raise _feldfehler(
                "anteile",
                f"{schluessel} wurde schon für eine Zuweisung benutzt und ist "
                "unveränderlich; eine Änderung ist eine neue Version.",
                "benutzt",
            )
        aktion = "geändert"
        schluessel.anteile.all().delete()
    else:
        schluessel = Verteilungsschluessel(
            name=name, gueltig_ab=gueltig_ab, version=version
        )
        aktion = "neu"
    for k, v in werte.items():
        setattr(schluessel, k, v)
    schluessel.full_clean(validate_unique=aktion == "neu")
    schluessel.save()
    neue = [
        Schluesselanteil(schluessel=schluessel, gewicht=g, **{feld: i})
        for i, g in anteile
    ]
    for anteil in neue:
        anteil.full_clean(exclude=["schluessel"])
    Schluesselanteil.objects.bulk_create(neue)
    return schluessel, aktion


@dataclass(frozen=True)
class Anteil:
    inhaber: object
    betrag: Decimal


def verteilung_berechnen(*, budgetart, haushaltsjahr, gesamtbetrag, schluessel_name):
    """What an allocation would book: (key or None, key text, [Anteil])."""
    offenes_jahr_pruefen(haushaltsjahr)
    gesamtbetrag = betrag_pruefen(gesamtbetrag, feld="gesamtbetrag")
    inhaber = inhaber_der_ebene(budgetart.ebene)
    if not inhaber:
        b = begriffe()
        raise ValidationError(
            f"Es sind keine {b.raeume}{f' bzw. {b.gruppen}' if b.mit_gruppen else ''} "
            "angelegt.",
            code="keine_inhaber",
        )
    if schluessel_name == GLEICH:
        schluessel = None
        text = f"gleich verteilt (nach Köpfen, {len(inhaber)} Anteile)"
        gewichte = [(i.pk, Decimal(1)) for i in inhaber]
    else:
        schluessel = schluessel_fuer(schluessel_name, haushaltsjahr)
        if schluessel.ebene != budgetart.ebene:
            raise ValidationError(
                f"Der Schlüssel {schluessel} verteilt auf "
                f"{schluessel.get_ebene_display()}, {budgetart} wird aber von "
                f"{budgetart.get_ebene_display()} gehalten.",
                code="schluessel_ebene",
            )
        feld = "sozialraum_id" if budgetart.ebene == Ebene.SOZIALRAUM else "region_id"
        je_inhaber = {getattr(a, feld): a.gewicht for a in schluessel.anteile.all()}
        # a key that came in another way than schluessel_speichern
        prozente_pruefen(
            art=schluessel.art, gewichte=je_inhaber.values(), schluessel=schluessel
        )
        text = str(schluessel)
        gewichte = [(i.pk, je_inhaber.get(i.pk, Decimal(0))) for i in inhaber]
    teile = aufteilen(gesamtbetrag, gewichte)
    anteile = [Anteil(i, teile[i.pk]) for i in inhaber if teile[i.pk] > 0]
    return schluessel, text, anteile


@transaction.atomic
def zuweisen(
    *,
    budgetart,
    haushaltsjahr,
    gesamtbetrag,
    schluessel_name=GLEICH,
    buchungsdatum=None,
    text="",
    grundlage="",
    durch=None,
):
    """Allocate a total to the budgets of a Budgetart by a key (one Zuweisung each).

    `grundlage` records how the total was derived (see anteil_berechnen).
    """
    _jahr_sperren(haushaltsjahr)
    schluessel, schluessel_text, anteile = verteilung_berechnen(
        budgetart=budgetart,
        haushaltsjahr=haushaltsjahr,
        gesamtbetrag=gesamtbetrag,
        schluessel_name=schluessel_name,
    )
    verteilung = Verteilung.objects.create(
        budgetart=budgetart,
        haushaltsjahr=haushaltsjahr,
        gesamtbetrag=betrag_pruefen(gesamtbetrag, feld="gesamtbetrag"),
        schluessel=schluessel,
        schluessel_text=schluessel_text,
        grundlage=grundlage,
        erfasst_von=durch,
    )
    for anteil in anteile:
        budget = budget_holen(
            budgetart=budgetart, haushaltsjahr=haushaltsjahr, inhaber=anteil.inhaber
        )
        _buchen(
            budget=budget,
            art=Buchungsart.ZUWEISUNG,
            betrag=anteil.betrag,
            buchungsdatum=buchungsdatum,
            durch=durch,
            text=text or f"Zuweisung {budgetart} {haushaltsjahr}, {schluessel_text}",
            verteilung=verteilung,
        )
    return verteilung


def prozent_pruefen(prozent, *, feld="prozent"):
    """A percentage above 0 and at most 100 with at most two places, as Decimal."""
    if isinstance(prozent, float):
        raise _feldfehler(
            feld, "Prozentsätze werden als Dezimalzahl erwartet.", "float"
        )
    try:
        wert = Decimal(str(prozent).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        wert = None
    if wert is None or not wert.is_finite():
        raise _feldfehler(feld, f"„{prozent}“ ist kein Prozentsatz.", "kein_prozent")
    if not Decimal(0) < wert <= Decimal(100):
        raise _feldfehler(
            feld,
            f"Der Prozentsatz muss über 0 und höchstens 100 liegen "
            f"(angegeben: {prozent}).",
            "prozent_bereich",
        )
    if wert != wert.quantize(CENT):
        raise _feldfehler(
            feld,
            "Höchstens zwei Nachkommastellen beim Prozentsatz.",
            "nachkommastellen",
        )
    return wert.quantize(CENT)


def anteil_berechnen(*, budgetart, haushaltsjahr, bezugsansatz, prozent=None):
    """A Budgetart allocated as a share of another budget line (Regionalbudget 2:
    a percentage of the Haushaltsansatz für ambulante Hilfen, Vorlage 2024/012).

    Returns (total, text of the basis). Without `prozent` the Budgetart's
    configured percentage is used. Rounded half up to the cent.
    """
    bezugsansatz = betrag_pruefen(bezugsansatz, feld="bezugsansatz")
    if prozent is None:
        prozent = budgetart.anteil_prozent
    if prozent is None:
        raise _feldfehler(
            "prozent",
            f"Für {budgetart} ist kein Prozentsatz festgelegt: bitte angeben "
            "(oder in den Stammdaten bei der Budgetart hinterlegen).",
            "prozent_fehlt",
        )
    prozent = prozent_pruefen(prozent)
    gesamt = (bezugsansatz * prozent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    if gesamt <= 0:
        raise _feldfehler(
            "bezugsansatz",
            f"{zahl(prozent)} % von {euro(bezugsansatz)} ergeben keinen Betrag.",
            "anteil_null",
        )
    grundlage_text = budgetart.anteil_grundlage or "Bezugsansatz"
    text = (
        f"{zahl(prozent)} % von {euro(bezugsansatz)} {grundlage_text} {haushaltsjahr}"
    )
    return gesamt, text


# --- Commitments ------------------------------------------------------------------


@transaction.atomic
def binden(*, budget, betrag, buchungsdatum=None, text="", referenz="", durch=None):
    """Commit money; refused if it would make "verfügbar" negative."""
    betrag = betrag_pruefen(betrag)
    (budget,) = _sperren(budget)
    offenes_jahr_pruefen(budget.haushaltsjahr)
    _nicht_ueberziehen(budget, betrag)
    return _buchen(
        budget=budget,
        art=Buchungsart.BINDUNG,
        betrag=betrag,
        buchungsdatum=buchungsdatum,
        durch=durch,
        text=text,
        referenz=referenz,
    )


def _bindung_pruefen(bindung):
    if bindung.art != Buchungsart.BINDUNG:
        raise ValidationError(
            f"Buchung {bindung.pk} ist keine Bindung.", code="keine_bindung"
        )
    if hasattr(bindung, "storno"):
        raise ValidationError(
            f"Die Bindung {bindung.pk} ist storniert.", code="bindung_storniert"
        )


def _folgebuchung(*, bindung, art, betrag, **kwargs):
    grenze, meldung = FOLGEBUCHUNGEN[art]
    betrag = betrag_pruefen(betrag)
    (budget,) = _sperren(bindung.budget)
    _bindung_pruefen(bindung)
    _grenze_pruefen(betrag, grenze(zahlen_der_bindung(bindung)), meldung)
    return _buchen(budget=budget, art=art, betrag=betrag, bindung=bindung, **kwargs)


def _grenze_pruefen(betrag, verfuegbar_fuer_art, meldung):
    """A follow-up booking takes at most what its Bindung has left for it."""
    if betrag > verfuegbar_fuer_art:
        raise ValidationError(
            meldung.format(betrag=euro(betrag), grenze=euro(verfuegbar_fuer_art)),
            code="zu_hoch_fuer_bindung",
        )


# Each follow-up of a Bindung: (what of the Bindung it may take, the refusal).
FOLGEBUCHUNGEN = {
    Buchungsart.AUFLOESUNG: (
        lambda z: z.offen,
        "Aufzulösen sind {betrag}, offen (gebunden, nicht ausgezahlt) sind nur "
        "{grenze}.",
    ),
    Buchungsart.AUSZAHLUNG: (
        lambda z: z.offen,
        "Auszuzahlen sind {betrag}, aus der Bindung offen sind nur {grenze}.",
    ),
    Buchungsart.RUECKFORDERUNG: (
        lambda z: z.ausgezahlt,
        "Zurückzufordern sind {betrag}, ausgezahlt wurden nur {grenze}.",
    ),
}


@transaction.atomic
def aufloesen(*, bindung, betrag, buchungsdatum=None, text="", durch=None):
    """Release (part of) a commitment that is not paid out.

    In a closed year the released money cannot be spent any more: it lapses
    in the same step (Verfall), so the closed year stays balanced.
    """
    buchung = _folgebuchung(
        bindung=bindung,
        art=Buchungsart.AUFLOESUNG,
        betrag=betrag,
        buchungsdatum=buchungsdatum,
        durch=durch,
        text=text,
        referenz=bindung.referenz,
    )
    if ist_abgeschlossen(buchung.budget.haushaltsjahr):
        _buchen(
            budget=buchung.budget,
            art=Buchungsart.VERFALL,
            betrag=buchung.betrag,
            buchungsdatum=buchungsdatum,
            durch=durch,
            text="Auflösung nach Jahresabschluss: Mittel verfallen",
            referenz=bindung.referenz,
            herkunftsjahr=buchung.budget.haushaltsjahr,
        )
    return buchung


@transaction.atomic
def auszahlen(*, bindung, betrag, buchungsdatum=None, text="", durch=None):
    """Pay out against a commitment (also after the year was closed)."""
    return _folgebuchung(
        bindung=bindung,
        art=Buchungsart.AUSZAHLUNG,
        betrag=betrag,
        buchungsdatum=buchungsdatum,
        durch=durch,
        text=text,
        referenz=bindung.referenz,
    )


@transaction.atomic
def zurueckfordern(*, bindung, betrag, buchungsdatum=None, text="", durch=None):
    """Money paid back (after the Verwendungsnachweis): paid → bound again."""
    return _folgebuchung(
        bindung=bindung,
        art=Buchungsart.RUECKFORDERUNG,
        betrag=betrag,
        buchungsdatum=buchungsdatum,
        durch=durch,
        text=text,
        referenz=bindung.referenz,
    )


# --- Moves and reversals ----------------------------------------------------------


@transaction.atomic
def umbuchen(*, von, nach, betrag, text, buchungsdatum=None, durch=None):
    """Move money between two budgets: always a pair of bookings, with a reason."""
    betrag = betrag_pruefen(betrag)
    if not (text or "").strip():
        raise _feldfehler(
            "text", "Eine Umbuchung braucht eine Begründung.", "begruendung"
        )
    if von.pk == nach.pk:
        raise ValidationError(
            "Quelle und Ziel der Umbuchung sind dasselbe Budget.",
            code="gleiches_budget",
        )
    if von.haushaltsjahr != nach.haushaltsjahr:
        raise ValidationError(
            "Umbuchungen gibt es nur innerhalb eines Haushaltsjahres; ins Folgejahr "
            "kommt Geld nur über den Jahresabschluss.",
            code="anderes_jahr",
        )
    von, nach = _sperren(von, nach)
    offenes_jahr_pruefen(von.haushaltsjahr)
    _nicht_ueberziehen(von, betrag, nur_eigene=True)
    aus = _buchen(
        budget=von,
        art=Buchungsart.UMBUCHUNG_AUS,
        betrag=betrag,
        buchungsdatum=buchungsdatum,
        durch=durch,
        text=text,
    )
    ein = _buchen(
        budget=nach,
        art=Buchungsart.UMBUCHUNG_EIN,
        betrag=betrag,
        buchungsdatum=aus.buchungsdatum,
        durch=durch,
        text=text,
        gegenbuchung=aus,
    )
    return aus, ein


# Checks that higher apps register (budgets imports none of them): each takes
# a booking and returns a German refusal or None. The applications use it to
# keep bookings of their workflow out of the hand-made Storno.
STORNO_PRUEFUNGEN = []


def _storno_erlaubt(buchung):
    for pruefung in STORNO_PRUEFUNGEN:
        meldung = pruefung(buchung)
        if meldung:
            raise ValidationError(meldung, code="gehoert_zu_vorgang")


def budgets_sperren(*budgets):
    """Lock several budgets at once (in pk order: no deadlock between two
    requests that need the same ones); returns them re-read."""
    return _sperren(*budgets)


@transaction.atomic
def stornieren(*, buchung, text, buchungsdatum=None, durch=None, eigener_vorgang=False):
    """Reverse a wrong booking by a counter-booking that points at it.

    An Umbuchung is reversed as a pair. A reversal that would leave a figure
    negative (e.g. a Zuweisung whose money is already bound) is refused.
    Bookings that belong to a higher app's record (an application, a
    contract, a Hilfe) are refused here (STORNO_PRUEFUNGEN), unless that app's
    own action calls with `eigener_vorgang=True`.
    """
    if not (text or "").strip():
        raise _feldfehler("text", "Ein Storno braucht eine Begründung.", "begruendung")
    paar = [buchung]
    if buchung.art == Buchungsart.UMBUCHUNG_AUS:
        paar.append(Buchung.objects.get(gegenbuchung=buchung))
    elif buchung.art == Buchungsart.UMBUCHUNG_EIN:
        paar.insert(0, buchung.gegenbuchung)
    budgets = _sperren(*[b.budget for b in paar])
    stornos = []
    for original, budget in zip(paar, budgets, strict=True):
        original = Buchung.objects.get(pk=original.pk)
        if not eigener_vorgang:
            _storno_erlaubt(original)
        if original.art in NICHT_STORNIERBAR:
            raise ValidationError(
                NICHT_STORNIERBAR[original.art], code="nicht_stornierbar"
            )
        if Buchung.objects.filter(storno_von=original).exists():
            raise ValidationError(
                f"Buchung {original.pk} ist bereits storniert.",
                code="bereits_storniert",
            )
        if original.art == Buchungsart.BINDUNG:
            z = zahlen_der_bindung(original)
            if z.aufloesung or z.auszahlung or z.rueckforderung:
                raise ValidationError(
                    "Auf diese Bindung wurde schon ausgezahlt oder aufgelöst; "
                    "bitte die Folgebuchungen zuerst stornieren.",
                    code="bindung_hat_folgen",
                )
        # A wrong payment (or repayment) of an old commitment can be corrected
        # after the closing: it does not change what was available.
        if original.art not in (Buchungsart.AUSZAHLUNG, Buchungsart.RUECKFORDERUNG):
            offenes_jahr_pruefen(budget.haushaltsjahr)
        stornos.append(
            _buchen(
                budget=budget,
                art=Buchungsart.STORNO,
                betrag=original.betrag,
                buchungsdatum=buchungsdatum,
                durch=durch,
                text=text,
                referenz=original.referenz,
                storno_von=original,
            )
        )
    for budget in budgets:
        z = zahlen_von(budget)
        # eigen_verfuegbar: money moved away must have been the year's own
        if min(z.verfuegbar, z.offen, z.ausgezahlt, z.eigen_verfuegbar) < 0:
            raise ValidationError(
                f"Das Storno würde {budget} überziehen (verfügbar danach "
                f"{euro(z.verfuegbar)}); die Mittel sind schon verwendet.",
                code="storno_ueberzieht",
            )
    for original in paar:
        if original.bindung_id:
            z = zahlen_der_bindung(original.bindung)
            if z.offen < 0 or z.ausgezahlt < 0:
                raise ValidationError(
                    "Das Storno passt nicht mehr zur Bindung: danach wäre mehr "
                    "ausgezahlt oder aufgelöst als gebunden. Bitte zuerst die "
                    "späteren Buchungen dieser Bindung stornieren.",
                    code="storno_bindung",
                )
    return stornos


# --- Bulk: the bookings of a whole file ------------------------------------------

# booking kind -> the figure of Zahlen it adds to
_FELD_DER_ART = {
    Buchungsart.BINDUNG: "bindung",
    Buchungsart.AUFLOESUNG: "aufloesung",
    Buchungsart.AUSZAHLUNG: "auszahlung",
    Buchungsart.RUECKFORDERUNG: "rueckforderung",
    Buchungsart.VERFALL: "verfall",
}


def budgets_holen(schluessel):
    """{(budgetart pk, year, holder): Budget} for many (budgetart, year, holder)
    at once, missing ones created: `budget_holen` for a list, with its checks,
    in a few queries instead of one get_or_create each."""
    schluessel = {(a.pk, int(j), i): (a, int(j), i) for a, j, i in schluessel}
    for art, jahr, inhaber in schluessel.values():
        if not JAHR_MIN <= jahr <= JAHR_MAX:
            raise ValidationError(
                f"Das Haushaltsjahr {jahr} ist nicht plausibel.", code="jahr"
            )
        typ = Sozialraum if art.ebene == Ebene.SOZIALRAUM else Region
        if not isinstance(inhaber, typ):
            raise ValidationError(
                f"{art} wird von {typ._meta.verbose_name_plural} gehalten, nicht "
                f"von {inhaber}.",
                code="ebene",
            )

    def laden():
        gefunden = {}
        for budget in Budget.objects.filter(
            budgetart_id__in={k[0] for k in schluessel},
            haushaltsjahr__in={k[1] for k in schluessel},
        ).select_related("budgetart", "sozialraum", "region"):
            inhaber = budget.sozialraum or budget.region
            k = (budget.budgetart_id, budget.haushaltsjahr, inhaber)
            if k in schluessel:
                gefunden[k] = budget
        return gefunden

    gefunden = laden()
    fehlen = [k for k in schluessel if k not in gefunden]
    if fehlen:
        Budget.objects.bulk_create(
            [
                Budget(
                    budgetart=schluessel[k][0],
                    haushaltsjahr=k[1],
                    sozialraum=k[2] if isinstance(k[2], Sozialraum) else None,
                    region=k[2] if isinstance(k[2], Region) else None,
                )
                for k in fehlen
            ],
            ignore_conflicts=True,  # created at the same moment elsewhere
        )
        gefunden = laden()
    return gefunden


class Buchungsstapel:
    """The bookings of a whole import file, with the rules of `binden`,
    `aufloesen`, `auszahlen` and `zurueckfordern` (the same functions check
    them), against figures kept in memory: the budgets are locked once (years
    shared, rows in pk order) and their figures read once; every booking is
    checked against the figures as the earlier ones of the file left them.
    The bookings are written in two bulk inserts (Bindungen, then what follows
    them); `invarianten_pruefen` then checks once that no budget and no
    Bindung is overdrawn."""

    def __init__(self, budgets):
        self.budgets, self.zahlen = {}, {}
        self._abgeschlossen = {}
        # [(booking, figures of its Bindung or None)] in the order booked
        self.journal = []
        if budgets:
            self._laden(budgets)

    def _laden(self, budgets):
        for budget in mit_zahlen(_sperren(*budgets)):
            self.budgets[budget.pk] = budget
            self.zahlen[budget.pk] = Zahlen.aus(budget)

    def aufnehmen(self, budget):
        """One more budget, locked and read (one the file did not foresee)."""
        if budget.pk not in self.budgets:
            self._laden([budget])

    def _jahr_offen(self, jahr):
        if jahr not in self._abgeschlossen:
            self._abgeschlossen[jahr] = ist_abgeschlossen(jahr)
        return not self._abgeschlossen[jahr]

    def _zaehlen(self, buchung, zahlen_der_bindung, vorzeichen=1):
        feld = _FELD_DER_ART[buchung.art]
        for z in (self.zahlen[buchung.budget.pk], zahlen_der_bindung):
            if z is not None:
                setattr(z, feld, getattr(z, feld) + vorzeichen * buchung.betrag)

    def _eintragen(self, buchung, zahlen_der_bindung):
        self._zaehlen(buchung, zahlen_der_bindung)
        self.journal.append((buchung, zahlen_der_bindung))

    def marke(self):
        return len(self.journal)

    def zuruecknehmen(self, marke):
        """Take back what was booked since `marke` (a refused step)."""
        while len(self.journal) > marke:
            buchung, zahlen_der_bindung = self.journal.pop()
            self._zaehlen(buchung, zahlen_der_bindung, vorzeichen=-1)

    @staticmethod
    def _bauen(**angaben):
        buchung = _buchung_bauen(**angaben)
        # what full_clean checks without the database (references are the
        # locked budget and the file's own Bindung; constraints stay with the
        # database)
        buchung.clean_fields(
            exclude=[
                "budget",
                "erfasst_von",
                "verteilung",
                "bindung",
                "storno_von",
                "gegenbuchung",
            ]
        )
        return buchung

    def binden(
        self, *, budget, betrag, buchungsdatum=None, text="", referenz="", durch=None
    ):
        betrag = betrag_pruefen(betrag)
        self.aufnehmen(budget)
        budget = self.budgets[budget.pk]
        if not self._jahr_offen(budget.haushaltsjahr):
            offenes_jahr_pruefen(budget.haushaltsjahr)  # refuses
        _ueberziehung_pruefen(budget, self.zahlen[budget.pk], betrag)
        buchung = self._bauen(
            budget=budget,
            art=Buchungsart.BINDUNG,
            betrag=betrag,
            buchungsdatum=buchungsdatum,
            durch=durch,
            text=text,
            referenz=referenz,
        )
        buchung.stapel_zahlen = Zahlen()
        self._eintragen(buchung, buchung.stapel_zahlen)
        return buchung

    def zahlen_der_bindung(self, bindung):
        return bindung.stapel_zahlen

    def _folgebuchung(self, *, bindung, art, betrag, **kwargs):
        grenze, meldung = FOLGEBUCHUNGEN[art]
        betrag = betrag_pruefen(betrag)
        _grenze_pruefen(betrag, grenze(bindung.stapel_zahlen), meldung)
        buchung = self._bauen(
            budget=bindung.budget,
            art=art,
            betrag=betrag,
            bindung=bindung,
            referenz=bindung.referenz,
            **kwargs,
        )
        self._eintragen(buchung, bindung.stapel_zahlen)
        return buchung

    def aufloesen(self, *, bindung, betrag, buchungsdatum=None, text="", durch=None):
        buchung = self._folgebuchung(
            bindung=bindung,
            art=Buchungsart.AUFLOESUNG,
            betrag=betrag,
            buchungsdatum=buchungsdatum,
            durch=durch,
            text=text,
        )
        if not self._jahr_offen(buchung.budget.haushaltsjahr):
            verfall = self._bauen(
                budget=buchung.budget,
                art=Buchungsart.VERFALL,
                betrag=buchung.betrag,
                buchungsdatum=buchungsdatum,
                durch=durch,
                text="Auflösung nach Jahresabschluss: Mittel verfallen",
                referenz=bindung.referenz,
                herkunftsjahr=buchung.budget.haushaltsjahr,
            )
            self._eintragen(verfall, None)
        return buchung

    def auszahlen(self, *, bindung, betrag, buchungsdatum=None, text="", durch=None):
        return self._folgebuchung(
            bindung=bindung,
            art=Buchungsart.AUSZAHLUNG,
            betrag=betrag,
            buchungsdatum=buchungsdatum,
            durch=durch,
            text=text,
        )

    def zurueckfordern(
        self, *, bindung, betrag, buchungsdatum=None, text="", durch=None
    ):
        return self._folgebuchung(
            bindung=bindung,
            art=Buchungsart.RUECKFORDERUNG,
            betrag=betrag,
            buchungsdatum=buchungsdatum,
            durch=durch,
            text=text,
        )

    @property
    def bindungen(self):
        return [b for b, _z in self.journal if b.art == Buchungsart.BINDUNG]

    @property
    def folgen(self):
        return [b for b, _z in self.journal if b.art != Buchungsart.BINDUNG]

    def bindungen_schreiben(self, batch_size=1000):
        """The Bindungen first: the shares and follow-ups point at them."""
        Buchung.objects.bulk_create(self.bindungen, batch_size=batch_size)

    def folgen_schreiben(self, batch_size=1000):
        # they take the pks of the Bindungen written before
        einfuegen(self.folgen)

    def invarianten_pruefen(self):
        """Nothing overdrawn after the whole file: every budget's available,
        open and paid figures and every Bindung's open and paid ones are not
        negative. In memory (the dry run) and, once written, re-read from the
        ledger in a few queries (the rules refused each booking already: this
        is the guard that they did)."""
        geschrieben = bool(self.journal) and self.journal[0][0].pk is not None
        if geschrieben:
            zahlen = {
                b.pk: (b, Zahlen.aus(b)) for b in mit_zahlen(self.budgets.values())
            }
        else:
            zahlen = {pk: (self.budgets[pk], z) for pk, z in self.zahlen.items()}
        for budget, z in zahlen.values():
            if min(z.verfuegbar, z.offen, z.ausgezahlt) < 0:
                raise ValidationError(
                    f"{budget}: der Import würde das Budget überziehen "
                    f"(verfügbar danach {euro(z.verfuegbar)}).",
                    code="nicht_verfuegbar",
                )
        if geschrieben:
            ids = [b.pk for b in self.bindungen]
            je_bindung = {}
            for i in range(0, len(ids), 500):
                je_bindung.update(zahlen_der_bindungen(ids[i : i + 500]))
        else:
            je_bindung = {id(b): b.stapel_zahlen for b in self.bindungen}
        for z in je_bindung.values():
            if z.offen < 0 or z.ausgezahlt < 0:
                raise ValidationError(
                    "Der Import würde eine Bindung überziehen (mehr ausgezahlt oder "
                    "aufgelöst als gebunden).",
                    code="zu_hoch_fuer_bindung",
                )


# --- Year-end closing -------------------------------------------------------------


@dataclass(frozen=True)
class GeplanteBuchung:
    budget: Budget
    art: str
    betrag: Decimal
    herkunftsjahr: int
    text: str
    # Übertrag (aus) only: the Budgetart credited in the next year (the same
    # one, or the incentive's target).
    ziel: Budgetart | None = None

    @property
    def art_text(self):
        return Buchungsart(self.art).label


def offene_vorjahre(jahr):
    """Earlier years with budgets that are not closed yet, oldest first."""
    letzter = (
        Jahresabschluss.objects.order_by("-haushaltsjahr")
        .values_list("haushaltsjahr", flat=True)
        .first()
    )
    jahre = Budget.objects.filter(haushaltsjahr__lt=jahr)
    if letzter is not None:
        jahre = jahre.filter(haushaltsjahr__gt=letzter)
    return jahre.order_by("haushaltsjahr").values_list("haushaltsjahr", flat=True)


def _abschluss_pruefen(jahr, *, vorschau):
    if ist_abgeschlossen(jahr):
        raise ValidationError(
            f"Das Haushaltsjahr {jahr} ist bereits abgeschlossen.",
            code="bereits_abgeschlossen",
        )
    offenes_vorjahr = offene_vorjahre(jahr).first()
    if offenes_vorjahr is not None:
        raise ValidationError(
            f"Erst das Haushaltsjahr {offenes_vorjahr} abschließen, dann {jahr}.",
            code="vorjahr_offen",
        )
    if not vorschau and jahr >= timezone.localdate().year:
        raise ValidationError(
            f"Das Haushaltsjahr {jahr} ist noch nicht zu Ende.", code="jahr_laeuft"
        )


def jahresabschluss_vorschau(jahr):
    """Exactly what closing `jahr` would book, without booking it.

    Carried-in money is used first: what of it is not consumed expires
    (Verfall). The budget's own unspent rest is carried into jahr + 1 if its
    Budgetart carries over once, and expires otherwise.
    """
    _abschluss_pruefen(jahr, vorschau=True)
    geplant = []
    budgets = (
        Budget.objects.im_jahr(jahr)
        .mit_inhaber()
        .select_related("budgetart__anreiz_ziel")
        .order_by("pk")
    )
    for budget in budgets:
        z = zahlen_von(budget)
        if z.verfuegbar <= 0:
            continue
        verfall_alt = z.verfuegbar - z.eigen_verfuegbar  # carried, still unbound
        rest = z.eigen_verfuegbar
        if verfall_alt > 0:
            geplant.append(
                GeplanteBuchung(
                    budget,
                    Buchungsart.VERFALL,
                    verfall_alt,
                    jahr - 1,
                    f"Verfall: aus {jahr - 1} übertragene, "
                    f"{jahr} nicht verwendete Mittel",
                )
            )
        art = budget.budgetart
        if rest > 0 and art.traegt_uebertrag:
            geplant.append(
                GeplanteBuchung(
                    budget,
                    Buchungsart.UEBERTRAG_AUS,
                    rest,
                    jahr,
                    f"Übertrag der nicht verbrauchten Mittel {jahr} nach {jahr + 1}",
                    ziel=art,
                )
            )
        elif rest > 0 and art.anreiz_ziel_id is not None:
            geplant.extend(_anreiz(budget, rest, jahr))
        elif rest > 0:
            geplant.append(
                GeplanteBuchung(
                    budget,
                    Buchungsart.VERFALL,
                    rest,
                    jahr,
                    f"Verfall: {budget.budgetart} ist nicht übertragbar",
                )
            )
    return geplant


def anreiz_betrag(rest, prozent):
    """The incentive's share of an unspent rest, rounded down to the cent so
    that it never exceeds the percentage; the rest of the cent expires."""
    return (rest * prozent / 100).quantize(CENT, rounding=ROUND_DOWN)


def _anreiz(budget, rest, jahr):
    """Incentive for thrifty use (docs/fachkonzept.md §2, Festlegung): a share of
    the unspent rest is credited to the target Budgetart of the same holder in jahr + 1;
    the rest expires (returns to the authority)."""
    art = budget.budgetart
    anreiz = anreiz_betrag(rest, art.anreiz_prozent)
    geplant = []
    if anreiz > 0:
        geplant.append(
            GeplanteBuchung(
                budget,
                Buchungsart.UEBERTRAG_AUS,
                anreiz,
                jahr,
                # without the rest itself: it is Ansatz minus what the cases cost
                f"Anreiz: {zahl(art.anreiz_prozent)} % der nicht verbrauchten "
                f"Mittel an {art.anreiz_ziel} {jahr + 1}",
                ziel=art.anreiz_ziel,
            )
        )
    if rest - anreiz > 0:
        geplant.append(
            GeplanteBuchung(
                budget,
                Buchungsart.VERFALL,
                rest - anreiz,
                jahr,
                "Verfall: nicht verbrauchte Mittel ohne Anreiz-Anteil "
                f"(zurück an {begriffe().den_behoerde})",
            )
        )
    return geplant


@transaction.atomic
def jahresabschluss(*, jahr, buchungsdatum=None, durch=None):
    """Close a Haushaltsjahr: book exactly what the preview shows, once.

    Returns the Jahresabschluss and the bookings it planned (and made).
    """
    # Wait for bookings under way in this year, and keep new ones out.
    _jahr_sperren(jahr, exklusiv=True)
    _abschluss_pruefen(jahr, vorschau=False)
    geplant = jahresabschluss_vorschau(jahr)
    try:
        with transaction.atomic():
            abschluss = Jahresabschluss.objects.create(
                haushaltsjahr=jahr, durchgefuehrt_von=durch
            )
    except IntegrityError:  # closed at the same moment by someone else
        raise ValidationError(
            f"Das Haushaltsjahr {jahr} ist bereits abgeschlossen.",
            code="bereits_abgeschlossen",
        ) from None
    stichtag = buchungsdatum or datetime.date(jahr, 12, 31)
    for g in geplant:
        aus = _buchen(
            budget=g.budget,
            art=g.art,
            betrag=g.betrag,
            buchungsdatum=stichtag,
            durch=durch,
            text=g.text,
            herkunftsjahr=g.herkunftsjahr,
        )
        if g.art == Buchungsart.UEBERTRAG_AUS:
            folgejahr = budget_holen(
                budgetart=g.ziel, haushaltsjahr=jahr + 1, inhaber=g.budget.inhaber
            )
            herkunft = (
                ""
                if g.ziel == g.budget.budgetart
                else f" (Anreiz aus {g.budget.budgetart})"
            )
            _buchen(
                budget=folgejahr,
                art=Buchungsart.UEBERTRAG_EIN,
                betrag=g.betrag,
                buchungsdatum=datetime.date(jahr + 1, 1, 1),
                durch=durch,
                text=f"Übertrag aus {jahr}{herkunft}",
                herkunftsjahr=jahr,
                gegenbuchung=aus,
            )
    return abschluss, geplant


def budgetart_nach_code(code):
    try:
        return Budgetart.objects.get(code=code)
    except Budgetart.DoesNotExist:
        codes = ", ".join(Budgetart.objects.values_list("code", flat=True))
        raise ValidationError(
            f"Budgetart „{code}“ unbekannt (vorhanden: {codes}).",
            code="budgetart_unbekannt",
        ) from None


def planrate_setzen(*, ab_jahr, prozent, begruendung=""):
    """Set the growth rate from a year on (a plan, not a booking)."""
    rate = Planrate.objects.filter(ab_jahr=ab_jahr).first() or Planrate(ab_jahr=ab_jahr)
    rate.prozent = prozent
    rate.begruendung = begruendung
    rate.full_clean()
    rate.save()
    return rate


def betrag_aus_text(text):
    """An amount as typed in German offices (100000,00 · 100.000,00 · 100000.00),
    read by the one parser (sozialraum.geld.betrag_lesen), then checked."""
    try:
        wert = betrag_lesen(text or "")
    except KeinBetrag:
        raise _feldfehler(
            "betrag", f"„{text}“ ist kein Betrag.", "kein_betrag"
        ) from None
    return betrag_pruefen(wert)


# --- Budgetarten and Planraten from the Grunddaten file --------------------------

# The optional fields of an entry of "budgetarten" and their value when the
# entry leaves them out (the file is the whole truth about a kind it lists).
BUDGETART_FELDER = {
    "uebertrag": Budgetart.Uebertrag.NIE,
    "fallbezogen": False,
    "kostentraeger": "",
    "antragsverfahren": False,
    "anteil_prozent": None,
    "anteil_grundlage": "",
    "anreiz_ziel": None,
    "anreiz_prozent": None,
}
_JA_NEIN = {"fallbezogen", "antragsverfahren"}
_PROZENT = {"anteil_prozent", "anreiz_prozent"}


def _prozent_lesen(wert, schluessel, wo):
    if wert is None:
        return None
    if isinstance(wert, bool) or not isinstance(wert, (int, str)):
        raise ValidationError(
            f'{wo}: „{schluessel}“ muss eine Zahl als Text sein, z. B. "50.00".',
            code="typ",
        )
    try:
        return Decimal(str(wert).strip().replace(",", ".")).quantize(CENT)
    except InvalidOperation:
        raise ValidationError(
            f"{wo}: „{schluessel}“ ist keine Zahl: „{wert}“.", code="typ"
        ) from None


def _budgetart_werte(eintrag, wo, reihenfolge, schon_gelesen):
    if not isinstance(eintrag, dict):
        raise ValidationError(
            f"{wo}: ein Eintrag muss ein JSON-Objekt sein.", code="typ"
        )
    bekannt = {"code", "name", "ebene", *BUDGETART_FELDER}
    unbekannt = sorted(set(eintrag) - bekannt)
    if unbekannt:
        raise ValidationError(
            f"{wo}: unbekannte Angaben: {', '.join(unbekannt)} (erlaubt: "
            f"{', '.join(sorted(bekannt))}).",
            code="unbekannt",
        )
    werte = {
        "name": feld_lesen(eintrag, "name", wo),
        "ebene": feld_lesen(eintrag, "ebene", wo),
        "reihenfolge": reihenfolge,
    }
    for schluessel, standard in BUDGETART_FELDER.items():
        wert = eintrag.get(schluessel, standard)
        if schluessel in _JA_NEIN and not isinstance(wert, bool):
            raise ValidationError(
                f"{wo}: „{schluessel}“ muss true oder false sein.", code="typ"
            )
        if schluessel in _PROZENT:
            wert = _prozent_lesen(wert, schluessel, wo)
        elif schluessel == "anreiz_ziel":
            if wert is None:
                pass
            elif not isinstance(wert, str) or wert not in schon_gelesen:
                raise ValidationError(
                    f"{wo}: Anreiz-Ziel „{wert}“ muss eine weiter oben in "
                    "„budgetarten“ stehende Budgetart sein.",
                    code="anreiz_ziel",
                )
            else:
                wert = schon_gelesen[wert]
        elif schluessel not in _JA_NEIN and not isinstance(wert, str):
            raise ValidationError(f"{wo}: „{schluessel}“ muss Text sein.", code="typ")
        werte[schluessel] = wert.strip() if isinstance(wert, str) else wert
    if werte["ebene"] not in Ebene.values:
        raise ValidationError(
            f"{wo}: Ebene „{werte['ebene']}“ unbekannt (erlaubt: "
            f"{', '.join(Ebene.values)}).",
            code="ebene",
        )
    if werte["uebertrag"] not in Budgetart.Uebertrag.values:
        raise ValidationError(
            f"{wo}: Übertrag „{werte['uebertrag']}“ unbekannt (erlaubt: "
            f"{', '.join(Budgetart.Uebertrag.values)}).",
            code="uebertrag",
        )
    return werte


def budgetarten_abgleichen(*, eintraege, mit_gruppen, bericht):
    """Make the Budgetarten those of the Grunddaten file's list `budgetarten`
    (each with code, name, ebene and optionally the other fields of Budgetart;
    its place in the list is its order). A listed kind is created or updated; an
    unlisted one is deleted, refused when budgets, allocations or applications
    use it. Without a group level (mit_gruppen False) no kind may be held by a
    group. Call it inside the loader's transaction: a refusal leaves the caller
    to roll back what it already wrote."""
    if not isinstance(eintraege, list) or not eintraege:
        raise ValidationError(
            "Die Datei muss eine Liste „budgetarten“ enthalten (die Budgetarten "
            "der Behörde, jede mit code, name und ebene).",
            code="format",
        )
    gelesen = {}
    for index, eintrag in enumerate(eintraege, start=1):
        wo = f"Budgetart Nr. {index} der Datei"
        code = feld_lesen(eintrag, "code", wo)
        if code in gelesen:
            raise ValidationError(f"{wo}: Code „{code}“ doppelt.", code="doppelt")
        wo = f"Budgetart „{code}“ der Datei"
        werte = _budgetart_werte(eintrag, wo, index, gelesen)
        if werte["ebene"] == Ebene.REGION and not mit_gruppen:
            raise ValidationError(
                f"{wo}: Ebene „region“ geht nur mit einer Gruppenebene; die Datei "
                "hat keine (Begriff „gruppe“ leer, keine „regionen“).",
                code="ebene",
            )
        vorhanden = Budgetart.objects.filter(code=code).first()
        if (
            vorhanden is not None
            and vorhanden.ebene != werte["ebene"]
            and Budget.objects.filter(budgetart=vorhanden).exists()
        ):
            raise ValidationError(
                f"{wo}: Budgetart „{vorhanden.name}“ hat schon Budgets der Ebene "
                f"„{vorhanden.ebene}“; die Ebene lässt sich nicht mehr ändern.",
                code="ebene",
            )
        andere = Budgetart.objects.filter(name=werte["name"]).exclude(code=code).first()
        if andere is not None and andere.code not in {
            e.get("code") for e in eintraege if isinstance(e, dict)
        }:
            # The name moves to a new code (a renamed code): the old row must go
            # first, or the name would be taken twice.
            _budgetart_entfernen(andere)
            bericht.entfernt.append(f"Budgetart {andere} ({andere.code})")
        gelesen[code] = zeile_abgleichen(Budgetart, {"code": code}, werte, bericht, wo)
    # Anreiz targets first, so a kind pointing at another can go with it.
    weg = sorted(
        Budgetart.objects.exclude(code__in=gelesen),
        key=lambda b: b.anreiz_ziel_id is None,
    )
    for budgetart in weg:
        _budgetart_entfernen(budgetart)
        bericht.entfernt.append(f"Budgetart {budgetart} ({budgetart.code})")
    return list(gelesen.values())


def _budgetart_entfernen(budgetart):
    benutzt = in_gebrauch(budgetart)
    if benutzt:
        raise ValidationError(
            f"Die Budgetart „{budgetart.name}“ ({budgetart.code}) fehlt in der "
            f"Datei, ist aber in Gebrauch ({', '.join(benutzt)}); sie kann nicht "
            "entfallen. Bitte in „budgetarten“ aufnehmen.",
            code="budgetart_in_gebrauch",
        )
    budgetart.delete()


def planraten_abgleichen(*, eintraege, bericht):
    """Make the growth plan the Grunddaten file's list `planraten` (each with
    ab_jahr, prozent and optionally begruendung); an empty list: no plan."""
    if not isinstance(eintraege, list):
        raise ValidationError(
            "„planraten“ muss eine Liste sein (leer: kein Wachstumsplan).",
            code="format",
        )
    jahre = []
    for index, eintrag in enumerate(eintraege, start=1):
        wo = f"Planrate Nr. {index} der Datei"
        ab_jahr = feld_lesen(eintrag, "ab_jahr", wo, int)
        if ab_jahr in jahre:
            raise ValidationError(f"{wo}: Jahr {ab_jahr} doppelt.", code="doppelt")
        jahre.append(ab_jahr)
        begruendung = eintrag.get("begruendung", "")
        if not isinstance(begruendung, str):
            raise ValidationError(f"{wo}: „begruendung“ muss Text sein.", code="typ")
        prozent = _prozent_lesen(feld_lesen(eintrag, "prozent", wo), "prozent", wo)
        zeile_abgleichen(
            Planrate,
            {"ab_jahr": ab_jahr},
            {"prozent": prozent, "begruendung": begruendung.strip()},
            bericht,
            wo,
        )
    for rate in Planrate.objects.exclude(ab_jahr__in=jahre):
        rate.delete()
        bericht.entfernt.append(f"Planrate ab {rate.ab_jahr}")
