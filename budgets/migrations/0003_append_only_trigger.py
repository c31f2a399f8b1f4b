"""On PostgreSQL the database itself refuses UPDATE and DELETE of bookings.

The model and queryset refuse too; the trigger is the last line against raw
SQL, a shell or another program. On SQLite the migration does nothing.
TRUNCATE stays possible: it is what the test runner uses to empty tables, and
it needs the table owner's rights, which the application role need not have.
"""

from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION budgets_buchung_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Buchungen sind unveraenderlich: % ist nicht erlaubt (Storno buchen)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budgets_buchung_append_only
    BEFORE UPDATE OR DELETE ON budgets_buchung
    FOR EACH ROW EXECUTE FUNCTION budgets_buchung_append_only();
"""

ENTFERNEN = """
DROP TRIGGER IF EXISTS budgets_buchung_append_only ON budgets_buchung;
DROP FUNCTION IF EXISTS budgets_buchung_append_only();
"""


def anlegen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENTFERNEN, params=None)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0002_budgetarten_und_planraten")]

    operations = [migrations.RunPython(anlegen, entfernen)]
