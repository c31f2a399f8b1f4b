"""The one way an application changes its state: `antrag_uebergang` checks the
table in `workflow.py`, the role and the step's guards, does the step's effects
(bookings through the budget services) and writes the history row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgets import services as budgets
from budgets.selectors import zahlen_der_bindung
from config.begriffe import begriffe
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
    _datum_pruefen,
    _fehler,
    _gesperrt,
    _letzter_schritt,
    _nicht_vor,
    _protokollieren,
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


class DbVorgang:
    """What a step reads and writes of its application, on the database (the
    pages, commands and the demo). The bulk import has the same methods on rows
    in memory (stapel.Stapelvorgang); the steps below are written against
    them, so both follow the same rules."""

    def __init__(self, antrag):
        self.antrag = antrag
        self.kasse = budgets

    def hat_themenfelder(self):
        return self.antrag.themenfelder.exists()

    def anteile(self):
        return list(self.antrag.anteile.select_related("sozialraum", "region"))

    def drittmittel(self):
        return list(self.antrag.drittmittel.all())

    def hat_beschlossenes_ziel(self):
        return self.antrag.ziele.filter(konzept__status="beschlossen").exists()

    def letzter_schritt(self):
        return _letzter_schritt(self.antrag)

    def aktueller_top(self):
        return aktueller_tagesordnungspunkt(self.antrag)

    def schon_beschlossen(self, sitzung):
        return sitzung.beschluesse.filter(antrag=self.antrag).exists()

    def auf_tagesordnung(self, sitzung):
        Sitzung.objects.select_for_update().get(pk=sitzung.pk)  # positions one by one
        top, neu = Tagesordnungspunkt.objects.get_or_create(
            sitzung=sitzung,
            antrag=self.antrag,
            defaults={"position": sitzung.tagesordnung.count() + 1},
        )
        if not neu:
            top.abgesetzt = False
            top.save(update_fields=["abgesetzt"])

    def absetzen(self, top):
        top.abgesetzt = True
        top.save(update_fields=["abgesetzt"])

    def ausnahme_gruende(self, sitzung):
        return sitzung_braucht_ausnahme(sitzung)

    def beschluss_anlegen(self, **felder):
        return Beschluss.objects.create(antrag=self.antrag, **felder)

    def vetofrist_ende(self):
        return vetofrist_ende(self.antrag)

    def budgets_der_anteile(self, anteile):
        return [
            budgets.budget_holen(
                budgetart=self.antrag.budgetart,
                haushaltsjahr=self.antrag.haushaltsjahr,
                inhaber=a.inhaber,
            )
            for a in anteile
        ]

    def budgets_sperren(self, liste):
        budgets.budgets_sperren(*liste)

    def gebundene_anteile(self):
        """The bound shares with their figures, their budgets locked (in pk
        order)."""
        anteile = list(
            self.antrag.anteile.select_related("bindung__budget").filter(
                bindung__isnull=False
            )
        )
        budgets.budgets_sperren(*[a.bindung.budget for a in anteile])
        return [(a, zahlen_der_bindung(a.bindung)) for a in anteile]

    def anteil_speichern(self, anteil, felder):
        anteil.save(update_fields=felder)

    def speichern(self):
        self.antrag.save()

    def protokollieren(self, **felder):
        return _protokollieren(self.antrag, **felder)


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
    wechsel = schritt_gehen(
        DbVorgang(antrag),
        aktion=aktion,
        durch=durch,
        kommentar=kommentar,
        betrag=betrag,
        sitzung=sitzung,
        datum=datum,
        stimmen=stimmen,
        importiert_aus=importiert_aus,
    )
    benachrichtigung.nach_uebergang(wechsel)
    return wechsel


def schritt_gehen(
    v, *, aktion, durch, kommentar, betrag, sitzung, datum, stimmen, importiert_aus
):
    """The step's rules and effects on a Vorgang `v` (DbVorgang here, the bulk
    import's rows in memory in stapel.py); returns the history row."""
    antrag = v.antrag
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
    datum = _datum_pruefen(datum, v.letzter_schritt())
    schritt_ausfuehren = _SCHRITTE[Aktion(aktion)]
    angaben = (
        schritt_ausfuehren(
            v,
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
    v.speichern()
    return v.protokollieren(
        aktion=aktion,
        von=von,
        nach=schritt.nach,
        durch=durch,
        kommentar=kommentar,
        sitzung=sitzung if aktion in BESCHLUSS_AKTIONEN else angaben.get("sitzung"),
        betrag=angaben.get("betrag"),
        wirksam_am=angaben.get("wirksam_am") or datum,
    )


def _einreichen(v, **_):
    antrag = v.antrag
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
    if not v.hat_themenfelder():
        fehlt["themenfelder"] = "Bitte mindestens ein Themenfeld wählen."
    offen = [str(a.inhaber) for a in v.anteile() if a.braucht_zustimmung]
    if offen:
        fehlt["partner"] = (
            "Vor dem Einreichen müssen die Partner ihren Anteilen zustimmen; es fehlt "
            f"die Zustimmung von: {', '.join(offen)}."
        )
    drittmittel = v.drittmittel()
    if antrag.als_eigenanteil and not drittmittel:
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
                    for d in drittmittel
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


def _pruefen(v, **_):
    if v.antrag.sozialraum_id is not None and not v.hat_beschlossenes_ziel():
        raise _fehler(
            "Konform ist ein Antrag nur, wenn er Ziele eines beschlossenen "
            f"{begriffe().konzept}s verfolgt; der Antrag nennt keines. "
            "Stellen Sie eine Rückfrage.",
            "ohne_ziel",
        )


def _nichts_weiter(v, **_):
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


def _auf_tagesordnung(v, *, sitzung, datum, **_):
    antrag = v.antrag
    _sitzung_pruefen(antrag, sitzung)
    if sitzung.datum.year != antrag.haushaltsjahr:
        raise _fehler(
            f"Über Mittel des Haushaltsjahrs {antrag.haushaltsjahr} entscheidet eine "
            f"Sitzung im selben Jahr (diese ist am {sitzung.datum:%d.%m.%Y}).",
            "anderes_jahr",
            "sitzung",
        )
    if v.schon_beschlossen(sitzung):
        raise _fehler(
            "In dieser Sitzung wurde über den Antrag schon beschlossen.",
            "schon_beschlossen",
            "sitzung",
        )
    # On the agenda as of the meeting (minutes are often entered afterwards),
    # at the earliest when the previous step happened.
    wirksam = min(datum, sitzung.datum)
    _nicht_vor(
        v.letzter_schritt(),
        wirksam,
        f"Die Sitzung am {sitzung.datum:%d.%m.%Y}",
        "sitzung",
        "sitzung_vor_letztem_schritt",
        "; wählen Sie eine spätere Sitzung",
    )
    v.auf_tagesordnung(sitzung)
    return {"sitzung": sitzung, "wirksam_am": wirksam}


def _von_tagesordnung(v, **_):
    top = v.aktueller_top()
    if top is not None:
        v.absetzen(top)
        return {"sitzung": top.sitzung}
    return None


def _beschliessen(v, *, aktion, sitzung, betrag, durch, kommentar, stimmen, **_):
    antrag = v.antrag
    _sitzung_pruefen(antrag, sitzung)
    top = v.aktueller_top()
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
    _nicht_vor(
        v.letzter_schritt(),
        sitzung.datum,
        f"Die Sitzung am {sitzung.datum:%d.%m.%Y}",
        "sitzung",
        "sitzung_vor_letztem_schritt",
    )
    gruende = v.ausnahme_gruende(sitzung)
    if gruende and not sitzung.hat_ausnahme:
        raise _fehler(
            # the reasons are clauses of their own ("der Landkreis war nicht
            # vertreten"), so they follow a colon, not "weil"
            "Beschlüsse dieser Sitzung brauchen eine Ausnahme durch den "
            f"{begriffe().pruefstelle}: "
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
        _binden(v, betrag, sitzung, durch)
        antrag.bewilligt = betrag
        angaben["betrag"] = betrag
    elif betrag not in (None, ""):
        raise _fehler(
            "Ein Betrag gehört nur zu einer Bewilligung.", "betrag_ohne_bewilligung"
        )
    v.beschluss_anlegen(
        sitzung=sitzung,
        ergebnis=ergebnis,
        betrag=angaben.get("betrag"),
        ja=ja,
        nein=nein,
        enthaltungen=enthaltungen,
        bemerkung=kommentar,
        erfasst_von=durch,
    )
    return angaben


def _binden(v, betrag, sitzung, durch):
    """Split the approved amount over the shares (cent-exact) and bind each."""
    antrag = v.antrag
    anteile = v.anteile()
    teile = budgets.aufteilen(betrag, [(i, a.betrag) for i, a in enumerate(anteile)])
    zu_budget = v.budgets_der_anteile(anteile)
    # all at once, in pk order: two cooperation projects of the same partners
    # (A with B, B with A) decided at the same moment must not deadlock
    v.budgets_sperren(zu_budget)
    for i, (anteil, budget) in enumerate(zip(anteile, zu_budget, strict=True)):
        anteil.bewilligt = teile[i]
        if anteil.bewilligt > 0:
            anteil.bindung = v.kasse.binden(
                budget=budget,
                betrag=anteil.bewilligt,
                buchungsdatum=sitzung.datum,
                text=f"Bewilligung {antrag.titel}"[:500],
                referenz=antrag.nummer,
                durch=durch,
            )
        v.anteil_speichern(anteil, ["bewilligt", "bindung"])


def _freigeben(v, durch, text, datum):
    """Release everything bound and not paid; returns the released sum."""
    frei = NULL
    for anteil, zahlen in v.gebundene_anteile():
        if zahlen.offen > 0:
            offen = zahlen.offen
            v.kasse.aufloesen(
                bindung=anteil.bindung,
                betrag=offen,
                buchungsdatum=datum,
                text=text,
                durch=durch,
            )
            frei += offen
    return frei


def vetofrist_ende(antrag):
    beschluss = (
        antrag.beschluesse.filter(ergebnis="bewilligt")
        .select_related("sitzung")
        .order_by("-pk")
        .first()
    )
    return beschluss.sitzung.datum + vetofrist() if beschluss else None


def _veto(v, *, durch, datum, **_):
    frist = v.vetofrist_ende()
    if frist is not None and datum > frist:
        raise _fehler(
            f"Die Vetofrist ist am {frist:%d.%m.%Y} abgelaufen.", "frist_abgelaufen"
        )
    grund = f"Veto {begriffe().pruefstelle_kurz}: {v.antrag.titel}"[:500]
    frei = _freigeben(v, durch, grund, datum)
    return {"betrag": frei}


def _auszahlen(v, *, betrag, datum, durch, **_):
    antrag = v.antrag
    if betrag in (None, ""):
        raise _fehler("Bitte den Auszahlungsbetrag angeben.", "betrag_fehlt", "betrag")
    betrag = budgets.betrag_pruefen(betrag)
    anteile = [(a, z) for a, z in v.gebundene_anteile() if z.offen > 0]
    offen = sum((z.offen for _, z in anteile), NULL)
    if betrag > offen:
        raise _fehler(
            f"Auszuzahlen sind {euro(betrag)}, aus der Bewilligung offen sind nur "
            f"{euro(offen)}.",
            "zu_hoch",
            "betrag",
        )
    teile = budgets.aufteilen(
        betrag, [(i, z.offen) for i, (_a, z) in enumerate(anteile)]
    )
    for i, (anteil, _z) in enumerate(anteile):
        if teile[i] > 0:
            v.kasse.auszahlen(
                bindung=anteil.bindung,
                betrag=teile[i],
                buchungsdatum=datum,
                text=f"Auszahlung {antrag.titel}"[:500],
                durch=durch,
            )
    return {"betrag": betrag}


def _nachweis_einreichen(v, *, betrag, **_):
    antrag = v.antrag
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


def _abschliessen(v, *, betrag, durch, datum, **_):
    """Accept the proof: pay back what was paid too much, release the rest."""
    antrag = v.antrag
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
    anteile = v.gebundene_anteile()
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
            zurueck,
            [
                (i, z.ausgezahlt)
                for i, (_a, z) in enumerate(anteile)
                if z.ausgezahlt > 0
            ],
        )
        for i, (anteil, _z) in enumerate(anteile):
            if teile.get(i, NULL) > 0:
                v.kasse.zurueckfordern(
                    bindung=anteil.bindung,
                    betrag=teile[i],
                    buchungsdatum=datum,
                    text=f"Rückforderung nach Verwendungsnachweis {antrag.nummer}",
                    durch=durch,
                )
    _freigeben(v, durch, f"Abschluss {antrag.nummer}: nicht verwendete Mittel", datum)
    return {"betrag": anerkannt}


def _zurueckziehen(v, *, durch, datum, **_):
    if v.antrag.status == Status.ZUR_BERATUNG:
        _von_tagesordnung(v)
    frei = _freigeben(v, durch, f"Antrag {v.antrag.nummer} zurückgezogen", datum)
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
