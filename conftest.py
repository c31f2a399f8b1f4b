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

# Tests never depend on wall-clock time (docs/entwicklung.md, "Tests und CI"): no
# Hypothesis deadline, which a loaded CI machine would turn into flakes.
hypothesis_settings.register_profile("projekt", deadline=None)
hypothesis_settings.load_profile("projekt")

GRUNDDATEN = Path(__file__).parent / "sozialraum" / "daten" / "landkreis_lueneburg.json"
BEHOERDEN = ["landkreis", "hansestadt"]


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
def behoerde():
    """The authority whose Grunddaten a test's world holds (settings.GRUNDDATEN
    names its file): the Landkreis. A module that runs its tests for every
    authority overrides this fixture with one parametrised over BEHOERDEN."""
    return "landkreis"


@pytest.fixture
def grunddaten(db, behoerde, settings):
    # Transactional tests empty every table afterwards, seeded rows included:
    # then the rows the migrations seed are written again (a table holds all
    # of them or, after such a test, none; asking first saves ~100 queries).
    from antraege.models import Themenfeld
    from antraege.seed import anlegen as themenfelder_anlegen
    from budgets.models import Budgetart, Planrate
    from budgets.seed import anlegen
    from kennzahlen.models import Kategorie
    from kennzahlen.seed import anlegen as kategorien_anlegen

    if not (Budgetart.objects.exists() and Planrate.objects.exists()):
        anlegen(Budgetart, Planrate)
    if not Themenfeld.objects.exists():
        themenfelder_anlegen(Themenfeld)
    if not Kategorie.objects.exists():
        kategorien_anlegen(Kategorie, Themenfeld)
    settings.GRUNDDATEN = settings.GRUNDDATEN_DATEIEN[behoerde]
    _grunddaten_einspielen(settings.GRUNDDATEN)


# The rows the first load of a Grunddaten file wrote, per test process: file ->
# model -> their field values. grunddaten_laden validates every row (full_clean, with
# the unique checks of each constraint), which made this fixture a third of
# the suite's set-up time; the file does not change between tests, so it is
# checked once and its rows are copied into every later test's database.
_GRUNDDATEN_ZEILEN = {}


def _grunddaten_einspielen(datei):
    from django.apps import apps
    from django.core.management.color import no_style

    from austausch.grunddaten import grunddaten_laden

    modelle = apps.get_models(include_auto_created=True)
    abgeglichen = _abgeglichen()
    zeilen = _GRUNDDATEN_ZEILEN.setdefault(datei, {})
    if not zeilen:
        vorher = {m: m._default_manager.count() for m in modelle}
        seeds = {
            m: list(m._default_manager.order_by("pk").values()) for m in abgeglichen
        }
        grunddaten_laden(json.loads(datei.read_text(encoding="utf-8")))
        for m in modelle:
            if m in abgeglichen:
                # Seeded by the migrations and made the file's (Budgetarten,
                # Themenfelder …): replaced whole when the file changed them.
                nachher = list(m._default_manager.order_by("pk").values())
                if nachher != seeds[m]:
                    zeilen[m] = nachher
            elif m._default_manager.count() != vorher[m]:
                if vorher[m]:
                    raise AssertionError(f"{m.__name__}: Grunddaten in voller Tabelle")
                zeilen[m] = list(m._default_manager.values())
        return
    for m in abgeglichen:
        if m in zeilen:
            if any(f.name == "anreiz_ziel" for f in m._meta.fields):
                # a Budgetart's incentive points at another one (protected)
                m._default_manager.update(anreiz_ziel=None, anreiz_prozent=None)
            m._default_manager.all().delete()
    for m in _abhaengige_zuletzt(zeilen):
        m._default_manager.bulk_create(m(**zeile) for zeile in zeilen[m])
    # The rows keep their ids; PostgreSQL's sequences must not hand them out again
    # (a flush may have reset them).
    with connection.cursor() as cursor:
        for befehl in connection.ops.sequence_reset_sql(no_style(), list(zeilen)):
            cursor.execute(befehl)


def _abgeglichen():
    """The tables the migrations seed and the Grunddaten file reconciles, in an
    order in which they can be emptied."""
    from antraege.models import Themenfeld
    from budgets.models import Budgetart, Planrate
    from kennzahlen.models import Kategorie

    return [Kategorie, Themenfeld, Planrate, Budgetart]


def _abhaengige_zuletzt(modelle):
    """The models in an order where each comes after those it points to."""
    reihe = []
    offen = list(modelle)
    while offen:
        for m in offen:
            ziele = {
                f.related_model for f in m._meta.concrete_fields if f.is_relation
            } & set(offen)
            if ziele <= {m}:
                reihe.append(m)
                offen.remove(m)
                break
        else:
            raise AssertionError(f"Kreis in den Grunddaten: {offen}")
    return reihe


@dataclass
class Welt:
    """Two Sozialräume A and B (in the Landkreis in different Regionen, 2 and 3),
    one user per role."""

    a: Sozialraum
    b: Sozialraum
    leitung_a: User
    leitung_b: User
    geschaeftsstelle: User | None  # Region of A; None without Regionen
    jha: User
    fd51: User
    admin: User
    weiterer_admin: User
    opfer: User  # a plain user that management actions act on

    def rolle(self, name):
        return None if name == "anonym" else getattr(self, name)


# A and B of each authority's world: in the Landkreis in different Regionen.
RAEUME_A_B = {"landkreis": ("ADE", "GEL"), "hansestadt": ("KAL", "WES")}


@pytest.fixture
def welt(grunddaten, behoerde):
    from config.begriffe import begriffe
    from sozialraum.tests.factories import SozialraumbueroFactory, benutzer_mit_rolle

    a, b = (Sozialraum.objects.get(kuerzel=k) for k in RAEUME_A_B[behoerde])
    SozialraumbueroFactory(sozialraum=a, email="kontakt-a@example.org")
    SozialraumbueroFactory(sozialraum=b, email="kontakt-b@example.org")
    return Welt(
        a=a,
        b=b,
        leitung_a=benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=a),
        leitung_b=benutzer_mit_rolle(Rolle.SOZIALRAUMLEITUNG, sozialraum=b),
        # an authority without Regionen has no Geschäftsstelle
        geschaeftsstelle=benutzer_mit_rolle(Rolle.GESCHAEFTSSTELLE_RG, region=a.region)
        if begriffe().mit_gruppen
        else None,
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
