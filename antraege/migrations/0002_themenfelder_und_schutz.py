"""Themenfelder from the committee papers (docs/fachkonzept.md), and on PostgreSQL triggers that keep the
records (history, decisions) append-only even against raw SQL."""

from django.db import migrations

from antraege.seed import anlegen


TABELLEN = ["antraege_statuswechsel", "antraege_beschluss"]

TRIGGER = """
CREATE OR REPLACE FUNCTION antraege_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% ist unveraenderlich: % ist nicht erlaubt', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def themenfelder_anlegen(apps, schema_editor):
    anlegen(apps.get_model("antraege", "Themenfeld"))


def trigger_anlegen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRIGGER, params=None)
    for tabelle in TABELLEN:
        schema_editor.execute(
            f"CREATE TRIGGER {tabelle}_append_only BEFORE UPDATE OR DELETE ON "
            f"{tabelle} FOR EACH ROW EXECUTE FUNCTION antraege_append_only();",
            params=None,
        )


def trigger_entfernen(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabelle in TABELLEN:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {tabelle}_append_only ON {tabelle};", params=None
        )
    schema_editor.execute("DROP FUNCTION IF EXISTS antraege_append_only();", params=None)


class Migration(migrations.Migration):
    dependencies = [("antraege", "0001_antraege")]

    operations = [
        migrations.RunPython(themenfelder_anlegen, migrations.RunPython.noop),
        migrations.RunPython(trigger_anlegen, trigger_entfernen),
    ]
