"""Benchmark: the pages that must not slow down as the data grows (issue 19).

Uses the two databases of bench/antraege.py: the large one (51.050 Anträge in a
ledger of 516.655 bookings, 37 years) and the small one next to it (the same
budgets and shapes with a short history: 1.001 Anträge, the bookings of 2020
only, 7.361; `make bench` builds both), so the pages of 2020 show the same
rows on both and the growth is that of the history. On each, through Django's
full middleware stack (test client), it measures

- the floor: a logged-in page rendering base.html with nothing else (a URL this
  script adds for itself; the product has no such page),
- the Budgetübersicht of one year, the Arbeitsliste of FD 51, the start pages
  of that year of FD 51, of a Sozialraumleitung (one Sozialraum, as
  bench/antraege.py logs her in) and of the Landkreis (as Administrator), the
  journal of the year (page 1, and page 50 reached by following its "Nächste
  Seite" link), the journal of one budget, and the admin changelists of
  Anträge and Buchungen,

and prints the median of several runs, the query count, the median ratio page ÷
floor (floor and page alternate, so a load on the shared machine hits both;
the aim on the large database is ≤ 10) and the growth: that ratio on the large
database ÷ on the small one (the page's cost must not grow with the data: the
aim is ≤ 1,3; the raw large ÷ small is printed too). The small database is
measured in a child process. Not a test: it asserts nothing about time.

    make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sozialraum_bench \\
        .venv/bin/python bench/seiten.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/sozialraum-bench.sqlite3")

import django  # noqa: E402
from kleine_datenbank import im_kindprozess, klein_url  # noqa: E402

django.setup()

import html  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402
from django.views.generic import TemplateView  # noqa: E402

from antraege.models import Antrag  # noqa: E402
from budgets.models import Buchung, Budget  # noqa: E402
from konten.models import User  # noqa: E402

LAEUFE = int(os.environ.get("BENCH_LAEUFE", "15"))
JAHR = 2020
BODEN = "/_bench/boden/"

# The product's URLs plus the floor page: base.html for a logged-in user.
urlpatterns = [
    path(
        BODEN.strip("/") + "/",
        login_required(TemplateView.as_view(template_name="base.html")),
    ),
    path("", include("config.urls")),
]


def angemeldet(email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def naechste_seite(client, url, schritte):
    """The URL reached by following "Nächste Seite" `schritte` times (or the
    last page, when there are fewer)."""
    for _ in range(schritte):
        treffer = re.search(
            r'<a class="kern-link" href="([^"]*)"[^>]*>Nächste Seite',
            client.get(url).content.decode(),
        )
        if not treffer:
            break
        url = url.split("?")[0] + html.unescape(treffer.group(1))
    return url


def seiten():
    """(key, label, user email, url) of every page measured."""
    fd51, admin = "bench@example.org", "bench-admin@example.org"
    # a Sozialraumleitung of one Sozialraum, as bench/antraege.py measures her
    sr = Antrag.objects.order_by("pk").first().sozialraum
    leitung = f"bench-leitung-{sr.kuerzel.lower()}@example.org"
    journal = f"/budgets/{JAHR}/journal/"
    budget = Budget.objects.filter(haushaltsjahr=JAHR).order_by("pk").first()
    return [
        ("boden", "Boden: base.html, angemeldet", fd51, BODEN),
        ("uebersicht", f"Budgetübersicht {JAHR}", fd51, f"/budgets/{JAHR}/"),
        ("arbeitsliste", "Arbeitsliste FD 51", fd51, "/antraege/arbeitsliste/"),
        ("start_fd51", f"Startseite FD 51 {JAHR}", fd51, f"/?jahr={JAHR}"),
        ("start_leitung", f"Startseite Leitung {JAHR}", leitung, f"/?jahr={JAHR}"),
        ("start_landkreis", f"Startseite Landkreis {JAHR}", admin, f"/?jahr={JAHR}"),
        ("journal1", f"Journal {JAHR}, Seite 1", fd51, journal),
        (
            "journal50",
            f"Journal {JAHR}, Seite 50",
            fd51,
            naechste_seite(angemeldet(fd51), journal, 49),
        ),
        (
            "journal_budget",
            f"Journal eines Budgets {JAHR}",
            fd51,
            f"{journal}?budget={budget.pk}",
        ),
        (
            "admin_antrag",
            "Admin-Änderungsliste Anträge",
            admin,
            "/admin/antraege/antrag/",
        ),
        (
            "admin_buchung",
            "Admin-Änderungsliste Buchungen",
            admin,
            "/admin/budgets/buchung/",
        ),
    ]


def messen(client, url, boden_client):
    """(median ms, median of page ÷ floor measured right before it, queries):
    floor and page alternate, so a load on the shared machine hits both."""
    client.get(url)  # warm-up
    boden_client.get(BODEN)
    zeiten, verhaeltnisse = [], []
    for _ in range(LAEUFE):
        start = time.perf_counter()
        boden_client.get(BODEN)
        boden = time.perf_counter() - start
        start = time.perf_counter()
        response = client.get(url)
        zeiten.append(time.perf_counter() - start)
        verhaeltnisse.append(zeiten[-1] / boden)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as erfasst:
        client.get(url)
    return statistics.median(zeiten), statistics.median(verhaeltnisse), len(erfasst)


def alle_messen():
    call_command("migrate", verbosity=0)  # the indexes of newer migrations
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    clients = {}
    ergebnis = {}
    for key, _, email, url in seiten():
        client = clients.get(email) or clients.setdefault(email, angemeldet(email))
        boden = clients.get("boden") or clients.setdefault(
            "boden", angemeldet("bench@example.org")
        )
        ergebnis[key] = messen(client, url, boden)
    return ergebnis


def main():
    try:
        vorhanden = Antrag.objects.exists()
    except DatabaseError as fehler:
        sys.exit(
            f"Die Bench-Datenbank ({os.environ['DATABASE_URL']}) fehlt oder ist "
            f"nicht migriert ({str(fehler).strip().splitlines()[0]}): auf PostgreSQL "
            "erst `createdb -h 127.0.0.1 -U postgres sozialraum_bench`, dann "
            "bench/antraege.py laufen lassen (make bench)."
        )
    if not vorhanden:
        sys.exit("Keine Anträge: erst bench/antraege.py laufen lassen (make bench).")
    url = klein_url(os.environ["DATABASE_URL"])
    klein = im_kindprozess(__file__, url)
    if klein["_budgets"] != Budget.objects.filter(haushaltsjahr=JAHR).count():
        sys.exit(
            f"Die kleine Datenbank ({url}) hat eine ältere Form (nicht dieselben "
            f"Budgets {JAHR}): löschen und bench/antraege.py laufen lassen."
        )
    gross = alle_messen()
    antraege, buchungen = Antrag.objects.count(), Buchung.objects.count()
    print(
        f"Datenbank: {connection.vendor}; groß: {antraege} Anträge, "
        f"{buchungen} Buchungen; klein: {klein['_antraege']} Anträge, "
        f"{klein['_buchungen']} Buchungen; groß ÷ klein: Anträge "
        f"× {antraege / klein['_antraege']:.1f}, Buchungen "
        f"× {buchungen / klein['_buchungen']:.1f} (Ziel ≥ 50); "
        f"Median aus {LAEUFE} Läufen"
    )
    print(
        f"{'Seite':<34}{'klein':>9}{'groß':>9}{'groß÷klein':>11}"
        f"{'×Boden klein':>13}{'×Boden groß':>12}{'Wachstum':>10}{'Abfragen':>10}"
    )
    for key, name, _, _ in seiten():
        (k, kb, kq), (g, gb, gq) = klein[key], gross[key]
        print(
            f"{name:<34}{k * 1000:>6.1f} ms{g * 1000:>6.1f} ms{g / k:>11.2f}"
            f"{kb:>13.1f}{gb:>12.1f}{gb / kb:>10.2f}{f'{kq} / {gq}':>10}"
        )
    print(
        "×Boden: Median von Seite ÷ Boden, beide abwechselnd gemessen; "
        "Wachstum: ×Boden groß ÷ ×Boden klein (Ziel ≤ 1,3), Ziel ×Boden groß ≤ 10."
    )


if __name__ == "__main__":
    if "--klein" in sys.argv:
        zahlen = alle_messen()
        zahlen["_antraege"] = Antrag.objects.count()
        zahlen["_buchungen"] = Buchung.objects.count()
        zahlen["_budgets"] = Budget.objects.filter(haushaltsjahr=JAHR).count()
        print(json.dumps(zahlen))
    else:
        main()
