from django import forms
from django.utils.translation import gettext_lazy as _


class BeschlussForm(forms.Form):
    datum = forms.DateField(
        label=_("Datum des Beschlusses"),
        error_messages={
            "required": _("Bitte das Datum des Beschlusses angeben."),
            "invalid": _("Bitte ein Datum wie 15.01.2013 angeben."),
        },
    )
