"""User, Rollenzuweisung and Protokolleintrag move from sozialraum to konten.

State only: the tables keep their names (sozialraum_user, ...), their rows,
constraints and the security log's trigger; sozialraum 0003 drops the old
state. A database migrated before the move has the other apps' migrations
(which point at AUTH_USER_MODEL, now konten.User) applied without this one;
konten's `migrate` command records this migration as applied first, since it
changes nothing in the database (konten/management/commands/migrate.py).
"""

import django.db.models.deletion
import django.utils.timezone
import konten.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("regionen", "0001_initial"),
        ("sozialraum", "0002_protokoll"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='User',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('password', models.CharField(max_length=128, verbose_name='password')),
                        ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                        ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                        ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail-adresse')),
                        ('first_name', models.CharField(blank=True, max_length=150, verbose_name='vorname')),
                        ('last_name', models.CharField(blank=True, max_length=150, verbose_name='nachname')),
                        ('is_active', models.BooleanField(default=True, help_text='Deaktivierte Benutzer können sich nicht mehr anmelden.', verbose_name='aktiv')),
                        ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='angelegt am')),
                        ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                        ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                    ],
                    options={
                        'verbose_name': 'Benutzer',
                        'verbose_name_plural': 'Benutzer',
                        'db_table': 'sozialraum_user',
                        'ordering': ['last_name', 'first_name', 'email'],
                    },
                    managers=[
                        ('objects', konten.models.UserManager()),
                    ],
                ),
                migrations.CreateModel(
                    name='Protokolleintrag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('zeitpunkt', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='zeitpunkt')),
                        ('ereignis', models.CharField(choices=[('anmeldung', 'Anmeldung'), ('anmeldung_fehlgeschlagen', 'Anmeldung fehlgeschlagen'), ('abmeldung', 'Abmeldung'), ('zugriff_verweigert', 'Zugriff verweigert'), ('rolle_vergeben', 'Rolle vergeben'), ('rolle_entzogen', 'Rolle entzogen'), ('konto_gesperrt', 'Konto gesperrt'), ('konto_freigeschaltet', 'Konto freigeschaltet')], max_length=30, verbose_name='ereignis')),
                        ('kennung', models.CharField(blank=True, help_text='E-Mail-Adresse des Kontos, bei fehlgeschlagener Anmeldung wie eingegeben.', max_length=254, verbose_name='kennung')),
                        ('beschreibung', models.CharField(blank=True, max_length=500, verbose_name='beschreibung')),
                        ('adresse', models.GenericIPAddressField(blank=True, null=True, verbose_name='ip-adresse')),
                        ('ausgefuehrt_von', models.ForeignKey(blank=True, help_text='Wer eine Rolle oder ein Konto geändert hat (leer: Kommandozeile).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ausgeführt von')),
                        ('benutzer', models.ForeignKey(blank=True, help_text='Das Konto, um das es geht (leer: unbekannte Anmeldekennung).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='benutzer')),
                    ],
                    options={
                        'verbose_name': 'Protokolleintrag',
                        'verbose_name_plural': 'Sicherheitsprotokoll',
                        'db_table': 'sozialraum_protokolleintrag',
                        'ordering': ['-zeitpunkt', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Rollenzuweisung',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rolle', models.CharField(choices=[('fd51', 'Fachdienst 51'), ('leitung', 'Sozialraumleitung'), ('geschaeftsstelle_rg', 'Geschäftsstelle Regionales Gremium'), ('jha', 'Jugendhilfeausschuss'), ('admin', 'Administrator')], max_length=30, verbose_name='rolle')),
                        ('erteilt_am', models.DateTimeField(default=django.utils.timezone.now, verbose_name='erteilt am')),
                        ('erteilt_von', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='erteilt von')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rollenzuweisungen', to='regionen.region', verbose_name='region')),
                        ('sozialraum', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rollenzuweisungen', to='sozialraum.sozialraum', verbose_name='sozialraum')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rollen', to=settings.AUTH_USER_MODEL, verbose_name='benutzer')),
                    ],
                    options={
                        'verbose_name': 'Rollenzuweisung',
                        'verbose_name_plural': 'Rollenzuweisungen',
                        'db_table': 'sozialraum_rollenzuweisung',
                        'ordering': ['user', 'rolle'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('region__isnull', True), ('rolle', 'leitung'), ('sozialraum__isnull', False)), models.Q(('region__isnull', False), ('rolle', 'geschaeftsstelle_rg'), ('sozialraum__isnull', True)), models.Q(('region__isnull', True), ('rolle__in', ['fd51', 'jha', 'admin']), ('sozialraum__isnull', True)), _connector='OR'), name='rolle_geltungsbereich_passt'), models.UniqueConstraint(condition=models.Q(('sozialraum__isnull', False)), fields=('user', 'rolle', 'sozialraum'), name='rolle_je_sozialraum_einmal'), models.UniqueConstraint(condition=models.Q(('sozialraum__isnull', True)), fields=('user', 'rolle'), name='rolle_ohne_sozialraum_einmal')],
                    },
                ),
            ],
        ),
    ]
