from decimal import Decimal

from django import forms

from sozialraum.geld import JAHR_MAX, JAHR_MIN, KeinBetrag, betrag_lesen

from .models import Budget, Budgetart, Verteilungsschluessel
from .services import GLEICH, anteil_berechnen

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

    def to_python(self, value):
        """Read by the one parser of amounts (sozialraum.geld.betrag_lesen)."""
        if isinstance(value, Decimal):
            return value
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        try:
            return betrag_lesen(text)
        except KeinBetrag:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


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
    gesamtbetrag = BetragField(label="Gesamtbetrag in €", required=False)
    bezugsansatz = BetragField(
        label="oder: Bezugsansatz in €",
        required=False,
        help_text=(
            "Für Mittel, die als Anteil eines Haushaltsansatzes zugewiesen werden. "
            "Verteilt wird der Prozentsatz davon."
        ),
    )
    prozent = forms.DecimalField(
        label="Prozentsatz",
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text="Leer: der bei der Budgetart hinterlegte Prozentsatz.",
        error_messages={
            "invalid": "Bitte einen Prozentsatz wie 12,5 angeben.",
            "max_decimal_places": "Höchstens zwei Nachkommastellen.",
            "max_digits": "Der Prozentsatz muss höchstens 100 sein.",
            "max_whole_digits": "Der Prozentsatz muss höchstens 100 sein.",
        },
    )
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
        self.jahr = jahr
        # the example names the Grunddaten's own share-allocated kinds (the
        # Landkreis' Regionalbudget 2), none where there are none
        beispiele = [
            f"{name}: {grundlage.split(' (')[0]}"
            for name, grundlage in Budgetart.objects.exclude(
                anteil_grundlage=""
            ).values_list("name", "anteil_grundlage")
        ]
        if beispiele:
            self.fields["bezugsansatz"].help_text = (
                "Für Mittel, die als Anteil eines Haushaltsansatzes zugewiesen "
                f"werden ({'; '.join(beispiele)}). Verteilt wird der Prozentsatz "
                "davon."
            )

    def clean(self):
        daten = super().clean()
        gesamt, ansatz = daten.get("gesamtbetrag"), daten.get("bezugsansatz")
        daten["grundlage"] = ""
        if self.errors:
            return daten
        if gesamt is None and ansatz is None:
            raise forms.ValidationError(
                "Bitte einen Gesamtbetrag oder einen Bezugsansatz angeben.",
                code="betrag_fehlt",
            )
        if gesamt is not None and ansatz is not None:
            raise forms.ValidationError(
                "Bitte entweder den Gesamtbetrag oder den Bezugsansatz angeben, "
                "nicht beides.",
                code="betrag_doppelt",
            )
        if ansatz is not None and daten.get("budgetart") is not None:
            daten["gesamtbetrag"], daten["grundlage"] = anteil_berechnen(
                budgetart=daten["budgetart"],
                haushaltsjahr=self.jahr,
                bezugsansatz=ansatz,
                prozent=daten.get("prozent"),
            )
        return daten


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
        min_value=JAHR_MIN,
        max_value=JAHR_MAX,
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
