import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from budgets.models import Budget
from budgets.selectors import (
    budgetuebersicht,
    kleine_summen_sperren,
    mindestfallzahl,
    mit_zahlen,
)
from config.begriffe import begriffe, text
from sozialraum.geld import euro
from sozialraum.kommandozeile import datum

from ._hilfen import jahr_pruefen

# Every row adds up: Ansatz + Übertrag − gebunden − verfallen − übertragen
# = verfügbar ("übertragen": carried into the next year by its closing).
SPALTEN = [
    "ansatz",
    "uebertrag",
    "gebunden",
    "ausgezahlt",
    "verfuegbar",
    "verfallen",
    "uebertrag_aus",
]
# the first two columns are the authority's words (kopf()); without a group
# level there is no Region column (its one hidden Region says nothing)
ZAHLEN_KOPF = [
    "Ansatz",
    "Übertrag",
    "gebunden",
    "ausgezahlt",
    "verfügbar",
    "verfallen",
    "übertragen",
]


def kopf():
    b = begriffe()
    return ([b.gruppe] if b.mit_gruppen else []) + [b.raum, "Budgetart"] + ZAHLEN_KOPF


def deutsch(betrag):
    """1234.5 -> 1.234,50 (for Excel with German settings: no € sign); a
    suppressed figure (None) as its note."""
    if betrag is None:
        return f"weniger als {mindestfallzahl()} Fälle"
    return euro(betrag).removesuffix("\u00a0€")


class Command(BaseCommand):
    @property
    def help(self):
        # argparse needs a str: the words of this installation, at call time
        return text(
            "Gibt den Budgetstand eines Haushaltsjahres aus: je Budget eine Zeile "
            "mit den Spalten der Übersicht (Text oder CSV mit Semikolon für Excel). "
            "Wie der Budgetbericht ohne Zahlen zu weniger als "
            "HILFEN_MINDESTFALLZAHL Fällen; --alle-zahlen nur für den {pruefstelle}."
        )

    def add_arguments(self, parser):
        parser.add_argument("--jahr", type=int, required=True, help="Haushaltsjahr")
        parser.add_argument("--format", choices=["text", "csv"], default="text")
        parser.add_argument(
            "--stand",
            type=datum,
            help="Buchungen bis zu diesem Tag (24.09.2013 oder 2013-09-24); ohne: alle",
        )
        parser.add_argument(
            "--alle-zahlen",
            action="store_true",
            help="auch Zahlen zu wenigen Fällen (nur für den "
            f"{begriffe().pruefstelle}; die "
            "Datei darf nicht weitergegeben werden)",
        )

    def handle(self, *args, jahr, format, alle_zahlen=False, stand=None, **o):
        jahr_pruefen(jahr)
        if stand and stand > timezone.localdate():
            raise CommandError("Der Stand darf nicht in der Zukunft liegen.")
        budgets = mit_zahlen(Budget.objects.im_jahr(jahr).mit_inhaber(), stichtag=stand)
        # a file travels: by default the same suppression as the Budgetbericht
        regionen, je_art, gesamt = budgetuebersicht(budgets)
        if not alle_zahlen:
            regionen, je_art, gesamt = kleine_summen_sperren(
                regionen, je_art, gesamt, jahr=jahr, stichtag=stand
            )
        mit_gruppen = begriffe().mit_gruppen
        zeilen = []
        for block in regionen:
            gruppe = [block.region.name] if mit_gruppen else []
            for zeile in block.zeilen:
                zeilen.append((*gruppe, "", zeile))
            for sr in block.sozialraeume:
                for zeile in sr.zeilen:
                    zeilen.append((*gruppe, sr.sozialraum.voller_name, zeile))
        if format == "csv":
            schreiber = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
            schreiber.writerow(kopf())
            for *inhaber, zeile in zeilen:
                schreiber.writerow(
                    [*inhaber, zeile.budget.budgetart.name]
                    + [deutsch(getattr(zeile.zahlen, s)) for s in SPALTEN]
                )
            return
        self.stdout.write(_ausgerichtet(kopf()))
        for *inhaber, zeile in zeilen:
            self.stdout.write(
                _ausgerichtet(
                    [*inhaber, zeile.budget.budgetart.name]
                    + [deutsch(getattr(zeile.zahlen, s)) for s in SPALTEN]
                )
            )
        summe = [begriffe().behoerde_kurz] + ([""] if mit_gruppen else []) + ["Summe"]
        self.stdout.write(
            _ausgerichtet(summe + [deutsch(getattr(gesamt, s)) for s in SPALTEN])
        )


BREITE = [12, 32, 28] + [14] * len(SPALTEN)


def _ausgerichtet(werte):
    """Text columns left-aligned, amounts right-aligned (without the Region
    column, the widths of the others stay)."""
    breite = BREITE[-len(werte) :]
    texte = len(werte) - len(SPALTEN)
    return "".join(
        w.ljust(b) if i < texte else w.rjust(b)
        for i, (w, b) in enumerate(zip(werte, breite, strict=True))
    )
