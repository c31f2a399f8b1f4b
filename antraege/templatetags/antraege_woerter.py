"""`{% die_behoerde %}`: "der Landkreis" / "die Hansestadt" (antraege.woerter)."""

from django import template

from antraege import woerter

register = template.Library()


@register.simple_tag
def die_behoerde(gross=False):
    """`{% die_behoerde %}` → "der Landkreis"; `{% die_behoerde True %}` → "Der …"."""
    return woerter.die_behoerde(gross)
