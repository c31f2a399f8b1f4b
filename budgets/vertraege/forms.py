"""Input only: the rules are in services.py."""

import uuid
from decimal import Decimal

from django import forms

from budgets.forms import BETRAG_FEHLER, BetragField, DatumField
from config.begriffe import begriff, wortlaut
from sozialraum.models import Sozialraum, Traeger

from .models import Zahlungsplan


class VertragForm(forms.Form):
    formular_schluessel = forms.UUIDField(widget=forms.HiddenInput, required=False)
    sozialraum = forms.ModelChoiceField(
        label=begriff("raum"),
        queryset=Sozialraum.objects.select_related("region").order_by(
            "region__nummer", "name"
        ),
        error_messages={"required": wortlaut("Bitte den {raum} wählen.")},
    )
    traeger = forms.ModelChoiceField(
        label="Träger",
        queryset=Traeger.objects.order_by("name"),
        error_messages={"required": "Bitte den Träger wählen."},
    )
    nummer = forms.CharField(
        label="Vertragsnummer",
        max_length=40,
        required=False,
        help_text="Leer lassen: wird vergeben (z. B. SRV-ADE-2026).",
    )
    bezeichnung = forms.CharField(label="Bezeichnung", max_length=200, required=False)
    beginn = DatumField(label="Beginn", help_text="TT.MM.JJJJ")
    ende = DatumField(
        label="Ende",
        help_text=wortlaut(
            "TT.MM.JJJJ – {raum}verträge laufen befristet, meist mehrere Jahre."
        ),
    )

    def __init__(self, *args, neu=True, **kwargs):
        super().__init__(*args, **kwargs)
        if neu:
            self.fields["formular_schluessel"].initial = uuid.uuid4
        else:
            for name in ("formular_schluessel", "sozialraum", "traeger", "nummer"):
                del self.fields[name]


NICHT_NEGATIV = {**BETRAG_FEHLER, "min_value": "Der Betrag darf nicht negativ sein."}


def _teilbetrag(label):
    return BetragField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        error_messages=NICHT_NEGATIV,
        help_text="in €; leer = 0,00",
    )


class JahrForm(forms.Form):
    haushaltsjahr = forms.TypedChoiceField(
        label="Haushaltsjahr",
        coerce=int,
        error_messages={
            "required": "Bitte das Haushaltsjahr wählen.",
            "invalid_choice": "Dieses Jahr liegt außerhalb der Laufzeit.",
        },
    )
    personalkosten = _teilbetrag("Personalkosten")
    sachkosten = _teilbetrag("Sachkosten")
    beratung = _teilbetrag("Beratungstätigkeit")
    zahlungsplan = forms.ChoiceField(
        label="Zahlungsplan (Abschläge)",
        choices=Zahlungsplan.choices,
        initial=Zahlungsplan.VIERTELJAEHRLICH,
    )
    buchungsdatum = DatumField(
        required=False,
        help_text="Tag der Bindung bzw. Änderung (TT.MM.JJJJ); leer: heute bzw. "
        "der letzte Tag des Haushaltsjahres.",
    )
    begruendung = forms.CharField(
        label="Begründung der Änderung",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, vertrag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["haushaltsjahr"].choices = [
            (j, str(j)) for j in vertrag.jahre_der_laufzeit
        ]


class ZahlungForm(forms.Form):
    formular_schluessel = forms.UUIDField(widget=forms.HiddenInput, required=False)
    betrag = BetragField(
        label="Betrag in €",
        required=False,
        help_text="Leer: der nächste offene Abschlag.",
    )
    zahlungsdatum = DatumField(
        label="Zahlungsdatum",
        required=False,
        help_text="TT.MM.JJJJ; leer: heute bzw. der letzte Tag des Haushaltsjahres.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formular_schluessel"].initial = uuid.uuid4


class SpitzabrechnungForm(forms.Form):
    formular_schluessel = forms.UUIDField(widget=forms.HiddenInput, required=False)
    ist_kosten = BetragField(
        label="Tatsächliche förderfähige Kosten in €",
        min_value=Decimal("0"),
        error_messages=NICHT_NEGATIV,
        help_text="Laut geprüftem Verwendungsnachweis des Trägers.",
    )
    buchungsdatum = DatumField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formular_schluessel"].initial = uuid.uuid4
