"""Fixtures shared by all tests: the Lüneburg Grunddaten and one user per role."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from hypothesis import settings as hypothesis_settings

from konten.models import Rolle, User
from sozialraum.models import Sozialraum
from sozialraum.services import grunddaten_laden

# Tests never depend on wall-clock time (docs/entwicklung.md, "Tests und CI"): no
# Hypothesis deadline, which a loaded CI machine would turn into flakes.
hypothesis_settings.register_profile("projekt", deadline=None)
hypothesis_settings.load_profile("projekt")

GRUNDDATEN = Path(__file__).parent / "sozialraum" / "daten" / "landkreis_lueneburg.json"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL; on SQLite they are skipped, visibly."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="braucht PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _leerer_cache():
    # Failed-login rate limits live in the cache; every test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def grunddaten(db):
    # Transactional tests empty every table afterwards, seeded rows included.
    from budgets.models import Budgetart, Planrate
    from budgets.seed import anlegen

    anlegen(Budgetart, Planrate)
    from antraege.models import Themenfeld
    from antraege.seed import anlegen as themenfelder_anlegen

    themenfelder_anlegen(Themenfeld)
    from kennzahlen.models import Kategorie
    from kennzahlen.seed import anlegen as kategorien_anlegen

    kategorien_anlegen(Kategorie, Themenfeld)
    return grunddaten_laden(daten=json.loads(GRUNDDATEN.read_text(encoding="utf-8")))


@dataclass
class Welt:
    """Two Sozialräume A and B in different Regionen (2 and 3), one user per role."""

    a: Sozialraum
    b: Sozialraum
    leitung_a: User
    leitung_b: User
    geschaeftsstelle: User  # Region of A
    jha: User
    fd51: User
    admin: User
    weiterer_admin: User
    opfer: User  # a plain user that management actions act on

    def rolle(self, name):
        return None if name == "anonym" else getattr(self, name)


@pytest.fixture
def welt(grunddaten):
    from sozialraum.tests.factories import SozialraumbueroFactory, benutzer_mit_rolle

    a = Sozialraum.objects.get(kuerzel="ADE")
    b = Sozialraum.objects.get(kuerzel="GEL")
    SozialraumbueroFactory(sozialraum=a, email="kontakt-a@example.org")
    SozialraumbueroFactory(sozialraum=b, email="kontakt-b@example.org")
    return Welt(
        a=a,
        b=b,
        leitung_a=benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=a),
        leitung_b=benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=b),
        geschaeftsstelle=benutzer_mit_rolle(Rolle.GESCHAEFTSSTELLE_RG, region=a.region),
        jha=benutzer_mit_rolle(Rolle.JUGENDHILFEAUSSCHUSS),
        fd51=benutzer_mit_rolle(Rolle.FACHDIENST_51),
        admin=benutzer_mit_rolle(Rolle.ADMINISTRATOR),
        weiterer_admin=benutzer_mit_rolle(Rolle.ADMINISTRATOR),
        opfer=benutzer_mit_rolle(Rolle.JUGENDHILFEAUSSCHUSS),
    )


@pytest.fixture
def ist_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def nach_commit(django_capture_on_commit_callbacks):
    """Runs what the code starts once its transaction is committed (an order's
    start), as it runs in production; the test's transaction never commits."""

    def ausfuehren(aufruf, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return aufruf(*args, **kwargs)

    return ausfuehren
