"""Writing many rows of one model at once, faster than `bulk_create`.

`bulk_create` builds every value of every row through the SQL compiler (on
SQLite in batches of 999 parameters); for an import of 10.000 applications
with their history that was most of the time. `einfuegen` prepares each value
as the field's own `get_db_prep_save` would (the same conversion `save` uses;
for the plain types of these models the backend's adapter is called directly,
without the field's layers around it, `_umwandler`) and sends the rows at
once: on SQLite one prepared INSERT run for every row
(`executemany`), on PostgreSQL one INSERT … SELECT FROM UNNEST of one array
per column (as `bulk_create` does there). It reads no primary keys back:
for rows that others point to, use `bulk_create`, or `einfuegen` and read the
keys by a unique column (the application's number).

Like `bulk_create` it calls no `save()` and sends no signals; the database's
constraints and triggers apply as to any INSERT.
"""

import datetime
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

_TEXT = (models.CharField, models.TextField)
_GANZZAHL = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)
_SCHLUESSEL = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def _spalten(modell):
    return [
        f
        for f in modell._meta.concrete_fields
        if not (
            f.primary_key and f.get_internal_type() in ("AutoField", "BigAutoField")
        )
    ]


def _umwandler(feld, verbindung):
    """value -> what `feld.get_db_prep_save(value, verbindung)` gives.

    For the exact Django field classes below and values of their own type,
    the steps that method takes are taken directly (the backend's adapter);
    every other value and field goes through `get_db_prep_save` itself.
    `test_massen_schreibt_was_get_db_prep_save_gibt` compares both on what an
    import writes. `verbindung` is the real connection, not the proxy
    `django.db.connection` (its every attribute is a thread-local lookup)."""
    ops = verbindung.ops

    def langsam(wert):
        return feld.get_db_prep_save(wert, verbindung)

    if feld.is_relation:
        ziel = feld.target_field
        if type(ziel) in _SCHLUESSEL:
            return lambda w: (
                None
                if w is None
                else ops.validate_autopk_value(w)
                if type(w) is int
                else langsam(w)
            )
        return langsam
    art = type(feld)
    if art in _TEXT:
        return lambda w: w if type(w) is str or w is None else langsam(w)
    if art is models.BooleanField:
        return lambda w: w if type(w) is bool or w is None else langsam(w)
    if art in _GANZZAHL:
        typ = feld.get_internal_type()
        return lambda w: (
            None
            if w is None
            else ops.adapt_integerfield_value(w, typ)
            if type(w) is int
            else langsam(w)
        )
    if art is models.DateField:
        return lambda w: (
            ops.adapt_datefield_value(w) if type(w) is datetime.date else langsam(w)
        )
    if art is models.DateTimeField:
        return lambda w: (
            ops.adapt_datetimefield_value(w)
            if type(w) is datetime.datetime and timezone.is_aware(w)
            else langsam(w)
        )
    if art is models.DecimalField:
        stellen, nachkomma = feld.max_digits, feld.decimal_places
        return lambda w: (
            None
            if w is None
            else ops.adapt_decimalfield_value(w, stellen, nachkomma)
            if type(w) is Decimal and w.is_finite()
            else langsam(w)
        )
    return langsam


def _zeilen(objekte, felder, verbindung):
    """The rows' parameters, field by field as `get_db_prep_save` gives them."""
    spalten = []
    for feld in felder:
        umwandeln = _umwandler(feld, verbindung)
        if feld.is_relation:
            name = feld.attname
            werte = []
            for o in objekte:
                wert = getattr(o, name)
                if wert is None:
                    # the related row was written after this object was made
                    ziel = feld.get_cached_value(o, None)
                    wert = None if ziel is None else ziel.pk
                werte.append(umwandeln(wert))
        elif type(feld).pre_save is models.Field.pre_save or (
            type(feld) in (models.DateField, models.DateTimeField)
            and not (feld.auto_now or feld.auto_now_add)
        ):
            # the value as it is (their pre_save only reads it)
            name = feld.attname
            werte = [umwandeln(getattr(o, name)) for o in objekte]
        else:
            werte = [umwandeln(feld.pre_save(o, True)) for o in objekte]
        spalten.append(werte)
    return spalten


def einfuegen(objekte):
    """INSERT `objekte` (all of one model); their pks stay unset."""
    if not objekte:
        return
    modell = type(objekte[0])
    felder = _spalten(modell)
    q = connection.ops.quote_name
    # names from the model's metadata, quoted; every value is a parameter
    tabelle = q(modell._meta.db_table)
    spalten = ", ".join(q(f.column) for f in felder)
    verbindung = connections[DEFAULT_DB_ALIAS]
    spalten_werte = _zeilen(objekte, felder, verbindung)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite runs the prepared statement once per row, in C
            platzhalter = ", ".join(["%s"] * len(felder))
            sql = f"INSERT INTO {tabelle} ({spalten}) VALUES ({platzhalter})"  # noqa: S608
            cursor.executemany(sql, zip(*spalten_werte, strict=True))
            return
        # PostgreSQL: one array per column, unnested into rows (as bulk_create
        # does there), one statement per 10.000 rows
        typen = ", ".join(f"%s::{f.db_type(connection)}[]" for f in felder)
        sql = f"INSERT INTO {tabelle} ({spalten}) SELECT * FROM UNNEST({typen})"  # noqa: S608
        for i in range(0, len(objekte), 10_000):
            cursor.execute(sql, [spalte[i : i + 10_000] for spalte in spalten_werte])
