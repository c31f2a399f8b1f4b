"""Figures derived from bookings. Nothing here writes; nothing stores a balance."""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from sozialraum.geld import runden

from .models import Buchung, Buchungsart, Budget, Jahresabschluss

NULL = Decimal("0.00")
_BETRAG = DecimalField(max_digits=14, decimal_places=2)

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


def _netto(art, prefix="", stichtag=None):
    """Net sum of one booking kind; with a stichtag only bookings effective on
    or before that day (their Buchungsdatum) count."""
    bis = Q(**{f"{prefix}buchungsdatum__lte": stichtag}) if stichtag else Q()
    return Coalesce(
        Sum(
            Case(
                When(bis, **{f"{prefix}art": art}, then=F(f"{prefix}betrag")),
                When(
                    bis,
                    **{
                        f"{prefix}art": Buchungsart.STORNO,
                        f"{prefix}storno_von__art": art,
                    },
                    then=-F(f"{prefix}betrag"),
                ),
                default=Value(NULL),
                output_field=_BETRAG,
            )
        ),
        Value(NULL),
        output_field=_BETRAG,
    )


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

    def __post_init__(self):
        # Databases return sums with varying scale (SQLite: 0.0100000000):
        # always two places.
        for f in fields(self):
            setattr(self, f.name, runden(getattr(self, f.name)))

    @classmethod
    def aus(cls, obj):
        return cls(**{f.name: getattr(obj, f"z_{f.name}") for f in fields(cls)})

    def __add__(self, other):
        return Zahlen(
            **{
                f.name: getattr(self, f.name) + getattr(other, f.name)
                for f in fields(self)
            }
        )

    # The columns of the overview (DOMAIN.md §2).
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


def mit_zahlen(budgets, stichtag=None):
    """Annotate a Budget queryset with every figure, in a single query; with a
    stichtag, the figures as they stood at the end of that day."""
    return budgets.annotate(
        **{
            f"z_{name}": _netto(art, "buchungen__", stichtag)
            for name, art in _ARTEN.items()
        }
    )


def zahlen_von(budget):
    """Fresh figures of one budget (re-read from the bookings)."""
    werte = Buchung.objects.filter(budget=budget).aggregate(
        **{f"z_{name}": _netto(art) for name, art in _ARTEN.items()}
    )
    return Zahlen(**{name: werte[f"z_{name}"] for name in _ARTEN})


def zahlen_der_bindung(bindung):
    """Figures of one Bindung and what followed it (releases, payments, Stornos)."""
    # First the ids (index on bindung), then one indexed OR: a condition on the
    # joined Storno row would scan the whole ledger.
    ids = [
        bindung.pk,
        *Buchung.objects.filter(bindung=bindung).values_list("pk", flat=True),
    ]
    werte = Buchung.objects.filter(Q(pk__in=ids) | Q(storno_von__in=ids)).aggregate(
        **{f"z_{name}": _netto(art) for name, art in _ARTEN.items()}
    )
    return Zahlen(**{name: werte[f"z_{name}"] for name in _ARTEN})


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
    """Group annotated budgets (mit_zahlen) by Region and Sozialraum, with sums.

    Returns (region blocks, sum per Budgetart [(Budgetart, Zahlen)], total).
    """
    regionen = {}
    je_art = {}
    gesamt = Zahlen()
    for budget in budgets.order_by("budgetart__reihenfolge", "pk"):
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


def ansatz_je_art_und_jahr():
    """{(budgetart_id, jahr): Ansatz} over all budgets, in one query."""
    werte = (
        Buchung.objects.values("budget__budgetart", "budget__haushaltsjahr")
        .order_by()
        .annotate(
            z_zuweisung=_netto(Buchungsart.ZUWEISUNG),
            z_ein=_netto(Buchungsart.UMBUCHUNG_EIN),
            z_aus=_netto(Buchungsart.UMBUCHUNG_AUS),
        )
    )
    return {
        (w["budget__budgetart"], w["budget__haushaltsjahr"]): w["z_zuweisung"]
        + w["z_ein"]
        - w["z_aus"]
        for w in werte
    }


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
    ist = ansatz_je_art_und_jahr()
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
