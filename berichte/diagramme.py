"""Horizontal bar charts drawn as SVG by the server, for the PDFs and the pages.

One chart model and one template (templates/berichte/_balkendiagramm.html):
a bar is a row of coloured segments with a label before it and a short text
after it. The colours are SVG attributes and the legend's swatches small SVGs,
so a page needs no inline style (the Content-Security-Policy allows none).
Widths are drawing units: floats are fine here, they never become money.
"""

from dataclasses import dataclass, field

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
class Diagramm:
    balken: list
    legende: list = field(default_factory=list)  # [(colour, text)]
    hinweis: str = ""

    breite = BESCHRIFTUNG + BALKEN_BREITE + 12

    @property
    def hoehe(self):
        return len(self.balken) * ZEILE + 1


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
