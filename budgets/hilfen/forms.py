import uuid

from django import forms

from budgets.forms import BetragField, DatumField
from budgets.models import Buchung, Buchungsart
from regionen.models import Region
from sozialraum.geld import euro
from sozialraum.models import Traeger

from .aktenzeichen import PERSONENBEZUG_CODES, aktenzeichen_pruefen, hilfetext
from .models import Hilfeart


class HilfeForm(forms.Form):
    # One submit, one Hilfe (as the application form): the page brings a
    # fresh key, a second submit of the same page books nothing.
    formular_schluessel = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Das Formular ist unvollständig angekommen: bitte die "
            "Seite neu laden und noch einmal ausfüllen.",
            "invalid": "Das Formular ist unvollständig angekommen: bitte die "
            "Seite neu laden und noch einmal ausfüllen.",
        },
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.order_by("nummer"),
        error_messages={"required": "Bitte die Region wählen."},
    )
    aktenzeichen = forms.CharField(
        label="Aktenzeichen (pseudonym)",
        max_length=30,
        error_messages={
            "required": "Bitte das pseudonyme Aktenzeichen der Fallakte angeben.",
            "max_length": "Ein Aktenzeichen hat höchstens 30 Zeichen.",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )
    hilfeart = forms.ChoiceField(
        label="Hilfeart",
        choices=[("", "– bitte wählen –"), *Hilfeart.choices],
        error_messages={"required": "Bitte die Hilfeart wählen."},
    )
    bedarf_festgestellt_am = DatumField(
        label="Individueller Jugendhilfebedarf festgestellt am",
        help_text=(
            "Ohne dokumentierte Feststellung (z. B. im Hilfeplangespräch) wird "
            "nicht gebucht (TT.MM.JJJJ)."
        ),
        required=False,
    )
    traeger = forms.ModelChoiceField(
        label="Träger",
        queryset=Traeger.objects.order_by("name"),
        error_messages={"required": "Bitte den Träger wählen."},
    )
    beginn = DatumField(label="Beginn", help_text="TT.MM.JJJJ")
    ende = DatumField(
        label="Ende des Bewilligungszeitraums",
        help_text=(
            "Im selben Haushaltsjahr wie der Beginn; die Fortsetzung im Folgejahr "
            "ist eine neue Hilfe mit demselben Aktenzeichen (TT.MM.JJJJ)."
        ),
    )
    kosten = BetragField(label="Kosten in €")
    doppelt_bestaetigt = forms.BooleanField(
        label="Ja, eine weitere Hilfe zu diesem Aktenzeichen buchen",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aktenzeichen"].help_text = hilfetext()
        self.fields["formular_schluessel"].initial = uuid.uuid4
        # asked for only when an open Hilfe has the same Aktenzeichen
        if self.data.get(self.add_prefix("doppelt_bestaetigt")) != "on":
            self.fields["doppelt_bestaetigt"].widget = forms.HiddenInput()

    def bestaetigung_anbieten(self):
        """After the warning about an open Hilfe: show the checkbox."""
        self.fields["doppelt_bestaetigt"].widget = forms.CheckboxInput()

    def clean_aktenzeichen(self):
        try:
            return aktenzeichen_pruefen(self.cleaned_data["aktenzeichen"])
        except forms.ValidationError as exc:
            fehler = exc.error_dict["aktenzeichen"]
            if any(f.code in PERSONENBEZUG_CODES for f in fehler):
                # do not send personal data back into the page
                self.data = self.data.copy()
                self.data[self.add_prefix("aktenzeichen")] = ""
            raise forms.ValidationError(fehler) from None


class AuszahlenForm(forms.Form):
    betrag = BetragField(label="Auszuzahlen in €")
    buchungsdatum = DatumField(required=False)


class AuszahlungStornoForm(forms.Form):
    """Reverse a wrong payment of this Hilfe (on its page, not in the journal)."""

    auszahlung = forms.ModelChoiceField(
        label="Auszahlung",
        queryset=Buchung.objects.none(),
        error_messages={
            "required": "Bitte die Auszahlung wählen.",
            "invalid_choice": "Diese Auszahlung gibt es bei dieser Hilfe nicht "
            "(mehr); bitte die Seite neu laden.",
        },
    )
    text = forms.CharField(
        label="Begründung",
        max_length=200,
        error_messages={"required": "Ein Storno braucht eine Begründung."},
    )

    def __init__(self, *args, hilfe, **kwargs):
        super().__init__(*args, **kwargs)
        feld = self.fields["auszahlung"]
        feld.queryset = Buchung.objects.filter(
            bindung_id=hilfe.bindung_id,
            art=Buchungsart.AUSZAHLUNG,
            storno__isnull=True,
        ).order_by("buchungsdatum", "pk")
        feld.label_from_instance = lambda b: (
            f"Nr. {b.pk} vom {b.buchungsdatum:%d.%m.%Y}: {euro(b.betrag)}"
        )


class KostenForm(forms.Form):
    kosten = BetragField(label="Neue Kosten in €")


class BeendenForm(forms.Form):
    ende = DatumField(label="Beendet zum", help_text="TT.MM.JJJJ")


class FilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.order_by("nummer"),
        required=False,
        empty_label="alle",
        to_field_name="nummer",
    )
    hilfeart = forms.ChoiceField(
        label="Hilfeart", choices=[("", "alle"), *Hilfeart.choices], required=False
    )
    status = forms.ChoiceField(
        label="Stand",
        choices=[("", "alle"), ("laufend", "laufend"), ("beendet", "beendet")],
        required=False,
    )
    suche = forms.CharField(
        label="Aktenzeichen oder Nummer",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
