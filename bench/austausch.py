"""Benchmark: importing 10.000 applications from XLSX and from CSV.

Builds (once) its own small database: the Grunddaten, a beschlossen Konzept
with a Ziel per Sozialraum, the Projektmittel of one year (3.000.000,00 € per
Sozialraum) and an FD 51 account. Then it writes one file of 10.000
application rows in both formats (a mix as an office's year looks: submitted,
checked, rejected, approved, paying out, closed; every Sozialkonferenz meets
twice with the Landkreis present), and measures

- the floor: reading the same file alone (python-calamine / csv through dateien.py),
- the import through the services' bulk path (antraege.services.Antragsstapel
  with the rules of antrag_anlegen and antrag_uebergang, sitzung_anlegen;
  bookings through budgets.services.Buchungsstapel), once as a dry run (which
  writes nothing) and once as a real import (inside a transaction of the
  bench, rolled back afterwards, so every run starts from the same database),

and prints the time (median of BENCH_AUSTAUSCH_LAEUFE runs, default 1: one
run of 10.000 rows takes 7–25 s), rows per second, the ratio to the floor,
the SQL queries per 1.000 rows (counted with connection.execute_wrapper; to
see whether they grow with the rows, compare BENCH_AUSTAUSCH_ZEILEN=200 and
=2000), and the peak resident memory of the process that measured the format (each
format runs in its own process, so the peak is that import's). Not a test: it
asserts nothing about time.

    .venv/bin/python bench/austausch.py          # SQLite file in /tmp
    BENCH_AUSTAUSCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \\
        .venv/bin/python bench/austausch.py

It uses its own database (not the one of ledger.py and antraege.py, whose
budgets would be mixed with this one's): /tmp/sozialraum-bench-austausch.sqlite3
unless BENCH_AUSTAUSCH_DATABASE_URL names another (it must exist).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_AUSTAUSCH_DATABASE_URL", "sqlite:////tmp/sozialraum-bench-austausch.sqlite3"
)

import django  # noqa: E402

django.setup()

import csv  # noqa: E402
import datetime  # noqa: E402
import io  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from antraege.models import Themenfeld  # noqa: E402
from austausch import dateien, services  # noqa: E402
from austausch.ressourcen import AntragRessource  # noqa: E402
from budgets import services as budgets  # noqa: E402
from budgets.models import Budgetart, Verteilung  # noqa: E402
from konten.models import Rolle, User  # noqa: E402
from sozialraum.models import Sozialraum, Sozialraumkonzept, Ziel  # noqa: E402

ZEILEN = int(os.environ.get("BENCH_AUSTAUSCH_ZEILEN", "10000"))
LAEUFE = int(os.environ.get("BENCH_AUSTAUSCH_LAEUFE", "1"))
SPALTEN = AntragRessource.spaltennamen()
MISCHUNG = [  # (Status, share)
    ("Eingereicht", 3),
    ("Geprüft", 1),
    ("Abgelehnt", 1),
    ("Bewilligt", 3),
    ("In Auszahlung", 1),
    ("Abgeschlossen", 1),
]


def _jahr():
    """A year whose two Sitzungen (March, June) lie in the past and is open."""
    heute = timezone.localdate()
    return heute.year if heute >= datetime.date(heute.year, 7, 1) else heute.year - 1


def aufbauen(jahr):
    call_command("migrate", verbosity=0)
    call_command("grunddaten", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    user, _ = User.objects.get_or_create(email="bench-fd51@example.org")
    if not user.rollen.exists():
        user.rollen.create(rolle=Rolle.FACHDIENST_51)
    for sozialraum in Sozialraum.objects.all():
        konzept, _ = Sozialraumkonzept.objects.get_or_create(
            sozialraum=sozialraum,
            version=1,
            defaults={
                "status": "beschlossen",
                "beschlossen_am": datetime.date(jahr - 1, 6, 1),
            },
        )
        Ziel.objects.get_or_create(
            konzept=konzept, nummer=1, defaults={"titel": "Teilhabe (Benchmark)"}
        )
    art = Budgetart.objects.get(code="projektmittel")
    # 3.000.000,00 € per Sozialraum: every approval of the file fits
    soll = dateien.Decimal("30000000.00")
    ist = sum(
        Verteilung.objects.filter(budgetart=art, haushaltsjahr=jahr).values_list(
            "gesamtbetrag", flat=True
        ),
        dateien.Decimal(0),
    )
    if ist < soll:
        budgets.zuweisen(
            budgetart=art,
            haushaltsjahr=jahr,
            gesamtbetrag=soll - ist,
            buchungsdatum=datetime.date(jahr, 1, 2),
            durch=user,
        )
    return user


def zeilen(jahr):
    rnd = random.Random(2013)  # noqa: S311 (bench data)
    kuerzel = list(Sozialraum.objects.values_list("kuerzel", flat=True))
    themen = list(Themenfeld.objects.values_list("name", flat=True))
    stati = [s for s, n in MISCHUNG for _ in range(n)]
    for i in range(ZEILEN):
        k = kuerzel[i % len(kuerzel)]
        status = stati[i % len(stati)]
        beantragt = rnd.randint(200, 3000) * 100
        sitzung = datetime.date(jahr, 3, 10) if i % 2 else datetime.date(jahr, 6, 10)
        angelegt = sitzung - datetime.timedelta(days=rnd.randint(20, 60))
        z = {
            "Antragsnummer": f"{jahr}-{k}-{i // len(kuerzel) + 1:03d}",
            "Haushaltsjahr": jahr,
            "Budgetart": "projektmittel",
            "Sozialraum/Region": k,
            "Antragsteller": f"Verein {i} e. V.",
            "Titel": f"Projekt {i}: Ferienfreizeit und Lernhilfe",
            "Zielgruppe": "Kinder und Jugendliche",
            "Themenfelder": themen[i % len(themen)],
            "Ziele": f"{k}-K1-Z1",
            "Beginn": datetime.date(jahr, 7, 1),
            "Ende": datetime.date(jahr, 12, 31),
            "Ausgangslage": "Es fehlen Angebote im Ort.",
            "Zielsetzung": "Kinder erleben Gemeinschaft.",
            "Maßnahme": "Zwei Wochen Programm mit Betreuung.",
            "Gesamtkosten": dateien.Decimal(beantragt + 500) / 100,
            "Beantragt": dateien.Decimal(beantragt) / 100,
            "Eigenanteil": dateien.Decimal("5.00"),
            "Als Eigenanteil": "nein",
            "Angelegt am": angelegt,
            "Status": status,
        }
        if status not in ("Eingereicht", "Geprüft"):
            z.update(
                {
                    "Sitzung": sitzung,
                    "Landkreis vertreten": "ja",
                    "Beschluss": "abgelehnt" if status == "Abgelehnt" else "bewilligt",
                    "Ja": 9,
                    "Nein": 1,
                    "Enthaltungen": 0,
                }
            )
        if z.get("Beschluss") == "bewilligt":
            bewilligt = dateien.Decimal(beantragt) / 100
            z["Bewilligt"] = bewilligt
            if status in ("In Auszahlung", "Abgeschlossen"):
                z["Ausgezahlt"] = bewilligt
                z["Status seit"] = sitzung + datetime.timedelta(days=10)
            if status == "Abgeschlossen":
                z["Verwendet"] = bewilligt
        yield [z.get(s) for s in SPALTEN]


def als_xlsx(daten):
    mappe = openpyxl.Workbook(write_only=True)
    blatt = mappe.create_sheet("Anträge")
    blatt.append(SPALTEN)
    for z in daten:
        blatt.append(z)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def als_csv(daten):
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";")
    schreiber.writerow(SPALTEN)
    for z in daten:
        schreiber.writerow([services._als_text(w) for w in z])
    return puffer.getvalue().encode("cp1252")  # as Excel saves it in Germany


def median_zeit(aufgabe, laeufe):
    zeiten = []
    for _ in range(laeufe):
        start = time.perf_counter()
        aufgabe()
        zeiten.append(time.perf_counter() - start)
    return statistics.median(zeiten)


def rss_mb():
    # ru_maxrss: the peak of this process, in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ein_format(name, modus):
    """Measure one format and mode in this process (its peak memory is the
    import's): "Probelauf" is the dry run, "Import" the real import, whose
    writes the bench's own transaction rolls back afterwards."""
    jahr = _jahr()
    user = aufbauen(jahr)
    daten = list(zeilen(jahr))
    inhalt = als_xlsx(daten) if name == "XLSX" else als_csv(daten)
    del daten

    def lesen():
        dateien.lesen(inhalt, f"a.{name.lower()}")

    abfragen = [0]

    def zaehlen(execute, sql, params, many, context):
        abfragen[0] += 1
        return execute(sql, params, many, context)

    def importieren():
        abfragen[0] = 0
        with transaction.atomic(), connection.execute_wrapper(zaehlen):
            ergebnis = services.importieren(
                art="antraege",
                inhalt=inhalt,
                dateiname=f"bench.{name.lower()}",
                durch=user,
                trocken=modus == "Probelauf",
            )
            # the real import's rows go again, so every run starts alike
            transaction.set_rollback(True)
        if ergebnis.hat_fehler:
            raise SystemExit(f"Bench-Datei fehlerhaft: {ergebnis.fehlerliste()[:3]}")

    boden = median_zeit(lesen, 3)
    vorher = rss_mb()
    dauer = median_zeit(importieren, LAEUFE)
    print(
        f"{name:<6}{modus:<11}{len(inhalt) / 1024 / 1024:>7.1f} MB{boden:>14.2f} s"
        f"{dauer:>9.1f} s{ZEILEN / dauer:>10.0f}{dauer / boden:>9.0f}"
        f"{abfragen[0] * 1000 / ZEILEN:>14.0f}"
        f"{rss_mb():>10.0f} MB{rss_mb() - vorher:>+8.0f} MB",
        flush=True,
    )


def main():
    if len(sys.argv) > 2:
        ein_format(sys.argv[1], sys.argv[2])
        return
    jahr = _jahr()
    aufbauen(jahr)
    print(
        f"Datenbank: {connection.vendor}; {ZEILEN:_} Antragszeilen ({jahr}), "
        f"Median aus {LAEUFE} Lauf/Läufen; Probelauf und Import (dieser in einer "
        "Transaktion des Bench, danach zurückgerollt); je Format und Art ein "
        "eigener Prozess; Ziel: ≥ 500 Zeilen/s, Spitze ≤ 300 MiB".replace("_", "."),
        flush=True,
    )
    print(
        f"{'Datei':<6}{'Art':<11}{'Größe':>10}{'Boden (lesen)':>16}{'Dauer':>11}"
        f"{'Zeilen/s':>10}{'× Boden':>9}{'SQL je 1.000':>14}{'Spitze RSS':>13}"
        f"{'davon Import':>14}",
        flush=True,
    )
    for name in ("XLSX", "CSV"):
        for modus in ("Probelauf", "Import"):
            subprocess.run([sys.executable, __file__, name, modus], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
