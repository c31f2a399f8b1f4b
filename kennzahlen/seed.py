"""The Zielgruppen a Büro may count its cases by (data: FD 51 keeps the list in
the admin). The Themenfelder come from antraege.Themenfeld, so that one list
serves applications and Kennzahlen (Vorlage 2024/144, Vorlage 2012/100).

Used by the data migration (with the historical models) and by tests whose
transactional flush empties the tables. Idempotent.
"""

ZIELGRUPPEN = [
    "Familien mit Kindern unter 6 Jahren",
    "Familien mit Schulkindern",
    "Alleinerziehende",
    "Jugendliche und junge Volljährige",
    "Familien mit Zuwanderungsgeschichte",
    "Seniorinnen und Senioren",
]


def anlegen(Kategorie, Themenfeld):  # noqa: N803 (model classes, also historical)
    for reihenfolge, name in enumerate(ZIELGRUPPEN, start=1):
        Kategorie.objects.get_or_create(
            art="zielgruppe", name=name, defaults={"reihenfolge": reihenfolge}
        )
    for themenfeld in Themenfeld.objects.all():
        Kategorie.objects.get_or_create(
            art="themenfeld",
            themenfeld=themenfeld,
            defaults={"name": themenfeld.name, "reihenfolge": themenfeld.reihenfolge},
        )
