"""Writing many rows of one model at once, faster than `bulk_create`.

`bulk_create` builds every value of every row through the SQL compiler (on
SQLite in batches of 999 parameters); for an import of 10.000 applications
with their history that was most of the time. `einfuegen` prepares each value
with the field's own `get_db_prep_save` (the same conversion `save` uses) and
sends the rows at once: on SQLite one prepared INSERT run for every row
(`executemany`), on PostgreSQL one INSERT … SELECT FROM UNNEST of one array
per column (as `bulk_create` does there). It reads no primary keys back:
for rows that others point to, use `bulk_create`, or `einfuegen` and read the
keys by a unique column (the application's number).

Like `bulk_create` it calls no `save()` and sends no signals; the database's
constraints and triggers apply as to any INSERT.
"""

from django.db import connection


def _spalten(modell):
    return [
        f
        for f in modell._meta.concrete_fields
        if not (
            f.primary_key and f.get_internal_type() in ("AutoField", "BigAutoField")
        )
    ]


def _wert(objekt, feld):
    if not feld.is_relation:
        return feld.get_db_prep_save(feld.pre_save(objekt, True), connection)
    wert = getattr(objekt, feld.attname)
    if wert is None:
        # the related row was written after this object was made: its key
        ziel = feld.get_cached_value(objekt, None)
        wert = None if ziel is None else ziel.pk
    return feld.get_db_prep_save(wert, connection)


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
    zeilen = [[_wert(o, f) for f in felder] for o in objekte]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite runs the prepared statement once per row, in C
            platzhalter = ", ".join(["%s"] * len(felder))
            sql = f"INSERT INTO {tabelle} ({spalten}) VALUES ({platzhalter})"  # noqa: S608
            cursor.executemany(sql, zeilen)
            return
        # PostgreSQL: one array per column, unnested into rows (as bulk_create
        # does there), one statement per 10.000 rows
        typen = ", ".join(f"%s::{f.db_type(connection)}[]" for f in felder)
        sql = f"INSERT INTO {tabelle} ({spalten}) SELECT * FROM UNNEST({typen})"  # noqa: S608
        for i in range(0, len(zeilen), 10_000):
            teil = zeilen[i : i + 10_000]
            cursor.execute(sql, [list(spalte) for spalte in zip(*teil, strict=True)])
