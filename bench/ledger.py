"""Benchmark: the budget overview and the journal on a large ledger.

Builds (once) 10 Sozialräume in 3 Regionen × 5 Budgetarten × 35 years with
372.000 bookings, then requests through Django's full middleware
stack (test client, logged in as Fachdienst 51):

- the floor: a trivial logged-in page (/budgets/ → redirect),
- the budget overview of one year,
- the journal of one year (first page of 100),

and prints the median of several runs, the SQL query count and the ratio to
the floor. Not a test: it asserts nothing about time. The journal pages by
keyset ("Nächste Seite" links, no ?seite=); page 50, the floor of a rendered
base.html and the small database: bench/seiten.py.

    make bench                                     # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sozialraum_bench make bench
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/sozialraum-bench.sqlite3")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import random  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from budgets.models import Buchung, Buchungsart, Budget, Budgetart  # noqa: E402
from konten.models import Rolle, User  # noqa: E402
from regionen.models import Region  # noqa: E402
from sozialraum.models import Sozialraum  # noqa: E402

# 35 years (budgets begin in 1990): 1.260 budgets, 372.600 bookings
JAHRE = range(1990, 2025)
BUCHUNGEN_JE_BUDGET = 300
# The year the pages show, at half the density: page 50 of its journal still
# exists, and the small database of bench/antraege.py (this year alone) stays
# 1/50 of the large one (issue 19).
JAHR = 2020
BUCHUNGEN_IM_JAHR = 150
LAEUFE = 9


def ledger_aufbauen(jahre=JAHRE):
    """Bulk-insert a plausible ledger over `jahre` (bench data: not through the
    services)."""
    rnd = random.Random(2013)  # noqa: S311 (bench data, not security)
    budgets = []
    for art in Budgetart.objects.all():
        inhaber = (
            Sozialraum.objects.all()
            if art.ebene == "sozialraum"
            else Region.objects.all()
        )
        feld = "sozialraum" if art.ebene == "sozialraum" else "region"
        for jahr in jahre:
            for i in inhaber:
                budgets.append(Budget(budgetart=art, haushaltsjahr=jahr, **{feld: i}))
    Budget.objects.bulk_create(budgets)
    budgets = list(Budget.objects.all())
    zuweisungen = [
        Buchung(
            budget=b,
            art=Buchungsart.ZUWEISUNG,
            betrag=Decimal("1000000.00"),
            buchungsdatum=datetime.date(b.haushaltsjahr, 1, 2),
            text="Zuweisung (Benchmark)",
        )
        for b in budgets
    ]
    Buchung.objects.bulk_create(zuweisungen, batch_size=2000)
    bindungen = []
    for b in budgets:
        dichte = BUCHUNGEN_IM_JAHR if b.haushaltsjahr == JAHR else BUCHUNGEN_JE_BUDGET
        for n in range((dichte - 1) // 2):
            bindungen.append(
                Buchung(
                    budget=b,
                    art=Buchungsart.BINDUNG,
                    betrag=Decimal(rnd.randint(100, 300000)) / 100,
                    buchungsdatum=datetime.date(
                        b.haushaltsjahr, 1 + n % 12, 1 + n % 28
                    ),
                    text=f"Projekt {n} (Benchmark)",
                    referenz=f"{b.haushaltsjahr}-BENCH-{n:03d}",
                )
            )
    Buchung.objects.bulk_create(bindungen, batch_size=5000)
    zahlungen = [
        Buchung(
            budget_id=x.budget_id,
            art=Buchungsart.AUSZAHLUNG,
            betrag=(x.betrag / 2).quantize(Decimal("0.01")) or Decimal("0.01"),
            buchungsdatum=x.buchungsdatum,
            text="Abschlag (Benchmark)",
            bindung_id=x.pk,
        )
        for x in Buchung.objects.filter(art=Buchungsart.BINDUNG).only(
            "pk", "budget_id", "betrag", "buchungsdatum"
        )
    ]
    Buchung.objects.bulk_create(zahlungen, batch_size=5000)


def messen(client, url):
    client.get(url)  # warm-up
    zeiten = []
    for _ in range(LAEUFE):
        start = time.perf_counter()
        response = client.get(url)
        zeiten.append(time.perf_counter() - start)
        assert response.status_code in (200, 302), (url, response.status_code)
    with CaptureQueriesContext(connection) as abfragen:
        client.get(url)
    return statistics.median(zeiten), len(abfragen)


def main():
    call_command("migrate", verbosity=0)
    call_command("grunddaten", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not Buchung.objects.filter(text="Zuweisung (Benchmark)").exists():
        print("Baue das Hauptbuch auf …", flush=True)
        start = time.perf_counter()
        with transaction.atomic():
            ledger_aufbauen()
        print(f"  fertig in {time.perf_counter() - start:.1f} s")
    user, _ = User.objects.get_or_create(email="bench@example.org")
    if not user.rollen.exists():
        user.rollen.create(rolle=Rolle.FACHDIENST_51)
    client = Client()
    client.force_login(user)

    print(
        f"Datenbank: {connection.vendor}; {Budget.objects.count()} Budgets, "
        f"{Buchung.objects.count()} Buchungen, "
        f"{Budget.objects.filter(haushaltsjahr=JAHR).count()} Budgets im Jahr {JAHR}; "
        f"Median aus {LAEUFE} Läufen"
    )
    boden, boden_q = messen(client, "/budgets/")
    zeilen = [("Boden: /budgets/ (Weiterleitung)", boden, boden_q)]
    for name, url in [
        (f"Budgetübersicht {JAHR}", f"/budgets/{JAHR}/"),
        (f"Journal {JAHR}, Seite 1", f"/budgets/{JAHR}/journal/"),
        (
            f"Journal eines Budgets {JAHR}",
            f"/budgets/{JAHR}/journal/?budget="
            f"{Budget.objects.filter(haushaltsjahr=JAHR).first().pk}",
        ),
    ]:
        median, abfragen = messen(client, url)
        zeilen.append((name, median, abfragen))
    print(f"{'Seite':<40}{'Median':>12}{'Abfragen':>10}{'× Boden':>10}")
    for name, median, abfragen in zeilen:
        print(
            f"{name:<40}{median * 1000:>9.1f} ms{abfragen:>10}{median / boden:>10.1f}"
        )


if __name__ == "__main__":
    main()
