"""Benchmark: the Antragsübersicht as PDF for about 100, 200 and 1.000 applications.

Uses the database of bench/antraege.py (10.000 Anträge over 2007–2026 in a
ledger of 215.000 bookings; `make bench` builds it first). For each selection
it measures, median of several runs:

- the whole document: history and ledger read to the Stand, HTML built,
  WeasyPrint renders the PDF/A (what the background order does),
- our part alone: reading and building the HTML,
- the floor: WeasyPrint alone rendering the same, already built HTML,

and prints the ratio whole ÷ floor (our overhead on top of the renderer), the
page count, and the peak of Python memory (tracemalloc, one extra run: Pango's
and HarfBuzz's own C memory is not in it) and the process' maximum resident
size. Not a test: it asserts nothing about time.

    make bench
    .venv/bin/python bench/berichte.py        # after bench/antraege.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/sozialraum-bench.sqlite3")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

from django.db import connection  # noqa: E402

from antraege.models import Antrag  # noqa: E402
from berichte.dokumente import antragsuebersicht_html  # noqa: E402
from berichte.pdf import html_zu_pdf  # noqa: E402
from berichte.selectors import Auswahl, antragsuebersicht  # noqa: E402
from regionen.models import Region  # noqa: E402
from sozialraum.models import Sozialraum  # noqa: E402

LAEUFE = 3


def median_zeit(funktion):
    zeiten, ergebnis = [], None
    for _ in range(LAEUFE):
        start = time.perf_counter()
        ergebnis = funktion()
        zeiten.append(time.perf_counter() - start)
    return statistics.median(zeiten), ergebnis


def seiten(pdf):
    info = subprocess.run(  # noqa: S603 (poppler on our own PDF)
        [shutil.which("pdfinfo"), "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return int(next(z.split()[-1] for z in info.splitlines() if z.startswith("Pages:")))


def spitze(funktion):
    tracemalloc.start()
    funktion()
    _, hoch = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return hoch


def auswahlen():
    """About 100, 200 and 1.000 applications of the bench data."""
    jahr = Antrag.objects.order_by("-haushaltsjahr").values_list(
        "haushaltsjahr", flat=True
    )[0]
    zwei = (jahr - 1, jahr)
    region = Region.objects.order_by("nummer").first()
    adendorf = Sozialraum.objects.get(kuerzel="ADE")
    return [
        (f"{jahr - 1}–{jahr}, Adendorf", Auswahl(jahre=zwei, sozialraeume=(adendorf,))),
        (f"{jahr}, {region.name}", Auswahl(jahre=(jahr,), regionen=(region,))),
        (f"{jahr - 1}–{jahr}, Landkreis", Auswahl(jahre=zwei)),
    ]


def main():
    if not Antrag.objects.exists():
        sys.exit("Keine Anträge: erst bench/antraege.py laufen lassen (make bench).")
    stand = datetime.date.today()
    print(
        f"Datenbank: {connection.vendor}; {Antrag.objects.count()} Anträge; "
        f"Stand {stand:%d.%m.%Y}; Median aus {LAEUFE} Läufen"
    )
    print(
        f"{'Auswahl':<24}{'Anträge':>8}{'Seiten':>8}{'gesamt':>10}{'unser Teil':>12}"
        f"{'WeasyPrint':>12}{'× Boden':>9}{'Python-Spitze':>15}"
    )
    for name, auswahl in auswahlen():
        anzahl = antragsuebersicht(auswahl, stand).anzahl
        html = antragsuebersicht_html(auswahl, stand)
        html_zu_pdf(html)  # warm: fonts and stylesheets parsed once per process
        gesamt, pdf = median_zeit(
            lambda a=auswahl: html_zu_pdf(antragsuebersicht_html(a, stand))
        )
        teil, _ = median_zeit(lambda a=auswahl: antragsuebersicht_html(a, stand))
        boden, _ = median_zeit(lambda h=html: html_zu_pdf(h))
        hoch = spitze(lambda a=auswahl: html_zu_pdf(antragsuebersicht_html(a, stand)))
        print(
            f"{name:<24}{anzahl:>8}{seiten(pdf):>8}{gesamt:>9.2f}s{teil:>11.2f}s"
            f"{boden:>11.2f}s{gesamt / boden:>9.2f}{hoch / 2**20:>12.0f} MiB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Größter belegter Speicher des Prozesses (ru_maxrss): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
