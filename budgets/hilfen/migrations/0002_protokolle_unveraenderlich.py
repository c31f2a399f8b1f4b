"""On PostgreSQL the database itself refuses UPDATE and DELETE of the logs
(who saw which case rows; anonymisation runs). The models refuse too; the
trigger is the last line against raw SQL. TRUNCATE stays possible (test runner).
On SQLite the migration does nothing."""

from django.db import migrations

TABELLEN = ["hilfen_einsicht", "hilfen_anonymisierungslauf"]

FUNKTION = """
CREATE OR REPLACE FUNCTION hilfen_protokoll_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Protokolle sind unveraenderlich: % ist nicht erlaubt', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def anlegen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNKTION, params=None)
    for tabelle in TABELLEN:
        schema_editor.execute(
            f"CREATE TRIGGER {tabelle}_append_only BEFORE UPDATE OR DELETE ON "
            f"{tabelle} FOR EACH ROW EXECUTE FUNCTION hilfen_protokoll_append_only();",
            params=None,
        )


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabelle in TABELLEN:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {tabelle}_append_only ON {tabelle};", params=None
        )
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS hilfen_protokoll_append_only();", params=None
    )


class Migration(migrations.Migration):
    dependencies = [("hilfen", "0001_initial")]

    operations = [migrations.RunPython(anlegen, entfernen)]
