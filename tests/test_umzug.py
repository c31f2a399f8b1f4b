"""The move of models between apps (round 2: accounts to konten, background
orders to betrieb) keeps an existing database.

The test builds a database with the code of the commit before the move (a
`git worktree` of it: `migrate`, `grunddaten`, `demo`), takes a backup with
that code's own backup command, restores it with this code, runs `migrate`
and finds every booking, application, user, role and log row equal. It runs
on the database of the suite's run: SQLite without DATABASE_URL, PostgreSQL
with it (CI runs both).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

WURZEL = Path(__file__).resolve().parent.parent
# The last commit before the move (its models: sozialraum.User, antraege.Auftrag).
VOR_DEM_UMZUG = "05c907520db738d79ee37d209faac2cc095c937a"

# Tables whose rows must survive to the byte (their names did not change).
TABELLEN = [
    "budgets_buchung",
    "antraege_antrag",
    "antraege_statuswechsel",
    "antraege_beschluss",
    "sozialraum_user",
    "sozialraum_rollenzuweisung",
    "sozialraum_protokolleintrag",
    "hilfen_hilfe",
    "account_emailaddress",
]

PRUEFUNG = """
import json
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from antraege.models import Antrag
from budgets.models import Buchung
from konten.models import Protokolleintrag, Rollenzuweisung, User
from konten.permissions import ist_fd51
fd51 = authenticate(email="fd51@demo.invalid", password="Demo-Lueneburg-2013")
print(json.dumps({
    "benutzer": User.objects.count(),
    "rollen": Rollenzuweisung.objects.count(),
    "protokoll": Protokolleintrag.objects.count(),
    "buchungen": Buchung.objects.count(),
    "summe": str(Buchung.objects.aggregate(s=Sum("betrag"))["s"]),
    "antraege": Antrag.objects.count(),
    "fd51_meldet_sich_an": fd51 is not None and ist_fd51(fd51),
    "inhaltstypen": sorted(
        f"{c.app_label}.{c.model}"
        for c in ContentType.objects.filter(model__in=["user", "auftrag"])
    ),
}))
"""


def _git(*args):
    return subprocess.run(  # noqa: S603
        ["git", "-C", str(WURZEL), *args],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def alter_stand(tmp_path):
    """A worktree of the commit before the move (skipped, visibly, without it)."""
    if shutil.which("git") is None or _git("cat-file", "-e", VOR_DEM_UMZUG).returncode:
        pytest.skip(f"braucht git und den Commit {VOR_DEM_UMZUG[:7]} im Repository")
    ordner = tmp_path / "vor-dem-umzug"
    lauf = _git("worktree", "add", "--detach", str(ordner), VOR_DEM_UMZUG)
    assert lauf.returncode == 0, lauf.stderr
    yield ordner
    _git("worktree", "remove", "--force", str(ordner))


class Datenbanken:
    """Two fresh databases of the suite's kind: the old one and the target."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        self.tmp_path = tmp_path
        self.angelegt = []

    def neu(self, name):
        if self.vendor == "sqlite":
            return f"sqlite:///{self.tmp_path / (name + '.sqlite3')}"
        s = connection.settings_dict
        db = f"umzug_{name}_{uuid.uuid4().hex[:8]}"
        self._verwaltung(f'CREATE DATABASE "{db}"')
        self.angelegt.append(db)
        return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{db}"

    def _verwaltung(self, sql):
        import psycopg

        s = connection.settings_dict
        with psycopg.connect(
            host=s["HOST"],
            port=s["PORT"] or 5432,
            user=s["USER"],
            password=s["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as verbindung:
            verbindung.execute(sql)

    def zeilen(self, url, spalten=None):
        """({table: sorted rows}, {table: column names}) of TABELLEN, read with
        the driver, not Django. With `spalten` only those columns are read:
        later migrations may add columns (hilfen.0003 added
        formular_schluessel), and the rows that existed must be equal in the
        columns they had."""
        if self.vendor == "sqlite":
            pfad = url.removeprefix("sqlite:///")
            with closing(sqlite3.connect(pfad)) as db:
                return self._lesen(db, spalten)
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
            return self._lesen(db, spalten)

    @staticmethod
    def _lesen(db, spalten):
        zeilen, namen = {}, {}
        for tabelle in TABELLEN:
            auswahl = ", ".join(f'"{n}"' for n in spalten[tabelle]) if spalten else "*"
            sql = f"SELECT {auswahl} FROM {tabelle} ORDER BY 1"  # noqa: S608
            cursor = db.execute(sql)
            zeilen[tabelle] = cursor.fetchall()
            namen[tabelle] = [spalte[0] for spalte in cursor.description]
        return zeilen, namen

    def aufraeumen(self):
        for db in self.angelegt:
            self._verwaltung(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.fixture
def datenbanken(tmp_path):
    dbs = Datenbanken(tmp_path)
    yield dbs
    if dbs.vendor == "postgresql":
        dbs.aufraeumen()


def _manage(ordner, *args, url, anlagen):
    umgebung = {
        **os.environ,
        "DATABASE_URL": url,
        "ANLAGEN_ROOT": str(anlagen),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    lauf = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ordner,
        env=umgebung,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lauf.returncode == 0, f"{args}: {lauf.stdout}\n{lauf.stderr}"
    return lauf.stdout


@pytest.mark.django_db
def test_datenbank_von_vor_dem_umzug_bleibt_erhalten(
    alter_stand, datenbanken, tmp_path
):
    if datenbanken.vendor not in ("sqlite", "postgresql"):
        pytest.skip("nur SQLite und PostgreSQL")
    alt, ziel = datenbanken.neu("alt"), datenbanken.neu("ziel")
    alte_anlagen, neue_anlagen = tmp_path / "anlagen-alt", tmp_path / "anlagen-neu"

    # The old code builds its database and saves it with its own command.
    for befehl in (["migrate", "--noinput"], ["grunddaten"], ["demo"]):
        _manage(alter_stand, *befehl, url=alt, anlagen=alte_anlagen)
    sicherung = tmp_path / "sicherung.tar"
    _manage(
        alter_stand, "sicherung_anlegen", str(sicherung), url=alt, anlagen=alte_anlagen
    )
    vorher, spalten = datenbanken.zeilen(alt)
    assert vorher["budgets_buchung"] and vorher["antraege_antrag"]
    assert len(vorher["sozialraum_rollenzuweisung"]) >= 7

    # This code restores it and migrates it.
    ausgabe = _manage(
        WURZEL, "sicherung_einspielen", str(sicherung), url=ziel, anlagen=neue_anlagen
    )
    assert "Jetzt ausführen: manage.py migrate" in ausgabe
    ausgabe = _manage(WURZEL, "migrate", "--noinput", url=ziel, anlagen=neue_anlagen)
    assert "konten.0001 als angewendet vermerkt" in ausgabe
    nachher, _ = datenbanken.zeilen(ziel, spalten)
    for tabelle in TABELLEN:
        assert nachher[tabelle] == vorher[tabelle], tabelle

    # ... and its models read them: logins, roles, the ledger's sums.
    stand = json.loads(
        _manage(WURZEL, "shell", "-c", PRUEFUNG, url=ziel, anlagen=neue_anlagen)
        .strip()
        .splitlines()[-1]
    )
    assert stand["benutzer"] == len(vorher["sozialraum_user"])
    assert stand["rollen"] == len(vorher["sozialraum_rollenzuweisung"])
    assert stand["buchungen"] == len(vorher["budgets_buchung"])
    assert stand["antraege"] == len(vorher["antraege_antrag"])
    assert stand["fd51_meldet_sich_an"] is True
    assert stand["inhaltstypen"] == ["betrieb.auftrag", "konten.user"]
    # A second migrate has nothing left to do.
    ausgabe = _manage(WURZEL, "migrate", "--noinput", url=ziel, anlagen=neue_anlagen)
    assert "No migrations to apply" in ausgabe
