"""The one way an application changes its state: `antrag_uebergang` checks the
table in `workflow.py`, the role and the step's guards, does the step's effects
(bookings through the budget services) and writes the history row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgets import services as budgets
from budgets.selectors import zahlen_der_bindung
from sozialraum.geld import euro

from .. import benachrichtigung
from ..models import Anteil, Beschluss, Drittmittel, Sitzung, Status, Tagesordnungspunkt
from ..permissions import darf_uebergang
from ..selectors import aktueller_tagesordnungspunkt
from ..workflow import BESCHLUSS_AKTIONEN, Aktion, uebergang
from ._basis import (
    NULL,
    Verweigert,
    _betrag_oder_null,
    _fehler,
    _gesperrt,
    _nicht_vor_letztem_schritt,
    _protokollieren,
    _wirksam_pruefen,
    import_pruefen,
    sitzung_braucht_ausnahme,
    vetofrist,
)


def storno_pruefen(buchung):
    """Bookings of an application's workflow are corrected by its steps (veto,
    withdrawal, closing), not by a Storno in the ledger: the application's state
    and history would no longer match its money."""
    bindung = buchung if buchung.art == "bindung" else buchung.bindung
    if bindung is None:
        return None
    anteil = Anteil.objects.filter(bindung=bindung).select_related("antrag").first()
    if anteil is None:
        return None
    seite = reverse("antraege:detail", kwargs={"nummer": anteil.antrag.nummer})
    return (
        f"Die Buchung gehört zum Antrag {anteil.antrag.nummer}; sie wird über dessen "
        f"Schritte auf seiner Seite ({seite}) korrigiert (Veto, Zurückziehen, "
        "Abschluss), nicht durch ein Storno."
    )


@transaction.atomic
def antrag_uebergang(
    *,
    antrag,
    aktion,
    durch,
    kommentar="",
    betrag=None,
    sitzung=None,
    datum=None,
    stimmen=(None, None, None),
    version=None,
    importiert_aus=None,
):
    """Take one step of the workflow table; returns the history row.

    `importiert_aus` (a file name): a step of the past entered from a file by
    FD 51 (see `import_pruefen`); every other check applies as in the UI."""
    antrag = _gesperrt(antrag, version)
    if sitzung is not None:  # what counts is its current state (an exception)
        sitzung = Sitzung.objects.select_related("gremium").get(pk=sitzung.pk)
    schritt = uebergang(aktion, antrag.status)
    if schritt is None:
        label = Aktion(aktion).label if aktion in Aktion.values else aktion
        raise _fehler(
            f"„{label}“ ist im Status „{antrag.get_status_display()}“ nicht möglich.",
            "nicht_erlaubt",
        )
    if importiert_aus is not None:
        import_pruefen(durch)
    elif durch is None or not darf_uebergang(durch, schritt, antrag):
        raise Verweigert(f"„{Aktion(aktion).label}“ ist Ihnen nicht erlaubt.")
    kommentar = (kommentar or "").strip()
    if schritt.kommentar_pflicht and not kommentar:
        raise _fehler(
            "Bitte geben Sie eine Begründung an.", "begruendung_fehlt", "kommentar"
        )
    datum = _wirksam_pruefen(antrag, datum)
    schritt_ausfuehren = _SCHRITTE[Aktion(aktion)]
    angaben = (
        schritt_ausfuehren(
            antrag,
            aktion=Aktion(aktion),
            durch=durch,
            betrag=betrag,
            sitzung=sitzung,
            datum=datum,
            kommentar=kommentar,
            stimmen=stimmen,
        )
        or {}
    )
    von = antrag.status
    antrag.status = schritt.nach
    antrag.version += 1
    antrag.geaendert_am = timezone.now()
    antrag.save()
    wechsel = _protokollieren(
        antrag,
        aktion=aktion,
        von=von,
        nach=schritt.nach,
        durch=durch,
        kommentar=kommentar,
        sitzung=sitzung if aktion in BESCHLUSS_AKTIONEN else angaben.get("sitzung"),
        betrag=angaben.get("betrag"),
        wirksam_am=angaben.get("wirksam_am") or datum,
    )
    benachrichtigung.nach_uebergang(wechsel)
    return wechsel


def _einreichen(antrag, **_):
    fehlt = {}
    for feld, name in [
        ("ausgangslage", "die Ausgangslage"),
        ("zielsetzung", "die Zielsetzung"),
        ("massnahme", "die Maßnahme"),
        ("zielgruppe", "die Zielgruppe"),
    ]:
        if not getattr(antrag, feld).strip():
            fehlt[feld] = f"Zum Einreichen fehlt {name}."
    if antrag.gesamtkosten is None:
        fehlt["gesamtkosten"] = "Zum Einreichen fehlen die Gesamtkosten."
    if antrag.beantragt <= 0:
        fehlt["beantragt"] = "Zum Einreichen fehlt der beantragte Betrag."
    if not antrag.beginn or not antrag.ende:
        fehlt["beginn"] = "Zum Einreichen fehlt der Zeitraum (Beginn und Ende)."
    if not antrag.themenfelder.exists():
        fehlt["themenfelder"] = "Bitte mindestens ein Themenfeld wählen."
    offen = [str(a.inhaber) for a in antrag.anteile.all() if a.braucht_zustimmung]
    if offen:
        fehlt["partner"] = (
            "Vor dem Einreichen müssen die Partner ihren Anteilen zustimmen; es fehlt "
            f"die Zustimmung von: {', '.join(offen)}."
        )
    if antrag.als_eigenanteil and not antrag.drittmittel.exists():
        fehlt["als_eigenanteil"] = (
            "Als Eigenanteil dienen die Mittel nur, wenn externe Fördermittel "
            "angegeben sind."
        )
    if antrag.gesamtkosten is not None and antrag.beantragt > 0:
        finanzierung = (
            antrag.beantragt
            + antrag.eigenanteil
            + sum(
                (
                    d.betrag
                    for d in antrag.drittmittel.all()
                    if d.stand != Drittmittel.Stand.ABGELEHNT
                ),
                NULL,
            )
        )
        if finanzierung != antrag.gesamtkosten:
            fehlt["gesamtkosten"] = (
                f"Der Finanzierungsplan geht nicht auf: Gesamtkosten "
                f"{euro(antrag.gesamtkosten)}, Finanzierung (beantragt + Eigenanteil "
                f"+ Drittmittel) {euro(finanzierung)}."
            )
    if fehlt:
        raise ValidationError(
            {k: ValidationError(v, code="unvollstaendig") for k, v in fehlt.items()}
        )
    return {"betrag": antrag.beantragt}


def _pruefen(antrag, **_):
    if (
        antrag.sozialraum_id is not None
        and not antrag.ziele.filter(konzept__status="beschlossen").exists()
    ):
        raise _fehler(
            "Konform ist ein Antrag nur, wenn er Ziele eines beschlossenen "
            "Sozialraumkonzepts verfolgt; der Antrag nennt keines. Stellen Sie eine "
            "Rückfrage.",
            "ohne_ziel",
        )


def _nichts_weiter(antrag, **_):
    """A step with no effect besides its history row (the Rückfrage)."""
    return None


def _sitzung_pruefen(antrag, sitzung):
    if sitzung is None:
        raise _fehler("Bitte eine Sitzung wählen.", "sitzung_fehlt", "sitzung")
    if sitzung.gremium_id != getattr(antrag.gremium, "pk", None):
        raise _fehler(
            f"Über diesen Antrag entscheidet {antrag.gremium or 'kein Gremium'}, "
            f"nicht {sitzung.gremium}.",
            "falsches_gremium",
            "sitzung",
        )
    if not sitzung.ist_budgetsitzung:
        raise _fehler(
            "Über Projektmittel wird nur in Budgetsitzungen entschieden.",
            "keine_budgetsitzung",
            "sitzung",
        )


def _auf_tagesordnung(antrag, *, sitzung, datum, **_):
    _sitzung_pruefen(antrag, sitzung)
    if sitzung.datum.year != antrag.haushaltsjahr:
        raise _fehler(
            f"Über Mittel des Haushaltsjahrs {antrag.haushaltsjahr} entscheidet eine "
            f"Sitzung im selben Jahr (diese ist am {sitzung.datum:%d.%m.%Y}).",
            "anderes_jahr",
            "sitzung",
        )
    if sitzung.beschluesse.filter(antrag=antrag).exists():
        raise _fehler(
            "In dieser Sitzung wurde über den Antrag schon beschlossen.",
            "schon_beschlossen",
            "sitzung",
        )
    # On the agenda as of the meeting (minutes are often entered afterwards),
    # at the earliest when the previous step happened.
    wirksam = min(datum, sitzung.datum)
    _nicht_vor_letztem_schritt(
        antrag,
        wirksam,
        f"Die Sitzung am {sitzung.datum:%d.%m.%Y}",
        "sitzung",
        "sitzung_vor_letztem_schritt",
        "; wählen Sie eine spätere Sitzung",
    )
    Sitzung.objects.select_for_update().get(pk=sitzung.pk)  # positions one by one
    top, neu = Tagesordnungspunkt.objects.get_or_create(
        sitzung=sitzung,
        antrag=antrag,
        defaults={"position": sitzung.tagesordnung.count() + 1},
    )
    if not neu:
        top.abgesetzt = False
        top.save(update_fields=["abgesetzt"])
    return {"sitzung": sitzung, "wirksam_am": wirksam}


def _von_tagesordnung(antrag, **_):
    top = aktueller_tagesordnungspunkt(antrag)
    if top is not None:
        top.abgesetzt = True
        top.save(update_fields=["abgesetzt"])
        return {"sitzung": top.sitzung}
    return None


def _beschliessen(antrag, *, aktion, sitzung, betrag, durch, kommentar, stimmen, **_):
    _sitzung_pruefen(antrag, sitzung)
    top = aktueller_tagesordnungspunkt(antrag)
    if top is None or top.sitzung_id != sitzung.pk:
        raise _fehler(
            "Der Antrag steht nicht auf der Tagesordnung dieser Sitzung.",
            "nicht_auf_tagesordnung",
            "sitzung",
        )
    if sitzung.datum > timezone.localdate():
        raise _fehler(
            f"Die Sitzung am {sitzung.datum:%d.%m.%Y} hat noch nicht stattgefunden.",
            "zukunft",
            "sitzung",
        )
    _nicht_vor_letztem_schritt(
        antrag,
        sitzung.datum,
        f"Die Sitzung am {sitzung.datum:%d.%m.%Y}",
        "sitzung",
        "sitzung_vor_letztem_schritt",
    )
    gruende = sitzung_braucht_ausnahme(sitzung)
    if gruende and not sitzung.hat_ausnahme:
        raise _fehler(
            # the reasons are clauses of their own ("der Landkreis war nicht
            # vertreten"), so they follow a colon, not "weil"
            "Beschlüsse dieser Sitzung brauchen eine Ausnahme durch den Fachdienst 51: "
            f"{' und '.join(gruende)}.",
            "ausnahme_noetig",
        )
    ja, nein, enthaltungen = stimmen
    for wert in (ja, nein, enthaltungen):
        if wert is not None and (not isinstance(wert, int) or wert < 0 or wert > 999):
            raise _fehler("Stimmen sind ganze Zahlen von 0 bis 999.", "stimmen")
    ergebnis = BESCHLUSS_AKTIONEN[aktion]
    angaben = {"wirksam_am": sitzung.datum}
    if aktion == Aktion.BEWILLIGEN:
        if betrag in (None, ""):
            raise _fehler(
                "Bitte den bewilligten Betrag angeben.", "betrag_fehlt", "betrag"
            )
        betrag = budgets.betrag_pruefen(betrag)
        if betrag > antrag.beantragt:
            raise _fehler(
                f"Bewilligt werden können höchstens die beantragten "
                f"{euro(antrag.beantragt)} (angegeben: {euro(betrag)}).",
                "ueber_beantragt",
                "betrag",
            )
        _binden(antrag, betrag, sitzung, durch)
        antrag.bewilligt = betrag
        angaben["betrag"] = betrag
    elif betrag not in (None, ""):
        raise _fehler(
            "Ein Betrag gehört nur zu einer Bewilligung.", "betrag_ohne_bewilligung"
        )
    Beschluss.objects.create(
        sitzung=sitzung,
        antrag=antrag,
        ergebnis=ergebnis,
        betrag=angaben.get("betrag"),
        ja=ja,
        nein=nein,
        enthaltungen=enthaltungen,
        bemerkung=kommentar,
        erfasst_von=durch,
    )
    return angaben


def _binden(antrag, betrag, sitzung, durch):
    """Split the approved amount over the shares (cent-exact) and bind each."""
    anteile = list(antrag.anteile.select_related("sozialraum", "region"))
    teile = budgets.aufteilen(betrag, [(a.pk, a.betrag) for a in anteile])
    zu_budget = {
        a.pk: budgets.budget_holen(
            budgetart=antrag.budgetart,
            haushaltsjahr=antrag.haushaltsjahr,
            inhaber=a.inhaber,
        )
        for a in anteile
    }
    # all at once, in pk order: two cooperation projects of the same partners
    # (A with B, B with A) decided at the same moment must not deadlock
    budgets.budgets_sperren(*zu_budget.values())
    for anteil in anteile:
        budget = zu_budget[anteil.pk]
        anteil.bewilligt = teile[anteil.pk]
        if anteil.bewilligt > 0:
            anteil.bindung = budgets.binden(
                budget=budget,
                betrag=anteil.bewilligt,
                buchungsdatum=sitzung.datum,
                text=f"Bewilligung {antrag.titel}"[:500],
                referenz=antrag.nummer,
                durch=durch,
            )
        anteil.save(update_fields=["bewilligt", "bindung"])


def _gebundene_anteile(antrag):
    """The bound shares with their figures, their budgets locked (in pk order)."""
    anteile = list(
        antrag.anteile.select_related("bindung__budget").filter(bindung__isnull=False)
    )
    budgets.budgets_sperren(*[a.bindung.budget for a in anteile])
    return [(a, zahlen_der_bindung(a.bindung)) for a in anteile]


def _freigeben(antrag, durch, text, datum):
    """Release everything bound and not paid; returns the released sum."""
    frei = NULL
    for anteil, zahlen in _gebundene_anteile(antrag):
        if zahlen.offen > 0:
            budgets.aufloesen(
                bindung=anteil.bindung,
                betrag=zahlen.offen,
                buchungsdatum=datum,
                text=text,
                durch=durch,
            )
            frei += zahlen.offen
    return frei


def vetofrist_ende(antrag):
    beschluss = (
        antrag.beschluesse.filter(ergebnis="bewilligt")
        .select_related("sitzung")
        .order_by("-pk")
        .first()
    )
    return beschluss.sitzung.datum + vetofrist() if beschluss else None


def _veto(antrag, *, durch, datum, **_):
    frist = vetofrist_ende(antrag)
    if frist is not None and datum > frist:
        raise _fehler(
            f"Die Vetofrist ist am {frist:%d.%m.%Y} abgelaufen.", "frist_abgelaufen"
        )
    frei = _freigeben(antrag, durch, f"Veto FD 51: {antrag.titel}"[:500], datum)
    return {"betrag": frei}


def _auszahlen(antrag, *, betrag, datum, durch, **_):
    if betrag in (None, ""):
        raise _fehler("Bitte den Auszahlungsbetrag angeben.", "betrag_fehlt", "betrag")
    betrag = budgets.betrag_pruefen(betrag)
    anteile = [(a, z) for a, z in _gebundene_anteile(antrag) if z.offen > 0]
    offen = sum((z.offen for _, z in anteile), NULL)
    if betrag > offen:
        raise _fehler(
            f"Auszuzahlen sind {euro(betrag)}, aus der Bewilligung offen sind nur "
            f"{euro(offen)}.",
            "zu_hoch",
            "betrag",
        )
    teile = budgets.aufteilen(betrag, [(a.pk, z.offen) for a, z in anteile])
    for anteil, _z in anteile:
        if teile[anteil.pk] > 0:
            budgets.auszahlen(
                bindung=anteil.bindung,
                betrag=teile[anteil.pk],
                buchungsdatum=datum,
                text=f"Auszahlung {antrag.titel}"[:500],
                durch=durch,
            )
    return {"betrag": betrag}


def _nachweis_einreichen(antrag, *, betrag, **_):
    if betrag in (None, ""):
        raise _fehler(
            "Bitte angeben, wie viel der bewilligten Mittel verwendet wurde.",
            "betrag_fehlt",
            "betrag",
        )
    betrag = _betrag_oder_null(betrag, "betrag")
    if betrag > antrag.bewilligt:
        raise _fehler(
            f"Verwendet werden können höchstens die bewilligten "
            f"{euro(antrag.bewilligt)}.",
            "ueber_bewilligt",
            "betrag",
        )
    return {"betrag": betrag}


def _abschliessen(antrag, *, betrag, durch, datum, **_):
    """Accept the proof: pay back what was paid too much, release the rest."""
    if betrag in (None, ""):
        raise _fehler("Bitte den anerkannten Betrag angeben.", "betrag_fehlt", "betrag")
    anerkannt = _betrag_oder_null(betrag, "betrag")
    if anerkannt > antrag.bewilligt:
        raise _fehler(
            f"Anerkannt werden können höchstens die bewilligten "
            f"{euro(antrag.bewilligt)}.",
            "ueber_bewilligt",
            "betrag",
        )
    anteile = _gebundene_anteile(antrag)
    ausgezahlt = sum((z.ausgezahlt for _, z in anteile), NULL)
    if anerkannt > ausgezahlt:
        raise _fehler(
            f"Ausgezahlt sind erst {euro(ausgezahlt)}; zahlen Sie den anerkannten "
            f"Rest von {euro(anerkannt - ausgezahlt)} vor dem Abschluss aus.",
            "erst_auszahlen",
            "betrag",
        )
    zurueck = ausgezahlt - anerkannt
    if zurueck > 0:
        teile = budgets.aufteilen(
            zurueck, [(a.pk, z.ausgezahlt) for a, z in anteile if z.ausgezahlt > 0]
        )
        for anteil, _z in anteile:
            if teile.get(anteil.pk, NULL) > 0:
                budgets.zurueckfordern(
                    bindung=anteil.bindung,
                    betrag=teile[anteil.pk],
                    buchungsdatum=datum,
                    text=f"Rückforderung nach Verwendungsnachweis {antrag.nummer}",
                    durch=durch,
                )
    _freigeben(
        antrag, durch, f"Abschluss {antrag.nummer}: nicht verwendete Mittel", datum
    )
    return {"betrag": anerkannt}


def _zurueckziehen(antrag, *, durch, datum, **_):
    if antrag.status == Status.ZUR_BERATUNG:
        _von_tagesordnung(antrag)
    frei = _freigeben(antrag, durch, f"Antrag {antrag.nummer} zurückgezogen", datum)
    return {"betrag": frei or None}


_SCHRITTE = {
    Aktion.EINREICHEN: _einreichen,
    Aktion.RUECKFRAGE: _nichts_weiter,
    Aktion.PRUEFEN: _pruefen,
    Aktion.AUF_TAGESORDNUNG: _auf_tagesordnung,
    Aktion.VON_TAGESORDNUNG: _von_tagesordnung,
    Aktion.BEWILLIGEN: _beschliessen,
    Aktion.ABLEHNEN: _beschliessen,
    Aktion.ZURUECKSTELLEN: _beschliessen,
    Aktion.VETO: _veto,
    Aktion.AUSZAHLEN: _auszahlen,
    Aktion.NACHWEIS_EINREICHEN: _nachweis_einreichen,
    Aktion.ABSCHLIESSEN: _abschliessen,
    Aktion.ZURUECKZIEHEN: _zurueckziehen,
}
