"""The Themenfelder of the committee papers (Vorlage 2024/144: the 2024 motion's
docked-on tasks; Vorlage 2012/100).

Used by the data migration (with the historical model) and by tests whose
transactional flush empties the tables. Idempotent.
"""

THEMENFELDER = [
    "Kinder- und Jugendhilfe",
    "Familienbildung",
    "Grundschulsozialarbeit",
    "Integration/Flüchtlingssozialarbeit",
    "Gesundheitsregion",
    "ReKaP / Seniorenunterstützung",
    "Einsamkeitsvorsorge",
    "allgemeine Sozialberatung",
]


def anlegen(Themenfeld):  # noqa: N803 (model class, also historical)
    for reihenfolge, name in enumerate(THEMENFELDER, start=1):
        Themenfeld.objects.get_or_create(
            name=name, defaults={"reihenfolge": reihenfolge}
        )
