"""What happens to the demo applications, year by year, and when the
Sitzungen meet. Data only; `demo.antraege` runs it through the services."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from antraege.workflow import Aktion

D = datetime.date
# The running year: its dates are counted back from today (see _Kalender).
LAUFEND = 0

# How far an application gets before its Sitzung decides (or never does).
ENTWURF, EINGEREICHT, RUECKFRAGE, GEPRUEFT, TAGESORDNUNG = (
    "entwurf",
    "eingereicht",
    "rueckfrage",
    "geprueft",
    "tagesordnung",
)


@dataclass(frozen=True)
class Schritt:
    """A step after the decision: `tage` after the previous step."""

    aktion: str
    tage: int
    betrag: str | None = None
    kommentar: str = ""


@dataclass(frozen=True)
class Fall:
    jahr: int  # LAUFEND: the running year
    inhaber: str  # Sozialraum kuerzel, or "R2" for Region 2
    projekt: str
    beantragt: str
    sitzung: int = 1  # the Sitzung it heads for
    bis: str = ""  # without decisions: how far it gets
    rueckfrage: str = ""  # FD 51 asks; answered by resubmitting, unless bis=RUECKFRAGE
    beschluesse: tuple = ()  # (sitzung, ergebnis, betrag, bemerkung)
    danach: tuple = ()  # Schritt, ...
    eigenanteil: str = "0.00"
    drittmittel: tuple = ()  # (quelle, betrag, stand)
    als_eigenanteil: bool = False
    partner: tuple = ()  # (kuerzel, betrag)


def bewilligt(jahr, inhaber, projekt, beantragt, betrag=None, *, sitzung=1, **kw):
    return Fall(
        jahr,
        inhaber,
        projekt,
        beantragt,
        sitzung=sitzung,
        beschluesse=((sitzung, "bewilligt", betrag or beantragt, ""),),
        **kw,
    )


def beschlossen(jahr, inhaber, projekt, beantragt, ergebnis, bemerkung, **kw):
    sitzung = kw.pop("sitzung", 1)
    return Fall(
        jahr,
        inhaber,
        projekt,
        beantragt,
        sitzung=sitzung,
        beschluesse=((sitzung, ergebnis, None, bemerkung),),
        **kw,
    )


def abgewickelt(*zahlungen, verwendet=None, anerkannt=None, nachweis_tage=120):
    """Payments (days after the previous step, amount), the proof of use and its
    acceptance: anerkannt below what was paid is paid back (Rückforderung),
    below what was approved the rest is released."""
    schritte = [Schritt(Aktion.AUSZAHLEN, tage, betrag) for tage, betrag in zahlungen]
    gezahlt = sum((Decimal(b) for _, b in zahlungen), Decimal(0))
    verwendet = verwendet or str(gezahlt)
    schritte.append(Schritt(Aktion.NACHWEIS_EINREICHEN, nachweis_tage, verwendet))
    schritte.append(Schritt(Aktion.ABSCHLIESSEN, 21, anerkannt or verwendet))
    return tuple(schritte)


JUGENDPFLEGE = (
    "Veto: Der Zuschuss dient der allgemeinen Jugendpflege des Vereins; dafür ist "
    "die Gemeinde zuständig, nicht das Budget II (Förderrichtlinie, Nr. 2). Die "
    "Bindung wird aufgelöst."
)
OHNE_KONZEPT = (
    "Das Sozialraumkonzept ist noch nicht beschlossen; ohne seine Ziele kann der "
    "Antrag nicht als konform geprüft werden. Bitte nach dem Beschluss des "
    "Konzepts erneut einreichen."
)
GIESSKANNE = (
    "Eine Aufteilung nach Zahl der Institutionen ist eine Verteilung mit der "
    "Gießkanne und nicht förderfähig. Bitte ein konkretes Vorhaben mit Ziel, "
    "Zielgruppe und Maßnahme beschreiben."
)

B, A, Z = "bewilligt", "abgelehnt", "zurueckgestellt"
S = Schritt

FAELLE = [
    # --- 2012: the first year; five Konzepte, the others still drafts -----------
    bewilligt(
        2012,
        "ADE",
        "familienfruehstueck",
        "3200.00",
        eigenanteil="400.00",
        danach=abgewickelt((14, "1600.00"), (60, "1600.00"), nachweis_tage=90),
    ),
    bewilligt(
        2012,
        "ADE",
        "herbstferien",
        "2500.00",
        danach=abgewickelt((10, "2500.00"), verwendet="2340.50", nachweis_tage=45),
    ),
    bewilligt(
        2012,
        "ADE",
        "zeltlager",
        "1800.00",
        sitzung=2,
        danach=(S(Aktion.VETO, 6, kommentar=JUGENDPFLEGE),),
    ),
    bewilligt(
        2012,
        "DAH",
        "elterncafe",
        "4800.00",
        eigenanteil="600.00",
        danach=abgewickelt((14, "2400.00"), (90, "2400.00"), nachweis_tage=60),
    ),
    bewilligt(
        2012,
        "DAH",
        "erste_hilfe",
        "1500.00",
        sitzung=2,
        danach=abgewickelt((10, "1500.00"), nachweis_tage=100),
    ),
    bewilligt(
        2012,
        "SCH",
        "jugendtreff",
        "6000.00",
        "5500.00",
        danach=abgewickelt((14, "2750.00"), (60, "2750.00")),
    ),
    beschlossen(
        2012,
        "SCH",
        "moebel",
        "2900.00",
        A,
        "Ausstattung des Jugendraums ist Aufgabe der Gemeinde.",
        sitzung=2,
    ),
    bewilligt(
        2012,
        "OST",
        "sprachcafe",
        "1500.00",
        danach=abgewickelt((7, "1500.00"), nachweis_tage=150),
    ),
    bewilligt(
        2012,
        "OST",
        "lesepaten",
        "2200.00",
        sitzung=2,
        # Fewer volunteers than planned: paid and accepted 1.950 €; the rest is
        # released after the 2012 closing and lapses.
        danach=abgewickelt((14, "1950.00"), nachweis_tage=150),
    ),
    bewilligt(
        2012,
        "AME",
        "mobile_jugendarbeit",
        "3000.00",
        sitzung=2,
        danach=abgewickelt((14, "1500.00"), (60, "1500.00"), nachweis_tage=150),
    ),
    Fall(
        2012,
        "NEU",
        "ferienfreizeit",
        "2400.00",
        bis=RUECKFRAGE,
        rueckfrage=OHNE_KONZEPT,
        danach=(S(Aktion.ZURUECKZIEHEN, 120, kommentar="Neuer Antrag 2013."),),
    ),
    Fall(
        2012,
        "GEL",
        "familienzentrum",
        "5000.00",
        bis=RUECKFRAGE,
        rueckfrage=OHNE_KONZEPT,
        danach=(S(Aktion.ZURUECKZIEHEN, 90, kommentar="Neuer Antrag 2013."),),
    ),
    Fall(
        2012,
        "ILM",
        "pauschale",
        "10000.00",
        bis=RUECKFRAGE,
        rueckfrage=GIESSKANNE,
        danach=(
            S(
                Aktion.ZURUECKZIEHEN,
                60,
                kommentar="Die Sozialkonferenz arbeitet zuerst am Konzept.",
            ),
        ),
    ),
    Fall(
        2012,
        "BAR",
        "sprachcafe",
        "1800.00",
        bis=ENTWURF,
        danach=(S(Aktion.ZURUECKZIEHEN, 30, kommentar="Kursleitung nicht gefunden."),),
    ),
    # --- 2013: more Konzepte, the carry-over from 2012 -----------------------
    bewilligt(
        2013,
        "ADE",
        "kita_schule",
        "5000.00",
        eigenanteil="500.00",
        danach=abgewickelt((14, "2500.00"), (90, "2500.00"), nachweis_tage=150),
    ),
    bewilligt(
        2013,
        "ADE",
        "hausaufgaben",
        "3600.00",
        danach=abgewickelt(
            (14, "1800.00"), (120, "1800.00"), verwendet="3412.80", nachweis_tage=150
        ),
    ),
    Fall(
        2013,
        "ADE",
        "zirkus",
        "2800.00",
        beschluesse=(
            (1, Z, None, "Kostenplan bitte konkretisieren; Beratung im Juni."),
            (2, B, "2600.00", ""),
        ),
        danach=abgewickelt((60, "2600.00"), nachweis_tage=60),
    ),
    bewilligt(
        2013,
        "ADE",
        "eltern_talk",
        "1200.00",
        sitzung=2,
        danach=(
            S(
                Aktion.ZURUECKZIEHEN,
                40,
                kommentar="Die Moderatorin ist ausgefallen; das Projekt findet "
                "nicht statt.",
            ),
        ),
    ),
    bewilligt(
        2013,
        "DAH",
        "senioren",
        "4400.00",
        danach=abgewickelt((14, "2200.00"), (120, "2200.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "DAH",
        "krabbelgruppe",
        "1650.00",
        danach=abgewickelt((21, "1650.00"), nachweis_tage=200),
    ),
    bewilligt(
        2013,
        "DAH",
        "busfahrt",
        "2400.00",
        sitzung=2,
        danach=(S(Aktion.VETO, 9, kommentar=JUGENDPFLEGE),),
    ),
    bewilligt(
        2013,
        "DAH",
        "medien",
        "1980.00",
        sitzung=2,
        danach=abgewickelt((14, "1980.00"), nachweis_tage=150),
    ),
    bewilligt(
        2013,
        "SCH",
        "skatepark",
        "4000.00",
        danach=abgewickelt((14, "4000.00"), nachweis_tage=180),
    ),
    bewilligt(
        2013,
        "SCH",
        "fahrradwerkstatt",
        "2750.50",
        eigenanteil="250.00",
        danach=abgewickelt((14, "2750.50"), nachweis_tage=200),
    ),
    bewilligt(
        2013,
        "SCH",
        "maedchentreff",
        "2300.00",
        sitzung=2,
        danach=abgewickelt((14, "1150.00"), (90, "1150.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "SCH",
        "theater",
        "2500.00",
        sitzung=3,
        drittmittel=(("Stiftung Niedersachsen (Demo)", "6000.00", "zugesagt"),),
        als_eigenanteil=True,
        danach=abgewickelt((14, "2500.00"), nachweis_tage=200),
    ),
    bewilligt(
        2013,
        "OST",
        "ferienfreizeit",
        "4200.00",
        eigenanteil="800.00",
        danach=abgewickelt((30, "4200.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "OST",
        "streitschlichter",
        "1900.00",
        danach=abgewickelt((14, "1900.00"), nachweis_tage=150),
    ),
    bewilligt(
        2013,
        "OST",
        "senioren",
        "1500.00",
        danach=abgewickelt((21, "750.00"), (90, "750.00"), nachweis_tage=100),
    ),
    bewilligt(
        2013,
        "OST",
        "kochprojekt",
        "2350.00",
        sitzung=2,
        danach=abgewickelt((14, "2350.00"), nachweis_tage=120),
    ),
    beschlossen(
        2013,
        "OST",
        "musikanlage",
        "2100.00",
        A,
        "Kein Bezug zu den Zielen des Sozialraumkonzepts.",
        sitzung=2,
    ),
    bewilligt(
        2013,
        "AME",
        "mobile_jugendarbeit",
        "7300.00",
        danach=abgewickelt((14, "3650.00"), (120, "3650.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "AME",
        "mittagstisch",
        "3650.00",
        sitzung=2,
        danach=abgewickelt((14, "1825.00"), (60, "1825.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "GEL",
        "familienzentrum",
        "5120.00",
        eigenanteil="1000.00",
        danach=abgewickelt((14, "2560.00"), (120, "2560.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "GEL",
        "leseclub",
        "2300.00",
        sitzung=2,
        danach=abgewickelt((14, "2300.00"), nachweis_tage=150),
    ),
    bewilligt(
        2013,
        "BLE",
        "bauwagen",
        "5400.00",
        eigenanteil="600.00",
        danach=abgewickelt((14, "5400.00"), nachweis_tage=150),
    ),
    bewilligt(
        2013,
        "BLE",
        "schwimmkurs",
        "1950.00",
        sitzung=2,
        danach=abgewickelt((30, "1950.00"), nachweis_tage=150),
    ),
    bewilligt(
        2013,
        "NEU",
        "ferienfreizeit",
        "4300.00",
        danach=abgewickelt((14, "4300.00"), nachweis_tage=120),
    ),
    bewilligt(
        2013,
        "NEU",
        "waldtage",
        "2180.50",
        sitzung=2,
        danach=abgewickelt((14, "2180.50"), nachweis_tage=150),
    ),
    Fall(
        2013,
        "ILM",
        "jugendforum",
        "1500.00",
        bis=RUECKFRAGE,
        rueckfrage=OHNE_KONZEPT,
        danach=(
            S(
                Aktion.ZURUECKZIEHEN,
                45,
                kommentar="Wird nach Beschluss des Konzepts neu gestellt.",
            ),
        ),
    ),
    Fall(
        2013,
        "BAR",
        "sprachcafe",
        "1800.00",
        bis=RUECKFRAGE,
        rueckfrage=OHNE_KONZEPT,
        danach=(
            S(
                Aktion.ZURUECKZIEHEN,
                60,
                kommentar="Wird nach Beschluss des Konzepts neu gestellt.",
            ),
        ),
    ),
    # --- The running year: every state -----------------------------------------
    # Adendorf (the demo lead's own): a Sitzung a few days ago, one coming up.
    bewilligt(
        LAUFEND,
        "ADE",
        "ferienfreizeit",
        "3400.00",
        eigenanteil="600.00",
    ),
    bewilligt(
        LAUFEND,
        "ADE",
        "vereinsausflug",
        "1600.00",
        danach=(S(Aktion.VETO, 3, kommentar=JUGENDPFLEGE),),
    ),
    bewilligt(
        LAUFEND,
        "ADE",
        "elterncafe",
        "2400.00",
        eigenanteil="300.00",
        danach=(S(Aktion.AUSZAHLEN, 2, "1200.00"),),
    ),
    beschlossen(
        LAUFEND,
        "ADE",
        "moebel",
        "2000.00",
        A,
        "Ausstattung ist Aufgabe der Gemeinde; kein Bezug zum Konzept.",
    ),
    beschlossen(
        LAUFEND,
        "ADE",
        "zirkus",
        "2900.00",
        Z,
        "Der Kostenplan wird konkretisiert; Beratung in der nächsten Sitzung.",
    ),
    Fall(LAUFEND, "ADE", "hausaufgaben", "3000.00", sitzung=2, bis=TAGESORDNUNG),
    # A cooperation: Scharnebeck's office agrees to its share, then it is submitted.
    Fall(
        LAUFEND,
        "ADE",
        "skatepark",
        "4200.00",
        sitzung=2,
        bis=EINGEREICHT,
        eigenanteil="500.00",
        partner=(("SCH", "1500.00"),),
    ),
    Fall(LAUFEND, "ADE", "leseclub", "900.00", sitzung=2, bis=GEPRUEFT),
    Fall(LAUFEND, "ADE", "medien", "1250.00", sitzung=2, bis=EINGEREICHT),
    Fall(LAUFEND, "ADE", "vaeter", "1500.00", sitzung=2, bis=ENTWURF),
    Fall(
        LAUFEND,
        "ADE",
        "pauschale",
        "5000.00",
        sitzung=2,
        bis=RUECKFRAGE,
        rueckfrage=GIESSKANNE,
    ),
    Fall(
        LAUFEND,
        "ADE",
        "bewerbung",
        "1100.00",
        sitzung=2,
        bis=EINGEREICHT,
        danach=(
            S(
                Aktion.ZURUECKZIEHEN,
                5,
                kommentar="Die Arbeitsagentur finanziert das Training.",
            ),
        ),
    ),
    # The others: a Sitzung some weeks ago, one coming up.
    bewilligt(
        LAUFEND,
        "DAH",
        "gesundheitstag",
        "1450.00",
        eigenanteil="150.00",
        danach=(
            S(Aktion.AUSZAHLEN, 7, "1450.00"),
            S(Aktion.NACHWEIS_EINREICHEN, 16, "1398.20"),
        ),
    ),
    bewilligt(
        LAUFEND,
        "DAH",
        "senioren",
        "4100.00",
        danach=(S(Aktion.AUSZAHLEN, 10, "2050.00"),),
    ),
    Fall(LAUFEND, "DAH", "mittagstisch", "2300.00", sitzung=2, bis=TAGESORDNUNG),
    bewilligt(LAUFEND, "OST", "sprachcafe", "1800.00"),
    Fall(LAUFEND, "OST", "streitschlichter", "1500.00", sitzung=2, bis=TAGESORDNUNG),
    bewilligt(
        LAUFEND,
        "SCH",
        "fahrradwerkstatt",
        "2100.00",
        danach=abgewickelt((7, "2100.00"), nachweis_tage=14),
    ),
    Fall(LAUFEND, "SCH", "mobile_jugendarbeit", "6500.00", sitzung=2, bis=GEPRUEFT),
    Fall(LAUFEND, "AME", "krabbelgruppe", "1700.00", sitzung=2, bis=EINGEREICHT),
    bewilligt(
        LAUFEND,
        "AME",
        "digitale_senioren",
        "1300.00",
        danach=(
            S(
                Aktion.ZURUECKZIEHEN,
                10,
                kommentar="Der Kursraum steht nicht mehr zur Verfügung; das "
                "Projekt ruht.",
            ),
        ),
    ),
    bewilligt(
        LAUFEND,
        "GEL",
        "familienfruehstueck",
        "2600.00",
        danach=(S(Aktion.AUSZAHLEN, 14, "1300.00"),),
    ),
    Fall(LAUFEND, "BLE", "jugendforum", "1900.00", sitzung=2, bis=TAGESORDNUNG),
    Fall(LAUFEND, "NEU", "schwimmkurs", "2400.00", sitzung=2, bis=GEPRUEFT),
    Fall(
        LAUFEND,
        "ILM",
        "jugendforum",
        "2000.00",
        sitzung=2,
        bis=RUECKFRAGE,
        rueckfrage=OHNE_KONZEPT,
    ),
    Fall(LAUFEND, "BAR", "nachbarschaftshilfe", "2500.00", sitzung=2, bis=ENTWURF),
    # Regionalbudget 1, decided by the Regionales Gremium of Region 2.
    bewilligt(
        LAUFEND,
        "R2",
        "familienberatung_region",
        "18000.00",
        "16500.00",
        eigenanteil="2000.00",
    ),
]


# --- When: the Sitzungen of each year ---------------------------------------------

SITZUNGEN = {
    2012: {
        "ADE": (D(2012, 9, 12), D(2012, 11, 28)),
        "DAH": (D(2012, 9, 25), D(2012, 12, 4)),
        "SCH": (D(2012, 10, 9), D(2012, 11, 27)),
        "OST": (D(2012, 10, 2), D(2012, 11, 20)),
        "AME": (D(2012, 10, 23), D(2012, 12, 11)),
        "NEU": (D(2012, 9, 18), D(2012, 11, 13)),
        "BLE": (D(2012, 9, 27), D(2012, 11, 22)),
        "GEL": (D(2012, 10, 4), D(2012, 12, 6)),
        "ILM": (D(2012, 10, 11), D(2012, 12, 13)),
        "BAR": (D(2012, 10, 17), D(2012, 11, 29)),
    },
    2013: {
        "ADE": (D(2013, 3, 12), D(2013, 6, 11)),
        "DAH": (D(2013, 3, 19), D(2013, 6, 18)),
        # A third budget session, allowed by FD 51 (AUSNAHME).
        "SCH": (D(2013, 3, 14), D(2013, 6, 20), D(2013, 11, 12)),
        "OST": (D(2013, 4, 9), D(2013, 9, 10)),
        "AME": (D(2013, 4, 23), D(2013, 9, 17)),
        "NEU": (D(2013, 6, 5), D(2013, 9, 12)),
        "BLE": (D(2013, 5, 15), D(2013, 9, 18)),
        "GEL": (D(2013, 4, 17), D(2013, 9, 4)),
        "ILM": (D(2013, 3, 21), D(2013, 9, 19)),
        "BAR": (D(2013, 4, 10), D(2013, 9, 11)),
    },
}
AUSNAHME = (
    2013,
    "SCH",
    3,
    "Die Stiftung hat ihre Förderung des Theaterprojekts im Oktober zugesagt; "
    "der Eigenanteil muss noch 2013 gebunden werden. FD 51 lässt eine dritte "
    "Budgetsitzung zu.",
)
