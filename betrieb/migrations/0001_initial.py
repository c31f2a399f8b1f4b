"""The background orders (Auftrag) move from antraege to betrieb.

State only: the table keeps its name (antraege_auftrag) and its rows;
antraege 0008 drops the old state. The content type follows the model.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def inhaltstyp(apps, von, nach):
    ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
    if not ContentType.objects.filter(app_label=nach, model="auftrag").exists():
        ContentType.objects.filter(app_label=von, model="auftrag").update(
            app_label=nach
        )


def vorwaerts(apps, schema_editor):
    inhaltstyp(apps, "antraege", "betrieb")


def rueckwaerts(apps, schema_editor):
    inhaltstyp(apps, "betrieb", "antraege")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("antraege", "0007_auftrag"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Auftrag',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('art', models.CharField(choices=[('antragsuebersicht', 'Antragsübersicht'), ('import_pruefen', 'Probelauf eines Imports'), ('import_ausfuehren', 'Import')], max_length=30, verbose_name='art')),
                        ('parameter', models.JSONField(verbose_name='parameter')),
                        ('stand', models.CharField(choices=[('wartet', 'wartet'), ('laeuft', 'in Arbeit'), ('fertig', 'fertig'), ('fehler', 'fehlgeschlagen')], default='wartet', max_length=10, verbose_name='stand')),
                        ('erstellt_am', models.DateTimeField(default=django.utils.timezone.now, verbose_name='erstellt am')),
                        ('begonnen_am', models.DateTimeField(blank=True, null=True, verbose_name='begonnen am')),
                        ('fertig_am', models.DateTimeField(blank=True, null=True, verbose_name='fertig am')),
                        ('eingabe', models.BinaryField(blank=True, null=True, verbose_name='eingabe')),
                        ('eingeloest_am', models.DateTimeField(blank=True, null=True, verbose_name='eingelöst am')),
                        ('dateiname', models.CharField(blank=True, max_length=200, verbose_name='dateiname')),
                        ('datei', models.BinaryField(blank=True, null=True, verbose_name='datei')),
                        ('ergebnis', models.JSONField(blank=True, null=True, verbose_name='ergebnis')),
                        ('fehler', models.TextField(blank=True, verbose_name='fehler')),
                    ],
                    options={
                        'verbose_name': 'Auftrag',
                        'verbose_name_plural': 'Aufträge',
                        'ordering': ['erstellt_am'],
                        'db_table': 'antraege_auftrag',
                    },
                ),
                migrations.AddField(
                    model_name='auftrag',
                    name='erstellt_von',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='erstellt von'),
                ),
                migrations.AddField(
                    model_name='auftrag',
                    name='vorlage',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='folgeauftraege', to='betrieb.auftrag', verbose_name='vorlage'),
                ),
                migrations.AddIndex(
                    model_name='auftrag',
                    index=models.Index(fields=['stand', 'erstellt_am'], name='auftrag_stand_am'),
                ),
                migrations.AddIndex(
                    model_name='auftrag',
                    index=models.Index(fields=['erstellt_von', 'art'], name='auftrag_von_art'),
                ),
            ],
        ),
        migrations.RunPython(vorwaerts, rueckwaerts),
    ]
