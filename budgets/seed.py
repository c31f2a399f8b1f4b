"""The five Budgetarten of docs/fachkonzept.md §2 and the 2024 motion's growth plan.

Used by the data migration (with historical models) and by tests whose
transactional flush empties the tables. Idempotent: existing rows stay as
Fachdienst 51 edited them.
"""

from decimal import Decimal

BUDGETARTEN = [
    # code, name, ebene, uebertrag, fallbezogen, kostentraeger
    ("gebunden", "Gebundenes Budget", "sozialraum", "nie", False, ""),
    (
        "projektmittel",
        "Sozialraum-Projektmittel",
        "sozialraum",
        "einmal",
        False,
        "363-33001",
    ),
    ("regional1", "Regionalbudget 1", "region", "nie", False, ""),
    ("regional2", "Regionalbudget 2", "region", "nie", True, ""),
    ("sonderbudget", "Sonderbudget neue Aufgaben", "sozialraum", "nie", False, ""),
]
# Money a committee decides on applications (docs/fachkonzept.md §2, "decided by").
ANTRAGSVERFAHREN = ["projektmittel", "regional1"]
# Regionalbudget 2 (Vorlage 2024/012): a share, still to be set, of the
# Haushaltsmittel für ambulante Hilfen; its incentive (docs/fachkonzept.md §2,
# Festlegung) credits half of the unspent rest to the Region's Regionalbudget 1
# of the next year.
ANTEIL_GRUNDLAGE = {
    "regional2": "Haushaltsansatz für ambulante Hilfen (§§ 27 Abs. 2, 30, 31 SGB VIII)"
}
ANREIZ = {"regional2": ("regional1", Decimal("50.00"))}
PLANRATEN = [
    (
        2027,
        Decimal("20.00"),
        "Antrag 2024: Sozialraumbudgets ab Haushalt 2027 um ca. 20 %",
    ),
    (2028, Decimal("5.00"), "Antrag 2024: danach Steigerung um ca. 5 % jährlich"),
]


def _antragsverfahren(Budgetart, code):  # noqa: N803
    # The field came with the applications (migration 0005); the migration
    # that first seeds runs with a historical model that lacks it.
    if not _hat_feld(Budgetart, "antragsverfahren"):
        return {}
    return {"antragsverfahren": code in ANTRAGSVERFAHREN}


def _hat_feld(Budgetart, name):  # noqa: N803
    return any(f.name == name for f in Budgetart._meta.get_fields())


def _anreiz_und_anteil(Budgetart, code):  # noqa: N803
    # Fields of migration 0006; earlier historical models lack them.
    if not _hat_feld(Budgetart, "anreiz_ziel"):
        return {}
    felder = {"anteil_grundlage": ANTEIL_GRUNDLAGE.get(code, "")}
    if code in ANREIZ:
        ziel, prozent = ANREIZ[code]
        felder["anreiz_ziel"] = Budgetart.objects.filter(code=ziel).first()
        felder["anreiz_prozent"] = prozent if felder["anreiz_ziel"] else None
    return felder


def anlegen(Budgetart, Planrate):  # noqa: N803 (model classes, also historical)
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
                **_antragsverfahren(Budgetart, code),
                **_anreiz_und_anteil(Budgetart, code),
            },
        )
    for ab_jahr, prozent, begruendung in PLANRATEN:
        Planrate.objects.get_or_create(
            ab_jahr=ab_jahr, defaults={"prozent": prozent, "begruendung": begruendung}
        )
