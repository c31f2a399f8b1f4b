"""Applications in any state, built only through the services (the real path)."""

import datetime
from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from budgets import services as budgets
from budgets.models import Budgetart
from sozialraum.models import Sozialraumkonzept
from sozialraum.tests.factories import KonzeptFactory, ZielFactory

from ..models import Antrag, Status, Themenfeld
from ..services import Inhalt, antrag_anlegen, antrag_uebergang, sitzung_anlegen
from ..workflow import Aktion

# The running year and today: within the veto period, the year not closed.
SITZUNGSTAG = timezone.localdate()
JAHR = SITZUNGSTAG.year


def ziel_fuer(sozialraum):
    """A Ziel of a beschlossen Konzept of the Sozialraum (created if missing)."""
    konzept = sozialraum.konzepte.filter(status="beschlossen").first()
    if konzept is None:
        konzept = KonzeptFactory(
            sozialraum=sozialraum,
            version=sozialraum.konzepte.count() + 1,
            status=Sozialraumkonzept.Status.BESCHLOSSEN,
            beschlossen_am=datetime.date(JAHR - 1, 6, 1),
        )
    return konzept.ziele.first() or ZielFactory(konzept=konzept, nummer=1)


def inhalt(sozialraum=None, **abweichend):
    """A complete application text; the financing plan adds up."""
    basis = Inhalt(
        antragsteller="Sportverein Adendorf e. V.",
        titel="Ferienprogramm für Grundschulkinder",
        ansprechperson="Erika Muster",
        kontakt_email="erika@example.org",
        kontakt_telefon="04131 12345",
        zielgruppe="Kinder von 6 bis 10 Jahren",
        beginn=datetime.date(JAHR, 3, 1),
        ende=datetime.date(JAHR, 10, 31),
        ausgangslage="Im Ort fehlen Ferienangebote.",
        zielsetzung="Kinder erleben gemeinsame Ferienwochen.",
        massnahme="Zwei Ferienwochen mit Betreuung.",
        gesamtkosten=Decimal("3000.00"),
        beantragt=Decimal("2000.00"),
        eigenanteil=Decimal("1000.00"),
        themenfelder=tuple(Themenfeld.objects.filter(name="Kinder- und Jugendhilfe")),
        ziele=(ziel_fuer(sozialraum),) if sozialraum is not None else (),
    )
    return replace(basis, **abweichend)


def budgets_fuellen(jahr=JAHR, code="projektmittel", gesamt="100000.00"):
    """The Landkreis' 100.000 € split per head: 10.000,00 € per Sozialraum."""
    budgets.zuweisen(
        budgetart=Budgetart.objects.get(code=code),
        haushaltsjahr=jahr,
        gesamtbetrag=gesamt,
    )


def entwurf(welt, *, sozialraum=None, durch=None, **abweichend):
    sozialraum = sozialraum or welt.a
    durch = durch or (welt.leitung_a if sozialraum == welt.a else welt.leitung_b)
    return antrag_anlegen(
        budgetart=Budgetart.objects.get(code="projektmittel"),
        haushaltsjahr=JAHR,
        inhaber=sozialraum,
        inhalt=inhalt(sozialraum, **abweichend),
        durch=durch,
    )


def sitzung_fuer(welt, *, sozialraum=None, datum=SITZUNGSTAG, **kwargs):
    sozialraum = sozialraum or welt.a
    leitung = welt.leitung_a if sozialraum == welt.a else welt.leitung_b
    kwargs.setdefault("landkreis_vertreten", True)
    return sitzung_anlegen(
        gremium=sozialraum.sozialkonferenz, datum=datum, durch=leitung, **kwargs
    )


# The shortest path to each state: (action, actor, extra arguments).
PFAD = {
    Status.ENTWURF: [],
    Status.EINGEREICHT: [(Aktion.EINREICHEN, "leitung", {})],
    Status.RUECKFRAGE: [
        (Aktion.EINREICHEN, "leitung", {}),
        (Aktion.RUECKFRAGE, "fd51", {"kommentar": "Bitte Kosten erläutern."}),
    ],
    Status.GEPRUEFT: [
        (Aktion.EINREICHEN, "leitung", {}),
        (Aktion.PRUEFEN, "fd51", {}),
    ],
}
PFAD[Status.ZUR_BERATUNG] = [
    *PFAD[Status.GEPRUEFT],
    (Aktion.AUF_TAGESORDNUNG, "leitung", {"sitzung": True}),
]
PFAD[Status.BEWILLIGT] = [
    *PFAD[Status.ZUR_BERATUNG],
    (Aktion.BEWILLIGEN, "leitung", {"sitzung": True, "betrag": Decimal("1500.00")}),
]
PFAD[Status.ABGELEHNT] = [
    *PFAD[Status.ZUR_BERATUNG],
    (Aktion.ABLEHNEN, "leitung", {"sitzung": True}),
]
PFAD[Status.ZURUECKGESTELLT] = [
    *PFAD[Status.ZUR_BERATUNG],
    (Aktion.ZURUECKSTELLEN, "leitung", {"sitzung": True}),
]
PFAD[Status.VETO] = [
    *PFAD[Status.BEWILLIGT],
    (Aktion.VETO, "fd51", {"kommentar": "Reine Jugendpflege."}),
]
PFAD[Status.IN_AUSZAHLUNG] = [
    *PFAD[Status.BEWILLIGT],
    (Aktion.AUSZAHLEN, "fd51", {"betrag": Decimal("500.00")}),
]
PFAD[Status.NACHWEIS] = [
    *PFAD[Status.IN_AUSZAHLUNG],
    (Aktion.NACHWEIS_EINREICHEN, "leitung", {"betrag": Decimal("1200.00")}),
]
PFAD[Status.ABGESCHLOSSEN] = [
    *PFAD[Status.NACHWEIS],
    (Aktion.AUSZAHLEN, "fd51", {"betrag": Decimal("700.00")}),
    (Aktion.ABSCHLIESSEN, "fd51", {"betrag": Decimal("1200.00")}),
]
PFAD[Status.ZURUECKGEZOGEN] = [(Aktion.ZURUECKZIEHEN, "leitung", {})]


def antrag_im_status(welt, status, *, sitzung=None, budget=True):
    """An application of Sozialraum A in `status`, taken there step by step.

    With `budget`, A's Projektmittel hold 10.000,00 €. Returns (antrag, sitzung).
    """
    if budget and not getattr(welt, "_budgets_gefuellt", False):
        budgets_fuellen()
        welt._budgets_gefuellt = True
    antrag = entwurf(welt)
    for aktion, wer, extra in PFAD[status]:
        extra = dict(extra)
        if extra.pop("sitzung", False):
            sitzung = sitzung or sitzung_fuer(welt)
            extra["sitzung"] = sitzung
        antrag_uebergang(
            antrag=antrag,
            aktion=aktion,
            durch=welt.leitung_a if wer == "leitung" else welt.fd51,
            **extra,
        )
    antrag = Antrag.objects.get(pk=antrag.pk)
    assert antrag.status == status, (antrag.status, status)  # noqa: S101
    return antrag, sitzung
