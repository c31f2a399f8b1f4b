"""Input only: the rules are in services.py."""

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError

from antraege.models import Themenfeld
from budgets.forms import DatumField
from config.begriffe import wortlaut
from sozialraum.models import Ziel

from .models import Kennzahl, Zielvorgabe
from .selectors import kategorien_zur_auswahl

ZAHL_FEHLER = {
    "required": "Bitte eine Zahl angeben (0, wenn es keine gab).",
    "invalid": "Bitte eine ganze Zahl ohne Punkt und Komma angeben.",
}
HILFE = {
    "faelle_neu": "Fälle, die im Quartal neu begonnen haben.",
    "faelle_abgeschlossen": "Fälle, die im Quartal abgeschlossen wurden.",
    "faelle_laufend": "Fälle, die am letzten Tag des Quartals laufen.",
    "beratungstermine": "Alle Beratungstermine des Quartals.",
}


def stand_lesen(wert):
    """A report's gemeldet_am as a page sent it back (ISO 8601); a missing or
    garbled value never matches a report."""
    try:
        return datetime.datetime.fromisoformat(wert)
    except ValueError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


class AnzahlField(forms.IntegerField):
    """A whole count. Django's IntegerField drops a trailing ".0…", so it reads
    the German "1.000" as 1; here any point or comma is refused instead."""

    def to_python(self, value):
        if isinstance(value, str) and ("." in value or "," in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class MeldungForm(forms.Form):
    """The figures of a quarter; counts per Kategorie only where the Büro
    counts by it (left empty: not counted)."""

    formular_schluessel = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # gemeldet_am of the report the form was opened on; empty: there was none
    stand = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kategorien=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formular_schluessel"].initial = uuid.uuid4
        for k in Kennzahl:
            self.fields[k.value] = AnzahlField(
                label=k.label, error_messages=ZAHL_FEHLER, help_text=HILFE[k.value]
            )
        self.kategorien = (
            kategorien if kategorien is not None else kategorien_zur_auswahl()
        )
        for kat in self.kategorien:
            self.fields[f"kategorie_{kat.pk}"] = AnzahlField(
                label=f"Neue Fälle: {kat.name} ({kat.get_art_display()})",
                required=False,
                error_messages=ZAHL_FEHLER,
            )

    def gesehen_am(self):
        """The stand the form was opened on (None: no report yet)."""
        wert = self.cleaned_data.get("stand") or ""
        return stand_lesen(wert) if wert else None

    def zahlen(self):
        return {k.value: self.cleaned_data[k.value] for k in Kennzahl}

    def kategoriezahlen(self):
        return {
            kat: self.cleaned_data[f"kategorie_{kat.pk}"]
            for kat in self.kategorien
            if self.cleaned_data.get(f"kategorie_{kat.pk}") is not None
        }

    def kategorie_felder(self):
        return [self[f"kategorie_{kat.pk}"] for kat in self.kategorien]

    def feste_felder(self):
        return [self[k.value] for k in Kennzahl]


class KorrekturForm(MeldungForm):
    begruendung = forms.CharField(
        label="Begründung der Korrektur",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Eine Korrektur braucht eine Begründung."},
        help_text="Sie steht mit der neuen Version im Verlauf; die alten Zahlen "
        "bleiben sichtbar.",
    )


class EntwurfForm(forms.Form):
    anlass = forms.CharField(
        label="Anlass der neuen Version",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class VorgabeForm(forms.Form):
    art = forms.ChoiceField(
        label="Art",
        choices=Zielvorgabe.Art.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Bitte die Art wählen."},
    )
    titel = forms.CharField(
        label="Titel",
        max_length=200,
        error_messages={"required": "Bitte einen Titel angeben."},
    )
    beschreibung = forms.CharField(
        label="Beschreibung", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kennzahl = forms.ChoiceField(
        label="Kennzahl",
        required=False,
        help_text="Nur bei einer Kennzahl mit Zielwert: eine der festen Kennzahlen …",
    )
    kategorie = forms.ModelChoiceField(
        label="… oder neue Fälle einer Kategorie",
        queryset=None,
        required=False,
    )
    zielwert = AnzahlField(
        label="Zielwert im Jahr",
        required=False,
        error_messages={"invalid": ZAHL_FEHLER["invalid"]},
    )
    ziele = forms.ModelMultipleChoiceField(
        label=wortlaut("Ziele des {konzept}s"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themenfelder = forms.ModelMultipleChoiceField(
        label="Themenfelder",
        queryset=Themenfeld.objects.filter(aktiv=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sozialraum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kennzahl"].choices = [("", "—"), *Kennzahl.choices]
        from .models import Kategorie

        self.fields["kategorie"].queryset = Kategorie.objects.filter(aktiv=True)
        self.fields["ziele"].queryset = (
            Ziel.objects.filter(
                konzept__sozialraum=sozialraum, konzept__status="beschlossen"
            )
            .select_related("konzept__sozialraum")
            .order_by("-konzept__version", "nummer")
        )


class VereinbarenForm(forms.Form):
    vereinbart_am = DatumField(
        label="Vereinbart am",
        help_text="Tag der Vereinbarung mit dem Träger (TT.MM.JJJJ).",
    )


class BewertenForm(forms.Form):
    kommentar = forms.CharField(
        label="Kommentar zur Jahresbewertung",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Bitte die Bewertung kurz begründen."},
    )

    def __init__(self, *args, vorgaben, **kwargs):
        super().__init__(*args, **kwargs)
        self.vorgaben = vorgaben
        for v in vorgaben:
            self.fields[f"vorgabe_{v.pk}"] = forms.ChoiceField(
                label=f"{v.nummer}. {v.titel}",
                choices=Zielvorgabe.Bewertung.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Bitte erreicht, teilweise oder nicht erreicht wählen."
                },
            )
            self.fields[f"kommentar_{v.pk}"] = forms.CharField(
                label=f"Anmerkung zu {v.nummer}.", required=False
            )

    def bewertungen(self):
        return {
            v.pk: (
                self.cleaned_data[f"vorgabe_{v.pk}"],
                self.cleaned_data.get(f"kommentar_{v.pk}", ""),
            )
            for v in self.vorgaben
        }
