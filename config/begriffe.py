"""The words that differ between authorities, read from the Grunddaten file.

One installation serves one authority (docs/betrieb.md, "Zwei Behörden auf
einem Server"). What the Landkreis Lüneburg calls a Sozialraum, the Hansestadt
Lüneburg calls a Stadtteil; its checking office is Bereich 51, not Fachdienst
51; it has no Regionen. Pages, PDFs, mails and exports take these words from
`begriffe()`, never from code; templates get them as `begriffe` (context
processor `sozialraum.context_processors.installation`), model labels and
choices as lazy strings (`begriff`). It lives in config, below every app,
because konten, betrieb and regionen need the words too.

The file is `settings.GRUNDDATEN`; it is read once per process and path.
"""

import json
from dataclasses import MISSING, asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy


@dataclass(frozen=True)
class Begriffe:
    # the authority
    behoerde: str  # "Landkreis Lüneburg"
    behoerde_genitiv: str  # "des Landkreises Lüneburg"
    behoerde_kurz: str  # "Landkreis" (in "Summe Landkreis")
    behoerde_in: str  # "im Landkreis Lüneburg" / "in der Hansestadt Lüneburg"
    jugendamt: str  # the office in the header: "Landkreis Lüneburg – Fachdienst 51"
    produkt: str  # the application's name: "Sozialraum-Budget"
    # the checking office and its role
    pruefstelle: str  # "Fachdienst 51"
    pruefstelle_kurz: str  # "FD 51"
    # a space, its office, its lead, its committee, its concept
    raum: str  # "Sozialraum"
    raeume: str  # "Sozialräume"
    raum_genitiv: str  # "Sozialraums"
    buero: str  # "Sozialraumbüro"
    bueros: str  # "Sozialraumbüros"
    leitung: str  # "Sozialraumleitung"
    konferenz: str  # "Sozialkonferenz"
    konferenzen: str  # "Sozialkonferenzen"
    konzept: str  # "Sozialraumkonzept"
    # the political committee
    ausschuss: str  # "Jugendhilfeausschuss"
    ausschuss_kurz: str  # "JHA"
    # a group of spaces; empty strings when the authority has no such level
    gruppe: str = ""  # "Region"
    gruppen: str = ""  # "Regionen"
    gruppen_gremium: str = ""  # "Regionales Gremium"
    geschaeftsstelle: str = ""  # "Geschäftsstelle Regionales Gremium"

    @property
    def mit_gruppen(self):
        return bool(self.gruppe)

    # The authority with its article. The file names it without one
    # (behoerde_kurz) and in the genitive (behoerde_genitiv); the nominative's
    # article follows from the genitive's: "der …" is feminine, "des …"
    # masculine (a neuter authority would need a word of its own here).
    @property
    def behoerde_artikel(self):
        """ "der" (Landkreis) / "die" (Hansestadt)."""
        return "die" if self.behoerde_genitiv.startswith("der ") else "der"

    @property
    def die_behoerde(self):
        """ "der Landkreis" / "die Hansestadt"."""
        return f"{self.behoerde_artikel} {self.behoerde_kurz}"

    @property
    def den_behoerde(self):
        """ "den Landkreis" / "die Hansestadt" (accusative)."""
        artikel = "den" if self.behoerde_artikel == "der" else self.behoerde_artikel
        return f"{artikel} {self.behoerde_kurz}"

    @property
    def Die_behoerde(self):  # noqa: N802 (the capitalised form at a sentence's start)
        return self.die_behoerde[:1].upper() + self.die_behoerde[1:]

    @property
    def der_behoerde(self):
        """The short genitive: "des Landkreises" / "der Hansestadt" (the
        file's genitive without the name that behoerde adds to behoerde_kurz)."""
        name = self.behoerde[len(self.behoerde_kurz) :]
        if (
            name
            and self.behoerde.startswith(self.behoerde_kurz)
            and self.behoerde_genitiv.endswith(name)
        ):
            return self.behoerde_genitiv[: -len(name)]
        return self.behoerde_genitiv

    @property
    def buero_genitiv(self):
        """ "Sozialraumbüros" / "Stadtteilhauses" (after "des")."""
        return genitiv(self.buero)

    @property
    def raeume_dativ(self):
        """ "Sozialräumen" / "Stadtteilen" (after "mit ihren", "von")."""
        return dativ_plural(self.raeume)

    @property
    def bueros_dativ(self):
        """ "Sozialraumbüros" / "Stadtteilhäusern"."""
        return dativ_plural(self.bueros)

    @property
    def pruefstelle_genitiv(self):
        """ "Fachdienstes 51" / "Bereichs 51" (after "des")."""
        return genitiv(self.pruefstelle)

    @property
    def pruefstelle_kurz_genitiv(self):
        """ "FD 51" / "Bereichs 51" (after "des"; an abbreviation keeps its form)."""
        return genitiv(self.pruefstelle_kurz)

    def woerter(self):
        """Every word by name, the derived forms included (for text())."""
        return {
            **asdict(self),
            **{
                name: getattr(self, name)
                for name in (
                    "behoerde_artikel",
                    "die_behoerde",
                    "den_behoerde",
                    "Die_behoerde",
                    "der_behoerde",
                    "buero_genitiv",
                    "raeume_dativ",
                    "bueros_dativ",
                    "pruefstelle_genitiv",
                    "pruefstelle_kurz_genitiv",
                )
            },
        }


def genitiv(wort):
    """The genitive singular of a masculine or neuter noun after "des":
    "Fachdienst 51" → "Fachdienstes 51", "Stadtteilhaus" → "Stadtteilhauses",
    "Sozialraumbüro" → "Sozialraumbüros"; an abbreviation ("FD 51") keeps
    its form."""
    erstes, _leer, rest = wort.partition(" ")
    if erstes.isupper():
        return wort
    endung = "es" if erstes.endswith(("s", "st", "z", "sch", "ß", "x")) else "s"
    return f"{erstes}{endung} {rest}".strip()


def dativ_plural(wort):
    """A plural noun in the dative: -n added unless it ends in -n or -s
    ("Stadtteile" → "Stadtteilen", "Sozialraumbüros" stays)."""
    return wort if not wort or wort.endswith(("n", "s")) else f"{wort}n"


PFLICHT = [f.name for f in fields(Begriffe) if f.default is MISSING]
GRUPPE = ["gruppe", "gruppen", "gruppen_gremium", "geschaeftsstelle"]


def aus_daten(daten, wo="Datei"):
    """The Begriffe of a parsed Grunddaten file; a German ValidationError names
    what is missing or of the wrong type."""
    eintrag = daten.get("begriffe") if isinstance(daten, dict) else None
    if not isinstance(eintrag, dict):
        raise ValidationError(
            f"{wo}: Abschnitt „begriffe“ fehlt (die Wörter der Behörde).",
            code="begriffe",
        )
    unbekannt = sorted(set(eintrag) - {f.name for f in fields(Begriffe)})
    if unbekannt:
        raise ValidationError(
            f"{wo}: unbekannte Begriffe: {', '.join(unbekannt)}.", code="begriffe"
        )
    falsch = [n for n, w in eintrag.items() if not isinstance(w, str)]
    if falsch:
        raise ValidationError(
            f"{wo}: Begriffe müssen Text sein: {', '.join(falsch)}.", code="begriffe"
        )
    fehlend = [
        n
        for n in PFLICHT
        if not isinstance(eintrag.get(n), str) or not eintrag[n].strip()
    ]
    if fehlend:
        raise ValidationError(
            f"{wo}: Begriffe fehlen oder sind leer: {', '.join(fehlend)}.",
            code="begriffe",
        )
    gruppe = [n for n in GRUPPE if eintrag.get(n, "").strip()]
    if gruppe and len(gruppe) != len(GRUPPE):
        fehlt = ", ".join(n for n in GRUPPE if n not in gruppe)
        raise ValidationError(
            f"{wo}: eine Ebene der Gruppen braucht alle ihre Begriffe; "
            f"es fehlen: {fehlt}.",
            code="begriffe",
        )
    return Begriffe(**{n: w.strip() for n, w in eintrag.items()})


@lru_cache(maxsize=4)
def _lesen(pfad):
    return aus_daten(json.loads(Path(pfad).read_text(encoding="utf-8-sig")), str(pfad))


def begriffe():
    """The Begriffe of this installation (settings.GRUNDDATEN)."""
    return _lesen(str(settings.GRUNDDATEN))


def _wort(name):
    return getattr(begriffe(), name)


def text(vorlage):
    """`vorlage` with the authority's words put in: "{raum}vertrag" is
    "Sozialraumvertrag" in the Landkreis, "Stadtteilvertrag" in the Hansestadt;
    {die_behoerde} "der Landkreis", {Die_behoerde} "Der Landkreis",
    {der_behoerde} "des Landkreises"."""
    return vorlage.format(**begriffe().woerter())


def klein_text(vorlage):
    """text() in lower case: model fields' verbose names, as Django's own."""
    return text(vorlage).lower()


# Lazy forms for model labels, choices and module-level messages, evaluated
# when shown (the settings, and so the words, are not read at import time).
begriff = lazy(_wort, str)
wortlaut = lazy(text, str)
klein = lazy(klein_text, str)
