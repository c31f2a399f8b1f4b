"""User, Rollenzuweisung and Protokolleintrag now live in konten (konten 0001):
the old state goes, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("sozialraum", "0002_protokoll"),
        ("konten", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='rollenzuweisung',
                    name='erteilt_von',
                ),
                migrations.RemoveField(
                    model_name='rollenzuweisung',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='rollenzuweisung',
                    name='sozialraum',
                ),
                migrations.RemoveField(
                    model_name='rollenzuweisung',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='user',
                    name='groups',
                ),
                migrations.RemoveField(
                    model_name='user',
                    name='user_permissions',
                ),
                migrations.DeleteModel(
                    name='Protokolleintrag',
                ),
                migrations.DeleteModel(
                    name='Rollenzuweisung',
                ),
                migrations.DeleteModel(
                    name='User',
                ),
            ],
        ),
    ]
