"""On PostgreSQL the database refuses UPDATE and DELETE of a contract's
Vorgänge (its audit trail) and of their links to bookings, as for the ledger.
On SQLite the migration does nothing."""

from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION vertraege_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Vorgaenge eines Vertrags sind unveraenderlich: % ist nicht erlaubt', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER vertraege_vorgang_append_only
    BEFORE UPDATE OR DELETE ON vertraege_vorgang
    FOR EACH ROW EXECUTE FUNCTION vertraege_append_only();
CREATE TRIGGER vertraege_vorgang_buchungen_append_only
    BEFORE UPDATE OR DELETE ON vertraege_vorgang_buchungen
    FOR EACH ROW EXECUTE FUNCTION vertraege_append_only();
CREATE TRIGGER vertraege_vertragsjahr_bindungen_append_only
    BEFORE UPDATE OR DELETE ON vertraege_vertragsjahr_bindungen
    FOR EACH ROW EXECUTE FUNCTION vertraege_append_only();
"""

ENTFERNEN = """
DROP TRIGGER IF EXISTS vertraege_vorgang_append_only ON vertraege_vorgang;
DROP TRIGGER IF EXISTS vertraege_vorgang_buchungen_append_only
    ON vertraege_vorgang_buchungen;
DROP TRIGGER IF EXISTS vertraege_vertragsjahr_bindungen_append_only
    ON vertraege_vertragsjahr_bindungen;
DROP FUNCTION IF EXISTS vertraege_append_only();
"""


def anlegen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENTFERNEN, params=None)


class Migration(migrations.Migration):
    dependencies = [("vertraege", "0001_vertraege")]

    operations = [migrations.RunPython(anlegen, entfernen)]
