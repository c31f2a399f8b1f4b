"""Kennzahlen (Quartalsmeldungen) as a file, the sixth kind: the columns of the
Kennzahlen export (austausch/kennzahlen.py, kennzahlen.selectors.exportzeilen)
plus „Begründung“. One row reports one quarter of one Büro; import through
`kennzahlen.services.meldung_uebernehmen` only (FD 51). The year rows of the
export (Quartal „Jahr“) and quarters „nicht gemeldet“ are sums and gaps, not
reports: the import passes over them."""

import re

import tablib
from django.core.exceptions import ValidationError

from kennzahlen import services as kennzahlen
from kennzahlen.models import Kennzahl, Quartalsmeldung
from kennzahlen.selectors import exportzeilen
from sozialraum.geld import JAHR_MAX, JAHR_MIN
from sozialraum.models import Sozialraum

from . import dateien
from .dateien import WertFehler
from .ressourcen import (
    Austausch,
    Spalte,
    Zeilenergebnis,
    _meldungen_mit_code,
    in_woertern,
    sozialraum_nach_kuerzel,
)

ZAHLSPALTEN = {str(k.label): k.value for k in Kennzahl}
NICHT_GEMELDET = "nicht gemeldet"
# refusals of the service that name no field: the column to fix
CODE_SPALTE = {
    "quartal": "Quartal",
    "quartal_nicht_zu_ende": "Quartal",
    "keine_berechtigung": "",
}
_STATUS = {
    **{str(label).lower(): wert for wert, label in Quartalsmeldung.Status.choices},
    **{wert: wert for wert in Quartalsmeldung.Status.values},
}


def _status_lesen(roh):
    text = dateien.text(roh).lower()
    if not text:
        return Quartalsmeldung.Status.GEMELDET
    if text == NICHT_GEMELDET:
        return NICHT_GEMELDET
    if text in _STATUS:
        return _STATUS[text]
    raise WertFehler(
        f"Unbekannter Status „{text[:40]}“ (möglich: gemeldet, geprüft und "
        "gesperrt, nicht gemeldet)."
    )


def _quartal_lesen(roh):
    if dateien.text(roh).lower() == "jahr":
        return "Jahr"
    return dateien.ganzzahl(roh, minimum=1, maximum=4, pflicht=True)


def _anzahl_lesen(roh):
    """A count: 0, 1234 or a number cell; no "1.000" (ambiguous), no "< 5"."""
    if isinstance(roh, int | float) and not isinstance(roh, bool) and roh < 0:
        raise WertFehler("Eine Anzahl kann nicht negativ sein.")
    if isinstance(roh, str) and re.fullmatch(r"\s*-\s*\d+\s*", roh):
        raise WertFehler("Eine Anzahl kann nicht negativ sein.")
    return dateien.ganzzahl(
        roh, minimum=0, maximum=kennzahlen.hoechstwert(), pflicht=True
    )


class KennzahlenRessource(Austausch):
    """Quartalsmeldungen: one row per Büro and quarter (the export's rows)."""

    art = "kennzahlen"
    titel = "Kennzahlen"
    jahr_feld = "jahr"
    spalten = [
        Spalte("Sozialraum", hinweis="Name, nur zur Orientierung"),
        Spalte("Kürzel", pflicht=True, hinweis="Kürzel des {raum_genitiv}, z. B. ADE"),
        Spalte("Region", hinweis="nur zur Orientierung"),
        Spalte("Jahr", pflicht=True),
        Spalte("Quartal", pflicht=True, hinweis="1 bis 4; „Jahr“: Summe, übergangen"),
        Spalte("Version", hinweis="nur zur Orientierung"),
        Spalte("Status", hinweis="gemeldet oder geprüft und gesperrt"),
        *(Spalte(name, hinweis="ganze Zahl ab 0") for name in ZAHLSPALTEN),
        Spalte("Begründung", hinweis="nur für die Korrektur gesperrter Zahlen"),
    ]
    feld_spalte = {
        **{wert: name for name, wert in ZAHLSPALTEN.items()},
        "begruendung": "Begründung",
    }

    class Meta:
        model = Quartalsmeldung

    def export(self, queryset=None, **kwargs):
        """The export's rows of every year with a report, exact (FD 51)."""
        if queryset is None:
            queryset = Quartalsmeldung.objects.all()
        jahre = sorted(set(queryset.values_list("jahr", flat=True)))
        daten = tablib.Dataset(headers=self.spaltennamen())
        alle = Sozialraum.objects.all()
        for jahr in jahre:
            _kopf, zeilen = in_woertern(
                *exportzeilen(jahr, sichtbar=alle, genau_alle=True)
            )
            for z in zeilen:
                daten.append([*z, ""])
        return daten

    def importieren(self, tabelle, *, durch, dateiname):
        ergebnisse, gesehen, geplant = [], {}, []
        for nr, zeile in self.zeilen(tabelle):
            e = Zeilenergebnis(zeile=nr)
            ergebnisse.append(e)
            w = lambda spalte, lesen, **kw: self.wert(e, zeile, spalte, lesen, **kw)  # noqa: B023, E731
            kuerzel = w("Kürzel", dateien.text, pflicht=True, max_laenge=20)
            jahr = w(
                "Jahr",
                dateien.ganzzahl,
                minimum=JAHR_MIN,
                maximum=JAHR_MAX,
                pflicht=True,
            )
            quartal = w("Quartal", _quartal_lesen)
            status = w("Status", _status_lesen)
            e.bezeichnung = f"{kuerzel or '?'} {quartal or '?'}. Quartal {jahr or '?'}"
            if quartal == "Jahr" or status == NICHT_GEMELDET:
                e.bezeichnung = f"{kuerzel or '?'} {jahr or '?'} {quartal}"
                e.aktion = "übergangen"
                continue
            sozialraum = None
            if kuerzel:
                try:
                    sozialraum = sozialraum_nach_kuerzel(kuerzel)
                except WertFehler as exc:
                    e.fehler_melden("Kürzel", str(exc))
            name = dateien.text(zeile.get("Sozialraum", ""))
            if sozialraum is not None and name and name != sozialraum.name:
                e.fehler_melden(
                    "Sozialraum",
                    f"„{name[:40]}“ passt nicht zum Kürzel {sozialraum.kuerzel} "
                    f"({sozialraum.name}).",
                )
            zahlen = {
                wert: w(name, _anzahl_lesen) for name, wert in ZAHLSPALTEN.items()
            }
            begruendung = w("Begründung", dateien.text)
            schluessel = (kuerzel and kuerzel.lower(), jahr, quartal)
            if kuerzel and schluessel in gesehen:
                e.fehler_melden(
                    "Quartal",
                    f"Dieses Quartal steht schon in Zeile {gesehen[schluessel]}.",
                )
            gesehen.setdefault(schluessel, nr)
            if not e.fehler:
                geplant.append(
                    (
                        e,
                        {
                            "sozialraum": sozialraum,
                            "jahr": jahr,
                            "quartal": quartal,
                            "zahlen": zahlen,
                            "sperren": status == Quartalsmeldung.Status.GESPERRT,
                            "begruendung": begruendung,
                        },
                    )
                )
        if any(e.fehler for e in ergebnisse):
            return ergebnisse
        # in the order of the quarters: a quarter's check reads the one before
        geplant.sort(
            key=lambda p: (p[1]["sozialraum"].pk, p[1]["jahr"], p[1]["quartal"])
        )
        for e, angaben in geplant:
            try:
                _meldung, e.aktion = kennzahlen.meldung_uebernehmen(
                    **angaben, durch=durch
                )
            except ValidationError as exc:
                for feld, text, code in _meldungen_mit_code(exc):
                    spalte = self.feld_spalte.get(feld) or CODE_SPALTE.get(code, "")
                    e.fehler_melden(spalte, text)
        return ergebnisse
