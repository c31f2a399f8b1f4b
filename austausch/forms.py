from django import forms

from sozialraum.geld import JAHR_MAX, JAHR_MIN

from .arten import RESSOURCEN
from .dateien import MAX_BYTES
from .services import FORMATE


def arten():
    # read when a form is built: a title holds the authority's words
    return [(art, r.titel) for art, r in RESSOURCEN.items()]


class ImportForm(forms.Form):
    art = forms.ChoiceField(
        label="Art der Datei",
        choices=arten,
        error_messages={"required": "Bitte die Art der Datei wählen."},
    )
    datei = forms.FileField(
        label="Datei (XLSX oder CSV)",
        help_text="Höchstens 5 MB. CSV mit ; oder , getrennt, UTF-8 oder Windows-1252.",
        error_messages={
            "required": "Bitte eine Datei wählen.",
            "empty": "Die Datei ist leer.",
            "invalid": "Bitte eine Datei wählen.",
        },
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > MAX_BYTES:
            raise forms.ValidationError(
                "Die Datei ist größer als 5 MB.", code="zu_gross"
            )
        return datei


class BestaetigenForm(forms.Form):
    auftrag = forms.UUIDField(widget=forms.HiddenInput)


class ExportForm(forms.Form):
    art = forms.ChoiceField(label="Was", choices=arten)
    format = forms.ChoiceField(
        label="Format", choices=[(f, f.upper()) for f in FORMATE]
    )
    jahr = forms.IntegerField(
        label="Haushaltsjahr",
        required=False,
        min_value=JAHR_MIN,
        max_value=JAHR_MAX,
        help_text="Leer: alle Jahre (Träger, Konzepte und Schlüssel: immer alle).",
        error_messages={
            "invalid": "Bitte ein Jahr wie 2013 angeben.",
            "min_value": f"Bitte ein Jahr ab {JAHR_MIN} angeben.",
            "max_value": f"Bitte ein Jahr bis {JAHR_MAX} angeben.",
        },
    )
