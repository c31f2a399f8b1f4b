"""Sozialraumkonzepte and their Ziele as a file: one row per Ziel.

A migration needs them before the applications (every application past
„Eingereicht“ names Ziele of a beschlossenes Konzept). Import goes through
`sozialraum.services` (new version and beschließen as the admin's actions; the
draft's texts and Ziele through konzept_entwurf_setzen; the admin shows the
Ziele only); a beschlossen version is frozen, so a file
can only repeat it (unverändert) or add the next version.
"""

from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from config.begriffe import begriffe
from sozialraum import services as sozialraum_services
from sozialraum.models import Sozialraumkonzept, Ziel

from . import dateien
from .dateien import WertFehler
from .ressourcen import (
    KENNUNG,
    Austausch,
    Spalte,
    Wortlaut,
    Zeilenergebnis,
    _meldungen_mit_code,
    beispiele_hier,
    sozialraum_nach_kuerzel,
)

# as Version: a Kennung like ADE-K1-Z40000 is a typo, not a Ziel
ZIEL_NUMMER_MAX = 999
# Konzept-level columns: given on the Konzept's first row; further rows repeat
# them or leave them empty.
KONZEPT_SPALTEN = ("Beschlossen am", "Zielgruppen", "Problemlagen")
# the column of a service refusal that names no field, by its code
CODE_SPALTE = {
    "datum_zukunft": "Beschlossen am",
    "datum_vor_vorgaenger": "Beschlossen am",
    "keine_ziele": "Kennung",
    "version_luecke": "Version",
    "entwurf_vorhanden": "Version",
}


def _sozialraum_lesen(roh):
    roh = dateien.text(roh).strip()
    if not roh:
        raise WertFehler(
            beispiele_hier(
                f"Bitte das Kürzel des {begriffe().raum_genitiv} angeben (z. B. ADE)."
            )
        )
    return sozialraum_nach_kuerzel(roh)


@dataclass
class _Konzept:
    """The rows of one (Sozialraum, Version) in the file."""

    sozialraum: object
    version: int
    zeilen: list = field(default_factory=list)  # [Zeilenergebnis]
    werte: dict = field(default_factory=dict)  # Konzept-level column -> value
    ziele: list = field(default_factory=list)  # [(nummer, titel, beschreibung)]


class KonzeptRessource(Austausch):
    """Sozialraumkonzepte: one row per Ziel (a Konzept without Ziele: one row
    with empty Kennung)."""

    art = "konzepte"
    titel = Wortlaut("{konzept}e")
    jahr_feld = None  # a Konzept has no Haushaltsjahr
    spalten = [
        Spalte("Sozialraum", pflicht=True, hinweis="Kürzel, z. B. ADE"),
        Spalte("Version", pflicht=True, hinweis="1, 2, … je {raum}"),
        Spalte(
            "Beschlossen am",
            hinweis="Datum des Beschlusses; leer: Entwurf",
        ),
        Spalte("Zielgruppen"),
        Spalte("Problemlagen"),
        Spalte("Kennung", hinweis="des Ziels: ADE-K1-Z2 ({raum}, Version, Nummer)"),
        Spalte("Ziel", hinweis="Titel des Ziels"),
        Spalte("Beschreibung", hinweis="des Ziels"),
    ]
    feld_spalte = {
        "zielgruppen": "Zielgruppen",
        "problemlagen": "Problemlagen",
        "beschlossen_am": "Beschlossen am",
        "titel": "Ziel",
        "beschreibung": "Beschreibung",
        "ziele": "Kennung",
        "nummer": "Kennung",
    }

    class Meta:
        model = Sozialraumkonzept

    # --- Export ---------------------------------------------------------------------

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Sozialraumkonzept.objects.all()
        konzepte = (
            queryset.select_related("sozialraum")
            .prefetch_related(
                Prefetch(
                    "ziele",
                    queryset=Ziel.objects.select_related(
                        "konzept__sozialraum"
                    ).order_by("nummer"),
                )
            )
            .order_by("sozialraum__kuerzel", "version")
        )
        daten = tablib.Dataset(headers=self.spaltennamen())
        for k in konzepte:
            kopf = [
                k.sozialraum.kuerzel,
                k.version,
                k.beschlossen_am if k.ist_beschlossen else None,
                k.zielgruppen,
                k.problemlagen,
            ]
            ziele = list(k.ziele.all())
            if not ziele:
                daten.append([*kopf, "", "", ""])
            for z in ziele:
                daten.append([*kopf, z.kennung, z.titel, z.beschreibung])
        return daten

    # --- Import ---------------------------------------------------------------------

    def importieren(self, tabelle, *, durch, dateiname):
        ergebnisse, konzepte, kennungen = [], {}, {}
        for nr, zeile in self.zeilen(tabelle):
            e = Zeilenergebnis(zeile=nr)
            ergebnisse.append(e)
            self._zeile_lesen(e, nr, zeile, konzepte, kennungen)
        if any(e.fehler for e in ergebnisse):
            return ergebnisse
        for k in sorted(konzepte.values(), key=lambda k: (k.sozialraum.pk, k.version)):
            self._konzept_schreiben(k)
        return ergebnisse

    def _zeile_lesen(self, e, nr, zeile, konzepte, kennungen):
        w = lambda spalte, lesen, **kw: self.wert(e, zeile, spalte, lesen, **kw)  # noqa: E731
        sozialraum = w("Sozialraum", _sozialraum_lesen)
        version = w("Version", dateien.ganzzahl, minimum=1, maximum=999, pflicht=True)
        werte = {
            "Beschlossen am": w("Beschlossen am", dateien.datum),
            "Zielgruppen": w("Zielgruppen", dateien.text),
            "Problemlagen": w("Problemlagen", dateien.text),
        }
        kennung = w("Kennung", dateien.text, max_laenge=40)
        titel = w("Ziel", dateien.text, max_laenge=200)
        beschreibung = w("Beschreibung", dateien.text)
        e.bezeichnung = kennung or (
            f"{sozialraum.kuerzel} Version {version}" if sozialraum and version else ""
        )
        nummer = None
        if kennung:
            treffer = KENNUNG.fullmatch(kennung)
            if treffer is None:
                e.fehler_melden(
                    "Kennung",
                    f"„{kennung}“ ist keine Kennung wie {beispiele_hier('ADE-K1-Z2')}.",
                )
            elif (
                sozialraum
                and version
                and (
                    treffer[1].lower() != sozialraum.kuerzel.lower()
                    or int(treffer[2]) != version
                )
            ):
                e.fehler_melden(
                    "Kennung",
                    f"Die Kennung „{kennung}“ passt nicht zu {begriffe().raum} "
                    f"{sozialraum.kuerzel} und Version {version} (erwartet: "
                    f"{sozialraum.kuerzel}-K{version}-Z…).",
                )
            elif not 1 <= int(treffer[3]) <= ZIEL_NUMMER_MAX:
                e.fehler_melden(
                    "Kennung",
                    f"Die Nummer des Ziels (nach „Z“) liegt zwischen 1 und "
                    f"{ZIEL_NUMMER_MAX}.",
                )
            else:
                nummer = int(treffer[3])
                # by its numbers: ade-K1-Z01 is ADE-K1-Z1
                schluessel = (treffer[1].lower(), int(treffer[2]), nummer)
                if schluessel in kennungen:
                    kuerzel = sozialraum.kuerzel if sozialraum else treffer[1]
                    e.fehler_melden(
                        "Kennung",
                        f"Das Ziel {kuerzel}-K{int(treffer[2])}-Z{nummer} steht "
                        f"schon in Zeile {kennungen[schluessel]}.",
                    )
                kennungen.setdefault(schluessel, nr)
            if not titel:
                e.fehler_melden("Ziel", "Bitte den Titel des Ziels angeben.")
        elif titel or beschreibung:
            e.fehler_melden(
                "Kennung",
                beispiele_hier("Ein Ziel braucht seine Kennung (z. B. ADE-K1-Z2)."),
            )
        if sozialraum is None or version is None:
            return
        k = konzepte.setdefault(
            (sozialraum.pk, version), _Konzept(sozialraum=sozialraum, version=version)
        )
        if not k.zeilen:
            k.werte = werte
        else:
            for spalte in KONZEPT_SPALTEN:
                if werte[spalte] in (None, "") or werte[spalte] == k.werte[spalte]:
                    continue
                if k.werte[spalte] in (None, ""):
                    text = (
                        "Die Angaben des Konzepts gehören in seine erste Zeile "
                        f"(Zeile {k.zeilen[0].zeile}); weitere Zeilen wiederholen "
                        "sie oder lassen sie leer."
                    )
                else:
                    text = (
                        f"Zeile {k.zeilen[0].zeile} gibt für dasselbe Konzept einen "
                        "anderen Wert an (in weiteren Zeilen gleich oder leer lassen)."
                    )
                e.fehler_melden(spalte, text)
        k.zeilen.append(e)
        if nummer is not None and not e.fehler:
            k.ziele.append((nummer, titel, beschreibung))

    def _konzept_schreiben(self, k):
        erste = k.zeilen[0]
        beschlossen_am = k.werte["Beschlossen am"]
        texte = {
            "zielgruppen": k.werte["Zielgruppen"] or "",
            "problemlagen": k.werte["Problemlagen"] or "",
        }
        ziele = sorted(k.ziele)
        konzept = k.sozialraum.konzepte.filter(version=k.version).first()
        try:
            with transaction.atomic():
                aktion = self._schreiben(k, konzept, texte, ziele, beschlossen_am)
        except ValidationError as exc:
            for feld, text, code in _meldungen_mit_code(exc):
                spalte = self.feld_spalte.get(feld) or CODE_SPALTE.get(code, "")
                erste.fehler_melden(spalte, text)
            return
        for e in k.zeilen:
            e.aktion = aktion

    def _schreiben(self, k, konzept, texte, ziele, beschlossen_am):
        name = f"Version {k.version} von {k.sozialraum.kuerzel}"
        if konzept is not None and konzept.ist_beschlossen:
            bisher = (
                konzept.beschlossen_am,
                konzept.zielgruppen,
                konzept.problemlagen,
                [(z.nummer, z.titel, z.beschreibung) for z in konzept.ziele.all()],
            )
            if bisher == (beschlossen_am, *texte.values(), ziele):
                return "unverändert"
            raise ValidationError(
                {
                    "beschlossen_am" if beschlossen_am != bisher[0] else "ziele": (
                        f"{name} ist am {konzept.beschlossen_am:%d.%m.%Y} beschlossen "
                        "und unveränderlich; die Datei weicht davon ab. Eine Änderung "
                        "ist eine neue Version (eine neue Nummer in „Version“)."
                    )
                }
            )
        aktion = "geändert"
        if konzept is None:
            letzte = k.sozialraum.konzepte.order_by("-version").first()
            naechste = letzte.version + 1 if letzte else 1
            if k.version != naechste:
                raise ValidationError(
                    f"{name}: die nächste Version von {k.sozialraum.kuerzel} ist "
                    f"{naechste} (Versionen der Reihe nach, ältere zuerst).",
                    code="version_luecke",
                )
            konzept = sozialraum_services.konzept_neue_version(sozialraum=k.sozialraum)
            aktion = "neu"
        elif not beschlossen_am and (
            konzept.zielgruppen,
            konzept.problemlagen,
            [(z.nummer, z.titel, z.beschreibung) for z in konzept.ziele.all()],
        ) == (*texte.values(), ziele):
            return "unverändert"
        konzept = sozialraum_services.konzept_entwurf_setzen(
            konzept=konzept, ziele=ziele, **texte
        )
        if beschlossen_am:
            sozialraum_services.konzept_beschliessen(
                konzept=konzept, beschlossen_am=beschlossen_am
            )
        return aktion
