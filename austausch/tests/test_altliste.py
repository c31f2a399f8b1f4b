"""A realistic old list brought into an empty installation (issue 14, "Done
when"), with only the documented files and commands.

The list (austausch/tests/altliste/): the committee lists of 2012 and 2013 of
all ten Sozialräume as a district office would have kept them – Träger and
Konzepte as CSV from Windows (cp1252), the Verteilungsschlüssel of both years,
four allocations, and 76 applications as an Excel sheet (date and number
cells, contact columns, no Antragsnummern) in every state: 2012 mostly
closed, with a veto, withdrawals before and after the decision, rejections,
a postponement; 2013 from Entwurf to Abgeschlossen, a cooperation of ADE and
BAR, and three regional applications a year (Regionalbudget 1).

Afterwards the Antragsübersicht as of two past days must show the totals
worked out below from the file by hand, with the rules of the report: an
application counts once it was submitted by the Stand (its Angelegt am; a
draft or one withdrawn as a draft never), „beraten“ once its Sitzung is on
or before the Stand, „bewilligt“ while an approval is in force (vetoed or
withdrawn after it: no longer), „gebunden“ the approved sum from the Sitzung
on, nothing after a veto or withdrawal, and after Abschluss only what was
paid out (the rest is released on „Status seit“).
"""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from antraege.models import Antrag, Status
from berichte.selectors import Auswahl, antragsuebersicht

ALTLISTE = Path(__file__).parent / "altliste"
FD51 = "fd51@landkreis-lueneburg.example"
PDFTOTEXT = shutil.which("pdftotext")

# Sozialraum/Region -> (Anträge, beraten, beantragt, bewilligt, gebunden)
# Stand 31.12.2012, Haushaltsjahr 2012. Per Sozialraum three rows of 2012,
# e.g. ADE: Abgeschlossen (beantragt 1.000, bewilligt 750, paid 750),
# Verwendungsnachweis (2.250, bewilligt 2.250), Veto (1.750, decided
# 22.09.2012, vetoed 13.10.2012) -> 3 Anträge, 3 beraten, beantragt 5.000,
# bewilligt 750 + 2.250 = 3.000, gebunden 750 + 2.250 = 3.000. SCH: its third
# row was withdrawn as a draft (2 Anträge), In Auszahlung keeps 2.500 bound.
# R1–R3: one Regionalbudget application each, approved and closed in full.
STAND_2012 = datetime.date(2012, 12, 31)
ERWARTET_2012 = {
    "NEU": (3, 3, "5500", "2750", "2630"),
    "BLE": (3, 3, "6000", "2500", "2380"),
    "DAH": (3, 3, "4750", "2250", "2250"),
    "OST": (3, 3, "5250", "3750", "3630"),
    "SCH": (2, 2, "3750", "3750", "3750"),
    "BAR": (3, 3, "4500", "3250", "3130"),
    "ADE": (3, 3, "5000", "3000", "3000"),
    "GEL": (3, 3, "5500", "3000", "2880"),
    "ILM": (3, 3, "6000", "4000", "4000"),
    "AME": (3, 3, "4750", "2250", "2130"),
    "R1": (1, 1, "5000", "5000", "5000"),
    "R2": (1, 1, "6000", "6000", "6000"),
    "R3": (1, 1, "7000", "7000", "7000"),
}
# Stand 30.06.2013, both years: the spring Sitzungen of 2013 (March) and the
# regional ones (May) have decided, the autumn ones not yet (their 2013 rows
# count as submitted once their Angelegt am, 03.–04.06.2013, has passed);
# of 2013 nothing is closed, paid out only in part. The cooperation (ADE
# lead 2.000, BAR 1.000, decided in September) is only submitted by then.
STAND_2013 = datetime.date(2013, 6, 30)
ERWARTET_2013 = {
    "NEU": (6, 4, "11250", "4500", "4380"),
    "BLE": (7, 4, "12250", "3500", "3380"),
    "DAH": (6, 4, "10250", "4000", "4000"),
    "OST": (7, 4, "12250", "6000", "5880"),
    "SCH": (5, 4, "8500", "6250", "6250"),
    "BAR": (7, 5, "12250", "5500", "5380"),
    "ADE": (7, 5, "13750", "6500", "6500"),
    "GEL": (7, 5, "12250", "6500", "6380"),
    "ILM": (6, 5, "11000", "5000", "5000"),
    "AME": (7, 5, "12250", "5000", "4880"),
    "R1": (2, 2, "10000", "10000", "10000"),
    "R2": (2, 2, "12000", "6000", "6000"),
    "R3": (2, 2, "14000", "14000", "14000"),
}


def _summen(erwartet):
    return (
        sum(e[0] for e in erwartet.values()),
        sum(e[1] for e in erwartet.values()),
        *(sum(Decimal(e[i]) for e in erwartet.values()) for i in (2, 3, 4)),
    )


def _euro(betrag):
    return f"{betrag:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _bloecke(stand, jahre):
    uebersicht = antragsuebersicht(Auswahl(jahre=jahre), stand)
    kuerzel = {"Region 1": "R1", "Region 2": "R2", "Region 3": "R3"}
    ergebnis = {}
    for abschnitt in uebersicht.abschnitte:
        for block in abschnitt.bloecke:
            name = block.name.removesuffix(" (Regionalbudget)")
            schluessel = kuerzel.get(name) or next(
                s.kuerzel for s in _sozialraeume() if s.name == name
            )
            ergebnis[schluessel] = (
                len(block.zeilen),
                block.beraten,
                block.beantragt,
                block.bewilligt,
                block.gebunden,
            )
    return ergebnis


def _sozialraeume():
    from sozialraum.models import Sozialraum

    return list(Sozialraum.objects.all())


@pytest.mark.django_db
def test_alte_liste_in_eine_leere_installation(tmp_path, capsys):
    assert not Antrag.objects.exists()
    # README: set up an installation
    call_command("grunddaten")
    call_command("einladen", "--email", FD51, "--rolle", "fd51")
    # docs/austausch.md: the order of a migration, each file first as a dry run
    for datei, art in [
        ("traeger.csv", "traeger"),
        ("konzepte.csv", "konzepte"),
        ("schluessel.csv", "schluessel"),
        ("zuweisungen.csv", "zuweisungen"),
        ("antraege.xlsx", "antraege"),
    ]:
        pfad = str(ALTLISTE / datei)
        call_command("import_antraege", pfad, "--art", art, "--als", FD51, "--dry-run")
        assert "Probelauf ohne Fehler" in capsys.readouterr().out
        call_command("import_antraege", pfad, "--art", art, "--als", FD51)
        assert "Importiert:" in capsys.readouterr().out

    assert Antrag.objects.count() == 76
    assert set(Antrag.objects.values_list("status", flat=True)) == set(Status.values)

    for stand, jahre, erwartet in [
        (STAND_2012, (2012,), ERWARTET_2012),
        (STAND_2013, (2012, 2013), ERWARTET_2013),
    ]:
        soll = {
            k: (a, b, *(Decimal(x) for x in rest))
            for k, (a, b, *rest) in erwartet.items()
        }
        assert _bloecke(stand, jahre) == soll, stand
        if PDFTOTEXT is None:
            continue
        pdf = tmp_path / f"uebersicht-{stand}.pdf"
        argumente = [a for j in jahre for a in ("--jahr", str(j))]
        call_command(
            "antragsuebersicht",
            *argumente,
            "--stand",
            stand.isoformat(),
            "--out",
            str(pdf),
        )
        text = subprocess.run(  # noqa: S603 (poppler on our own PDF)
            [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
        anzahl, beraten, beantragt, bewilligt, gebunden = _summen(erwartet)
        assert (
            f"Summe Landkreis {anzahl} {beraten} {_euro(beantragt)} € "
            f"{_euro(bewilligt)} € {_euro(gebunden)} €"
        ) in text
        assert f"Bis zum {stand:%d.%m.%Y} wurde in den Gremien über {beraten}" in text
        assert f"ein Volumen von {_euro(gebunden)} € gebunden" in text
