"""The only way to change a Sozialraumvertrag and its money.

Every function runs in one transaction: the contract's rows are locked, the
ledger is booked through budgets.services (which locks the budget and refuses
overdrafts), and a Vorgang records who changed what. A refusal anywhere rolls
everything back: nothing is half-booked.

The money of a contract year (docs/fachkonzept.md §2, gebundenes Budget):
- setting the Jahresbetrag binds it in the Sozialraum's gebundenes Budget;
- an increase binds the difference as one more Bindung (the first one and its
  payments stay untouched); a reduction releases the difference (Auflösung),
  newest Bindung first, and never below what is already paid;
- a payment is an Auszahlung against the Bindungen, oldest first;
- the Spitzabrechnung books the difference to the actual eligible costs:
  overpaid → Rückforderung, then Auflösung of the unused rest; underpaid
  (but within the bound amount) → Auszahlung of the rest, then Auflösung.
  After it the year is settled: no payments, no changes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgets import services as ledger
from budgets.models import Buchungsart
from budgets.selectors import NULL, zahlen_der_bindung
from config.begriffe import begriffe, text
from sozialraum.geld import euro
from sozialraum.models import Sozialraum

from .models import Sozialraumvertrag, Vertragsjahr, Vorgang, Zahlungsplan
from .selectors import naechster_abschlag, zahlen_des_jahres, zeitraum_im_jahr

BUDGETART = "gebunden"
TEILE = {
    "personalkosten": "Personalkosten",
    "sachkosten": "Sachkosten",
    "beratung": "Beratungstätigkeit",
}


def _fehler(text, code, feld=None):
    if feld is None:
        return ValidationError(text, code=code)
    return ValidationError({feld: ValidationError(text, code=code)})


def _datum(wert):
    return f"{wert:%d.%m.%Y}"


def storno_pruefen(buchung):
    """Bookings of a contract are corrected through the contract (amounts,
    Spitzabrechnung), not by a Storno in the ledger: the contract's figures
    and its record would no longer match its money."""
    bindung = buchung if buchung.art == Buchungsart.BINDUNG else buchung.bindung
    if bindung is None:
        return None
    jahr = (
        Vertragsjahr.objects.filter(bindungen=bindung).select_related("vertrag").first()
    )
    if jahr is None:
        return None
    seite = reverse("vertraege:detail", kwargs={"pk": jahr.vertrag_id})
    return (
        f"Die Buchung gehört zum {text('{raum}vertrag')} {jahr.referenz}; sie wird "
        f"auf der Seite des Vertrags ({seite}) korrigiert (Jahresbetrag ändern, "
        "Spitzabrechnung), nicht durch ein Storno."
    )


def _vorgang(
    *,
    vertrag,
    art,
    beschreibung,
    durch,
    datum=None,
    vertragsjahr=None,
    betrag=None,
    buchungen=(),
    formular_schluessel=None,
):
    vorgang = Vorgang(
        vertrag=vertrag,
        vertragsjahr=vertragsjahr,
        art=art,
        beschreibung=beschreibung,
        betrag=betrag,
        datum=datum or timezone.localdate(),
        erfasst_von=durch,
        formular_schluessel=formular_schluessel,
    )
    vorgang.full_clean(exclude=["erfasst_von", "formular_schluessel"])
    vorgang.save()
    if buchungen:
        vorgang.buchungen.add(*buchungen)
    return vorgang


# --- The contract -----------------------------------------------------------------


def _sozialraum_sperren(sozialraum):
    """Contracts of one Sozialraum are created and moved one at a time, so two
    overlapping ones cannot both pass the check (PostgreSQL row lock)."""
    return Sozialraum.objects.select_for_update().get(pk=sozialraum.pk)


def _ueberschneidung_pruefen(vertrag):
    andere = (
        Sozialraumvertrag.objects.filter(
            sozialraum=vertrag.sozialraum,
            beginn__lte=vertrag.ende,
            ende__gte=vertrag.beginn,
        )
        .exclude(pk=vertrag.pk)
        .order_by("beginn")
        .first()
    )
    if andere is not None:
        raise _fehler(
            f"Für {vertrag.sozialraum} gilt im Zeitraum {_datum(andere.beginn)} bis "
            f"{_datum(andere.ende)} bereits der Vertrag {andere.nummer} "
            f"({andere.traeger}). Verträge eines {begriffe().raum_genitiv} dürfen sich "
            "nicht überschneiden.",
            "ueberschneidung",
            "beginn",
        )


def _nummer_vergeben(sozialraum, beginn):
    basis = f"SRV-{sozialraum.kuerzel}-{beginn.year}"
    nummer, n = basis, 1
    while Sozialraumvertrag.objects.filter(nummer=nummer).exists():
        n += 1
        nummer = f"{basis}-{n}"
    return nummer


@transaction.atomic
def vertrag_anlegen(
    *,
    sozialraum,
    traeger,
    beginn,
    ende,
    durch,
    bezeichnung="",
    nummer="",
    formular_schluessel=None,
):
    """A new contract (no money yet: that comes with each year's amounts)."""
    _sozialraum_sperren(sozialraum)
    if formular_schluessel is not None:
        vorhanden = Sozialraumvertrag.objects.filter(
            formular_schluessel=formular_schluessel
        ).first()
        if vorhanden is not None:
            return vorhanden
    vertrag = Sozialraumvertrag(
        sozialraum=sozialraum,
        traeger=traeger,
        beginn=beginn,
        ende=ende,
        bezeichnung=(bezeichnung or "").strip(),
        nummer=(nummer or "").strip(),
        angelegt_von=durch,
        formular_schluessel=formular_schluessel,
    )
    vertrag.clean()
    if not vertrag.nummer:
        vertrag.nummer = _nummer_vergeben(sozialraum, beginn)
    vertrag.full_clean(exclude=["angelegt_von"])
    _ueberschneidung_pruefen(vertrag)
    vertrag.save()
    _vorgang(
        vertrag=vertrag,
        art=Vorgang.Art.VERTRAG_ANGELEGT,
        beschreibung=(
            f"Vertrag {vertrag.nummer} mit {traeger} für {sozialraum}, Laufzeit "
            f"{_datum(beginn)} bis {_datum(ende)}."
        ),
        durch=durch,
        datum=beginn,
    )
    return vertrag


@transaction.atomic
def vertrag_aendern(*, vertrag, bezeichnung, beginn, ende, durch):
    """Name and period. The years already set must stay within the period."""
    _sozialraum_sperren(vertrag.sozialraum)
    vertrag = Sozialraumvertrag.objects.select_for_update().get(pk=vertrag.pk)
    alt = (vertrag.bezeichnung, vertrag.beginn, vertrag.ende)
    vertrag.bezeichnung = (bezeichnung or "").strip()
    vertrag.beginn, vertrag.ende = beginn, ende
    if alt == (vertrag.bezeichnung, beginn, ende):
        return vertrag
    vertrag.full_clean(exclude=["angelegt_von"])
    ausserhalb = vertrag.jahre.exclude(
        haushaltsjahr__gte=beginn.year, haushaltsjahr__lte=ende.year
    ).values_list("haushaltsjahr", flat=True)
    if ausserhalb:
        raise _fehler(
            "Für die Haushaltsjahre "
            + ", ".join(str(j) for j in ausserhalb)
            + " sind schon Beträge festgesetzt; sie müssen in der Laufzeit bleiben.",
            "jahr_ausserhalb",
            "ende" if max(ausserhalb) > ende.year else "beginn",
        )
    _ueberschneidung_pruefen(vertrag)
    vertrag.save()
    aenderungen = []
    if alt[0] != vertrag.bezeichnung:
        aenderungen.append(f"Bezeichnung „{alt[0]}“ → „{vertrag.bezeichnung}“")
    if alt[1:] != (beginn, ende):
        aenderungen.append(
            f"Laufzeit {_datum(alt[1])}–{_datum(alt[2])} → "
            f"{_datum(beginn)}–{_datum(ende)}"
        )
    _vorgang(
        vertrag=vertrag,
        art=Vorgang.Art.VERTRAG_GEAENDERT,
        beschreibung="; ".join(aenderungen) + ".",
        durch=durch,
    )
    return vertrag


# --- A contract year: amounts and bindings ----------------------------------------


def _jahr_sperren(vertragsjahr):
    return (
        Vertragsjahr.objects.select_for_update(of=("self",))
        .select_related("vertrag__sozialraum", "vertrag__traeger")
        .get(pk=vertragsjahr.pk)
    )


def _nicht_abgerechnet(vertragsjahr):
    if vertragsjahr.ist_abgerechnet:
        raise _fehler(
            f"{vertragsjahr.referenz} ist spitzabgerechnet; danach wird nichts mehr "
            "gezahlt oder geändert.",
            "abgerechnet",
        )


def _budget(vertrag, jahr):
    return ledger.budget_holen(
        budgetart=ledger.budgetart_nach_code(BUDGETART),
        haushaltsjahr=jahr,
        inhaber=vertrag.sozialraum,
    )


def _bindungen(vertragsjahr):
    """The year's Bindungen (oldest first) with their figures."""
    return [
        (b, zahlen_der_bindung(b))
        for b in vertragsjahr.bindungen.order_by("pk").select_related("budget")
    ]


def _aufteilen(posten, betrag):
    """Split `betrag` over (bindung, room) in the given order."""
    teile = []
    for bindung, platz in posten:
        if betrag <= 0:
            break
        teil = min(betrag, platz)
        if teil > 0:
            teile.append((bindung, teil))
            betrag -= teil
    return teile


def _aufloesen(vertragsjahr, betrag, *, text, buchungsdatum, durch):
    """Release `betrag` of the year's open money, newest Bindung first."""
    posten = [(b, z.offen) for b, z in reversed(_bindungen(vertragsjahr))]
    return [
        ledger.aufloesen(
            bindung=b, betrag=teil, text=text, buchungsdatum=buchungsdatum, durch=durch
        )
        for b, teil in _aufteilen(posten, betrag)
    ]


def _auszahlen(vertragsjahr, betrag, *, text, buchungsdatum, durch):
    """Pay `betrag` against the year's Bindungen, oldest first."""
    posten = [(b, z.offen) for b, z in _bindungen(vertragsjahr)]
    return [
        ledger.auszahlen(
            bindung=b, betrag=teil, text=text, buchungsdatum=buchungsdatum, durch=durch
        )
        for b, teil in _aufteilen(posten, betrag)
    ]


def _zurueckfordern(vertragsjahr, betrag, *, text, buchungsdatum, durch):
    """Reclaim `betrag` of what was paid, newest Bindung first."""
    posten = [(b, z.ausgezahlt) for b, z in reversed(_bindungen(vertragsjahr))]
    return [
        ledger.zurueckfordern(
            bindung=b, betrag=teil, text=text, buchungsdatum=buchungsdatum, durch=durch
        )
        for b, teil in _aufteilen(posten, betrag)
    ]


def _teilbetrag(wert, feld):
    """A part of the Jahresbetrag: 0 is allowed (not every contract has each
    part), otherwise a positive amount with two places."""
    if wert in (None, ""):
        return NULL
    if not isinstance(wert, float):
        try:
            if Decimal(str(wert).strip()) == 0:
                return NULL
        except ArithmeticError:
            pass  # betrag_pruefen explains
    return ledger.betrag_pruefen(wert, feld=feld)


def _text(vertragsjahr, was):
    v = vertragsjahr.vertrag
    return (
        f"{text('{raum}vertrag')} {v.nummer} ({v.traeger}), "
        f"{vertragsjahr.haushaltsjahr}: {was}"
    )


@transaction.atomic
def jahr_festsetzen(
    *,
    vertrag,
    haushaltsjahr,
    personalkosten,
    sachkosten,
    beratung,
    durch,
    zahlungsplan=Zahlungsplan.VIERTELJAEHRLICH,
    buchungsdatum=None,
    begruendung="",
):
    """Set (first time) or change a year's amounts and plan; binds the change.

    Returns the Vertragsjahr. Submitting the same values again changes nothing
    (and books nothing).
    """
    vertrag = Sozialraumvertrag.objects.select_for_update().get(pk=vertrag.pk)
    haushaltsjahr = int(haushaltsjahr)
    if not vertrag.laeuft_im_jahr(haushaltsjahr):
        raise _fehler(
            f"Das Haushaltsjahr {haushaltsjahr} liegt außerhalb der Laufzeit des "
            f"Vertrags {vertrag.nummer} ({_datum(vertrag.beginn)} bis "
            f"{_datum(vertrag.ende)}).",
            "jahr_ausserhalb",
            "haushaltsjahr",
        )
    if zahlungsplan not in Zahlungsplan.values:
        raise _fehler("Unbekannter Zahlungsplan.", "zahlungsplan", "zahlungsplan")
    teile = {
        "personalkosten": _teilbetrag(personalkosten, "personalkosten"),
        "sachkosten": _teilbetrag(sachkosten, "sachkosten"),
        "beratung": _teilbetrag(beratung, "beratung"),
    }
    vorhanden = Vertragsjahr.objects.filter(
        vertrag=vertrag, haushaltsjahr=haushaltsjahr
    ).first()
    if vorhanden is None:
        return _jahr_anlegen(
            vertrag,
            haushaltsjahr,
            teile,
            zahlungsplan,
            buchungsdatum,
            durch,
            begruendung,
        )
    return _jahr_aendern(
        _jahr_sperren(vorhanden),
        teile,
        zahlungsplan,
        buchungsdatum,
        durch,
        begruendung,
    )


def _jahr_anlegen(vertrag, jahr, teile, plan, buchungsdatum, durch, begruendung):
    vj = Vertragsjahr(vertrag=vertrag, haushaltsjahr=jahr, zahlungsplan=plan, **teile)
    if vj.jahresbetrag <= 0:
        raise _fehler(
            "Der Jahresbetrag (Personalkosten, Sachkosten und Beratungstätigkeit "
            "zusammen) muss größer als 0,00 € sein.",
            "nicht_positiv",
            "personalkosten",
        )
    vj.full_clean()
    vj.save()
    bindung = ledger.binden(
        budget=_budget(vertrag, jahr),
        betrag=vj.jahresbetrag,
        buchungsdatum=buchungsdatum,
        text=_text(vj, "Bindung des Jahresbetrags"),
        referenz=vj.referenz,
        durch=durch,
    )
    vj.bindungen.add(bindung)
    _vorgang(
        vertrag=vertrag,
        vertragsjahr=vj,
        art=Vorgang.Art.JAHR_FESTGESETZT,
        beschreibung=(
            f"Jahresbetrag {jahr}: {_teile_text(teile)}, zusammen "
            f"{euro(vj.jahresbetrag)}; Zahlungsplan {vj.get_zahlungsplan_display()}; "
            f"gebunden {euro(vj.jahresbetrag)}."
            + (f" Begründung: {begruendung}" if begruendung else "")
        ),
        betrag=vj.jahresbetrag,
        datum=bindung.buchungsdatum,
        durch=durch,
        buchungen=[bindung],
    )
    return vj


def _teile_text(teile):
    return ", ".join(f"{TEILE[k]} {euro(v)}" for k, v in teile.items())


def _jahr_aendern(vj, teile, plan, buchungsdatum, durch, begruendung):
    _nicht_abgerechnet(vj)
    alt_teile = {k: getattr(vj, k) for k in TEILE}
    alt_plan, alt_summe = vj.zahlungsplan, vj.jahresbetrag
    if alt_teile == teile and alt_plan == plan:
        return vj
    for k, v in teile.items():
        setattr(vj, k, v)
    vj.zahlungsplan = plan
    neu = vj.jahresbetrag
    z = zahlen_des_jahres(vj)
    if neu < z.ausgezahlt:
        raise _fehler(
            f"Der neue Jahresbetrag {euro(neu)} liegt unter dem, was für "
            f"{vj.haushaltsjahr} schon gezahlt ist ({euro(z.ausgezahlt)}). "
            "Zu viel Gezahltes wird mit der Spitzabrechnung zurückgefordert.",
            "unter_gezahlt",
            "personalkosten",
        )
    vj.full_clean()
    vj.save()
    buchungen = []
    differenz = neu - alt_summe
    if differenz > 0:
        bindung = ledger.binden(
            budget=_budget(vj.vertrag, vj.haushaltsjahr),
            betrag=differenz,
            buchungsdatum=buchungsdatum,
            text=_text(vj, f"Erhöhung des Jahresbetrags um {euro(differenz)}"),
            referenz=vj.referenz,
            durch=durch,
        )
        vj.bindungen.add(bindung)
        buchungen.append(bindung)
    elif differenz < 0:
        buchungen += _aufloesen(
            vj,
            -differenz,
            text=_text(vj, f"Kürzung des Jahresbetrags um {euro(-differenz)}"),
            buchungsdatum=buchungsdatum,
            durch=durch,
        )
    aenderungen = [
        f"{TEILE[k]} {euro(alt_teile[k])} → {euro(teile[k])}"
        for k in TEILE
        if alt_teile[k] != teile[k]
    ]
    if alt_summe != neu:
        aenderungen.append(f"Jahresbetrag {euro(alt_summe)} → {euro(neu)}")
    if alt_plan != plan:
        aenderungen.append(
            f"Zahlungsplan {Zahlungsplan(alt_plan).label} → {Zahlungsplan(plan).label}"
        )
    _vorgang(
        vertrag=vj.vertrag,
        vertragsjahr=vj,
        art=Vorgang.Art.JAHR_GEAENDERT,
        beschreibung="; ".join(aenderungen)
        + "."
        + (f" Begründung: {begruendung}" if begruendung else ""),
        betrag=differenz or None,
        datum=buchungen[0].buchungsdatum if buchungen else None,
        durch=durch,
        buchungen=buchungen,
    )
    return vj


# --- Payments ---------------------------------------------------------------------


@transaction.atomic
def zahlung_erfassen(
    *, vertragsjahr, durch, betrag=None, zahlungsdatum=None, formular_schluessel=None
):
    """Record a payment (Auszahlung). Without an amount: the next Abschlag's
    open part. A form submitted twice (same formular_schluessel) pays once and
    returns the first Vorgang."""
    vj = _jahr_sperren(vertragsjahr)
    # Checked under the lock: a second submit waits for the first and finds it.
    if formular_schluessel is not None:
        vorhanden = Vorgang.objects.filter(
            formular_schluessel=formular_schluessel
        ).first()
        if vorhanden is not None:
            return vorhanden
    _nicht_abgerechnet(vj)
    z = zahlen_des_jahres(vj)
    if betrag in (None, ""):
        naechster = naechster_abschlag(vj, z.ausgezahlt)
        if naechster is None:
            raise _fehler(
                f"Für {vj.referenz} ist kein Abschlag mehr offen; bitte einen Betrag "
                "angeben.",
                "kein_abschlag_offen",
                "betrag",
            )
        betrag = naechster.offen
        was = f"Abschlag {naechster.abschlag.nummer}"
    else:
        betrag = ledger.betrag_pruefen(betrag)
        was = "Zahlung"
    if betrag > z.offen:
        raise _fehler(
            f"Zu zahlen sind {euro(betrag)}, für {vj.referenz} gebunden und noch nicht "
            f"gezahlt sind nur {euro(z.offen)}. Mehr als gebunden wird nicht gezahlt; "
            "zuerst den Jahresbetrag erhöhen.",
            "mehr_als_gebunden",
            "betrag",
        )
    buchungen = _auszahlen(
        vj,
        betrag,
        text=_text(vj, was),
        buchungsdatum=zahlungsdatum,
        durch=durch,
    )
    return _vorgang(
        vertrag=vj.vertrag,
        vertragsjahr=vj,
        art=Vorgang.Art.ZAHLUNG,
        beschreibung=f"{was}: {euro(betrag)} gezahlt.",
        betrag=betrag,
        datum=buchungen[0].buchungsdatum,
        durch=durch,
        buchungen=buchungen,
        formular_schluessel=formular_schluessel,
    )


# --- Spitzabrechnung --------------------------------------------------------------


@dataclass(frozen=True)
class Schritt:
    art: str  # Buchungsart
    betrag: Decimal
    text: str

    @property
    def art_text(self):
        return Buchungsart(self.art).label


def spitzabrechnung_berechnen(*, vertragsjahr, ist_kosten):
    """What settling the year with these actual costs would book, in order."""
    vj = vertragsjahr
    _nicht_abgerechnet(vj)
    if ist_kosten in (None, ""):
        raise _fehler(
            "Bitte die tatsächlichen förderfähigen Kosten angeben.",
            "required",
            "ist_kosten",
        )
    if isinstance(ist_kosten, Decimal) and ist_kosten == 0:
        ist_kosten = NULL
    else:
        ist_kosten = ledger.betrag_pruefen(ist_kosten, feld="ist_kosten")
    zeitraum = zeitraum_im_jahr(vj.vertrag, vj.haushaltsjahr)
    if zeitraum is not None and zeitraum[1] >= timezone.localdate():
        raise _fehler(
            f"Der Vertrag läuft in {vj.haushaltsjahr} noch bis {_datum(zeitraum[1])}; "
            "die Spitzabrechnung folgt danach.",
            "jahr_laeuft",
        )
    z = zahlen_des_jahres(vj)
    if ist_kosten > z.gebunden:
        raise _fehler(
            f"Die tatsächlichen Kosten ({euro(ist_kosten)}) übersteigen die "
            f"gebundenen Mittel ({euro(z.gebunden)}). Bitte zuerst den Jahresbetrag "
            "erhöhen.",
            "ueber_gebunden",
            "ist_kosten",
        )
    schritte = []
    if z.ausgezahlt > ist_kosten:
        schritte.append(
            Schritt(
                Buchungsart.RUECKFORDERUNG,
                z.ausgezahlt - ist_kosten,
                "Rückforderung der Überzahlung",
            )
        )
    elif ist_kosten > z.ausgezahlt:
        schritte.append(
            Schritt(
                Buchungsart.AUSZAHLUNG,
                ist_kosten - z.ausgezahlt,
                "Restzahlung",
            )
        )
    if z.gebunden > ist_kosten:
        schritte.append(
            Schritt(
                Buchungsart.AUFLOESUNG,
                z.gebunden - ist_kosten,
                "Auflösung der nicht benötigten Mittel",
            )
        )
    return ist_kosten, schritte


@transaction.atomic
def spitzabrechnen(
    *,
    vertragsjahr,
    ist_kosten,
    durch,
    buchungsdatum=None,
    formular_schluessel=None,
):
    """Settle the year: book exactly what spitzabrechnung_berechnen shows."""
    vj = _jahr_sperren(vertragsjahr)
    if formular_schluessel is not None:
        vorhanden = Vorgang.objects.filter(
            formular_schluessel=formular_schluessel
        ).first()
        if vorhanden is not None:
            return vorhanden
    ist_kosten, schritte = spitzabrechnung_berechnen(
        vertragsjahr=vj, ist_kosten=ist_kosten
    )
    buchungen = []
    buchen = {
        Buchungsart.RUECKFORDERUNG: _zurueckfordern,
        Buchungsart.AUSZAHLUNG: _auszahlen,
        Buchungsart.AUFLOESUNG: _aufloesen,
    }
    for s in schritte:
        buchungen += buchen[s.art](
            vj,
            s.betrag,
            text=_text(vj, f"Spitzabrechnung, {s.text}"),
            buchungsdatum=buchungsdatum,
            durch=durch,
        )
    vj.ist_kosten = ist_kosten
    vj.abgerechnet_am = timezone.now()
    vj.abgerechnet_von = durch
    vj.save(update_fields=["ist_kosten", "abgerechnet_am", "abgerechnet_von"])
    z = zahlen_des_jahres(vj)
    if not z.gebunden == z.ausgezahlt == ist_kosten:
        # What the settlement promises; a mismatch rolls everything back.
        raise RuntimeError(f"Spitzabrechnung {vj.referenz} geht nicht auf: {z}")
    beschreibung = f"Tatsächliche förderfähige Kosten {euro(ist_kosten)}. " + (
        " ".join(f"{s.art_text} {euro(s.betrag)}." for s in schritte)
        or "Keine Buchung: gezahlt und gebunden wie abgerechnet."
    )
    return _vorgang(
        vertrag=vj.vertrag,
        vertragsjahr=vj,
        art=Vorgang.Art.SPITZABRECHNUNG,
        beschreibung=beschreibung,
        betrag=ist_kosten,
        datum=buchungen[0].buchungsdatum if buchungen else buchungsdatum,
        durch=durch,
        buchungen=buchungen,
        formular_schluessel=formular_schluessel,
    )
