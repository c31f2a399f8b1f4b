"""Horizontal bar charts drawn as SVG by the server, for the PDFs and the pages.

One chart model and one template (templates/berichte/_balkendiagramm.html):
a bar is a row of coloured segments with a label before it and a short text
after it. The colours are SVG attributes and the legend's swatches small SVGs,
so a page needs no inline style (the Content-Security-Policy allows none).
Widths are drawing units: floats are fine here, they never become money.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

# Chart geometry in SVG user units: labels, then bars, then the text.
BESCHRIFTUNG = 55
BALKEN_BREITE = 100
ZEILE = 7

AUSGEZAHLT = "#1d4f91"
OFFEN = "#6f9fd8"
VERFUEGBAR = "#d5e3f3"
PLAN = "#8a8f9e"
IST = "#1d4f91"

GELD_LEGENDE = [
    (AUSGEZAHLT, "ausgezahlt"),
    (OFFEN, "gebunden, noch nicht ausgezahlt"),
    (VERFUEGBAR, "verfügbar"),
]
GELD_HINWEIS = "Prozent: gebundener Anteil der Mittel des Jahres"
PLAN_LEGENDE = [(PLAN, "Plan"), (IST, "Ansatz (Ist)")]
PLAN_HINWEIS = "Prozent: Ansatz im Verhältnis zum Plan"


@dataclass
class Segment:
    x: float
    breite: float
    farbe: str


@dataclass
class Balken:
    name: str
    segmente: list
    text: str  # after the bar, e.g. "42 %"
    zeile: int
    x_text: float = 0.0

    @property
    def y(self):
        return self.zeile * ZEILE + 1

    @property
    def y_text(self):
        return self.zeile * ZEILE + 4.4


@dataclass
class Marke:
    """A vertical line across the bars (e.g. a target's 100 %), its text below."""

    x: float
    text: str


@dataclass
class Diagramm:
    balken: list
    legende: list = field(default_factory=list)  # [(colour, text)]
    hinweis: str = ""
    marke: Marke | None = None
    # the figures as text for the SVG's <desc> (what the bars do not say)
    beschreibung: str = ""

    breite = BESCHRIFTUNG + BALKEN_BREITE + 12

    @property
    def hoehe_balken(self):
        return len(self.balken) * ZEILE + 1

    @property
    def hoehe(self):
        return self.hoehe_balken + (4 if self.marke else 0)

    @property
    def y_marke(self):
        return self.hoehe_balken + 3


def _balken(name, teile, text, zeile):
    """teile: [(width, colour)] laid end to end after the label."""
    x = BESCHRIFTUNG
    segmente = []
    for breite, farbe in teile:
        segmente.append(Segment(round(x, 2), breite, farbe))
        x += breite
    return Balken(name, segmente, text, zeile, x_text=round(x + 1.5, 2))


def _skala(groesste):
    def breite(betrag):
        if betrag is None or groesste <= 0:
            return 0.0
        return round(float(max(betrag, 0) * BALKEN_BREITE / groesste), 2)

    return breite


def geld_diagramm(zeilen):
    """[(name, Zahlen)] -> bars (paid, bound and open, available) scaled to
    the largest year's money, the bound share after each.

    Suppressed figures (too few cases of case-bound money, or an Übertrag
    holding such money's incentive) get no bar: its length would show what
    the table hides."""
    zeilen = [(name, z) for name, z in zeilen if getattr(z, "mittel", None) is not None]
    breite = _skala(max((z.mittel for _, z in zeilen), default=0))
    return Diagramm(
        [
            _balken(
                name,
                [
                    (breite(z.ausgezahlt), AUSGEZAHLT),
                    (breite(z.offen), OFFEN),
                    (breite(z.verfuegbar), VERFUEGBAR),
                ],
                f"{z.quote_gebunden} %",
                i,
            )
            for i, (name, z) in enumerate(zeilen)
        ],
        GELD_LEGENDE,
        GELD_HINWEIS,
    )


def plan_diagramm(werte):
    """[(jahr, plan, ist)] (a Planzeile's values) -> a Plan bar and, where
    there is one, an Ansatz bar per year, scaled to the largest amount."""
    breite = _skala(
        max((b for _, p, i in werte for b in (p, i) if b is not None), default=0)
    )
    balken = []
    for jahr, plan, ist in werte:
        balken.append(_balken(f"{jahr} Plan", [(breite(plan), PLAN)], "", len(balken)))
        if ist is not None:
            anteil = f"{round(ist * 100 / plan)} %" if plan > 0 else ""
            balken.append(
                _balken(f"{jahr} Ansatz", [(breite(ist), IST)], anteil, len(balken))
            )
    return Diagramm(balken, PLAN_LEGENDE, PLAN_HINWEIS)


FAELLE = "#1d4f91"
BERATUNG = "#6f9fd8"


def kennzahl_diagramm(zeilen, groesste, farbe, hinweis=""):
    """[(name, Zahl)] (kennzahlen.selectors.Zahl) -> one bar per Büro scaled
    to `groesste` (the largest figure of the Landkreis, so that the Regions'
    charts compare), the figure after each.

    A hidden count ("< 5") gets no bar and its text only, a Büro that has not
    reported neither: the bar's length would show what the table hides."""
    breite = _skala(groesste)
    return Diagramm(
        [
            _balken(
                name,
                [(breite(zahl.wert), farbe)] if zahl.wert is not None else [],
                str(zahl),
                i,
            )
            for i, (name, zahl) in enumerate(zeilen)
        ],
        [],
        hinweis,
    )


ZIEL = "#1d4f91"
# The target chart's scale reaches at least 100 % and at most this: a longer
# bar ends at the edge (its text says the share), so that one runaway target
# does not shrink all others to nothing.
ZIEL_HOECHSTENS = 200


def _zahl(wert):
    """As the tables show an int (thousands grouped)."""
    return number_format(wert, force_grouping=True)


def ziel_diagramm(zeilen, groesste=100):
    """[(Büro name, Fortschritt)] (kennzahlen.selectors; Kennzahl targets
    only) -> one bar per target, labelled "Büro, Ziel n" after the table's
    row, of its share of the target value (Stand ÷ Zielwert, the table's
    "erreicht"), scaled from 0 to `groesste` % (the largest share of the
    Landkreis, so that the Regions' charts compare; at least 100, at most
    ZIEL_HOECHSTENS), with a mark at 100 %. The <desc> names each target
    with its figures.

    A hidden Stand ("< 5" or "•") has no share and gets no bar, only a text
    that says so, a Büro that has not reported neither: the bar's length
    would show what the table hides."""
    groesste = min(max(groesste, 100), ZIEL_HOECHSTENS)
    breite = _skala(groesste)
    balken, beschreibung, gekuerzt = [], [], False
    for i, (name, f) in enumerate(zeilen):
        if f.prozent is not None:
            gekuerzt = gekuerzt or f.prozent > groesste
            teile = [(breite(min(f.prozent, groesste)), ZIEL)]
            text = f"{_zahl(f.prozent)} %"
            genau = f"{text} (Stand {f.stand} von {_zahl(f.vorgabe.zielwert)})"
        elif f.stand is not None and f.stand.verborgen:
            teile, text = [], f"Stand {f.stand}: ohne Balken"
            genau = f"Stand {f.stand}, nicht ausgewiesen, ohne Balken"
        else:
            teile, text = [], "noch nicht gemeldet"
            genau = "noch nicht gemeldet, ohne Balken"
        v = f.vorgabe
        balken.append(_balken(f"{name}, Ziel {v.nummer}", teile, text, i))
        beschreibung.append(
            f"{name}, {v.nummer}. {v.titel} ({v.kennzahl_name}): {genau}"
        )
    hinweis = (
        "Zielerreichung: Stand bisher im Verhältnis zum Zielwert in Prozent; "
        "Strich: Zielwert (100 %)"
    )
    if gekuerzt:
        hinweis += f"; Balken über {groesste} % enden am Rand"
    return Diagramm(
        balken,
        [],
        hinweis,
        Marke(round(BESCHRIFTUNG + breite(100), 2), "100 %"),
        "; ".join(beschreibung) + ".",
    )
