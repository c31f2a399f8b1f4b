"""Template helpers for the KERN design system and German money formats."""

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


@register.filter
def euro(betrag):
    return geld.euro(betrag)
