"""The handbook's screenshots (docs/handbuch.md), taken in a real Chromium.

`make docs` runs this module first and then builds the documentation, which
includes the pictures: they show the pages as the code renders them today and
never go stale. Under `make test` it runs, too, and writes into the default
folder. The folder is HANDBUCH_BILDER (default docs/bilder/, not in Git).

Each picture is of the demo installation (the `demo` fixture in conftest.py),
as the role named in its file name sees it. The test also checks the page's
heading, so a picture of an error page fails instead of landing in the docs.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from antraege.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORDNER = Path(os.environ.get("HANDBUCH_BILDER", settings.BASE_DIR / "docs" / "bilder"))
MINDESTGROESSE = 10_000  # bytes; an empty or blank page is far smaller

# (file name, role, path, the page's main heading). The file names are what
# docs/handbuch.md includes.
BILDER = [
    ("fd51-start", "fd51", lambda d: "/", "Überblick Fachdienst 51"),
    ("fd51-sozialraeume", "fd51", lambda d: "/uebersicht/", "Sozialräume und Regionen"),
    (
        "fd51-arbeitsliste",
        "fd51",
        lambda d: "/antraege/arbeitsliste/",
        "Arbeitsliste Fachdienst 51",
    ),
    (
        "fd51-budgets",
        "fd51",
        lambda d: f"/budgets/{d.jahr}/",
        "Budgets",
    ),
    (
        "fd51-journal",
        "fd51",
        lambda d: f"/budgets/{d.jahr}/journal/",
        "Buchungsjournal",
    ),
    (
        "fd51-antrag-bewilligt",
        "fd51",
        lambda d: f"/antraege/{d.antraege[Status.BEWILLIGT]}/",
        None,  # the application's title
    ),
    ("fd51-import", "fd51", lambda d: "/austausch/", "Import und Export"),
    ("leitung-start", "leitung", lambda d: "/", "Mein Sozialraum"),
    (
        "leitung-sozialraum",
        "leitung",
        lambda d: "/sozialraeume/ADE/",
        "Gemeinde Adendorf",
    ),
    ("leitung-antrag-neu", "leitung", lambda d: "/antraege/neu/", "Neuer Antrag"),
    (
        "leitung-sitzung",
        "leitung",
        lambda d: f"/sitzungen/{d.sitzung}/",
        "Sozialkonferenz",
    ),
    ("geschaeftsstelle-region", "geschaeftsstelle_rg", lambda d: "/", "Region 2"),
    ("jha-start", "jha", lambda d: "/", "Sozialraumbudgets im Landkreis"),
    ("jha-berichte", "jha", lambda d: "/berichte/", "Berichte"),
]


def test_bilder_fuer_das_handbuch(seite_von, demo):
    ORDNER.mkdir(parents=True, exist_ok=True)
    for name, rolle, pfad, ueberschrift in BILDER:
        page = seite_von(rolle)
        antwort = page.goto(demo.url + pfad(demo))
        assert antwort.ok, f"{name}: {page.url}: HTTP {antwort.status}"
        assert "/konto/login/" not in page.url, f"{name}: Sitzung verloren"
        h1 = page.locator("h1").first
        if ueberschrift:
            expect(h1).to_contain_text(re.compile(re.escape(ueberschrift)))
        else:
            expect(h1).not_to_be_empty()
        datei = ORDNER / f"{name}.png"
        datei.unlink(missing_ok=True)
        page.screenshot(path=str(datei), full_page=False)
        assert datei.exists(), datei
        assert datei.stat().st_size > MINDESTGROESSE, f"{datei} ist fast leer"
        assert datei.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", datei
