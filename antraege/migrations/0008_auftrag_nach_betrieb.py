"""The background orders now live in betrieb (betrieb 0001): the old state
goes, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("antraege", "0007_auftrag"),
        ("betrieb", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveIndex(model_name="auftrag", name="auftrag_stand_am"),
                migrations.RemoveIndex(model_name="auftrag", name="auftrag_von_art"),
                migrations.RemoveField(model_name="auftrag", name="erstellt_von"),
                migrations.RemoveField(model_name="auftrag", name="vorlage"),
                migrations.DeleteModel(name="Auftrag"),
            ],
        ),
    ]
