"""On PostgreSQL also protect what the ledger hangs on.

A Jahresabschluss and a Verteilung are records, never changed or deleted. A
Budget's key (Budgetart, Haushaltsjahr, holder) never changes, and a budget is
never deleted: otherwise its bookings would move to another year or holder.
"""

from django.db import migrations

ANLEGEN = """
CREATE OR REPLACE FUNCTION budgets_unveraenderlich() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% auf % ist nicht erlaubt (unveraenderlich)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budgets_jahresabschluss_unveraenderlich
    BEFORE UPDATE OR DELETE ON budgets_jahresabschluss
    FOR EACH ROW EXECUTE FUNCTION budgets_unveraenderlich();

CREATE TRIGGER budgets_verteilung_unveraenderlich
    BEFORE UPDATE OR DELETE ON budgets_verteilung
    FOR EACH ROW EXECUTE FUNCTION budgets_unveraenderlich();

CREATE TRIGGER budgets_budget_schluessel_unveraenderlich
    BEFORE UPDATE OF budgetart_id, haushaltsjahr, sozialraum_id, region_id
    ON budgets_budget
    FOR EACH ROW EXECUTE FUNCTION budgets_unveraenderlich();

CREATE TRIGGER budgets_budget_nicht_loeschen
    BEFORE DELETE ON budgets_budget
    FOR EACH ROW EXECUTE FUNCTION budgets_unveraenderlich();
"""

ENTFERNEN = """
DROP TRIGGER IF EXISTS budgets_budget_nicht_loeschen ON budgets_budget;
DROP TRIGGER IF EXISTS budgets_budget_schluessel_unveraenderlich ON budgets_budget;
DROP TRIGGER IF EXISTS budgets_verteilung_unveraenderlich ON budgets_verteilung;
DROP TRIGGER IF EXISTS budgets_jahresabschluss_unveraenderlich ON budgets_jahresabschluss;
DROP FUNCTION IF EXISTS budgets_unveraenderlich();
"""


def anlegen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ANLEGEN, params=None)


def entfernen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENTFERNEN, params=None)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0003_append_only_trigger")]

    operations = [migrations.RunPython(anlegen, entfernen)]
