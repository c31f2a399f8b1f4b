from decimal import Decimal

from django import forms

from .models import Budget, Budgetart, Verteilungsschluessel
from .services import GLEICH

BETRAG_FEHLER = {
    "required": "Bitte einen Betrag angeben.",
    "invalid": "Bitte einen Betrag wie 1.234,56 angeben.",
    "min_value": "Der Betrag muss größer als 0,00 € sein.",
    "max_decimal_places": "Höchstens zwei Nachkommastellen.",
    "max_digits": "Der Betrag ist unplausibel hoch.",
    "max_whole_digits": "Der Betrag ist unplausibel hoch.",
}


class BetragField(forms.DecimalField):
    """An amount in German notation (1.234,56), as Decimal, > 0, two places."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Betrag in €")
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("error_messages", BETRAG_FEHLER)
        super().__init__(max_digits=12, decimal_places=2, localize=True, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


class DatumField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Buchungsdatum")
        kwargs.setdefault(
            "help_text", "Tag, an dem die Buchung wirksam ist (TT.MM.JJJJ)."
        )
        super().__init__(
            error_messages={
                "required": "Bitte ein Datum angeben.",
                "invalid": "Bitte ein Datum wie 24.09.2013 angeben.",
            },
            **kwargs,
        )


class ZuweisenForm(forms.Form):
    budgetart = forms.ModelChoiceField(
        label="Budgetart",
        queryset=Budgetart.objects.all(),
        error_messages={"required": "Bitte eine Budgetart wählen."},
    )
    gesamtbetrag = BetragField(label="Gesamtbetrag in €")
    schluessel = forms.ChoiceField(label="Verteilungsschlüssel")
    buchungsdatum = DatumField(required=False)
    text = forms.CharField(label="Buchungstext", max_length=300, required=False)

    def __init__(self, *args, jahr, **kwargs):
        super().__init__(*args, **kwargs)
        namen = (
            Verteilungsschluessel.objects.filter(gueltig_ab__lte=jahr)
            .order_by("name")
            .values_list("name", "bezeichnung")
            .distinct()
        )
        self.fields["schluessel"].choices = [
            (GLEICH, "gleich verteilt (nach Köpfen)")
        ] + [(name, bez) for name, bez in dict(namen).items()]


class UmbuchenForm(forms.Form):
    von = forms.ModelChoiceField(label="Von Budget", queryset=Budget.objects.none())
    nach = forms.ModelChoiceField(label="Nach Budget", queryset=Budget.objects.none())
    betrag = BetragField()
    text = forms.CharField(
        label="Begründung",
        max_length=300,
        error_messages={"required": "Eine Umbuchung braucht eine Begründung."},
    )
    buchungsdatum = DatumField(required=False)

    def __init__(self, *args, jahr, **kwargs):
        super().__init__(*args, **kwargs)
        budgets = (
            Budget.objects.im_jahr(jahr)
            .mit_inhaber()
            .order_by("budgetart__reihenfolge", "region__nummer", "sozialraum__name")
        )
        self.fields["von"].queryset = budgets
        self.fields["nach"].queryset = budgets


class StornoForm(forms.Form):
    text = forms.CharField(
        label="Begründung",
        max_length=300,
        error_messages={"required": "Ein Storno braucht eine Begründung."},
    )


class PlanrateForm(forms.Form):
    ab_jahr = forms.IntegerField(
        label="Ab Haushaltsjahr",
        min_value=1990,
        max_value=2200,
        error_messages={
            "required": "Bitte ein Jahr angeben.",
            "invalid": "Bitte ein Jahr wie 2027 angeben.",
            "min_value": "Das Jahr ist nicht plausibel.",
            "max_value": "Das Jahr ist nicht plausibel.",
        },
    )
    prozent = forms.DecimalField(
        label="Steigerung in % pro Jahr",
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("-100"),
        max_value=Decimal("1000"),
        localize=True,
        error_messages={
            "required": "Bitte einen Prozentsatz angeben.",
            "invalid": "Bitte einen Prozentsatz wie 5,00 angeben.",
            "min_value": "Der Prozentsatz ist nicht plausibel.",
            "max_value": "Der Prozentsatz ist nicht plausibel.",
            "max_decimal_places": "Höchstens zwei Nachkommastellen.",
        },
    )
    begruendung = forms.CharField(label="Begründung", max_length=300, required=False)
