from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from config.begriffe import begriffe, wortlaut

from .models import Rolle, User, bereichsmodell
from .services import RollenAngabe


class BenutzerForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte eine E-Mail-Adresse angeben."),
            "invalid": _("Bitte eine gültige E-Mail-Adresse angeben."),
        },
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Mit dieser E-Mail-Adresse gibt es bereits ein Konto."),
                code="email_vergeben",
            )
        return email


class RollenForm(forms.Form):
    """The roles of one user as checkboxes; scopes as choices."""

    fd51 = forms.BooleanField(label=Rolle.FACHDIENST_51.label, required=False)
    leitung = forms.ModelMultipleChoiceField(
        label=wortlaut("{leitung} für"),
        queryset=bereichsmodell("sozialraum").objects.select_related("region"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=wortlaut("Eine Leitung kann mehrere {raeume} betreuen."),
    )
    geschaeftsstelle_rg = forms.ModelChoiceField(
        label=wortlaut("{geschaeftsstelle} für"),
        queryset=bereichsmodell("region").objects.all(),
        required=False,
        empty_label=_("– keine –"),
    )
    jha = forms.BooleanField(label=Rolle.JUGENDHILFEAUSSCHUSS.label, required=False)
    admin = forms.BooleanField(label=Rolle.ADMINISTRATOR.label, required=False)

    def __init__(self, *args, darf_administrator=False, benutzer=None, **kwargs):
        if benutzer is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_fuer(benutzer)
        super().__init__(*args, **kwargs)
        if not begriffe().mit_gruppen:
            # no group level (Hansestadt): no Geschäftsstelle to appoint
            del self.fields["geschaeftsstelle_rg"]
        if not darf_administrator:
            self.fields["admin"].disabled = True
            self.fields["admin"].help_text = _(
                "Nur ein Administrator kann diese Rolle vergeben."
            )

    @staticmethod
    def initial_fuer(benutzer):
        rollen = list(benutzer.rollen.all())
        region = next(
            (z.region for z in rollen if z.rolle == Rolle.GESCHAEFTSSTELLE_RG), None
        )
        return {
            "fd51": any(z.rolle == Rolle.FACHDIENST_51 for z in rollen),
            "leitung": [
                z.sozialraum for z in rollen if z.rolle == Rolle.SOZIALRAUMLEITUNG
            ],
            "geschaeftsstelle_rg": region,
            "jha": any(z.rolle == Rolle.JUGENDHILFEAUSSCHUSS for z in rollen),
            "admin": any(z.rolle == Rolle.ADMINISTRATOR for z in rollen),
        }

    def clean(self):
        cleaned = super().clean()
        if not self.rollen_angaben(cleaned):
            raise forms.ValidationError(
                _("Bitte mindestens eine Rolle auswählen."), code="keine_rolle"
            )
        return cleaned

    def rollen_angaben(self, cleaned=None):
        data = cleaned if cleaned is not None else self.cleaned_data
        angaben = []
        for rolle in (
            Rolle.FACHDIENST_51,
            Rolle.JUGENDHILFEAUSSCHUSS,
            Rolle.ADMINISTRATOR,
        ):
            if data.get(rolle.value):
                angaben.append(RollenAngabe(rolle))
        angaben += [
            RollenAngabe(Rolle.SOZIALRAUMLEITUNG, sozialraum=s)
            for s in data.get("leitung") or []
        ]
        if data.get("geschaeftsstelle_rg"):
            angaben.append(
                RollenAngabe(
                    Rolle.GESCHAEFTSSTELLE_RG, region=data["geschaeftsstelle_rg"]
                )
            )
        return angaben


class LoginForm(AllauthLoginForm):
    """allauth's login; the "forgotten password" link sits after the button
    (templates/account/login.html), so Tab goes from email straight to password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


def fehler_uebernehmen(form, exc):
    """Show a service's ValidationError at the form's fields (or above the form)."""
    fehler = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for feld, texte in fehler.items():
        for text in texte:
            form.add_error(feld if feld in form.fields else None, text)
