"""The shipped Kategorien: the Zielgruppen of kennzahlen.seed and one per
Themenfeld of antraege (Vorlage 2024/144)."""

from django.db import migrations


def anlegen(apps, schema_editor):
    from kennzahlen import seed

    seed.anlegen(
        apps.get_model("kennzahlen", "Kategorie"),
        apps.get_model("antraege", "Themenfeld"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kennzahlen", "0001_kennzahlen_und_zielvereinbarungen"),
        ("antraege", "0002_themenfelder_und_schutz"),
    ]

    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
