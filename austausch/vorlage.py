"""Template files: one XLSX per kind with the header, a filled example row and
a second sheet explaining each column.

The header, the order and „Pflicht“ come from the Resources themselves
(arten.RESSOURCEN); this module adds an example value and an explanation per
column and refuses to build a template when a column lacks either, so a new
column cannot slip past it (the tests build every template). The examples fit
together: imported in the order of the kinds (Träger, Konzepte, Schlüssel,
Zuweisungen, Anträge) into an installation with the Grunddaten, each one's
dry run finds what it names.
"""

import datetime
import io
import itertools
from decimal import Decimal

from config.begriffe import begriffe

from .arten import RESSOURCEN
from .ressourcen import beispiele_hier, kopf, raeume_hier, woerter

D = Decimal

# Which columns a row of applications needs, by its state (checked by the
# import and the services: antraege/services/uebergang.py `_einreichen`,
# `_pruefen`; austausch/ressourcen.py `_stimmig`). docs/austausch.md shows the
# same table.
# The explanations hold the authority's words as {raum} and the like
# (ressourcen.woerter); a pair is (with a group level, without).
IMMER = (
    "Haushaltsjahr, Budgetart, {kopf_inhaber}, Antragsteller, Titel, Beantragt, "
    "Angelegt am, Status"
)
AB_EINGEREICHT = (
    "Ausgangslage, Zielsetzung, Maßnahme, Zielgruppe, Gesamtkosten, Beginn, Ende, "
    "Themenfelder (mindestens eines); der Finanzierungsplan muss aufgehen"
)
PFLICHT_JE_STATUS = [
    ("Entwurf", "nur die immer nötigen Spalten"),
    ("Eingereicht", "ab „Eingereicht“: " + AB_EINGEREICHT),
    ("Rückfrage", "wie Eingereicht, dazu Begründung"),
    (
        "Geprüft",
        (
            "wie Eingereicht, dazu ab „Geprüft“: Ziele (Kennungen eines "
            "beschlossenen Konzepts; nicht bei Anträgen einer {gruppe})",
            "wie Eingereicht, dazu ab „Geprüft“: Ziele (Kennungen eines "
            "beschlossenen Konzepts)",
        ),
    ),
    ("Zur Beratung", "wie Geprüft, dazu Sitzung und {behoerde_kurz} vertreten"),
    ("Zurückgestellt", "wie Zur Beratung, dazu Beschluss „zurückgestellt“"),
    ("Abgelehnt", "wie Zur Beratung, dazu Beschluss „abgelehnt“"),
    ("Bewilligt", "wie Zur Beratung, dazu Beschluss „bewilligt“ und Bewilligt"),
    ("Veto", "wie Bewilligt, dazu Begründung; Status seit in der Vetofrist"),
    ("In Auszahlung", "wie Bewilligt, dazu Ausgezahlt (größer als 0)"),
    ("Verwendungsnachweis eingegangen", "wie Bewilligt, dazu Verwendet"),
    ("Abgeschlossen", "wie Bewilligt, dazu Verwendet"),
    (
        "Zurückgezogen",
        "ohne Beschluss nur die immer nötigen Spalten (als Entwurf zurückgezogen); "
        "mit Beschluss „bewilligt“ oder „zurückgestellt“ wie dieser",
    ),
]

# column -> (example value, explanation), per kind
SPALTEN = {
    "traeger": {
        "Name": (
            "Sportverein Adendorf e. V.",
            "Name des Trägers; ein vorhandener Name wird geändert, ein neuer angelegt.",
        ),
        "Anschrift": ("Am Sportplatz 1, 21365 Adendorf", "Postanschrift, Text."),
        "Webseite": ("https://sv-adendorf.example", "Adresse mit https://."),
    },
    "konzepte": {
        "Sozialraum": ("ADE", "Kürzel des {raum_genitiv} (siehe Grunddaten)."),
        "Version": (
            1,
            "Version des Konzepts: 1, 2, … der Reihe nach; ein "
            "beschlossenes Konzept ändert sich nie, eine Änderung ist die "
            "nächste Version.",
        ),
        "Beschlossen am": (
            datetime.date(2012, 3, 12),
            "Datum des Beschlusses "
            "(nicht in der Zukunft); leer: die Version bleibt Entwurf.",
        ),
        "Zielgruppen": ("Kinder und Jugendliche in Adendorf", "Text des Konzepts."),
        "Problemlagen": ("Wenige Angebote am Nachmittag", "Text des Konzepts."),
        "Kennung": (
            "ADE-K1-Z1",
            "Kennung des Ziels: Kürzel-K<Version>-Z<Nummer>. "
            "Eine Zeile je Ziel; die Spalten davor gelten für das Konzept und "
            "dürfen in weiteren Zeilen leer bleiben. Anträge nennen Ziele mit "
            "dieser Kennung.",
        ),
        "Ziel": (
            "Beteiligung von Kindern",
            "Titel des Ziels (Pflicht, wenn eine Kennung steht).",
        ),
        "Beschreibung": ("Kinder gestalten Angebote mit.", "Text des Ziels."),
    },
    "schluessel": {
        "Name": (
            "junge-menschen",
            "Kurzname (Buchstaben, Ziffern, -), den die "
            "Zuweisungen in „Schlüssel“ nennen; „gleich“ ist die Verteilung "
            "nach Köpfen und braucht keinen Schlüssel.",
        ),
        "Bezeichnung": ("Junge Menschen unter 21", "Text, erscheint in der Zuweisung."),
        "Art": (
            "gewichte",
            "gewichte (z. B. Einwohnerzahlen) oder prozent (Summe 100).",
        ),
        "Verteilt auf": ("sozialraum", ("sozialraum oder region.", "sozialraum.")),
        "Gültig ab": (
            2013,
            "Haushaltsjahr, ab dem die Version gilt; eine "
            "Zuweisung nimmt die neueste Version, die in ihrem Jahr gilt.",
        ),
        "Version": (
            1,
            "leer: 1; eine Version, mit der schon zugewiesen wurde, "
            "ändert sich nicht mehr.",
        ),
        "Anteile": (
            "ADE:1250|AME:640|BAR:1180|BLE:720|DAH:430|GEL:980|ILM:760|NEU:310|"
            "OST:690|SCH:1040",
            (
                "Kürzel:Gewicht, getrennt durch |; {gruppen} als R1:40|R2:35|R3:25. "
                "Gewichte mit höchstens vier Nachkommastellen (12,5).",
                "Kürzel:Gewicht, getrennt durch |. "
                "Gewichte mit höchstens vier Nachkommastellen (12,5).",
            ),
        ),
    },
    "zuweisungen": {
        "Haushaltsjahr": (2013, "Jahr der Zuweisung (nicht abgeschlossen)."),
        "Budgetart": (
            "projektmittel",
            (
                "Code der Budgetart: projektmittel, regional1, regional2, …",
                "Code der Budgetart: projektmittel, …",
            ),
        ),
        "Gesamtbetrag": (D("100000.00"), "Betrag, der verteilt wird (1.234,56)."),
        "Schlüssel": (
            "junge-menschen",
            "gleich (nach Köpfen) oder Name eines "
            "Verteilungsschlüssels (Datei „Verteilungsschlüssel“).",
        ),
        "Buchungsdatum": (
            datetime.date(2013, 1, 15),
            "Datum im Haushaltsjahr; leer: Jahresanfang.",
        ),
        "Text": ("Projektmittel 2013", "Buchungstext; leer: wird gebildet."),
        "Verteilung": (
            "",
            "zur Kontrolle: ADE:12.345,00|…; weicht die "
            "Berechnung ab, ist die Zeile ein Fehler. Leer: keine "
            "Kontrolle.",
        ),
    },
    "antraege": {
        "Antragsnummer": (
            "2013-ADE-001",
            "z. B. 2013-ADE-007; bleibt erhalten. Leer: wird vergeben.",
        ),
        "Haushaltsjahr": (2013, "Pflicht. Jahr der Mittel."),
        "Budgetart": (
            "projektmittel",
            ("Pflicht. projektmittel oder regional1.", "Pflicht. projektmittel."),
        ),
        "Sozialraum/Region": (
            "ADE",
            (
                "Pflicht. Kürzel des federführenden {raum_genitiv} (ADE) oder "
                "{gruppe} (R2).",
                "Pflicht. Kürzel des federführenden {raum_genitiv} (ADE).",
            ),
        ),
        "Antragsteller": ("Sportverein Adendorf e. V.", "Pflicht."),
        "Titel": ("Ferienprogramm", "Pflicht."),
        "Zielgruppe": ("Kinder von 6 bis 10 Jahren", "ab „Eingereicht“ Pflicht."),
        "Themenfelder": (
            "Kinder- und Jugendhilfe",
            "ab „Eingereicht“ Pflicht: Namen, getrennt durch |.",
        ),
        "Ziele": (
            "ADE-K1-Z1",
            "ab „Geprüft“ Pflicht ({raum}): Kennungen "
            "der Ziele eines beschlossenen Konzepts, getrennt durch |.",
        ),
        "Beginn": (datetime.date(2013, 7, 1), "ab „Eingereicht“ Pflicht."),
        "Ende": (datetime.date(2013, 8, 31), "ab „Eingereicht“ Pflicht."),
        "Ausgangslage": ("Im Ort fehlen Ferienangebote.", "ab „Eingereicht“ Pflicht."),
        "Zielsetzung": ("Gemeinsame Ferienwochen.", "ab „Eingereicht“ Pflicht."),
        "Maßnahme": ("Zwei Ferienwochen mit Ausflügen.", "ab „Eingereicht“ Pflicht."),
        "Gesamtkosten": (
            D("2000.00"),
            "ab „Eingereicht“ Pflicht; = Beantragt + "
            "Eigenanteil + Drittmittel (außer abgelehnten).",
        ),
        "Beantragt": (D("1500.00"), "Pflicht. Beantragter Betrag."),
        "Eigenanteil": (D("500.00"), "Betrag; leer: 0,00."),
        "Als Eigenanteil": ("nein", "ja/nein; ja nur mit Drittmitteln."),
        "Anteile": (
            "",
            "nur Kooperationen: ADE:1.000,00|BAR:500,00, alle "
            "Anteile mit dem federführenden; Summe = Beantragt.",
        ),
        "Drittmittel": (
            "",
            "Quelle: 1.000,00 (zugesagt)|…; Stand geplant, "
            "beantragt, zugesagt oder abgelehnt.",
        ),
        "Angelegt am": (datetime.date(2013, 5, 2), "Pflicht. Datum des Antrags."),
        "Status": (
            "Bewilligt",
            "Pflicht. Welche Spalten er verlangt, zeigt die Tabelle unten.",
        ),
        "Status seit": (
            datetime.date(2013, 6, 12),
            "Tag des letzten Schritts; leer: Angelegt am bzw. Sitzung.",
        ),
        "Sitzung": (
            datetime.date(2013, 6, 12),
            "ab „Zur Beratung“ und mit "
            "Beschluss Pflicht: Datum der Sitzung des Gremiums.",
        ),
        "Landkreis vertreten": ("ja", "ja/nein, Pflicht mit Sitzung."),
        "Ausnahme": (
            "",
            "Begründung der Ausnahme des {pruefstelle_genitiv}: Pflicht, wenn "
            "{behoerde_artikel} {behoerde_kurz} nicht vertreten war oder es die "
            "dritte Budgetsitzung im Jahr ist.",
        ),
        "Beschluss": (
            "bewilligt",
            "bewilligt, abgelehnt oder zurückgestellt, je nach Status (Tabelle unten).",
        ),
        "Ja": (7, "Stimmen, nur mit Beschluss."),
        "Nein": (0, "Stimmen, nur mit Beschluss."),
        "Enthaltungen": (1, "Stimmen, nur mit Beschluss."),
        "Bewilligt": (
            D("1500.00"),
            "Pflicht mit Beschluss „bewilligt“; bindet im Budget.",
        ),
        "Ausgezahlt": ("", "netto ausgezahlt; Pflicht in „In Auszahlung“."),
        "Verwendet": (
            "",
            "Betrag des Verwendungsnachweises; Pflicht ab "
            "„Verwendungsnachweis eingegangen“.",
        ),
        "Begründung": (
            "",
            "Pflicht bei Rückfrage und Veto; möglich beim Zurückziehen.",
        ),
    },
}
# Columns the applications' import reads but the export never writes.
SPALTEN["kennzahlen"] = {
    "Sozialraum": (
        "Adendorf",
        "Name des {raum_genitiv}; leer oder passend zum Kürzel.",
    ),
    "Kürzel": ("ADE", "Kürzel des {raum_genitiv} (siehe Grunddaten)."),
    "Region": ("Region 1", "Nur zur Orientierung, wird nicht gelesen."),
    "Jahr": (2013, "Jahr der Meldung."),
    "Quartal": (
        1,
        "1 bis 4; das Quartal muss zu Ende sein. Zeilen „Jahr“ (Summen des "
        "Exports) werden übergangen.",
    ),
    "Version": ("", "Nur zur Orientierung (Export); der Import zählt selbst."),
    "Status": (
        "gemeldet",
        "gemeldet oder geprüft und gesperrt (dann sperrt {pruefstelle_kurz} beim "
        "Import); „nicht gemeldet“ wird übergangen.",
    ),
    "Fälle neu": (30, "Ganze Zahl ab 0, ohne Tausenderpunkt."),
    "Fälle abgeschlossen": (25, "Ganze Zahl ab 0."),
    "Fälle laufend am Stichtag": (60, "Ganze Zahl ab 0, am letzten Tag des Quartals."),
    "Beratungstermine": (250, "Ganze Zahl ab 0."),
    "Begründung": (
        "",
        "Nur wenn ein gesperrtes Quartal andere Zahlen bekommt: die Korrektur "
        "wird eine neue Version mit dieser Begründung.",
    ),
}

NUR_IMPORT = {
    "antraege": {
        "Ansprechperson": "nur Import: Kontaktdaten aus alten Listen (nie exportiert).",
        "E-Mail": "nur Import, wie Ansprechperson.",
        "Telefon": "nur Import, wie Ansprechperson.",
        "Dublette": "nur Import: ja, wenn die Zeile einem vorhandenen Antrag "
        "gleicht und trotzdem ein weiterer ist.",
    },
}


class VorlageUnvollstaendig(Exception):
    """A column of a Resource has no example or explanation here (a bug)."""


def spalten(art):
    """[(Spalte, example, explanation)] in the file's order, the explanation
    in the authority's words."""
    ressource = RESSOURCEN[art]
    angaben = SPALTEN[art]
    namen = [s.name for s in ressource.spalten]
    fehlt = [n for n in namen if n not in angaben]
    zuviel = [n for n in angaben if n not in namen]
    if fehlt or zuviel:
        raise VorlageUnvollstaendig(f"{art}: fehlt {fehlt}, zu viel {zuviel}")
    return [
        (s, _beispiel(art, s.name, angaben[s.name][0]), _woerter(angaben[s.name][1]))
        for s in ressource.spalten_hier()
    ]


def _beispiel(art, name, wert):
    """The example value in this installation: its spaces' Kürzel and names;
    the key's shares one per space, as the Landkreis' example has them."""
    if not isinstance(wert, str) or beispiele_hier("ADE") == "ADE":
        return wert
    if (art, name) == ("schluessel", "Anteile"):
        gewichte = [teil.split(":")[1] for teil in wert.split("|")]
        return "|".join(
            f"{kuerzel}:{gewicht}"
            for (kuerzel, _name), gewicht in zip(
                raeume_hier(), itertools.cycle(gewichte), strict=False
            )
        )
    return beispiele_hier(wert)


def _woerter(vorlage):
    if isinstance(vorlage, str):
        vorlage = vorlage.replace("{kopf_inhaber}", kopf("Sozialraum/Region"))
        vorlage = vorlage.replace("{behoerde_artikel}", begriffe().behoerde_artikel)
    return woerter(vorlage)


def vorlage(art):
    """The template's bytes (XLSX)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    ressource = RESSOURCEN[art]
    zeilen = spalten(art)
    mappe = Workbook()
    daten = mappe.active
    daten.title = ressource.titel[:31]
    daten.append([s.kopf for s, _b, _e in zeilen])
    daten.append([b if b != "" else None for _s, b, _e in zeilen])
    for i, (s, beispiel, _e) in enumerate(zeilen, start=1):
        zelle = daten.cell(row=2, column=i)
        if isinstance(beispiel, Decimal):
            zelle.number_format = "#,##0.00"
        elif isinstance(beispiel, datetime.date):
            zelle.number_format = "DD.MM.YYYY"
        daten.cell(row=1, column=i).font = Font(bold=True)
        daten.column_dimensions[zelle.column_letter].width = max(12, len(s.kopf) + 4)
    daten.freeze_panes = "A2"

    erklaerung = mappe.create_sheet("Erläuterungen")
    erklaerung.append(["Spalte", "Pflicht", "Inhalt"])
    for s, _b, text in zeilen:
        erklaerung.append([s.kopf, "ja" if s.pflicht else "", text])
    for name, text in NUR_IMPORT.get(art, {}).items():
        erklaerung.append([name, "", text])
    if art == "antraege":
        erklaerung.append([])
        erklaerung.append(["Status", "Pflichtspalten", ""])
        erklaerung.append(["(jeder)", _woerter(IMMER), ""])
        for status, text in PFLICHT_JE_STATUS:
            erklaerung.append([status, _woerter(text), ""])
    erklaerung.append([])
    erklaerung.append(
        [
            "Hinweis",
            "Zeile 2 der ersten Tabelle ist ein Beispiel: vor dem Import löschen "
            "oder überschreiben. Beträge 1.234,56, Daten 24.09.2013. Reihenfolge "
            "einer Übernahme: Träger, "
            f"{begriffe().konzept}e, Verteilungsschlüssel, "
            "Zuweisungen, Anträge, Kennzahlen.",
            "",
        ]
    )
    for zeile in erklaerung.iter_rows():
        for zelle in zeile:
            zelle.alignment = Alignment(wrap_text=True, vertical="top")
    erklaerung.column_dimensions["A"].width = 32
    erklaerung.column_dimensions["B"].width = 60
    erklaerung.column_dimensions["C"].width = 80
    erklaerung["A1"].font = erklaerung["B1"].font = erklaerung["C1"].font = Font(
        bold=True
    )
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()
