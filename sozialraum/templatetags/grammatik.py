"""German endings for the authority's words (config.begriffe): "mit ihren
Sozialräumen, Sozialraumbüros" / "mit ihren Stadtteilen, Stadtteilhäusern"."""

from django import template

register = template.Library()


@register.filter
def dativ_plural(wort):
    """A noun's plural in the dative: -n added unless it ends in -n or -s."""
    wort = str(wort)
    return wort if not wort or wort.endswith(("n", "s")) else f"{wort}n"
