"""The cells of the Budgetübersicht: a figure (linked to the bookings behind
it) and the bar. As tags, not included templates: a page of a year has some
250 cells, and an include with a {% url %} per cell was most of its time."""

from django import template
from django.utils.html import format_html

from sozialraum.geld import euro

register = template.Library()


@register.simple_tag(takes_context=True)
def zahl(context, budget, wert, kennzahl, link):
    """`wert` in euros; with `link`, a link to the journal of `budget` filtered
    to `kennzahl` (the view passes the journal's address of the year as
    `journal_url`)."""
    text = euro(wert)
    if not link:
        return text
    return format_html(
        '<a class="kern-link" href="{}?budget={}&amp;kennzahl={}" '
        'aria-label="{}: Buchungen dazu anzeigen">{}</a>',
        context["journal_url"],
        str(budget.pk),
        kennzahl,
        text,
        text,
    )


@register.simple_tag
def balken(zahlen):
    """The share of the year's money that is bound, as a bar and in per cent."""
    quote = zahlen.quote_gebunden
    return format_html(
        '<progress class="kern-progress app-balken" max="100" value="{}" '
        'aria-label="gebunden">{} %</progress> '
        '<span class="kern-body--small">{} %</span>',
        quote,
        quote,
        quote,
    )
