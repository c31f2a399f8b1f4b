"""The path of an application as data (docs/fachkonzept.md §3).

One row per (action, from-state): where it leads, who may take it, and what the
action needs. `services.antrag_uebergang` is the only code that moves an
application along this table; guards that look at more than the state (the
Sitzung, the budget, the concept parts) live there, next to the effects.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Status

S = Status


class Aktion(models.TextChoices):
    ANLEGEN = "anlegen", _("Angelegt")
    # Not a change of state: a partner's consent to its share, kept in the history.
    ANTEIL_ZUSTIMMEN = "anteil_zustimmen", _("Anteil zugestimmt")
    EINREICHEN = "einreichen", _("Einreichen")
    RUECKFRAGE = "rueckfrage", _("Rückfrage stellen")
    PRUEFEN = "pruefen", _("Als konform prüfen")
    AUF_TAGESORDNUNG = "auf_tagesordnung", _("Auf die Tagesordnung setzen")
    VON_TAGESORDNUNG = "von_tagesordnung", _("Von der Tagesordnung nehmen")
    BEWILLIGEN = "bewilligen", _("Bewilligen")
    ABLEHNEN = "ablehnen", _("Ablehnen")
    ZURUECKSTELLEN = "zurueckstellen", _("Zurückstellen")
    VETO = "veto", _("Veto einlegen")
    AUSZAHLEN = "auszahlen", _("Auszahlung buchen")
    NACHWEIS_EINREICHEN = "nachweis_einreichen", _("Verwendungsnachweis einreichen")
    ABSCHLIESSEN = "abschliessen", _("Nachweis prüfen und abschließen")
    ZURUECKZIEHEN = "zurueckziehen", _("Zurückziehen")


# Who may act: the office of the deciding committee (the Sozialraumleitung for
# a Sozialkonferenz, the Geschäftsstelle for a Regionales Gremium) or FD 51.
BUERO = "buero"
FD51 = "fd51"


@dataclass(frozen=True)
class Uebergang:
    aktion: Aktion
    von: Status
    nach: Status
    wer: frozenset
    kommentar_pflicht: bool = False


def _zeilen(aktion, von, nach, wer, **kwargs):
    return [Uebergang(aktion, v, nach, frozenset(wer), **kwargs) for v in von]


A = Aktion
UEBERGAENGE = [
    *_zeilen(A.EINREICHEN, [S.ENTWURF, S.RUECKFRAGE], S.EINGEREICHT, {BUERO}),
    *_zeilen(
        A.RUECKFRAGE, [S.EINGEREICHT], S.RUECKFRAGE, {FD51}, kommentar_pflicht=True
    ),
    *_zeilen(A.PRUEFEN, [S.EINGEREICHT], S.GEPRUEFT, {FD51}),
    *_zeilen(
        A.AUF_TAGESORDNUNG,
        [S.GEPRUEFT, S.ZURUECKGESTELLT],
        S.ZUR_BERATUNG,
        {BUERO, FD51},
    ),
    *_zeilen(A.VON_TAGESORDNUNG, [S.ZUR_BERATUNG], S.GEPRUEFT, {BUERO, FD51}),
    *_zeilen(A.BEWILLIGEN, [S.ZUR_BERATUNG], S.BEWILLIGT, {BUERO}),
    *_zeilen(A.ABLEHNEN, [S.ZUR_BERATUNG], S.ABGELEHNT, {BUERO}),
    *_zeilen(A.ZURUECKSTELLEN, [S.ZUR_BERATUNG], S.ZURUECKGESTELLT, {BUERO}),
    *_zeilen(A.VETO, [S.BEWILLIGT], S.VETO, {FD51}, kommentar_pflicht=True),
    *_zeilen(A.AUSZAHLEN, [S.BEWILLIGT, S.IN_AUSZAHLUNG], S.IN_AUSZAHLUNG, {FD51}),
    # Paying after the proof of use (reimbursement) keeps the state.
    *_zeilen(A.AUSZAHLEN, [S.NACHWEIS], S.NACHWEIS, {FD51}),
    *_zeilen(
        A.NACHWEIS_EINREICHEN, [S.BEWILLIGT, S.IN_AUSZAHLUNG], S.NACHWEIS, {BUERO}
    ),
    *_zeilen(A.ABSCHLIESSEN, [S.NACHWEIS], S.ABGESCHLOSSEN, {FD51}),
    # Until the first payment (docs/fachkonzept.md §3); IN_AUSZAHLUNG is not in
    # the list.
    *_zeilen(
        A.ZURUECKZIEHEN,
        [
            S.ENTWURF,
            S.EINGEREICHT,
            S.RUECKFRAGE,
            S.GEPRUEFT,
            S.ZUR_BERATUNG,
            S.ZURUECKGESTELLT,
        ],
        S.ZURUECKGEZOGEN,
        {BUERO, FD51},
    ),
    # After the decision only the applicant's side withdraws; FD 51's way to
    # undo a decision is the veto, with its reason and period.
    *_zeilen(A.ZURUECKZIEHEN, [S.BEWILLIGT], S.ZURUECKGEZOGEN, {BUERO}),
]

TABELLE = {(u.aktion, u.von): u for u in UEBERGAENGE}

# Decisions of a committee: need a Sitzung on whose agenda the application is.
BESCHLUSS_AKTIONEN = {
    A.BEWILLIGEN: "bewilligt",
    A.ABLEHNEN: "abgelehnt",
    A.ZURUECKSTELLEN: "zurueckgestellt",
}


def uebergang(aktion, status):
    return TABELLE.get((aktion, status))


def aktionen_aus(status):
    return [u for u in UEBERGAENGE if u.von == status]
