"""Input only: each form turns German text into values; the services decide."""

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone

from budgets.forms import BETRAG_FEHLER, BetragField, DatumField
from config.begriffe import begriff, begriffe, wortlaut
from regionen.models import Region
from sozialraum.geld import JAHR_MAX, JAHR_MIN
from sozialraum.models import Sozialraum, Ziel

from .anlagen import ERLAUBT_TEXT, HOECHSTGROESSE
from .models import Anlage, Beschluss, Drittmittel, Status, Themenfeld
from .services import Inhalt
from .workflow import UEBERGAENGE


class GeldFeld(BetragField):
    """An amount that may be 0 or empty (Eigenanteil, Gesamtkosten in a draft)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", None)
        super().__init__(
            min_value=Decimal("0"),
            error_messages={
                **BETRAG_FEHLER,
                "min_value": "Der Betrag darf nicht negativ sein.",
            },
            **kwargs,
        )


def _text(label, **kwargs):
    kwargs.setdefault("required", False)
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **kwargs
    )


class AntragForm(forms.Form):
    """The application text; the holder and year are fixed by the page."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    formular_schluessel = forms.UUIDField(widget=forms.HiddenInput, required=False)
    haushaltsjahr = forms.IntegerField(
        label="Haushaltsjahr",
        min_value=JAHR_MIN,
        max_value=JAHR_MAX,
        error_messages={
            "required": "Bitte das Haushaltsjahr angeben.",
            "invalid": "Bitte ein Jahr wie 2013 angeben.",
            "min_value": "Das Jahr ist nicht plausibel.",
            "max_value": "Das Jahr ist nicht plausibel.",
        },
    )
    titel = forms.CharField(
        label="Titel des Projekts",
        max_length=200,
        error_messages={"required": "Bitte einen Titel angeben."},
    )
    antragsteller = forms.CharField(
        label="Antragsteller (Organisation)",
        max_length=200,
        error_messages={"required": "Bitte die antragstellende Organisation angeben."},
    )
    ansprechperson = forms.CharField(
        label="Ansprechperson", max_length=200, required=False
    )
    kontakt_email = forms.EmailField(
        label="E-Mail der Ansprechperson",
        required=False,
        error_messages={"invalid": "Bitte eine gültige E-Mail-Adresse angeben."},
    )
    kontakt_telefon = forms.CharField(label="Telefon", max_length=50, required=False)
    zielgruppe = _text("Zielgruppe")
    themenfelder = forms.ModelMultipleChoiceField(
        label="Themenfelder",
        queryset=Themenfeld.objects.filter(aktiv=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Dieses Themenfeld ist nicht wählbar."},
    )
    beginn = DatumField(label="Beginn", help_text="TT.MM.JJJJ", required=False)
    ende = DatumField(label="Ende", help_text="TT.MM.JJJJ", required=False)
    ausgangslage = _text(
        "Ausgangslage", help_text="Welche Situation, welcher Bedarf besteht vor Ort?"
    )
    zielsetzung = _text("Zielsetzung", help_text="Was soll das Projekt erreichen?")
    massnahme = _text("Maßnahme", help_text="Was wird konkret getan, von wem, wann?")
    ziele = forms.ModelMultipleChoiceField(
        label=wortlaut("Ziele des {konzept}s"),
        queryset=Ziel.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Welche Ziele des beschlossenen Konzepts verfolgt das Projekt?",
        error_messages={"invalid_choice": "Dieses Ziel ist nicht wählbar."},
    )
    gesamtkosten = GeldFeld(label="Gesamtkosten in €")
    beantragt = GeldFeld(label="Beantragter Betrag in €")
    eigenanteil = GeldFeld(label="Eigenanteil des Antragstellers in €")
    als_eigenanteil = forms.BooleanField(
        label="Die beantragten Mittel dienen als Eigenanteil für externe Fördermittel",
        required=False,
    )

    def __init__(self, *args, antrag=None, inhaber=None, **kwargs):
        super().__init__(*args, **kwargs)
        sozialraum = inhaber if isinstance(inhaber, Sozialraum) else None
        if sozialraum is not None:
            self.fields["ziele"].queryset = (
                Ziel.objects.filter(
                    konzept__sozialraum=sozialraum, konzept__status="beschlossen"
                )
                .select_related("konzept__sozialraum")
                .order_by("-konzept__version", "nummer")
            )
        else:
            del self.fields["ziele"]
        if antrag is not None:
            # the year is part of the number: fixed once the draft exists
            del self.fields["haushaltsjahr"]
            del self.fields["formular_schluessel"]

    def clean(self):
        daten = super().clean()
        beginn, ende = daten.get("beginn"), daten.get("ende")
        if beginn and ende and ende < beginn:
            self.add_error("ende", "Das Ende liegt vor dem Beginn.")
        return daten

    def inhalt(self, partner, drittmittel):
        d = self.cleaned_data
        return Inhalt(
            antragsteller=d["antragsteller"],
            titel=d["titel"],
            ansprechperson=d["ansprechperson"],
            kontakt_email=d["kontakt_email"],
            kontakt_telefon=d["kontakt_telefon"],
            zielgruppe=d["zielgruppe"],
            beginn=d["beginn"],
            ende=d["ende"],
            ausgangslage=d["ausgangslage"],
            zielsetzung=d["zielsetzung"],
            massnahme=d["massnahme"],
            gesamtkosten=d["gesamtkosten"],
            beantragt=d["beantragt"] or Decimal("0"),
            eigenanteil=d["eigenanteil"] or Decimal("0"),
            als_eigenanteil=d["als_eigenanteil"],
            themenfelder=tuple(d["themenfelder"]),
            ziele=tuple(d.get("ziele") or ()),
            partner=tuple(partner),
            drittmittel=tuple(drittmittel),
        )

    @classmethod
    def initial_aus(cls, antrag):
        initial = {
            feld: getattr(antrag, feld)
            for feld in Inhalt.__dataclass_fields__
            if feld not in ("themenfelder", "ziele", "partner", "drittmittel")
        }
        initial.update(
            version=antrag.version,
            themenfelder=list(antrag.themenfelder.all()),
            ziele=list(antrag.ziele.all()),
        )
        return initial

    @classmethod
    def neu_initial(cls):
        return {
            "haushaltsjahr": timezone.localdate().year,
            "formular_schluessel": uuid.uuid4(),
        }


class PartnerForm(forms.Form):
    inhaber = forms.ChoiceField(label=begriff("raum"), required=False)
    betrag = BetragField(label="Anteil in €", required=False)

    def __init__(self, *args, ebene="sozialraum", ausser=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ebene == "sozialraum":
            wahl = [
                (s.pk, s.voller_name) for s in Sozialraum.objects.exclude(pk=ausser)
            ]
        else:
            self.fields["inhaber"].label = begriffe().gruppe
            wahl = [(r.pk, str(r)) for r in Region.objects.exclude(pk=ausser)]
        self.fields["inhaber"].choices = [("", "—")] + wahl
        self.ebene = ebene

    def clean(self):
        daten = super().clean()
        if daten.get("inhaber") and not daten.get("betrag"):
            self.add_error("betrag", "Bitte den Anteil angeben.")
        if daten.get("betrag") and not daten.get("inhaber"):
            self.add_error("inhaber", "Bitte den Partner wählen.")
        return daten

    def wert(self):
        d = self.cleaned_data
        if not d.get("inhaber"):
            return None
        modell = Sozialraum if self.ebene == "sozialraum" else Region
        return modell.objects.get(pk=d["inhaber"]), d["betrag"]


class DrittmittelForm(forms.Form):
    quelle = forms.CharField(label="Quelle", max_length=200, required=False)
    betrag = BetragField(label="Betrag in €", required=False)
    stand = forms.ChoiceField(
        label="Stand", choices=[("", "—")] + Drittmittel.Stand.choices, required=False
    )

    def clean(self):
        daten = super().clean()
        angegeben = [daten.get(f) for f in ("quelle", "betrag", "stand")]
        if any(angegeben) and not all(angegeben):
            raise forms.ValidationError(
                "Bitte zu externen Mitteln Quelle, Betrag und Stand angeben.",
                code="unvollstaendig",
            )
        return daten

    def wert(self):
        d = self.cleaned_data
        if not d.get("quelle"):
            return None
        return d["quelle"], d["betrag"], d["stand"]


PartnerFormSet = forms.formset_factory(PartnerForm, extra=1, max_num=9, absolute_max=9)
DrittmittelFormSet = forms.formset_factory(
    DrittmittelForm, extra=1, max_num=10, absolute_max=10
)


class AnlageForm(forms.Form):
    art = forms.ChoiceField(
        label="Art der Anlage",
        choices=Anlage.Art.choices,
        error_messages={"required": "Bitte die Art der Anlage wählen."},
    )
    datei = forms.FileField(
        label="Datei",
        help_text=f"{ERLAUBT_TEXT}, höchstens 10 MB.",
        error_messages={
            "required": "Bitte eine Datei wählen.",
            "empty": "Die Datei ist leer.",
            "invalid": "Das ist keine Datei.",
        },
    )

    def __init__(self, *args, antrag=None, **kwargs):
        super().__init__(*args, **kwargs)
        if antrag is not None:
            self.fields["art"].choices = [
                (a.value, a.label) for a in antrag.anlagearten()
            ]

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > HOECHSTGROESSE:
            raise forms.ValidationError(
                "Die Datei ist größer als 10 MB.", code="zu_gross"
            )
        return datei


class AktionForm(forms.Form):
    """One step of the workflow; which fields it shows depends on the step."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    sitzung = forms.ModelChoiceField(
        label="Sitzung",
        queryset=None,
        error_messages={
            "required": "Bitte eine Sitzung wählen.",
            "invalid_choice": "Diese Sitzung ist nicht wählbar.",
        },
    )
    betrag = BetragField()
    datum = DatumField(label="Datum", required=False)
    kommentar = forms.CharField(
        label="Kommentar",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )

    FELDER = {
        "einreichen": ["kommentar"],
        "rueckfrage": ["kommentar"],
        "pruefen": ["kommentar"],
        "auf_tagesordnung": ["sitzung"],
        "von_tagesordnung": ["kommentar"],
        "veto": ["kommentar", "datum"],
        "auszahlen": ["betrag", "datum", "kommentar"],
        "nachweis_einreichen": ["betrag", "kommentar"],
        "abschliessen": ["betrag", "datum", "kommentar"],
        "zurueckziehen": ["kommentar"],
    }
    BESCHRIFTUNG = {
        "rueckfrage": {"kommentar": wortlaut("Rückfrage an den {raum} (Pflicht)")},
        "veto": {
            "kommentar": "Begründung des Vetos (Pflicht)",
            "datum": "Veto eingelegt am",
        },
        "auszahlen": {"betrag": "Auszahlungsbetrag in €", "datum": "Auszahlungsdatum"},
        "nachweis_einreichen": {
            "betrag": "Verwendete Mittel in €",
            "kommentar": "Kurzer Sachbericht",
        },
        "abschliessen": {"betrag": "Anerkannter Betrag in €", "datum": "Datum"},
        "zurueckziehen": {"kommentar": "Grund"},
    }

    def __init__(self, *args, aktion, sitzungen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.aktion = aktion
        behalten = {"version", *self.FELDER.get(aktion, [])}
        for name in list(self.fields):
            if name not in behalten:
                del self.fields[name]
        if "sitzung" in self.fields:
            self.fields["sitzung"].queryset = sitzungen
        if aktion in ("nachweis_einreichen", "abschliessen"):
            # may be 0,00 € (nothing used, nothing recognised)
            self.fields["betrag"] = GeldFeld(required=True)
        for name, label in self.BESCHRIFTUNG.get(aktion, {}).items():
            self.fields[name].label = label
        if any(u.kommentar_pflicht for u in UEBERGAENGE if u.aktion == aktion):
            self.fields["kommentar"].required = True
            self.fields["kommentar"].error_messages["required"] = (
                "Bitte geben Sie eine Begründung an."
            )


class SitzungForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    formular_schluessel = forms.UUIDField(widget=forms.HiddenInput, required=False)
    gremium = forms.ModelChoiceField(
        label="Gremium",
        queryset=None,
        error_messages={
            "required": "Bitte das Gremium wählen.",
            "invalid_choice": "Für dieses Gremium legen Sie keine Sitzungen an.",
        },
    )
    datum = DatumField(label="Datum der Sitzung", help_text="TT.MM.JJJJ")
    ort = forms.CharField(label="Ort", max_length=200, required=False)
    ist_budgetsitzung = forms.BooleanField(
        label="Budgetsitzung (Entscheidung über Projektmittel)",
        required=False,
        initial=True,
    )
    landkreis_vertreten = forms.BooleanField(
        label=wortlaut("{Die_behoerde} ({pruefstelle_kurz}) war vertreten"),
        required=False,
    )

    def __init__(self, *args, gremien, sitzung=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sitzung is None:
            self.fields["gremium"].queryset = gremien
            self.fields["formular_schluessel"].initial = uuid.uuid4
            del self.fields["version"]
        else:
            del self.fields["gremium"]
            del self.fields["formular_schluessel"]


class AusnahmeForm(forms.Form):
    begruendung = forms.CharField(
        label="Begründung der Ausnahme",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Bitte begründen Sie die Ausnahme."},
    )


ERGEBNIS_WAHL = [("", "noch nicht beschlossen")] + Beschluss.Ergebnis.choices


class BeschlussForm(forms.Form):
    """One agenda item of the Sitzung's decision form."""

    antrag = forms.IntegerField(widget=forms.HiddenInput)
    ergebnis = forms.ChoiceField(
        label="Beschluss", choices=ERGEBNIS_WAHL, required=False
    )
    betrag = BetragField(label="Bewilligt in €", required=False)
    ja = forms.IntegerField(label="Ja", min_value=0, max_value=999, required=False)
    nein = forms.IntegerField(label="Nein", min_value=0, max_value=999, required=False)
    enthaltungen = forms.IntegerField(
        label="Enthaltungen", min_value=0, max_value=999, required=False
    )
    bemerkung = forms.CharField(label="Bemerkung", max_length=2000, required=False)

    def clean(self):
        daten = super().clean()
        ergebnis = daten.get("ergebnis")
        if ergebnis == "bewilligt" and not daten.get("betrag"):
            self.add_error("betrag", "Bitte den bewilligten Betrag angeben.")
        if ergebnis != "bewilligt" and daten.get("betrag"):
            self.add_error("betrag", "Ein Betrag gehört nur zu einer Bewilligung.")
        return daten


class BaseBeschlussFormSet(forms.BaseFormSet):
    def angaben(self, antraege):
        """The decisions entered, for the service; `antraege` are the applications
        the user may see by pk. None if a form names another application."""
        from .services import BeschlussAngabe

        angaben = []
        for form in self.forms:
            d = form.cleaned_data
            if not d.get("ergebnis"):
                continue
            if d.get("antrag") not in antraege:
                return None
            angaben.append(
                BeschlussAngabe(
                    antrag=antraege[d["antrag"]],
                    ergebnis=d["ergebnis"],
                    betrag=d.get("betrag"),
                    ja=d.get("ja"),
                    nein=d.get("nein"),
                    enthaltungen=d.get("enthaltungen"),
                    bemerkung=d.get("bemerkung") or "",
                )
            )
        return angaben

    def antrag_ids(self):
        return [f.cleaned_data.get("antrag") for f in self.forms]


BeschlussFormSet = forms.formset_factory(
    BeschlussForm, formset=BaseBeschlussFormSet, extra=0, max_num=200
)


FILTER_STATUS = [("", "alle")] + Status.choices


class FilterForm(forms.Form):
    """The list's filters; unknown values are ignored, never an error page."""

    jahr = forms.IntegerField(
        label="Haushaltsjahr", required=False, min_value=JAHR_MIN, max_value=JAHR_MAX
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
    budgetart = forms.ModelChoiceField(
        label="Budgetart",
        queryset=None,
        required=False,
        empty_label="alle",
    )
    status = forms.ChoiceField(label="Status", choices=FILTER_STATUS, required=False)
    themenfeld = forms.ModelChoiceField(
        label="Themenfeld",
        queryset=Themenfeld.objects.all(),
        required=False,
        empty_label="alle",
    )
    q = forms.CharField(label="Suche", max_length=100, required=False)
    sortierung = forms.ChoiceField(
        label="Sortierung",
        choices=[
            ("nummer", "Nummer"),
            ("-nummer", "Nummer absteigend"),
            ("titel", "Titel"),
            ("antragsteller", "Antragsteller"),
            ("-beantragt", "Beantragt (höchster zuerst)"),
            ("beantragt", "Beantragt (niedrigster zuerst)"),
            ("-bewilligt", "Bewilligt (höchster zuerst)"),
            ("status", "Status (im Ablauf)"),
            ("-geaendert", "Zuletzt geändert"),
        ],
        required=False,
    )

    def __init__(self, *args, sozialraeume, **kwargs):
        from budgets.models import Budgetart

        super().__init__(*args, **kwargs)
        if not begriffe().mit_gruppen:
            # no group level: the one hidden Region is no choice
            del self.fields["region"]
        self.fields["sozialraum"].queryset = sozialraeume
        self.fields["budgetart"].queryset = Budgetart.objects.filter(
            antragsverfahren=True
        )

    def werte(self):
        """The valid filters only (a wrong value drops that filter)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AnlageLoeschenForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput)
