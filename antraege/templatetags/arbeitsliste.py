"""The rows of the Arbeitsliste. One tag per part, not template nodes per
cell: the page shows up to 300 rows, and their variables, filters and {% if %}
were most of its time (a time that grew with the rows shown)."""

from django import template
from django.utils.html import format_html_join

from sozialraum.geld import euro

register = template.Library()


def _datum(tag):
    return f"{tag:%d.%m.%Y}" if tag else ""


def _letzte_spalte(eintrag, frist, nachweis):
    if frist:
        return _datum(eintrag.vetofrist_ende)
    if nachweis:
        return f"{_datum(eintrag.nachweis_faellig_am)} ({eintrag.status_text})"
    return eintrag.status_text


@register.simple_tag
def zeilen(eintraege, frist=False, nachweis=False):
    """The table rows of a part's entries (antraege.selectors.Eintrag, with
    `url`); the last column: the end of the Vetofrist (`frist`), the due date
    of the Verwendungsnachweis (`nachweis`), else the state."""
    return format_html_join(
        "",
        '<tr><td class="kern-table__cell"><a class="kern-link" href="{}">{}</a></td>'
        '<td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td>'
        '<td class="kern-table__cell kern-table__cell--numeric">{}</td>'
        '<td class="kern-table__cell kern-table__cell--numeric">{}</td>'
        '<td class="kern-table__cell">{}</td></tr>\n',
        (
            (
                a.url,
                a.nummer,
                a.titel,
                a.inhaber,
                euro(a.beantragt),
                euro(a.bewilligt),
                _letzte_spalte(a, frist, nachweis),
            )
            for a in eintraege
        ),
    )
