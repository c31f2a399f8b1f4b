"""A real Chromium (Debian's package) driven by Playwright; no browser download."""

import io
import os
import shutil
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.utils import timezone

from antraege.models import Antrag, Status, Tagesordnungspunkt
from budgets.hilfen.models import Hilfe
from budgets.vertraege.models import Sozialraumvertrag
from demo.stammdaten import DEMO_PASSWORT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def chromium():
    """Per module: Playwright's event loop must be gone before other tests run
    (with it, Django's connection objects are looked up in another context)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium fehlt ({CHROMIUM}). `make test` installiert ihn "
            "(Debian-Paket chromium)."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are plain synchronous setup.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


# --- The demo installation, shared by the modules that need it ------------------
# (test_barrierefreiheit.py, test_handbuch_bilder.py). Module-scoped: each such
# module builds it once.

# The demo logins (demo/stammdaten.py), one per role (sozialraum.models.Rolle).
KONTEN = {
    "leitung": "leitung.adendorf@demo.invalid",
    "geschaeftsstelle_rg": "geschaeftsstelle.region2@demo.invalid",
    "fd51": "fd51@demo.invalid",
    "jha": "jha@demo.invalid",
    "admin": "admin@demo.invalid",
}


@dataclass
class Demo:
    url: str
    jahr: int
    antraege: dict  # Status -> number of an application of Adendorf this year
    sitzung: int  # Adendorf's Sitzung with an application still to decide
    vertrag: int
    hilfe: str


def _demo_anlegen():
    from antraege.models import Themenfeld
    from antraege.seed import anlegen as themenfelder_anlegen
    from budgets.models import Budgetart, Planrate
    from budgets.seed import anlegen
    from kennzahlen.models import Kategorie
    from kennzahlen.seed import anlegen as kategorien_anlegen

    # What the migrations seed (transactional tests empty the tables).
    anlegen(Budgetart, Planrate)
    themenfelder_anlegen(Themenfeld)
    kategorien_anlegen(Kategorie, Themenfeld)
    call_command("grunddaten", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    jahr = timezone.localdate().year
    antraege = {
        a.status: a.nummer
        for a in Antrag.objects.filter(sozialraum__kuerzel="ADE", haushaltsjahr=jahr)
    }
    return Demo(
        url="",
        jahr=jahr,
        antraege=antraege,
        sitzung=Tagesordnungspunkt.objects.get(
            antrag__nummer=antraege[Status.ZUR_BERATUNG]
        ).sitzung_id,
        vertrag=Sozialraumvertrag.objects.filter(sozialraum__kuerzel="ADE")
        .latest("pk")
        .pk,
        hilfe=Hilfe.objects.order_by("nummer").first().nummer,
    )


def _ist_testdatenbank(verbindung):
    name = str(verbindung.settings_dict["NAME"])
    test_name = verbindung.settings_dict["TEST"].get("NAME")
    return name == str(test_name) or name.startswith(TEST_DATABASE_PREFIX)


@pytest.fixture(scope="module")
def demo(chromium, django_db_setup, django_db_blocker):
    """The demo installation and a live server, for this module only.

    Not pytest-django's `live_server`: with it every test would empty the
    database afterwards. Here the data is committed once; at the end the
    database gets back exactly what it held before (as Django's
    `serialized_rollback` does), so tests after this module see the rows the
    migrations seed.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        vorher = {}
        for alias in connections:
            assert _ist_testdatenbank(connections[alias]), alias
            vorher[alias] = connections[alias].creation.serialize_db_to_string()
        try:
            daten = _demo_anlegen()
            server = LiveServer("localhost")
            try:
                daten.url = server.url
                yield daten
            finally:
                server.stop()
        finally:
            for alias, inhalt in vorher.items():
                call_command(
                    "flush",
                    database=alias,
                    interactive=False,
                    verbosity=0,
                    inhibit_post_migrate=True,
                )
                connections[alias].creation.deserialize_db_from_string(inhalt)
                # flush restarted the sequences, the rows came back with their
                # ids: move the sequences past them (PostgreSQL), or the next
                # insert collides with a seeded row.
                verbindung = connections[alias]
                befehle = verbindung.ops.sequence_reset_sql(
                    no_style(), apps.get_models(include_auto_created=True)
                )
                with verbindung.cursor() as cursor:
                    for befehl in befehle:
                        cursor.execute(befehl)
            # While Chromium runs, the ORM uses connections of Playwright's
            # context (tests/browser/conftest.py), which nothing else closes;
            # an open one keeps PostgreSQL from dropping the test database.
            connections.close_all()


def anmeldung_absenden(page, url, email, passwort):
    """The login form, filled in and sent by keyboard; whatever comes of it."""
    page.goto(f"{url}/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(passwort)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def anmelden(page, url, email, passwort):
    """Logs in, and fails the test here if that did not work."""
    anmeldung_absenden(page, url, email, passwort)
    assert "/konto/login/" not in page.url, f"Anmeldung von {email} gescheitert"


def im_menue(page, gruppe, link):
    """The link `link` of the navigation's group `gruppe`, its menu opened."""
    page.locator("nav summary", has_text=gruppe).click()
    return page.get_by_role("link", name=link, exact=True)


@pytest.fixture(scope="module")
def seite_von(demo, chromium):
    """seite_von(rolle): the browser page of the role, logged in once."""
    kontexte, seiten = [], {}

    def holen(rolle):
        if rolle not in seiten:
            ctx = chromium.new_context(locale="de-DE", viewport=DESKTOP)
            ctx.set_default_timeout(15000)
            kontexte.append(ctx)
            page = ctx.new_page()
            if rolle != "anonym":
                anmelden(page, demo.url, KONTEN[rolle], DEMO_PASSWORT)
            seiten[rolle] = page
        return seiten[rolle]

    yield holen
    for ctx in kontexte:
        ctx.close()
