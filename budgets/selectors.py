"""Figures derived from bookings. Nothing here writes; nothing stores a balance."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum

from sozialraum.geld import runden

from .models import Buchung, Buchungsart, Budget, Jahresabschluss

NULL = Decimal("0.00")

# Each figure's bookings, net of their Stornos (a Storno counts against the
# kind of the booking it reverses).
_ARTEN = {
    "zuweisung": Buchungsart.ZUWEISUNG,
    "umbuchung_ein": Buchungsart.UMBUCHUNG_EIN,
    "umbuchung_aus": Buchungsart.UMBUCHUNG_AUS,
    "uebertrag_ein": Buchungsart.UEBERTRAG_EIN,
    "uebertrag_aus": Buchungsart.UEBERTRAG_AUS,
    "bindung": Buchungsart.BINDUNG,
    "aufloesung": Buchungsart.AUFLOESUNG,
    "auszahlung": Buchungsart.AUSZAHLUNG,
    "rueckforderung": Buchungsart.RUECKFORDERUNG,
    "verfall": Buchungsart.VERFALL,
}


@dataclass
class Zahlen:
    """The figures of one budget (or a sum of budgets), all in euros."""

    zuweisung: Decimal = NULL
    umbuchung_ein: Decimal = NULL
    umbuchung_aus: Decimal = NULL
    uebertrag_ein: Decimal = NULL
    uebertrag_aus: Decimal = NULL
    bindung: Decimal = NULL
    aufloesung: Decimal = NULL
    auszahlung: Decimal = NULL
    rueckforderung: Decimal = NULL
    verfall: Decimal = NULL

    # Nothing suppressed (GesperrteZahlen says otherwise): the overview's rows
    # ask, and a missing attribute costs a template several exceptions.
    gesperrt = False
    uebertrag_gesperrt = False

    def __post_init__(self):
        # Databases return sums with varying scale (SQLite: 0.0100000000):
        # always two places.
        for name in _FELDER:
            setattr(self, name, runden(getattr(self, name)))

    @classmethod
    def aus(cls, obj):
        return cls(**{name: getattr(obj, f"z_{name}") for name in _FELDER})

    def __add__(self, other):
        # Sums of figures with two places have two places: no rounding again
        # (an overview adds a few hundred of them per page).
        summe = object.__new__(Zahlen)
        for name in _FELDER:
            setattr(summe, name, getattr(self, name) + getattr(other, name))
        return summe

    # The columns of the overview (docs/fachkonzept.md §2).
    @property
    def ansatz(self):
        return self.zuweisung + self.umbuchung_ein - self.umbuchung_aus

    @property
    def uebertrag(self):
        return self.uebertrag_ein

    @property
    def gebunden(self):
        return self.bindung - self.aufloesung

    @property
    def ausgezahlt(self):
        return self.auszahlung - self.rueckforderung

    @property
    def offen(self):
        """Bound but not yet paid out."""
        return self.gebunden - self.ausgezahlt

    @property
    def verfallen(self):
        return self.verfall

    @property
    def verfuegbar(self):
        return (
            self.ansatz
            + self.uebertrag_ein
            - self.gebunden
            - self.verfall
            - self.uebertrag_aus
        )

    @property
    def uebertrag_ungebunden(self):
        """Carried-in money not (yet) bound: carried money is used first, and
        only by commitments (it is never moved to another budget)."""
        return max(NULL, min(self.uebertrag_ein - self.gebunden, self.verfuegbar))

    @property
    def eigen_verfuegbar(self):
        """Available money of the year itself (without what was carried in)."""
        return self.verfuegbar - self.uebertrag_ungebunden

    @property
    def mittel(self):
        """Ansatz plus carried-in money: what the year had to spend."""
        return self.ansatz + self.uebertrag_ein

    @property
    def quote_gebunden(self):
        """Share of the year's money that is bound, 0–100 (for the bar)."""
        if self.mittel <= 0:
            return 0
        return min(100, max(0, round(self.gebunden * 100 / self.mittel)))


# The stored figures' names, read once (dataclasses.fields per call is slow).
_FELDER = tuple(f.name for f in fields(Zahlen))


def _summen(buchungen, *je):
    """{(values of the fields `je`): {Buchungsart: net sum}} of `buchungen`: a
    Storno counts against the kind of the booking it reverses. Every figure of
    the ledger is read through here.

    Two grouped queries, not one: joined to the reversed booking for all rows,
    PostgreSQL hashes the whole ledger for the join (the Budgetübersicht grew
    2,8× with 50× the data); only the few Stornos need the join, along the
    primary key.
    """
    summen = defaultdict(lambda: defaultdict(Decimal))
    buchungen = buchungen.order_by()
    zeilen = (
        buchungen.exclude(art=Buchungsart.STORNO)
        .values_list(*je, "art")
        .annotate(summe=Sum("betrag"))
    )
    for *schluessel, art, summe in zeilen:
        summen[tuple(schluessel)][art] += summe
    stornos = (
        buchungen.filter(art=Buchungsart.STORNO)
        .values_list(*je, "storno_von__art")
        .annotate(summe=Sum("betrag"))
    )
    for *schluessel, storniert, summe in stornos:
        summen[tuple(schluessel)][storniert] -= summe
    return summen


def _zahlen(summen):
    """Zahlen of one entry of _summen ({Buchungsart: net sum})."""
    return Zahlen(
        **{name: summen[art] for name, art in _ARTEN.items() if art in summen}
    )


def mit_zahlen(budgets, stichtag=None):
    """The budgets (a queryset or list; returns a list) with every figure as an
    attribute z_<figure> (Zahlen.aus reads them), in one query besides the
    budgets; with a stichtag, the figures as they stood at the end of that day
    (bookings with a Buchungsdatum on or before it)."""
    budgets = list(budgets)
    summen = {}
    if budgets:
        buchungen = Buchung.objects.db_manager(budgets[0]._state.db).filter(
            budget_id__in=[b.pk for b in budgets]
        )
        if stichtag:
            buchungen = buchungen.filter(buchungsdatum__lte=stichtag)
        summen = _summen(buchungen, "budget_id")
    for budget in budgets:
        zahlen = _zahlen(summen.get((budget.pk,), {}))
        for f in fields(Zahlen):
            setattr(budget, f"z_{f.name}", getattr(zahlen, f.name))
    return budgets


def zahlen_von(budget):
    """Fresh figures of one budget (re-read from the bookings)."""
    return _zahlen(_summen(Buchung.objects.filter(budget=budget))[()])


def zahlen_der_bindung(bindung):
    """Figures of one Bindung and what followed it (releases, payments, Stornos)."""
    # First the ids (index on bindung), then one indexed OR: a condition on the
    # joined Storno row would scan the whole ledger.
    ids = [
        bindung.pk,
        *Buchung.objects.filter(bindung=bindung).values_list("pk", flat=True),
    ]
    return _zahlen(
        _summen(Buchung.objects.filter(Q(pk__in=ids) | Q(storno_von__in=ids)))[()]
    )


def zahlen_der_bindungen(bindung_ids):
    """{bindung id: Zahlen} for many Bindungen in one query: each Bindung, what
    followed it, and the Stornos of either (zahlen_der_bindung for a list)."""
    summen = {pk: defaultdict(Decimal) for pk in bindung_ids}
    if not summen:
        return {}
    ids = list(summen)
    zeilen = Buchung.objects.filter(
        Q(pk__in=ids)
        | Q(bindung_id__in=ids)
        | Q(storno_von_id__in=ids)
        | Q(storno_von__bindung_id__in=ids)
    ).values(
        "pk",
        "art",
        "betrag",
        "bindung_id",
        "storno_von_id",
        "storno_von__art",
        "storno_von__bindung_id",
    )
    for z in zeilen:
        if z["art"] == Buchungsart.STORNO:
            art, betrag = z["storno_von__art"], -z["betrag"]
            bindung = z["storno_von__bindung_id"] or z["storno_von_id"]
        else:
            art, betrag = z["art"], z["betrag"]
            bindung = z["bindung_id"] or z["pk"]
        if bindung in summen:
            summen[bindung][art] += betrag
    return {
        pk: Zahlen(**{name: s[art] for name, art in _ARTEN.items() if art in s})
        for pk, s in summen.items()
    }


def ist_abgeschlossen(jahr):
    """Closed years form a prefix: closing a year closes every earlier one too."""
    return Jahresabschluss.objects.filter(haushaltsjahr__gte=jahr).exists()


def budgets_des_jahres(jahr):
    return mit_zahlen(Budget.objects.im_jahr(jahr).mit_inhaber())


# --- The overview -----------------------------------------------------------------

KENNZAHLEN = {
    # figure on the page -> booking kinds behind it
    "ansatz": [
        Buchungsart.ZUWEISUNG,
        Buchungsart.UMBUCHUNG_EIN,
        Buchungsart.UMBUCHUNG_AUS,
    ],
    "uebertrag": [Buchungsart.UEBERTRAG_EIN],
    "gebunden": [Buchungsart.BINDUNG, Buchungsart.AUFLOESUNG],
    "ausgezahlt": [Buchungsart.AUSZAHLUNG, Buchungsart.RUECKFORDERUNG],
    "verfallen": [Buchungsart.VERFALL],
    "verfuegbar": list(Buchungsart.values),
}


KENNZAHL_TEXT = {
    "ansatz": "Ansatz (Zuweisungen und Umbuchungen)",
    "uebertrag": "Übertrag aus dem Vorjahr",
    "gebunden": "gebunden (Bindungen und Auflösungen)",
    "ausgezahlt": "ausgezahlt (Auszahlungen und Rückforderungen)",
    "verfallen": "verfallen",
    "verfuegbar": "alle Buchungen",
}


def buchungen_zur_kennzahl(qs, kennzahl):
    arten = KENNZAHLEN.get(kennzahl)
    if not arten:
        return qs
    return qs.filter(
        Q(art__in=arten) | Q(art=Buchungsart.STORNO, storno_von__art__in=arten)
    )


# --- The journal ------------------------------------------------------------------

JOURNAL_ZEILEN = 100


@dataclass
class Journalseite:
    """One page of the journal, found by its neighbour (keyset, not OFFSET):
    `nach`/`vor` are the cursors of the next and previous page, or ""."""

    buchungen: list
    nach: str = ""
    vor: str = ""

    def __iter__(self):
        return iter(self.buchungen)

    @property
    def has_other_pages(self):
        return bool(self.nach or self.vor)


def _cursor(buchung):
    return f"{buchung.buchungsdatum:%Y-%m-%d}_{buchung.pk}"


def _cursor_lesen(wert):
    """(date, pk) of a cursor, or None when it is missing or malformed."""
    datum, _, pk = (wert or "").partition("_")
    try:
        return datetime.date.fromisoformat(datum), int(pk)
    except ValueError:
        return None


def journalseite(buchungen, *, nach="", vor="", zeilen=JOURNAL_ZEILEN):
    """The page of `buchungen` (ordered by Buchungsdatum, then number) after the
    cursor `nach` or before the cursor `vor`; the first page without either.
    Two queries: the numbers of one row more than it shows (to know whether
    more follow), then those rows."""
    zurueck = _cursor_lesen(vor)
    vorwaerts = None if zurueck else _cursor_lesen(nach)
    if zurueck:
        datum, pk = zurueck
        qs = buchungen.filter(
            Q(buchungsdatum__lt=datum) | Q(buchungsdatum=datum, pk__lt=pk)
        ).order_by("-buchungsdatum", "-pk")
    else:
        qs = buchungen.order_by("buchungsdatum", "pk")
        if vorwaerts:
            datum, pk = vorwaerts
            qs = qs.filter(
                Q(buchungsdatum__gt=datum) | Q(buchungsdatum=datum, pk__gt=pk)
            )
    # First the numbers (a narrow sort), then the rows with their joins.
    ids = list(qs.values_list("pk", flat=True)[: zeilen + 1])
    weitere = len(ids) > zeilen
    zeilen_je_pk = buchungen.order_by().in_bulk(ids[:zeilen])
    liste = [zeilen_je_pk[pk] for pk in ids[:zeilen]]
    if zurueck:
        liste.reverse()
    seite = Journalseite(liste)
    if liste:
        # Bookings are append-only: what lay beyond a cursor is still there.
        if weitere or zurueck:
            seite.nach = _cursor(liste[-1])
        if (weitere and zurueck) or vorwaerts:
            seite.vor = _cursor(liste[0])
    return seite


@dataclass
class Zeile:
    budget: Budget
    zahlen: Zahlen


@dataclass
class SozialraumBlock:
    sozialraum: object
    zeilen: list
    summe: Zahlen


@dataclass
class RegionBlock:
    region: object
    zeilen: list  # budgets held by the Region
    sozialraeume: list
    summe: Zahlen


def budgetuebersicht(budgets):
    """Group budgets with their figures (mit_zahlen) by Region and Sozialraum,
    with sums.

    Returns (region blocks, sum per Budgetart [(Budgetart, Zahlen)], total).
    """
    regionen = {}
    je_art = {}
    gesamt = Zahlen()
    for budget in sorted(budgets, key=lambda b: (b.budgetart.reihenfolge, b.pk)):
        zahlen = Zahlen.aus(budget)
        zeile = Zeile(budget, zahlen)
        region = budget.region or budget.sozialraum.region
        block = regionen.setdefault(region.pk, RegionBlock(region, [], {}, Zahlen()))
        if budget.sozialraum_id:
            sr = block.sozialraeume.setdefault(
                budget.sozialraum_id, SozialraumBlock(budget.sozialraum, [], Zahlen())
            )
            sr.zeilen.append(zeile)
            sr.summe += zahlen
        else:
            block.zeilen.append(zeile)
        block.summe += zahlen
        art = je_art.setdefault(budget.budgetart.pk, [budget.budgetart, Zahlen()])
        art[1] += zahlen
        gesamt += zahlen
    bloecke = sorted(regionen.values(), key=lambda b: b.region.nummer)
    for block in bloecke:
        block.sozialraeume = sorted(
            block.sozialraeume.values(), key=lambda s: s.sozialraum.name
        )
    arten = sorted(je_art.values(), key=lambda a: (a[0].reihenfolge, a[0].name))
    return bloecke, [(a, z) for a, z in arten], gesamt


# --- The growth plan --------------------------------------------------------------


def ansatz_je_art_und_jahr(jahre=None):
    """{(budgetart_id, jahr): Ansatz} over all budgets (of the given years).

    First the budgets, then their bookings by budget number (index budget,
    art): joined to the budgets with a condition on their year, SQLite and
    PostgreSQL read the whole ledger (the growth plan of the start pages,
    180 ms on 516.655 bookings). A year whose budgets have bookings, but none
    of the Ansatz, gives 0 (not missing), as before."""
    budgets = Budget.objects.all()
    if jahre is not None:
        budgets = budgets.filter(haushaltsjahr__in=list(jahre))
    art_und_jahr = {
        pk: (art, jahr)
        for pk, art, jahr in budgets.values_list("pk", "budgetart_id", "haushaltsjahr")
    }
    summen = _summen(
        Buchung.objects.filter(budget_id__in=list(art_und_jahr)),
        "budget_id",
    )
    ansatz = {}
    for (budget_id,), s in summen.items():
        schluessel = art_und_jahr[budget_id]
        ansatz[schluessel] = ansatz.get(schluessel, NULL) + _zahlen(s).ansatz
    return ansatz


def planfaktoren(basisjahr, bis_jahr, raten):
    """{jahr: factor} relative to the base year; raten = [(ab_jahr, prozent)]."""
    raten = sorted(raten)
    faktor = Decimal(1)
    ergebnis = {basisjahr: faktor}
    for jahr in range(basisjahr + 1, bis_jahr + 1):
        gueltig = [p for ab, p in raten if ab <= jahr]
        if gueltig:
            faktor *= 1 + gueltig[-1] / 100
        ergebnis[jahr] = faktor
    return ergebnis


@dataclass
class Planzeile:
    name: str
    werte: list  # [(jahr, plan, ist)]


def planvergleich(*, basisjahr, jahre, budgetarten, raten):
    """Plan (base year's Ansatz × growth) beside the actual Ansatz, per Budgetart."""
    ist = ansatz_je_art_und_jahr({basisjahr, *jahre})
    faktoren = planfaktoren(basisjahr, max(jahre), raten)
    zeilen = []
    summe = {j: [NULL, NULL, False] for j in jahre}
    for art in budgetarten:
        basis = ist.get((art.pk, basisjahr), NULL)
        werte = []
        for jahr in jahre:
            plan = (basis * faktoren.get(jahr, Decimal(1))).quantize(Decimal("0.01"))
            tatsaechlich = ist.get((art.pk, jahr))
            werte.append((jahr, plan, tatsaechlich))
            summe[jahr][0] += plan
            if tatsaechlich is not None:
                summe[jahr][1] += tatsaechlich
                summe[jahr][2] = True
        zeilen.append(Planzeile(art.name, werte))
    gesamt = Planzeile(
        "Summe", [(j, s[0], s[1] if s[2] else None) for j, s in summe.items()]
    )
    return zeilen, gesamt


# --- Small sums of case-bound budgets ---------------------------------------------
#
# The figures of a fallbezogen budget (Regionalbudget 2) describe the cases in
# it. Outside FD 51 no figure may describe fewer than
# settings.HILFEN_MINDESTFALLZAHL cases (docs/fachkonzept.md §5). Cases are
# counted here, in the ledger, without knowing the app that books them: a case
# is a Bindung that still binds money, counted once per referenz (a Hilfe's number).


def mindestfallzahl():
    return int(getattr(settings, "HILFEN_MINDESTFALLZAHL", 3))


def fallzahlen(budget_ids, stichtag=None):
    """{budget id: cases} — distinct referenz (else the Bindung itself) of the
    Bindungen whose money is not released or reversed (as of the stichtag)."""
    buchungen = Buchung.objects.filter(budget_id__in=list(budget_ids)).filter(
        art__in=[Buchungsart.BINDUNG, Buchungsart.AUFLOESUNG, Buchungsart.STORNO]
    )
    if stichtag:
        buchungen = buchungen.filter(buchungsdatum__lte=stichtag)
    netto = {}
    kennung = {}
    for b in buchungen.values(
        "pk",
        "budget_id",
        "art",
        "betrag",
        "referenz",
        "bindung_id",
        "storno_von_id",
        "storno_von__art",
        "storno_von__bindung_id",
    ).order_by():
        if b["art"] == Buchungsart.BINDUNG:
            netto[b["pk"]] = netto.get(b["pk"], NULL) + b["betrag"]
            kennung[b["pk"]] = (b["budget_id"], b["referenz"] or f"#{b['pk']}")
        elif b["art"] == Buchungsart.AUFLOESUNG:
            netto[b["bindung_id"]] = netto.get(b["bindung_id"], NULL) - b["betrag"]
        elif b["storno_von__art"] == Buchungsart.BINDUNG:
            ziel = b["storno_von_id"]
            netto[ziel] = netto.get(ziel, NULL) - b["betrag"]
        elif b["storno_von__art"] == Buchungsart.AUFLOESUNG:
            ziel = b["storno_von__bindung_id"]
            netto[ziel] = netto.get(ziel, NULL) + b["betrag"]
    faelle = {pk: set() for pk in budget_ids}
    for pk, (budget_id, ref) in kennung.items():
        if netto.get(pk, NULL) > 0:
            faelle[budget_id].add(ref)
    return {pk: len(refs) for pk, refs in faelle.items()}


def fallzahlen_sperren(faelle, grenze, gruppen):
    """Which cells to suppress: [(cell, cases)] per group whose total is shown.

    Primary: cells with 1 to grenze-1 cases (0 cases describe nobody and stay
    visible). Secondary: while the suppressed cells of a group together hold
    fewer than `grenze` cases (the total minus the visible cells would reveal
    their sum), the visible cell with the fewest cases (>0) is suppressed too.
    Returns (suppressed cells, groups whose total must be suppressed as well:
    all its cells hidden and still fewer than `grenze` cases).
    """
    gesperrt = set()
    unsichere_gruppen = set()
    for gruppe, zellen in gruppen.items():
        primaer = {z for z in zellen if 0 < faelle[z] < grenze}
        if not primaer:
            continue
        summe = sum(faelle[z] for z in primaer)
        rest = sorted(
            (z for z in zellen if z not in primaer and faelle[z] > 0),
            key=lambda z: (faelle[z], str(z)),
        )
        while summe < grenze and rest:
            z = rest.pop(0)
            primaer.add(z)
            summe += faelle[z]
        if summe < grenze:
            unsichere_gruppen.add(gruppe)
        gesperrt |= primaer
    return gesperrt, unsichere_gruppen


@dataclass(frozen=True)
class Sperre:
    """The suppression of a year's case-bound budgets (the same for every viewer,
    so that two viewers' pages cannot be combined)."""

    budgets: frozenset  # ids of suppressed budgets
    faelle: dict  # budget id -> cases
    gruppen: dict  # Budgetart id -> frozenset of its suppressed budget ids
    unsicher: frozenset  # Budgetart ids whose Landkreis total is suppressed
    grenze: int

    def verbirgt(self, budget_ids):
        """Whether a sum over these budgets must be hidden: it holds some of a
        Budgetart's suppressed budgets but not all of them (then it would
        single out a part), or all of them while they hold too few cases."""
        ids = set(budget_ids)
        for art, gesperrt in self.gruppen.items():
            drin = ids & gesperrt
            if not drin:
                continue
            if drin != gesperrt or art in self.unsicher:
                return True
        return False


def kleine_summen(jahr, stichtag=None):
    """The Sperre for the case-bound budgets of a year (as of a stichtag)."""
    grenze = mindestfallzahl()
    budgets = list(
        Budget.objects.im_jahr(jahr)
        .filter(budgetart__fallbezogen=True)
        .values_list("pk", "budgetart_id")
    )
    faelle = fallzahlen([pk for pk, _ in budgets], stichtag)
    gruppen = {}
    for pk, art in budgets:
        gruppen.setdefault(art, []).append(pk)
    gesperrt, unsicher = fallzahlen_sperren(faelle, grenze, gruppen)
    return Sperre(
        budgets=frozenset(gesperrt),
        faelle=faelle,
        gruppen={
            art: frozenset(pk for pk in pks if pk in gesperrt)
            for art, pks in gruppen.items()
            if any(pk in gesperrt for pk in pks)
        },
        unsicher=frozenset(unsicher),
        grenze=grenze,
    )


# The bookings of a budget that carry its Übertrag or follow from it: in a
# budget under the AnreizSperre, their amounts are hidden like its figures.
UEBERTRAG_ARTEN = frozenset(
    {Buchungsart.UEBERTRAG_EIN, Buchungsart.UEBERTRAG_AUS, Buchungsart.VERFALL}
)


@dataclass(frozen=True)
class AnreizSperre:
    """Budgets of a year whose carried-in money stems from a suppressed
    case-bound budget: the incentive credits a share of a Regionalbudget 2's
    unspent rest to the Region's Regionalbudget 1 of the next year, and
    Ansatz minus twice that share is what the few cases cost. Such a budget's
    Übertrag, and what follows from it (verfügbar, verfallen, the bar), is
    suppressed as its source is — along a chain of carry-overs too."""

    quellen: dict  # budget id -> frozenset of (year, suppressed source id)
    sperren: dict  # year -> Sperre of that year

    @property
    def budgets(self):
        return frozenset(self.quellen)

    def verbirgt(self, budget_ids):
        """Whether a sum over these budgets would single out the incentive of
        some (not all) suppressed sources — the same rule as Sperre.verbirgt,
        applied to the sources behind the sum."""
        je_jahr = {}
        for pk in budget_ids:
            for jahr, quelle in self.quellen.get(pk, ()):
                je_jahr.setdefault(jahr, set()).add(quelle)
        return any(self.sperren[j].verbirgt(q) for j, q in je_jahr.items())


def anreiz_sperre(jahr, stichtag=None):
    """The AnreizSperre of a year (as of a stichtag): which budgets received,
    by Übertrag (ein), money of a suppressed case-bound budget, or of a budget
    that did so itself. Two queries plus one Sperre per source year."""
    links = Buchung.objects.filter(
        art=Buchungsart.UEBERTRAG_EIN, budget__haushaltsjahr__lte=jahr
    ).exclude(gegenbuchung__isnull=True)
    if stichtag:
        links = links.exclude(budget__haushaltsjahr=jahr, buchungsdatum__gt=stichtag)
    herkunft = {}  # target budget -> [(source budget, its year, fallbezogen)]
    for ziel, quelle, quelljahr, fallbezogen in links.values_list(
        "budget_id",
        "gegenbuchung__budget_id",
        "gegenbuchung__budget__haushaltsjahr",
        "gegenbuchung__budget__budgetart__fallbezogen",
    ).order_by():
        herkunft.setdefault(ziel, []).append((quelle, quelljahr, fallbezogen))
    sperren = {}
    gemerkt = {}

    def ursprung(pk):
        if pk not in gemerkt:
            gemerkt[pk] = frozenset()  # a cycle cannot occur (years rise)
            ergebnis = set()
            for quelle, quelljahr, fallbezogen in herkunft.get(pk, ()):
                if fallbezogen:
                    if quelljahr not in sperren:
                        sperren[quelljahr] = kleine_summen(quelljahr)
                    if quelle in sperren[quelljahr].budgets:
                        ergebnis.add((quelljahr, quelle))
                ergebnis |= ursprung(quelle)
            gemerkt[pk] = frozenset(ergebnis)
        return gemerkt[pk]

    ziele = Budget.objects.im_jahr(jahr).filter(pk__in=list(herkunft))
    quellen = {}
    for pk in ziele.values_list("pk", flat=True):
        if herkunft_pk := ursprung(pk):
            quellen[pk] = herkunft_pk
    return AnreizSperre(quellen=quellen, sperren=sperren)


class GesperrteZahlen:
    """What may be shown of figures that describe too few cases. Case figures
    suppressed (`gesperrt`): the money the year had (Ansatz, Übertrag) stays,
    nothing that follows from the cases. Übertrag suppressed (it holds the
    incentive of a suppressed Regionalbudget 2): Ansatz, gebunden and
    ausgezahlt stay, Übertrag and what follows from it go."""

    def __init__(self, zahlen, grenze, *, faelle=True, uebertrag=False):
        self.grenze = grenze
        self.gesperrt = faelle
        self.uebertrag_gesperrt = uebertrag
        self.ansatz = zahlen.ansatz
        self.uebertrag = None if uebertrag else zahlen.uebertrag
        for name in ("gebunden", "ausgezahlt", "offen"):
            setattr(self, name, None if faelle else getattr(zahlen, name))
        verborgen = faelle or uebertrag
        for name in (
            "verfuegbar",
            "verfallen",
            "uebertrag_aus",
            "quote_gebunden",
            "mittel",
        ):
            setattr(self, name, None if verborgen else getattr(zahlen, name))

    @classmethod
    def aus(cls, zahlen, grenze, **kwargs):
        return cls(zahlen, grenze, **kwargs)

    @property
    def hinweis(self):
        return f"weniger als {self.grenze} Fälle"


def kleine_summen_sperren(regionen, je_art, gesamt, *, jahr, stichtag=None):
    """Apply the Sperre to budgetuebersicht()'s result (in place; returns it).

    A suppressed budget shows Ansatz and Übertrag only. A sum over budgets is
    hidden as well when it would reveal suppressed figures (Sperre.verbirgt):
    a Region's or Sozialraum's sum holding a suppressed budget always, the
    Landkreis sums unless they hold all suppressed budgets with enough cases.
    The incentive of a suppressed Regionalbudget 2 follows the same rule in
    the budgets it was carried into (AnreizSperre): their Übertrag,
    verfügbar and verfallen are hidden, and so is every sum over them that
    would single it out.
    """
    sperre = kleine_summen(jahr, stichtag)
    anreiz = anreiz_sperre(jahr, stichtag)
    if not sperre.budgets and not anreiz.budgets:
        return regionen, je_art, gesamt

    def sperren(zahlen, ids):
        einzeln = len(ids) == 1
        faelle = sperre.verbirgt(ids) or (einzeln and ids[0] in sperre.budgets)
        uebertrag = anreiz.verbirgt(ids) or (einzeln and ids[0] in anreiz.budgets)
        if faelle or uebertrag:
            return GesperrteZahlen.aus(
                zahlen, sperre.grenze, faelle=faelle, uebertrag=uebertrag
            )
        return zahlen

    alle = []
    je_art_ids = {}
    for block in regionen:
        im_block = []
        for zeile in block.zeilen:
            im_block.append(zeile.budget.pk)
            zeile.zahlen = sperren(zeile.zahlen, [zeile.budget.pk])
        for sr in block.sozialraeume:
            ids = [z.budget.pk for z in sr.zeilen]
            for zeile in sr.zeilen:
                zeile.zahlen = sperren(zeile.zahlen, [zeile.budget.pk])
            sr.summe = sperren(sr.summe, ids)
            im_block += ids
        for zeile in block.zeilen + [z for sr in block.sozialraeume for z in sr.zeilen]:
            je_art_ids.setdefault(zeile.budget.budgetart_id, []).append(zeile.budget.pk)
        block.summe = sperren(block.summe, im_block)
        alle += im_block
    je_art = [(art, sperren(z, je_art_ids.get(art.pk, []))) for art, z in je_art]
    return regionen, je_art, sperren(gesamt, alle)
