"""Backup and restore of everything the app keeps: the database and the
attachment files (settings.ANLAGEN_ROOT). Report PDFs and import files of
background orders live in the database (BinaryField); MEDIA_ROOT is unused.

One archive (.tar or .tar.gz) holds `manifest.json`, the database (PostgreSQL:
`pg_dump --format=custom`; SQLite: a copy made with SQLite's backup API) and
`anlagen/`. The manifest records what was saved: rows and a content checksum
per table, the sum of bookings per kind, SHA-256 per attachment file, the
migration state. A restore goes only into an empty database, checks every
file against the manifest before it changes anything, and afterwards reads
the restored state back and compares it with the manifest.

Used by `manage.py sicherung_anlegen` and `sicherung_einspielen` (docs/betrieb.md,
"Sicherung und Wiederherstellung"). It reads the other apps' tables through
the app registry: sozialraum imports none of them.
"""

import datetime
import decimal
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
import zlib
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone

from config.begriffe import begriffe

FORMAT = "sozialraum-budget-sicherung"
FORMATVERSION = 1
MANIFEST = "manifest.json"
ANLAGEN = "anlagen"
DATENBANKDATEI = {"postgresql": "datenbank.dump", "sqlite": "datenbank.sqlite3"}
ENDUNGEN = (".tar", ".tar.gz", ".tgz")

# Counted in the commands' messages (the manifest counts every table).
HAUPTTABELLEN = (
    ("Buchungen", "budgets", "Buchung"),
    ("Budgets", "budgets", "Budget"),
    ("Anträge", "antraege", "Antrag"),
    ("Beschlüsse", "antraege", "Beschluss"),
    ("Anlagen", "antraege", "Anlage"),
    ("Benutzer", "konten", "User"),
)

# libpq connection parameters that may sit in DATABASES[...]["OPTIONS"].
_LIBPQ = [
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "connect_timeout",
    "options",
    "application_name",
    "target_session_attrs",
    "service",
    "passfile",
]


class SicherungsFehler(Exception):
    """A refusal or a failed check; the message is meant for the operator."""


@dataclass
class Ergebnis:
    pfad: Path
    manifest: dict
    # Restore only: migrations of this code the restored database lacks.
    ausstehende_migrationen: list = field(default_factory=list)


# --- What the database and the attachment folder hold ---------------------------------


def _kanonisch(wert):
    """One text per value, independent of how the driver hands it over."""
    if wert is None:
        return None
    if isinstance(wert, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(wert)).hexdigest()
    if isinstance(wert, datetime.datetime) and wert.tzinfo is not None:
        return wert.astimezone(datetime.UTC).isoformat()
    if isinstance(wert, dict | list):
        return json.dumps(wert, sort_keys=True, default=str)
    return str(wert)


def _tabelle_lesen(verbindung, tabelle):
    """Rows and an order-independent checksum (sum of the rows' SHA-256)."""
    anzahl, summe = 0, 0
    # The name comes from the database's own table list, quoted.
    sql = f"SELECT * FROM {verbindung.ops.quote_name(tabelle)}"  # noqa: S608
    with verbindung.chunked_cursor() as cursor:
        cursor.execute(sql)
        while zeilen := cursor.fetchmany(2000):
            for zeile in zeilen:
                text = json.dumps([_kanonisch(w) for w in zeile], ensure_ascii=False)
                summe += int.from_bytes(hashlib.sha256(text.encode()).digest())
                anzahl += 1
    return anzahl, f"{summe % 2**256:064x}"


def _cent(summe):
    """A sum of bookings to the cent, as the ledger rounds (half up)."""
    return decimal.Decimal(str(summe)).quantize(
        decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP
    )


def _sha256_datei(pfad):
    summe = hashlib.sha256()
    with open(pfad, "rb") as datei:
        while stueck := datei.read(1 << 20):
            summe.update(stueck)
    return summe.hexdigest()


def _dateien(wurzel):
    """{path relative to the folder: SHA-256} of every file below it."""
    wurzel = Path(wurzel)
    if not wurzel.is_dir():
        return {}
    return {
        pfad.relative_to(wurzel).as_posix(): _sha256_datei(pfad)
        for pfad in sorted(wurzel.rglob("*"))
        if pfad.is_file()
    }


def _abfrage(verbindung, tabellen, app, modell, *felder, gruppe=False):
    """Raw rows of some columns of a model's table ([] if the table is missing).

    Raw SQL, not the ORM: a backup taken before `migrate` (schema older than
    the code) must work too.
    """
    meta = apps.get_model(app, modell)._meta
    if meta.db_table not in tabellen:
        return []
    q = verbindung.ops.quote_name
    spalten = [q(meta.get_field(feld).column) for feld in felder]
    if gruppe:  # the first column's groups, the sum of the second
        spalten[1] = f"SUM({spalten[1]})"
    sql = f"SELECT {', '.join(spalten)} FROM {q(meta.db_table)}"  # noqa: S608
    with verbindung.cursor() as cursor:
        cursor.execute(sql + (" GROUP BY 1" if gruppe else ""))
        return cursor.fetchall()


def bestand_erfassen(*, using, anlagen_root):
    """What one database and an attachment folder hold, as the manifest says it."""
    verbindung = connections[using]
    with verbindung.cursor() as cursor:
        tabellen = sorted(verbindung.introspection.table_names(cursor))
    zeilen, pruefsummen = {}, {}
    for tabelle in tabellen:
        zeilen[tabelle], pruefsummen[tabelle] = _tabelle_lesen(verbindung, tabelle)
    je_art = _abfrage(
        verbindung, tabellen, "budgets", "Buchung", "art", "betrag", gruppe=True
    )
    anlagen = _dateien(anlagen_root)
    zuordnung = _abfrage(
        verbindung, tabellen, "antraege", "Anlage", "id", "datei", "sha256"
    )
    return {
        "zeilen": zeilen,
        "pruefsummen": pruefsummen,
        # SQLite sums decimals as floats: both sides round the same way.
        "buchungen_je_art": {art: str(_cent(summe)) for art, summe in sorted(je_art)},
        "anlagen": anlagen,
        # Rows whose file is missing or differs (already when the backup was made).
        "anlagen_ohne_datei": sorted(
            pk for pk, name, sha256 in zuordnung if anlagen.get(name) != sha256
        ),
    }


def bestand_vergleichen(erwartet, gefunden):
    """Every difference, as a sentence; an empty list means equal."""
    meldungen = []
    for tabelle in sorted(set(erwartet["zeilen"]) | set(gefunden["zeilen"])):
        soll = erwartet["zeilen"].get(tabelle, "keine")
        ist = gefunden["zeilen"].get(tabelle, "keine")
        if soll != ist:
            meldungen.append(
                f"Tabelle {tabelle}: {soll} Zeilen gesichert, {ist} wiederhergestellt."
            )
        elif erwartet["pruefsummen"][tabelle] != gefunden["pruefsummen"][tabelle]:
            meldungen.append(f"Tabelle {tabelle}: Inhalt weicht ab (Prüfsumme).")
    soll_arten, ist_arten = erwartet["buchungen_je_art"], gefunden["buchungen_je_art"]
    for art in sorted(set(soll_arten) | set(ist_arten)):
        soll, ist = soll_arten.get(art, "0.00"), ist_arten.get(art, "0.00")
        if soll != ist:
            meldungen.append(
                f"Buchungen der Art {art}: Summe {soll} gesichert, {ist} "
                "wiederhergestellt."
            )
    for name in sorted(set(erwartet["anlagen"]) | set(gefunden["anlagen"])):
        soll, ist = erwartet["anlagen"].get(name), gefunden["anlagen"].get(name)
        if soll != ist:
            zustand = "fehlt" if ist is None else "ist zu viel" if soll is None else ""
            meldungen.append(
                f"Anlage-Datei {name}: {zustand or 'Prüfsumme weicht ab'}."
            )
    if erwartet["anlagen_ohne_datei"] != gefunden["anlagen_ohne_datei"]:
        meldungen.append("Die Zuordnung der Anlagen zu ihren Dateien weicht ab.")
    return meldungen


def hauptzahlen(manifest):
    """[(label, rows)] of the main tables, for the commands' messages."""
    zeilen = manifest["bestand"]["zeilen"]
    return [
        (text, zeilen.get(apps.get_model(app, name)._meta.db_table, 0))
        for text, app, name in HAUPTTABELLEN
    ]


def _migrationen(using):
    angewendet = MigrationRecorder(connections[using]).applied_migrations()
    migrationen = {}
    for app, name in angewendet:  # in the order they were applied
        migrationen.setdefault(app, []).append(name)
    return migrationen


# --- Connections and PostgreSQL's tools -----------------------------------------------


@contextmanager
def _verbindung(einstellungen):
    """A connection under its own alias for the time of the block (the restore
    target, a copy); not added to settings.DATABASES."""
    alias = f"sicherung_{uuid.uuid4().hex[:12]}"
    einstellungen = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(einstellungen)}
    )[DEFAULT_DB_ALIAS]
    verbindung = load_backend(einstellungen["ENGINE"]).DatabaseWrapper(
        einstellungen, alias
    )
    connections[alias] = verbindung
    try:
        yield alias
    finally:
        verbindung.close()
        del connections[alias]


def pg_werkzeug(name):
    """Absolute path of pg_dump/pg_restore and its major version."""
    pfad = shutil.which(name)
    if pfad is None:
        raise SicherungsFehler(
            f"{name} ist nicht installiert. Unter Debian: "
            "„apt-get install postgresql-client“ (als root)."
        )
    ausgabe = _ausfuehren([pfad, "--version"], umgebung=None, was=name)
    treffer = re.search(r"\)\s*(\d+)", ausgabe) or re.search(r"(\d+)", ausgabe)
    if treffer is None:
        raise SicherungsFehler(f"Die Version von {name} ist nicht lesbar: {ausgabe}")
    return pfad, int(treffer.group(1))


def versionen_pruefen(*, werkzeug, werkzeug_version, server_version):
    if werkzeug_version < server_version:
        raise SicherungsFehler(
            f"{werkzeug} {werkzeug_version} ist älter als der PostgreSQL-Server "
            f"{server_version}. Bitte postgresql-client-{server_version} "
            "installieren (Debian: Paketquelle apt.postgresql.org)."
        )


def _ausfuehren(befehl, *, umgebung, was):
    # An argument list, no shell; the executable is an absolute path.
    lauf = subprocess.run(  # noqa: S603
        befehl, env=umgebung, capture_output=True, text=True, check=False
    )
    if lauf.returncode != 0:
        raise SicherungsFehler(
            f"{was} ist fehlgeschlagen (Rückgabewert {lauf.returncode}): "
            f"{lauf.stderr.strip()}"
        )
    return lauf.stdout


def _pg_ziel(einstellungen):
    """libpq connection string (without the password) and the environment."""

    def wert(text):
        text = str(text).replace("\\", "\\\\").replace("'", "\\'")
        return f"'{text}'"

    teile = {
        "dbname": einstellungen["NAME"],
        "host": einstellungen.get("HOST"),
        "port": einstellungen.get("PORT"),
        "user": einstellungen.get("USER"),
    }
    optionen = einstellungen.get("OPTIONS") or {}
    teile.update({k: optionen[k] for k in _LIBPQ if k in optionen})
    conninfo = " ".join(f"{k}={wert(v)}" for k, v in teile.items() if v)
    umgebung = dict(os.environ)
    if einstellungen.get("PASSWORD"):
        umgebung["PGPASSWORD"] = einstellungen["PASSWORD"]
    return conninfo, umgebung


# --- Backup ---------------------------------------------------------------------------


def _zielpfad(ziel):
    ziel = Path(ziel)
    if ziel.is_dir():
        ziel = ziel / f"sozialraum-budget-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
    if not ziel.name.endswith(ENDUNGEN):
        raise SicherungsFehler(
            "Der Name der Sicherung muss auf .tar oder .tar.gz enden."
        )
    if not ziel.parent.is_dir():
        raise SicherungsFehler(f"Den Ordner {ziel.parent} gibt es nicht.")
    if ziel.exists():
        raise SicherungsFehler(
            f"{ziel} gibt es schon; eine Sicherung überschreibt nichts."
        )
    return ziel


def _stand(using, anlagen_root):
    return {
        "migrationen": (migrationen := _migrationen(using)),
        "migrationsstand": {app: namen[-1] for app, namen in migrationen.items()},
        "bestand": bestand_erfassen(using=using, anlagen_root=anlagen_root),
    }


def _postgres_sichern(verbindung, datei, anlagen_root):
    pg_dump, version = pg_werkzeug("pg_dump")
    server = verbindung.pg_version // 10000
    versionen_pruefen(
        werkzeug="pg_dump", werkzeug_version=version, server_version=server
    )
    if verbindung.in_atomic_block:
        raise SicherungsFehler(
            "Eine Sicherung läuft nicht innerhalb einer Transaktion."
        )
    conninfo, umgebung = _pg_ziel(verbindung.settings_dict)
    # pg_dump and the manifest read the same snapshot: they agree to the row.
    with transaction.atomic(using=verbindung.alias):
        with verbindung.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        befehl = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
        befehl += [f"--snapshot={snapshot}", f"--file={datei}", f"--dbname={conninfo}"]
        _ausfuehren(befehl, umgebung=umgebung, was="pg_dump")
        stand = _stand(verbindung.alias, anlagen_root)
    stand["datenbank"] = {"server_version": server, "pg_dump_version": version}
    return stand


def _sqlite_sichern(verbindung, datei, anlagen_root):
    quelle = Path(verbindung.settings_dict["NAME"])
    if verbindung.is_in_memory_db() or not quelle.is_file():
        raise SicherungsFehler(
            f"Die SQLite-Datenbank {quelle} gibt es nicht als Datei."
        )
    # SQLite's backup API, not a file copy: consistent while the app writes.
    von = sqlite3.connect(f"{quelle.resolve().as_uri()}?mode=ro", uri=True)
    with closing(von), closing(sqlite3.connect(datei)) as nach:
        von.backup(nach)
    # The manifest describes the copy, so it agrees with it to the row.
    kopie = {**verbindung.settings_dict, "NAME": str(datei), "OPTIONS": {}}
    with _verbindung(kopie) as alias:
        stand = _stand(alias, anlagen_root)
    stand["datenbank"] = {"sqlite_version": sqlite3.sqlite_version}
    return stand


def sicherung_anlegen(*, ziel, using=DEFAULT_DB_ALIAS):
    """Write one archive of the database and the attachments; returns it."""
    ziel = _zielpfad(ziel)
    verbindung = connections[using]
    vendor = verbindung.vendor
    if vendor not in DATENBANKDATEI:
        raise SicherungsFehler(f"Datenbanken vom Typ {vendor} werden nicht gesichert.")
    anlagen_root = Path(settings.ANLAGEN_ROOT)
    with tempfile.TemporaryDirectory(dir=ziel.parent, prefix=".sicherung-") as arbeit:
        datei = Path(arbeit) / DATENBANKDATEI[vendor]
        sichern = _postgres_sichern if vendor == "postgresql" else _sqlite_sichern
        stand = sichern(verbindung, datei, anlagen_root)
        manifest = {
            "format": FORMAT,
            "formatversion": FORMATVERSION,
            "erstellt_am": datetime.datetime.now(datetime.UTC).isoformat(
                timespec="seconds"
            ),
            **stand,
        }
        manifest["datenbank"].update(
            vendor=vendor, datei=datei.name, sha256=_sha256_datei(datei)
        )
        # mkstemp: readable by the owner only (personal data); renamed when complete.
        handle, teil = tempfile.mkstemp(dir=ziel.parent, prefix=".sicherung-")
        os.close(handle)
        try:
            modus = "w:gz" if ziel.name.endswith(("gz", "tgz")) else "w"
            with tarfile.open(teil, modus) as archiv:
                inhalt = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(inhalt), int(time.time()), 0o600
                archiv.addfile(info, io.BytesIO(inhalt))
                archiv.add(datei, arcname=datei.name)
                for name in manifest["bestand"]["anlagen"]:
                    archiv.add(anlagen_root / name, arcname=f"{ANLAGEN}/{name}")
            os.replace(teil, ziel)
        except BaseException as exc:
            Path(teil).unlink(missing_ok=True)
            if isinstance(exc, OSError):  # disk full, a file gone meanwhile
                raise SicherungsFehler(f"Archiv nicht geschrieben: {exc}") from exc
            raise
    return Ergebnis(pfad=ziel, manifest=manifest)


# --- Restore --------------------------------------------------------------------------


def _manifest_lesen(archiv, quelle):
    try:
        manifest = json.loads(archiv.extractfile(archiv.getmember(MANIFEST)).read())
        if manifest.get("format") != FORMAT:
            raise ValueError(manifest.get("format"))
        formatversion = int(manifest["formatversion"])
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise SicherungsFehler(
            f"{quelle} ist keine Sicherung von {begriffe().produkt} "
            f"(kein lesbares {MANIFEST})."
        ) from exc
    if formatversion > FORMATVERSION:
        raise SicherungsFehler(
            f"Die Sicherung hat das Format {formatversion}, dieser Programmstand liest "
            f"nur bis Format {FORMATVERSION}. Bitte zuerst die Anwendung aktualisieren."
        )
    return manifest


def _migrationen_pruefen(manifest):
    """Refuse a backup made by newer code: its tables do not fit these models."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    bekannt = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        bekannt.update(migration.replaces)
    neuer = [
        f"{app}.{name}"
        for app, namen in manifest["migrationen"].items()
        for name in namen
        if (app, name) not in bekannt
    ]
    if neuer:
        raise SicherungsFehler(
            "Die Sicherung stammt von einem neueren Programmstand; diese Migrationen "
            f"kennt er nicht: {', '.join(neuer)}. "
            "Bitte zuerst die Anwendung auf den Stand der Sicherung (oder neuer) "
            "bringen, dann erneut einspielen."
        )


def _ziel_leer_pruefen(alias, anlagen_root):
    verbindung = connections[alias]
    name = verbindung.settings_dict["NAME"]
    if verbindung.vendor == "sqlite":
        if verbindung.is_in_memory_db():
            raise SicherungsFehler("Das Ziel muss eine SQLite-Datei sein.")
        pfad, tabellen = Path(name), []
        if pfad.exists():  # read-only: a refusal must not even create the file
            uri = f"{pfad.resolve().as_uri()}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True)) as db:
                tabellen = db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                ).fetchall()
    else:
        try:
            with verbindung.cursor() as cursor:
                tabellen = verbindung.introspection.table_names(cursor)
        except DatabaseError as exc:
            raise SicherungsFehler(
                f"Die Zieldatenbank {name} ist nicht erreichbar ({exc}). Bitte "
                f"zuerst leer anlegen, z. B. „createdb {name}“."
            ) from exc
    if tabellen:
        raise SicherungsFehler(
            f"Die Zieldatenbank {name} ist nicht leer ({len(tabellen)} Tabellen); "
            "es wurde nichts verändert. Eine Sicherung wird nur in eine leere "
            "Datenbank eingespielt: bitte eine neue anlegen (PostgreSQL: createdb, "
            "ohne migrate; SQLite: eine noch nicht vorhandene Datei) und "
            "DATABASE_URL oder --datenbank-url darauf richten."
        )
    if anlagen_root.is_dir() and any(p.is_file() for p in anlagen_root.rglob("*")):
        raise SicherungsFehler(
            f"Der Anlagen-Ordner {anlagen_root} enthält schon Dateien; es wurde nichts "
            "verändert. Bitte einen leeren Ordner als ANLAGEN_ROOT angeben."
        )


def _pg_restore_pruefen(manifest):
    pg_restore, version = pg_werkzeug("pg_restore")
    geschrieben = int(manifest["datenbank"].get("pg_dump_version", 0))
    if version < geschrieben:
        raise SicherungsFehler(
            f"Die Sicherung wurde mit pg_dump {geschrieben} geschrieben; pg_restore "
            f"{version} kann sie nicht lesen. Bitte postgresql-client-{geschrieben} "
            "installieren."
        )
    return pg_restore


def _kopieren(quelle, ziel):
    """Copy a stream to a new file; returns the SHA-256 of what was written."""
    summe = hashlib.sha256()
    ziel.parent.mkdir(parents=True, exist_ok=True)
    with open(ziel, "xb") as datei:
        while stueck := quelle.read(1 << 20):
            summe.update(stueck)
            datei.write(stueck)
    return summe.hexdigest()


def _auspacken(archiv, manifest, arbeit):
    """Unpack below `arbeit` and check every file against the manifest.

    Nothing outside `arbeit` changes; returns the attachments' relative paths.
    """
    datenbankdatei = manifest["datenbank"]["datei"]
    erwartet = manifest["bestand"]["anlagen"]
    datenbank, anlagen = None, {}
    try:
        for mitglied in archiv:
            if mitglied.name == MANIFEST:
                continue
            teile = PurePosixPath(mitglied.name).parts
            name = "/".join(teile[1:])
            if mitglied.isfile() and mitglied.name == datenbankdatei and not datenbank:
                datei = archiv.extractfile(mitglied)
                datenbank = _kopieren(datei, arbeit / datenbankdatei)
            elif (
                mitglied.isfile()
                and teile[:1] == (ANLAGEN,)
                and ".." not in teile
                and name in erwartet
                and name not in anlagen
            ):
                datei = archiv.extractfile(mitglied)
                anlagen[name] = _kopieren(datei, arbeit / ANLAGEN / name)
            else:
                raise SicherungsFehler(
                    f"Die Sicherung enthält einen unerwarteten Eintrag "
                    f"„{mitglied.name}“; es wurde nichts verändert."
                )
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise SicherungsFehler(
            f"Die Sicherung ist beschädigt ({exc}); es wurde nichts verändert."
        ) from exc
    if datenbank != manifest["datenbank"]["sha256"]:
        raise SicherungsFehler(
            "Die Datenbank in der Sicherung fehlt oder ist beschädigt (ihre Prüfsumme "
            "stimmt nicht mit dem Manifest überein); es wurde nichts verändert."
        )
    falsch = sorted(name for name in erwartet if anlagen.get(name) != erwartet[name])
    if falsch:
        raise SicherungsFehler(
            f"{len(falsch)} Anlage-Dateien der Sicherung fehlen oder sind beschädigt "
            f"(Prüfsumme stimmt nicht): {', '.join(falsch[:5])}; es wurde nichts "
            "verändert."
        )
    return sorted(anlagen)


def _postgres_einspielen(pg_restore, alias, datei):
    conninfo, umgebung = _pg_ziel(connections[alias].settings_dict)
    befehl = [pg_restore, "--single-transaction", "--exit-on-error"]
    befehl += ["--no-owner", "--no-privileges", f"--dbname={conninfo}", str(datei)]
    # One transaction: a failed restore leaves the database empty.
    _ausfuehren(befehl, umgebung=umgebung, was="pg_restore")


def _sqlite_einspielen(alias, datei):
    ziel = Path(connections[alias].settings_dict["NAME"])
    ziel.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(datei)) as von, closing(sqlite3.connect(ziel)) as nach:
        von.backup(nach)


def sicherung_einspielen(*, quelle, datenbank=None):
    """Restore an archive into an empty database (default: the configured one,
    or the DATABASES-style `datenbank`) and an empty settings.ANLAGEN_ROOT, then
    read everything back and compare it with the manifest."""
    quelle = Path(quelle)
    einstellungen = datenbank or connections[DEFAULT_DB_ALIAS].settings_dict
    anlagen_root = Path(settings.ANLAGEN_ROOT)
    if not quelle.is_file() or not tarfile.is_tarfile(quelle):
        raise SicherungsFehler(f"{quelle} ist keine lesbare Archivdatei.")
    with tarfile.open(quelle, "r:*") as archiv, _verbindung(einstellungen) as alias:
        manifest = _manifest_lesen(archiv, quelle)
        vendor, gesichert = connections[alias].vendor, manifest["datenbank"]["vendor"]
        if vendor != gesichert:
            raise SicherungsFehler(
                f"Die Sicherung enthält eine {gesichert}-Datenbank, das Ziel ist "
                f"{vendor}. Sie wird nur in eine Datenbank derselben Art eingespielt."
            )
        _migrationen_pruefen(manifest)
        _ziel_leer_pruefen(alias, anlagen_root)
        pg_restore = _pg_restore_pruefen(manifest) if vendor == "postgresql" else None
        anlagen_root.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(
            dir=anlagen_root.parent, prefix=".wiederherstellung-"
        ) as arbeit:
            arbeit = Path(arbeit)
            anlagen = _auspacken(archiv, manifest, arbeit)
            datei = arbeit / manifest["datenbank"]["datei"]
            if pg_restore:
                _postgres_einspielen(pg_restore, alias, datei)
            else:
                _sqlite_einspielen(alias, datei)
            for name in anlagen:
                (anlagen_root / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(arbeit / ANLAGEN / name, anlagen_root / name)
        gefunden = bestand_erfassen(using=alias, anlagen_root=anlagen_root)
        meldungen = bestand_vergleichen(manifest["bestand"], gefunden)
        if meldungen:
            raise SicherungsFehler(
                "Die Prüfung nach dem Einspielen ist fehlgeschlagen; die "
                "wiederhergestellten Daten nicht verwenden:\n  "
                + "\n  ".join(meldungen)
            )
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    ausstehend = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    return Ergebnis(pfad=quelle, manifest=manifest, ausstehende_migrationen=ausstehend)
