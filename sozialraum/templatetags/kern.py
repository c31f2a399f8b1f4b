"""Template helpers for the KERN design system and German money formats."""

from dataclasses import dataclass

from django import forms, template

from sozialraum import geld

register = template.Library()

_KLASSEN = {
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.Select: "kern-form-input__select",
    forms.SelectMultiple: "kern-form-input__select",
}


def _art(bf):
    widget = bf.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "auswahl"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select) and not isinstance(
        widget, forms.SelectMultiple
    ):
        return "liste"
    return "eingabe"


@register.filter
def feldart(bf):
    return _art(bf)


@register.filter
def kern_widget(bf):
    """Render the widget with KERN classes, linked to its hint and error."""
    widget = bf.field.widget
    klasse = next(
        (k for typ, k in _KLASSEN.items() if isinstance(widget, typ)),
        "kern-form-input__input",
    )
    if bf.errors:
        klasse += f" {klasse}--error"
    beschrieben = []
    if bf.help_text:
        beschrieben.append(f"{bf.auto_id}_helptext")
    if bf.errors:
        beschrieben.append(f"{bf.auto_id}_error")
    attrs = {"class": klasse}
    if beschrieben:
        attrs["aria-describedby"] = " ".join(beschrieben)
    if _art(bf) == "auswahl":
        widget.attrs.update(attrs)  # the options are rendered one by one
        return bf
    return bf.as_widget(attrs=attrs)


@dataclass(frozen=True)
class Fehler:
    text: str
    feld: str = ""  # the field's label
    ziel: str = ""  # id of the input the summary links to


def _fehler_eines_formulars(form):
    eintraege = [Fehler(str(e)) for e in form.non_field_errors()]
    for bf in form:
        for e in bf.errors:
            if bf.is_hidden:
                eintraege.append(Fehler(str(e)))
            else:
                # a group of checkboxes or radios: its first option
                ziel = f"{bf.auto_id}_0" if _art(bf) == "auswahl" else bf.auto_id
                eintraege.append(Fehler(str(e), feld=str(bf.label), ziel=ziel))
    return eintraege


@register.simple_tag
def fehlerliste(*formulare):
    """Every error of the bound forms and formsets, for the error summary
    (templates/forms/_fehleruebersicht.html)."""
    eintraege = []
    for formular in formulare:
        if not getattr(formular, "is_bound", False):
            continue
        if isinstance(formular, forms.BaseFormSet):
            eintraege += [Fehler(str(e)) for e in formular.non_form_errors()]
            for form in formular.forms:
                eintraege += _fehler_eines_formulars(form)
        else:
            eintraege += _fehler_eines_formulars(formular)
    return eintraege


@register.filter
def euro(betrag):
    return geld.euro(betrag)
