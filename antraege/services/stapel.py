"""Many applications of past years entered at once (the import of a file).

The bulk entry point of the application services: `Antragsstapel` creates
applications and takes their steps with the very rule functions of
`antrag_anlegen`, `anteil_zustimmen` and `antrag_uebergang` (antrag.py,
uebergang.py), but on rows in memory (`Stapelvorgang`, the counterpart of
`DbVorgang`) instead of one round trip per check. The lookups are loaded once:
the counters of the file's years and holders, the numbers already taken, the
budgets of its approvals (locked once, years shared, rows in pk order, their
figures read once: budgets.services.Buchungsstapel). `schreiben` writes each
kind in bulk and checks the ledger's invariants once at the end.

A refused step changes nothing (its bookings are taken back), as a refused
service call rolls back its savepoint. Only FD 51 enters a file
(`import_pruefen`); the steps send no mail (records of the past).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from budgets import services as budgets
from budgets.selectors import ist_abgeschlossen
from sozialraum.massen import einfuegen
from sozialraum.models import Sozialraum

from ..models import (
    Antrag,
    Beschluss,
    Nummernkreis,
    Statuswechsel,
    Tagesordnungspunkt,
)
from ._basis import import_pruefen, sitzung_braucht_ausnahme, vetofrist
from .antrag import (
    _kreis,
    anlegen_protokoll,
    inhalt_uebernehmen,
    naechste_nummer,
    neuer_antrag,
    nummer_uebernehmen,
    zustimmung_eintragen,
)
from .uebergang import schritt_gehen

# rows per INSERT (SQLite's limit of 999 parameters lowers it per table)
BATCH = 1000


class Stapelvorgang:
    """One application of the file in memory: what the steps read and write
    (the methods of uebergang.DbVorgang)."""

    def __init__(self, stapel, antrag, themenfelder, ziele, anteile, drittmittel):
        self.stapel = stapel
        self.kasse = stapel.kasse
        self.antrag = antrag
        self.themenfelder = list(themenfelder)
        self.ziele = list(ziele)
        self._anteile = anteile
        self._drittmittel = drittmittel
        self.schritte, self.tops, self.beschluesse = [], [], []

    def hat_themenfelder(self):
        return bool(self.themenfelder)

    def anteile(self):
        return self._anteile

    def drittmittel(self):
        return self._drittmittel

    def hat_beschlossenes_ziel(self):
        return any(z.konzept.ist_beschlossen for z in self.ziele)

    def letzter_schritt(self):
        return max((w.wirksam_am for w in self.schritte), default=None)

    def aktueller_top(self):
        beschlossen = {b.sitzung.pk for b in self.beschluesse}
        return next(
            (
                t
                for t in self.tops
                if not t.abgesetzt and t.sitzung.pk not in beschlossen
            ),
            None,
        )

    def schon_beschlossen(self, sitzung):
        return any(b.sitzung.pk == sitzung.pk for b in self.beschluesse)

    def auf_tagesordnung(self, sitzung):
        top = next((t for t in self.tops if t.sitzung.pk == sitzung.pk), None)
        if top is None:
            self.tops.append(
                Tagesordnungspunkt(
                    sitzung=sitzung,
                    antrag=self.antrag,
                    position=self.stapel.naechste_position(sitzung),
                )
            )
        else:
            top.abgesetzt = False

    def absetzen(self, top):
        top.abgesetzt = True

    def ausnahme_gruende(self, sitzung):
        return self.stapel.ausnahme_gruende(sitzung)

    def beschluss_anlegen(self, **felder):
        beschluss = Beschluss(antrag=self.antrag, **felder)
        self.beschluesse.append(beschluss)
        return beschluss

    def vetofrist_ende(self):
        bewilligt = [b for b in self.beschluesse if b.ergebnis == "bewilligt"]
        return bewilligt[-1].sitzung.datum + vetofrist() if bewilligt else None

    def budgets_der_anteile(self, anteile):
        return [self.stapel.budget(self.antrag, a.inhaber) for a in anteile]

    def budgets_sperren(self, liste):
        """Locked once for the whole file (Antragsstapel.kasse)."""

    def gebundene_anteile(self):
        return [
            (a, self.kasse.zahlen_der_bindung(a.bindung))
            for a in self._anteile
            if a.bindung is not None
        ]

    def anteil_speichern(self, anteil, felder):
        """Written by Antragsstapel.schreiben."""

    def speichern(self, felder=None):
        """Written by Antragsstapel.schreiben."""

    def protokollieren(self, **felder):
        wechsel = Statuswechsel(antrag=self.antrag, **felder)
        self.schritte.append(wechsel)
        return wechsel


class Antragsstapel:
    """The applications of one file: `anlegen`, `zustimmen`, `uebergang` as
    the services (same arguments, same refusals), then `schreiben`.

    `budget_schluessel`: (Budgetart, year, holder) of every budget the file
    may bind in; they are created if missing and locked now, for the whole
    file."""

    def __init__(self, *, durch, importiert_aus, nummern=(), budget_schluessel=()):
        import_pruefen(durch)
        self.durch, self.importiert_aus = durch, importiert_aus
        self.vorgaenge = []
        self._abgeschlossen = {}
        self._zaehler = {}
        self._vergeben = set(
            Antrag.objects.filter(nummer__in=list(set(nummern))).values_list(
                "nummer", flat=True
            )
        )
        self._positionen, self._ausnahme = {}, {}
        passend = [
            (art, jahr, inhaber)
            for art, jahr, inhaber in budget_schluessel
            if isinstance(inhaber, Sozialraum) == (art.ebene == "sozialraum")
        ]
        self._budgets = budgets.budgets_holen(passend)
        self.kasse = budgets.Buchungsstapel(list(self._budgets.values()))

    # --- lookups, once per file ------------------------------------------------------

    def abgeschlossen(self, jahr):
        if jahr not in self._abgeschlossen:
            self._abgeschlossen[jahr] = ist_abgeschlossen(jahr)
        return self._abgeschlossen[jahr]

    def _zaehler_laden(self, schluessel):
        """The counters of these (year, kreis), created if missing, locked."""
        fehlen = [k for k in schluessel if k not in self._zaehler]
        if not fehlen:
            return
        Nummernkreis.objects.bulk_create(
            [Nummernkreis(haushaltsjahr=j, kreis=k) for j, k in set(fehlen)],
            ignore_conflicts=True,
        )
        bedingung = Q()
        for jahr, kreis in set(fehlen):
            bedingung |= Q(haushaltsjahr=jahr, kreis=kreis)
        for zaehler in Nummernkreis.objects.select_for_update().filter(bedingung):
            zaehler.vorher = zaehler.letzte_nummer
            self._zaehler[zaehler.haushaltsjahr, zaehler.kreis] = zaehler

    def zaehler_vorladen(self, schluessel):
        """Load the counters of many (year, holder) in one go."""
        self._zaehler_laden([(int(j), _kreis(i)) for j, i in schluessel])

    def budget(self, antrag, inhaber):
        schluessel = (antrag.budgetart_id, antrag.haushaltsjahr, inhaber)
        if schluessel not in self._budgets:
            # a budget nobody expected (not among budget_schluessel): the rule
            # of budget_holen, then locked and counted like the others
            budget = budgets.budget_holen(
                budgetart=antrag.budgetart,
                haushaltsjahr=antrag.haushaltsjahr,
                inhaber=inhaber,
            )
            self.kasse.aufnehmen(budget)
            self._budgets[schluessel] = self.kasse.budgets[budget.pk]
        return self._budgets[schluessel]

    def naechste_position(self, sitzung):
        if sitzung.pk not in self._positionen:
            self._positionen[sitzung.pk] = sitzung.tagesordnung.count()
        self._positionen[sitzung.pk] += 1
        return self._positionen[sitzung.pk]

    def ausnahme_gruende(self, sitzung):
        if sitzung.pk not in self._ausnahme:
            self._ausnahme[sitzung.pk] = sitzung_braucht_ausnahme(sitzung)
        return self._ausnahme[sitzung.pk]

    # --- the services' steps, in memory ----------------------------------------------

    def _atomar(self, schritt):
        """A refused step leaves nothing behind (its bookings taken back)."""
        marke = self.kasse.marke()
        try:
            return schritt()
        except (ValidationError, PermissionDenied):
            self.kasse.zuruecknehmen(marke)
            raise

    def anlegen(self, *, budgetart, haushaltsjahr, inhaber, inhalt, datum, nummer):
        """As antrag_anlegen(importiert_aus=…): returns the Stapelvorgang."""
        antrag = neuer_antrag(
            budgetart=budgetart,
            haushaltsjahr=haushaltsjahr,
            inhaber=inhaber,
            durch=self.durch,
            nummer=nummer,
            importiert_aus=self.importiert_aus,
            abgeschlossen=self.abgeschlossen,
        )
        schluessel = (int(haushaltsjahr), _kreis(inhaber))
        self._zaehler_laden([schluessel])
        zaehler = self._zaehler[schluessel]
        vorher = zaehler.letzte_nummer
        try:
            antrag.nummer = (
                naechste_nummer(zaehler)
                if nummer is None
                else nummer_uebernehmen(
                    zaehler, nummer, vergeben=self._vergeben.__contains__
                )
            )
            anteile, drittmittel = inhalt_uebernehmen(antrag, inhalt)
            v = Stapelvorgang(
                self, antrag, inhalt.themenfelder, inhalt.ziele, anteile, drittmittel
            )
            v.protokollieren(
                **anlegen_protokoll(antrag, self.durch, datum, self.importiert_aus)
            )
        except (ValidationError, PermissionDenied):
            zaehler.letzte_nummer = vorher
            raise
        self._vergeben.add(antrag.nummer)
        self.vorgaenge.append(v)
        return v

    def zustimmen(self, v, *, datum):
        """As anteil_zustimmen(importiert_aus=…), if a partner's share waits."""
        if any(a.braucht_zustimmung for a in v.anteile()):
            zustimmung_eintragen(
                v,
                anteile=v.anteile(),
                durch=self.durch,
                datum=datum,
                importiert_aus=self.importiert_aus,
            )

    def uebergang(
        self,
        v,
        *,
        aktion,
        datum,
        kommentar="",
        betrag=None,
        sitzung=None,
        stimmen=(None, None, None),
    ):
        """As antrag_uebergang(importiert_aus=…)."""
        return self._atomar(
            lambda: schritt_gehen(
                v,
                aktion=aktion,
                durch=self.durch,
                kommentar=kommentar,
                betrag=betrag,
                sitzung=sitzung,
                datum=datum,
                stimmen=stimmen,
                importiert_aus=self.importiert_aus,
            )
        )

    # --- writing ---------------------------------------------------------------------

    def schreiben(self, vorgaenge=None):
        """Everything in bulk, each kind at once; then the ledger's invariants
        once. `vorgaenge`: those to write (default: all)."""
        vorgaenge = self.vorgaenge if vorgaenge is None else vorgaenge
        geaendert = [z for z in self._zaehler.values() if z.letzte_nummer != z.vorher]
        Nummernkreis.objects.bulk_update(geaendert, ["letzte_nummer"], batch_size=BATCH)
        antraege = [v.antrag for v in vorgaenge]
        einfuegen(antraege)
        _pks_nach_nummer(antraege)
        themen = Antrag.themenfelder.through
        ziele = Antrag.ziele.through
        einfuegen(
            [
                themen(antrag_id=v.antrag.pk, themenfeld_id=t.pk)
                for v in vorgaenge
                for t in dict.fromkeys(v.themenfelder)
            ]
        )
        einfuegen(
            [
                ziele(antrag_id=v.antrag.pk, ziel_id=z.pk)
                for v in vorgaenge
                for z in dict.fromkeys(v.ziele)
            ]
        )
        # the Bindungen with their pks: the shares and follow-ups point at them
        self.kasse.bindungen_schreiben(batch_size=BATCH)
        for liste in (
            [a for v in vorgaenge for a in v.anteile()],
            [d for v in vorgaenge for d in v.drittmittel()],
            [t for v in vorgaenge for t in v.tops],
            [b for v in vorgaenge for b in v.beschluesse],
            [w for v in vorgaenge for w in v.schritte],
        ):
            einfuegen(liste)
        self.kasse.folgen_schreiben(batch_size=BATCH)
        self.kasse.invarianten_pruefen()
        return antraege


def _pks_nach_nummer(antraege):
    """The applications' pks, read back by their unique numbers."""
    je_nummer = {a.nummer: a for a in antraege}
    nummern = list(je_nummer)
    for i in range(0, len(nummern), BATCH):
        for nummer, pk in Antrag.objects.filter(
            nummer__in=nummern[i : i + BATCH]
        ).values_list("nummer", "pk"):
            antrag = je_nummer[nummer]
            antrag.pk = pk
            antrag._state.adding = False
            antrag._state.db = "default"
