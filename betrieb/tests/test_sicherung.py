"""Backup and restore (sozialraum/sicherung.py): an archive restored into an
empty database holds every booking, application, figure and attachment file
again; damaged or foreign archives and non-empty targets are refused."""

import hashlib
import io
import json
import tarfile
import urllib.parse
import uuid
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Sum
from django.db.utils import load_backend
from django.utils.functional import empty
from psycopg import connect as pg_connect
from psycopg import sql

from antraege.models import (
    Anlage,
    Anteil,
    Antrag,
    Beschluss,
    Sitzung,
    Statuswechsel,
    anlagen_speicher,
)
from antraege.models import Status as S
from antraege.services import anlage_hinzufuegen
from antraege.tests.factories import budgets_fuellen, entwurf
from betrieb import sicherung
from betrieb.models import Auftrag
from budgets.models import Buchung, Budget, Jahresabschluss, Verteilung
from budgets.selectors import Zahlen, budgetuebersicht, mit_zahlen
from konten.models import Protokolleintrag, Rollenzuweisung, User

# pg_dump and SQLite's backup read committed data: transactions must commit.
transaktional = pytest.mark.django_db(transaction=True)

IST_SQLITE = (
    django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
)
PDF = b"%PDF-1.4\n% Kostenplan (Test)\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


# --- Fixtures and helpers ------------------------------------------------------------


@pytest.fixture
def anlagenordner(settings, tmp_path):
    """Attachments go to a fresh folder (the storage is built lazily once)."""
    settings.ANLAGEN_ROOT = tmp_path / "anlagen"
    anlagen_speicher._wrapped = empty
    yield settings.ANLAGEN_ROOT
    anlagen_speicher._wrapped = empty


@pytest.fixture
def neues_ziel(settings, tmp_path):
    """Makes a new, empty database of this vendor and a new, empty attachment
    folder (set as ANLAGEN_ROOT): returns (DATABASES entry, URL). PostgreSQL
    databases are dropped afterwards."""
    basis = connection.settings_dict
    angelegt = []

    def wartung():
        return pg_connect(
            dbname="postgres",
            host=basis["HOST"] or None,
            port=basis["PORT"] or None,
            user=basis["USER"] or None,
            password=basis["PASSWORD"] or None,
            autocommit=True,
        )

    def anlegen(anlagen=True):
        if anlagen:
            settings.ANLAGEN_ROOT = tmp_path / f"anlagen-{uuid.uuid4().hex[:6]}"
        name = f"sozialraum_budget_restore_{uuid.uuid4().hex[:10]}"
        if connection.vendor == "sqlite":
            pfad = tmp_path / f"{name}.sqlite3"
            return {**basis, "NAME": str(pfad)}, f"sqlite:///{pfad}"
        with wartung() as db:
            db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        angelegt.append(name)
        konto = urllib.parse.quote(basis["USER"] or "", safe="")
        if basis["PASSWORD"]:
            konto += ":" + urllib.parse.quote(basis["PASSWORD"], safe="")
        ort = f"{basis['HOST'] or 'localhost'}:{basis['PORT'] or 5432}"
        return {**basis, "NAME": name}, f"postgres://{konto}@{ort}/{name}"

    yield anlegen
    for name in angelegt:
        with wartung() as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


@contextmanager
def datenbank(einstellungen):
    """A second connection under its own alias, as long as the block runs."""
    alias = f"test_{uuid.uuid4().hex[:8]}"
    verbindung = load_backend(einstellungen["ENGINE"]).DatabaseWrapper(
        einstellungen, alias
    )
    connections[alias] = verbindung
    try:
        yield alias
    finally:
        verbindung.close()
        del connections[alias]


def tabellen(einstellungen):
    if connection.vendor == "sqlite" and not Path(einstellungen["NAME"]).exists():
        return []
    with datenbank(einstellungen) as alias, connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)


def hochladen(antrag, name, inhalt, art):
    return anlage_hinzufuegen(
        antrag=antrag, datei=SimpleUploadedFile(name, inhalt), art=art, durch=None
    )


def kleiner_bestand(welt):
    """Allocations, one application with two attachments."""
    budgets_fuellen()
    antrag = entwurf(welt)
    hochladen(antrag, "Kostenplan.pdf", PDF, Anlage.Art.KOSTENPLAN)
    hochladen(antrag, "Foto.png", PNG, Anlage.Art.SONSTIGES)
    return antrag


def sichern(ordner):
    ausgabe = io.StringIO()
    call_command("sicherung_anlegen", str(ordner), stdout=ausgabe)
    (archiv,) = ordner.glob("*.tar")
    return archiv, ausgabe.getvalue()


def einspielen(archiv, url):
    ausgabe = io.StringIO()
    call_command(
        "sicherung_einspielen", str(archiv), "--datenbank-url", url, stdout=ausgabe
    )
    return ausgabe.getvalue()


def umschreiben(archiv, ziel, *, manifest=None, dateien=None):
    """A copy of the archive with a changed manifest and/or changed files."""
    dateien = dateien or {}
    with tarfile.open(archiv) as alt, tarfile.open(ziel, "w") as neu:
        for mitglied in alt:
            inhalt = alt.extractfile(mitglied).read()
            if mitglied.name == "manifest.json" and manifest:
                daten = json.loads(inhalt)
                manifest(daten)
                inhalt = json.dumps(daten).encode()
            inhalt = dateien.get(mitglied.name, lambda x: x)(inhalt)
            mitglied.size = len(inhalt)
            neu.addfile(mitglied, io.BytesIO(inhalt))
    return ziel


def erster_anlagenpfad(archiv):
    with tarfile.open(archiv) as tar:
        return next(n for n in tar.getnames() if n.startswith("anlagen/"))


# Every row of these models comes back with every field equal.
MODELLE = [
    Buchung,
    Budget,
    Verteilung,
    Jahresabschluss,
    Antrag,
    Anteil,
    Sitzung,
    Beschluss,
    Statuswechsel,
    Anlage,
    Auftrag,
    User,
    Rollenzuweisung,
    Protokolleintrag,
]


def zahlen(using):
    budgets = mit_zahlen(Budget.objects.using(using))
    je_budget = {b.pk: Zahlen.aus(b) for b in budgets}
    _, je_art, gesamt = budgetuebersicht(budgets)
    return je_budget, [(art.pk, z) for art, z in je_art], gesamt


def schema_und_nummern(using):
    """Where the numbering stands, and on PostgreSQL the triggers that keep
    the ledger and the decisions append-only."""
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
            return cursor.fetchall()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        nummern = cursor.fetchall()
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE NOT tgisinternal ORDER BY 1, 2"
        )
        trigger = cursor.fetchall()
        assert ("budgets_buchung", "budgets_buchung_append_only") in trigger
        return nummern, trigger


def kippen(inhalt):
    """One bit flipped in the middle."""
    mitte = len(inhalt) // 2
    return inhalt[:mitte] + bytes([inhalt[mitte] ^ 1]) + inhalt[mitte + 1 :]


# --- The round trip ----------------------------------------------------------------


def rundreise(neues_ziel, tmp_path):
    """Demo data (budgets, bookings, 68 applications, Sitzungen), two attachment
    files and a report file in the database: back up, restore into a new
    empty database and folder, compare."""
    call_command("demo", stdout=io.StringIO())
    hochladen(
        Antrag.objects.filter(status=S.ENTWURF).first(),
        "Kostenplan.pdf",
        PDF,
        Anlage.Art.KOSTENPLAN,
    )
    hochladen(
        Antrag.objects.filter(status=S.BEWILLIGT).first(),
        "Nachweis.png",
        PNG,
        Anlage.Art.VERWENDUNGSNACHWEIS,
    )
    # A finished report: its PDF lives in the database, not on disk.
    Auftrag.objects.create(
        art=Auftrag.Art.ANTRAGSUEBERSICHT,
        parameter={"jahre": [2013]},
        stand=Auftrag.Stand.FERTIG,
        erstellt_von=User.objects.get(email="fd51@demo.invalid"),
        dateiname="antragsuebersicht.pdf",
        datei=PDF * 3,
    )
    alter_ordner = Path(django_settings.ANLAGEN_ROOT)
    assert Antrag.objects.count() >= 68
    assert Buchung.objects.count() > 200

    sicherungen = tmp_path / "sicherungen"
    sicherungen.mkdir()
    archiv, ausgabe = sichern(sicherungen)
    assert "Sicherung geschrieben" in ausgabe
    assert archiv.stat().st_mode & 0o077 == 0  # personal data: owner only

    einstellungen, url = neues_ziel()
    ausgabe = einspielen(archiv, url)
    assert "eingespielt und geprüft" in ausgabe
    assert "älteren Programmstand" not in ausgabe

    with datenbank(einstellungen) as alias:
        for modell in MODELLE:
            original = list(modell._base_manager.order_by("pk").values_list())
            wieder = list(
                modell._base_manager.using(alias).order_by("pk").values_list()
            )
            assert wieder == original, modell.__name__
        assert Anlage.objects.using(alias).count() == 2
        assert Auftrag.objects.using(alias).get().datei == PDF * 3

        # The figures of the budget overview, per budget, per kind and in total.
        vorher, nachher = zahlen("default"), zahlen(alias)
        assert nachher == vorher
        assert nachher[2].gebunden > 0 and nachher[2].ausgezahlt > 0
        assert nachher[2].verfuegbar != Decimal("0.00")

        # The files, byte for byte, where the storage looks for them.
        neuer_ordner = Path(django_settings.ANLAGEN_ROOT)
        assert neuer_ordner != alter_ordner
        for anlage in Anlage.objects.using(alias):
            inhalt = (neuer_ordner / anlage.datei.name).read_bytes()
            assert inhalt == (alter_ordner / anlage.datei.name).read_bytes()
            assert hashlib.sha256(inhalt).hexdigest() == anlage.sha256

        # New rows continue the numbering; the triggers are back (PostgreSQL).
        assert schema_und_nummern(alias) == schema_und_nummern("default")


@pytest.mark.postgres
@transaktional
def test_rundreise_postgres(grunddaten, anlagenordner, neues_ziel, tmp_path):
    rundreise(neues_ziel, tmp_path)


@pytest.mark.skipif(not IST_SQLITE, reason="braucht SQLite (ohne DATABASE_URL)")
@transaktional
def test_rundreise_sqlite(grunddaten, anlagenordner, neues_ziel, tmp_path):
    rundreise(neues_ziel, tmp_path)


@transaktional
def test_manifest_beschreibt_den_bestand(welt, anlagenordner, tmp_path):
    kleiner_bestand(welt)
    archiv, ausgabe = sichern(tmp_path)
    with tarfile.open(archiv) as tar:
        namen = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert namen[0] == "manifest.json"
    assert manifest["format"] == "sozialraum-budget-sicherung"
    assert manifest["formatversion"] == 1
    assert manifest["erstellt_am"].endswith("+00:00")
    assert manifest["datenbank"]["vendor"] == connection.vendor
    assert manifest["datenbank"]["datei"] in namen
    angewendet = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrationsstand"]["antraege"] == max(
        name for app, name in angewendet if app == "antraege"
    )
    bestand = manifest["bestand"]
    assert bestand["zeilen"]["budgets_buchung"] == Buchung.objects.count() > 0
    assert bestand["zeilen"]["antraege_antrag"] == 1
    assert bestand["zeilen"]["sozialraum_user"] == User.objects.count()
    je_art = dict(Buchung.objects.values_list("art").annotate(s=Sum("betrag")))
    assert bestand["buchungen_je_art"] == {a: f"{s:.2f}" for a, s in je_art.items()}
    assert bestand["anlagen"] == {a.datei.name: a.sha256 for a in Anlage.objects.all()}
    assert {f"anlagen/{n}" for n in bestand["anlagen"]} <= set(namen)
    assert bestand["anlagen_ohne_datei"] == []
    assert "Anträge 1," in ausgabe and "Anlage-Dateien 2." in ausgabe


@transaktional
def test_fehlende_anlagedatei_wird_gemeldet(welt, anlagenordner, neues_ziel, tmp_path):
    """A row whose file is gone: the backup is written but the command fails
    (cron mails it); the restore brings back exactly that state."""
    antrag = kleiner_bestand(welt)
    verloren = antrag.anlagen.first()
    (anlagenordner / verloren.datei.name).unlink()
    with pytest.raises(
        CommandError,
        match=f"ohne passende Datei in ANLAGEN_ROOT: 1 \\(Nr. {verloren.pk}\\)",
    ):
        call_command("sicherung_anlegen", str(tmp_path))
    (archiv,) = tmp_path.glob("*.tar")
    _, url = neues_ziel()
    assert "eingespielt und geprüft" in einspielen(archiv, url)
    wieder = [p for p in Path(django_settings.ANLAGEN_ROOT).rglob("*") if p.is_file()]
    assert len(wieder) == 1


# --- Refusals ------------------------------------------------------------------------


@transaktional
def test_nicht_leere_datenbank_wird_verweigert(welt, anlagenordner, settings, tmp_path):
    kleiner_bestand(welt)
    archiv, _ = sichern(tmp_path)
    vorher = sicherung.bestand_erfassen(using="default", anlagen_root=anlagenordner)
    settings.ANLAGEN_ROOT = tmp_path / "leer"
    # Without --datenbank-url: the configured database, which holds data.
    with pytest.raises(CommandError, match="ist nicht leer .* nichts verändert"):
        call_command("sicherung_einspielen", str(archiv))
    nachher = sicherung.bestand_erfassen(using="default", anlagen_root=anlagenordner)
    assert nachher == vorher
    assert not (tmp_path / "leer").exists()


@transaktional
def test_voller_anlagenordner_wird_verweigert(
    welt, anlagenordner, neues_ziel, tmp_path
):
    kleiner_bestand(welt)
    archiv, _ = sichern(tmp_path)
    einstellungen, url = neues_ziel()
    ordner = Path(django_settings.ANLAGEN_ROOT)
    ordner.mkdir()
    (ordner / "alt.pdf").write_bytes(PDF)
    with pytest.raises(CommandError, match="Anlagen-Ordner .* enthält schon Dateien"):
        einspielen(archiv, url)
    assert tabellen(einstellungen) == []
    assert [p.name for p in ordner.iterdir()] == ["alt.pdf"]


@pytest.mark.parametrize("was", ["anlage", "datenbank"])
@transaktional
def test_beschaedigte_sicherung_wird_verweigert(
    welt, anlagenordner, neues_ziel, tmp_path, was
):
    kleiner_bestand(welt)
    archiv, _ = sichern(tmp_path)
    with tarfile.open(archiv) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    name = (
        erster_anlagenpfad(archiv)
        if was == "anlage"
        else manifest["datenbank"]["datei"]
    )
    kaputt = umschreiben(archiv, tmp_path / "kaputt.tar", dateien={name: kippen})
    einstellungen, url = neues_ziel()
    with pytest.raises(CommandError, match="beschädigt .*Prüfsumme.*nichts verändert"):
        einspielen(kaputt, url)
    assert tabellen(einstellungen) == []
    assert not Path(django_settings.ANLAGEN_ROOT).exists()


@transaktional
def test_pruefung_nach_dem_einspielen_findet_abweichungen(
    welt, anlagenordner, neues_ziel, tmp_path
):
    """The files are intact, but the manifest says other figures: only the
    check after the restore can notice. (Fails without that check.)"""
    kleiner_bestand(welt)
    archiv, _ = sichern(tmp_path)

    def faelschen(manifest):
        bestand = manifest["bestand"]
        bestand["buchungen_je_art"]["zuweisung"] = "1.00"
        bestand["zeilen"]["antraege_antrag"] += 1
        tabelle = "budgets_budget"
        bestand["pruefsummen"][tabelle] = "0" * 64

    gefaelscht = umschreiben(archiv, tmp_path / "gefaelscht.tar", manifest=faelschen)
    _, url = neues_ziel()
    with pytest.raises(CommandError) as info:
        einspielen(gefaelscht, url)
    meldung = str(info.value)
    assert "Prüfung nach dem Einspielen ist fehlgeschlagen" in meldung
    assert "Buchungen der Art zuweisung: Summe 1.00 gesichert" in meldung
    assert "Tabelle antraege_antrag: 2 Zeilen gesichert, 1 wiederhergestellt" in meldung
    assert "Tabelle budgets_budget: Inhalt weicht ab" in meldung


@transaktional
def test_andere_datenbankart_wird_verweigert(welt, anlagenordner, neues_ziel, tmp_path):
    kleiner_bestand(welt)
    archiv, _ = sichern(tmp_path)
    fremd = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def umbenennen(manifest):
        manifest["datenbank"]["vendor"] = fremd

    falsch = umschreiben(archiv, tmp_path / "fremd.tar", manifest=umbenennen)
    einstellungen, url = neues_ziel()
    with pytest.raises(CommandError, match=f"eine {fremd}-Datenbank.*derselben Art"):
        einspielen(falsch, url)
    assert tabellen(einstellungen) == []


@transaktional
def test_neuerer_programmstand_wird_verweigert(
    welt, anlagenordner, neues_ziel, tmp_path
):
    kleiner_bestand(welt)
    archiv, _ = sichern(tmp_path)

    def zukunft(manifest):
        manifest["migrationen"]["antraege"].append("0099_aus_der_zukunft")

    neuer = umschreiben(archiv, tmp_path / "neuer.tar", manifest=zukunft)
    einstellungen, url = neues_ziel()
    with pytest.raises(
        CommandError, match="neueren Programmstand.*antraege.0099_aus_der_zukunft"
    ):
        einspielen(neuer, url)
    assert tabellen(einstellungen) == []


def _letzte_zwei_migrationen(app, alias):
    """The names of an app's last migration and the one before it."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connections[alias]).graph
    (letzte,) = graph.leaf_nodes(app)
    (vorletzte,) = (
        name for app_label, name in graph.node_map[letzte].parents if app_label == app
    )
    return letzte[1], vorletzte


@transaktional
def test_aelterer_programmstand_wird_eingespielt_und_migrate_genannt(
    welt, anlagenordner, neues_ziel, tmp_path
):
    """A backup of a database one migration behind the code restores, and
    the command names the missing step (manage.py migrate)."""
    kleiner_bestand(welt)
    aktuell, _ = sichern(tmp_path)
    # A database one step behind: restored, then its last hilfen migration undone.
    zurueck, url = neues_ziel()
    einspielen(aktuell, url)
    aelter = tmp_path / "aelter"
    aelter.mkdir()
    with datenbank(zurueck) as alias:
        _, vorletzte = _letzte_zwei_migrationen("hilfen", alias)
        call_command("migrate", "hilfen", vorletzte, database=alias, verbosity=0)
        archiv = sicherung.sicherung_anlegen(
            ziel=aelter / "alt.tar.gz", using=alias
        ).pfad
    with tarfile.open(archiv, "r:gz") as tar:  # gzip, as the name asks
        assert "manifest.json" in tar.getnames()

    _, url = neues_ziel()
    ausgabe = einspielen(archiv, url)
    assert "eingespielt und geprüft" in ausgabe
    assert "1 Migration fehlt. Jetzt ausführen: manage.py migrate" in ausgabe


def test_kein_archiv_wird_verweigert(tmp_path):
    datei = tmp_path / "notizen.tar"
    datei.write_text("keine Sicherung")
    with pytest.raises(CommandError, match="keine lesbare Archivdatei"):
        call_command("sicherung_einspielen", str(datei))


# --- PostgreSQL's tools ---------------------------------------------------------------


def test_fehlendes_pg_dump_wird_benannt(monkeypatch):
    monkeypatch.setattr(sicherung.shutil, "which", lambda name: None)
    with pytest.raises(sicherung.SicherungsFehler, match="postgresql-client"):
        sicherung.pg_werkzeug("pg_dump")


def test_zu_altes_pg_dump_wird_benannt():
    with pytest.raises(
        sicherung.SicherungsFehler,
        match="pg_dump 15 ist älter als der PostgreSQL-Server 17.*postgresql-client-17",
    ):
        sicherung.versionen_pruefen(
            werkzeug="pg_dump", werkzeug_version=15, server_version=17
        )
    sicherung.versionen_pruefen(
        werkzeug="pg_dump", werkzeug_version=17, server_version=16
    )


@pytest.mark.postgres
@transaktional
def test_sicherung_ohne_pg_dump_schreibt_nichts(welt, monkeypatch, tmp_path):
    monkeypatch.setattr(sicherung.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="pg_dump ist nicht installiert"):
        call_command("sicherung_anlegen", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
