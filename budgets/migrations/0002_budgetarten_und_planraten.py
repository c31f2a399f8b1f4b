"""Seed the five Budgetarten and the growth plan (data: FD 51 edits them)."""

from django.db import migrations


def seed(apps, schema_editor):
    from budgets.seed import anlegen

    anlegen(apps.get_model("budgets", "Budgetart"), apps.get_model("budgets", "Planrate"))


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_ledger")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
