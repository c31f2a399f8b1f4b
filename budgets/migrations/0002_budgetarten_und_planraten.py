"""Seed the five Budgetarten of DOMAIN.md §2 and the 2024 motion's growth plan.

Both are data: Fachdienst 51 changes them in the admin. Re-running changes
nothing that exists.
"""

from decimal import Decimal

from django.db import migrations

BUDGETARTEN = [
    # code, name, ebene, uebertrag, fallbezogen, kostentraeger
    ("gebunden", "Gebundenes Budget", "sozialraum", "nie", False, ""),
    ("projektmittel", "Sozialraum-Projektmittel", "sozialraum", "einmal", False,
     "363-33001"),
    ("regional1", "Regionalbudget 1", "region", "nie", False, ""),
    ("regional2", "Regionalbudget 2", "region", "nie", True, ""),
    ("sonderbudget", "Sonderbudget neue Aufgaben", "sozialraum", "nie", False, ""),
]
PLANRATEN = [
    (2027, Decimal("20.00"), "Antrag 2024: Sozialraumbudgets ab Haushalt 2027 um ca. 20 %"),
    (2028, Decimal("5.00"), "Antrag 2024: danach Steigerung um ca. 5 % jährlich"),
]


def seed(apps, schema_editor):
    Budgetart = apps.get_model("budgets", "Budgetart")
    Planrate = apps.get_model("budgets", "Planrate")
    for reihenfolge, (code, name, ebene, uebertrag, fall, kt) in enumerate(
        BUDGETARTEN, start=1
    ):
        Budgetart.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "ebene": ebene,
                "uebertrag": uebertrag,
                "fallbezogen": fall,
                "kostentraeger": kt,
                "reihenfolge": reihenfolge,
            },
        )
    for ab_jahr, prozent, begruendung in PLANRATEN:
        Planrate.objects.get_or_create(
            ab_jahr=ab_jahr, defaults={"prozent": prozent, "begruendung": begruendung}
        )


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_ledger")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
