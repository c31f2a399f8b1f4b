"""The report page's choices. Offices see their own Sozialraum or Region only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from budgets.models import Budgetart
from config.begriffe import begriff, begriffe
from konten.permissions import (
    betreute_region_ids,
    geleitete_sozialraum_ids,
    sieht_landkreis,
)
from regionen.models import Region
from sozialraum.geld import JAHR_MAX, JAHR_MIN
from sozialraum.models import Sozialraum

from .selectors import Auswahl


def _jahr(label, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=JAHR_MIN,
        max_value=JAHR_MAX,
        error_messages={
            "invalid": "Bitte ein Jahr als Zahl angeben, z. B. 2013.",
            "min_value": f"Das Jahr muss zwischen {JAHR_MIN} und {JAHR_MAX} liegen.",
            "max_value": f"Das Jahr muss zwischen {JAHR_MIN} und {JAHR_MAX} liegen.",
        },
        **kwargs,
    )


def laufendes_jahr():
    """The default of every Haushaltsjahr field: the current year."""
    return timezone.localdate().year


class StartseiteForm(forms.Form):
    """The start page's year (GET); without one, or a wrong one (its error is
    shown), the current year."""

    jahr = _jahr("Haushaltsjahr", initial=laufendes_jahr)

    def jahr_oder_laufendes(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data["jahr"]
        return laufendes_jahr()


class DatumFeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        super().__init__(
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            error_messages={"invalid": "Bitte ein Datum wie 24.09.2013 angeben."},
            **kwargs,
        )


class UebersichtForm(forms.Form):
    jahr_von = _jahr("Haushaltsjahr von", initial=laufendes_jahr)
    jahr_bis = _jahr(
        "bis", required=False, help_text="leer: nur das eine Haushaltsjahr"
    )
    budgetart = forms.ModelChoiceField(
        label="Budgetart",
        queryset=Budgetart.objects.filter(antragsverfahren=True),
        required=False,
        empty_label="alle mit Antragsverfahren",
    )
    region = forms.ModelChoiceField(
        label=begriff("gruppe"),
        queryset=Region.objects.all(),
        required=False,
        empty_label="alle",
    )
    sozialraum = forms.ModelChoiceField(
        label=begriff("raum"),
        queryset=Sozialraum.objects.all(),
        required=False,
        empty_label="alle",
    )
    stand = DatumFeld(
        label="Stand",
        required=False,
        help_text="Status und Beträge wie an diesem Tag; leer: heute",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not begriffe().mit_gruppen:
            del self.fields["region"]  # one hidden group: nothing to choose
        if not sieht_landkreis(user):
            # An office's own committee only; the choice is required.
            self.fields["sozialraum"].queryset = Sozialraum.objects.filter(
                pk__in=geleitete_sozialraum_ids(user)
            ) | Sozialraum.objects.filter(region__in=betreute_region_ids(user))
            if "region" in self.fields:
                self.fields["region"].queryset = Region.objects.filter(
                    pk__in=betreute_region_ids(user)
                )

    def clean(self):
        daten = super().clean()
        von, bis = daten.get("jahr_von"), daten.get("jahr_bis")
        if von and bis:
            if bis < von:
                self.add_error("jahr_bis", "„bis“ darf nicht vor „von“ liegen.")
            elif bis - von > 20:
                self.add_error("jahr_bis", "Höchstens 20 Haushaltsjahre auf einmal.")
        stand = daten.get("stand")
        if stand and stand > timezone.localdate():
            self.add_error("stand", "Der Stand darf nicht in der Zukunft liegen.")
        region, sozialraum = daten.get("region"), daten.get("sozialraum")
        if region and sozialraum and sozialraum.region_id != region.pk:
            b = begriffe()
            self.add_error(
                "sozialraum", f"Der {b.raum} liegt nicht in dieser {b.gruppe}."
            )
        if not sieht_landkreis(self.user) and not (region or sozialraum):
            b = begriffe()
            raise ValidationError(
                f"Bitte wählen Sie Ihren {b.raum}"
                + (f" oder Ihre {b.gruppe}." if b.mit_gruppen else "."),
                code="auswahl_fehlt",
            )
        return daten

    def auswahl(self):
        d = self.cleaned_data
        bis = d.get("jahr_bis") or d["jahr_von"]
        return Auswahl(
            jahre=tuple(range(d["jahr_von"], bis + 1)),
            budgetarten=(d["budgetart"],) if d.get("budgetart") else (),
            regionen=(d["region"],)
            if d.get("region") and not d.get("sozialraum")
            else (),
            sozialraeume=(d["sozialraum"],) if d.get("sozialraum") else (),
        )

    def stand_oder_heute(self):
        return self.cleaned_data.get("stand") or timezone.localdate()


class BudgetberichtForm(forms.Form):
    jahr = _jahr("Haushaltsjahr", initial=laufendes_jahr)
    stichtag = DatumFeld(
        label="Stand",
        required=False,
        help_text="Buchungen bis zu diesem Tag; leer: alle",
    )

    def clean_stichtag(self):
        tag = self.cleaned_data.get("stichtag")
        if tag and tag > timezone.localdate():
            raise ValidationError("Der Stand darf nicht in der Zukunft liegen.")
        return tag
