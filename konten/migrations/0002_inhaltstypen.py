"""The content types (and so the permissions and admin log entries that point
at them) of the moved models follow them from sozialraum to konten."""

from django.db import migrations

MODELLE = ("user", "rollenzuweisung", "protokolleintrag")


def _umbenennen(apps, von, nach):
    ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
    for modell in MODELLE:
        if not ContentType.objects.filter(app_label=nach, model=modell).exists():
            ContentType.objects.filter(app_label=von, model=modell).update(
                app_label=nach
            )


def vorwaerts(apps, schema_editor):
    _umbenennen(apps, "sozialraum", "konten")


def rueckwaerts(apps, schema_editor):
    _umbenennen(apps, "konten", "sozialraum")


class Migration(migrations.Migration):

    dependencies = [
        ("konten", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(vorwaerts, rueckwaerts)]
