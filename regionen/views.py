"""The Region's page: its heading here, its content from the apps above.

regionen sits at the bottom of the apps and imports none of them. The apps
that have something to show of a Region (the Sozialräume with their
Sozialraumbüros and Konzepte, for now) add a section in their AppConfig.ready()
with `abschnitt_hinzufuegen`; the page renders the sections in that order.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from config.begriffe import begriffe

from .models import Region

# Functions (request, region) -> HTML (a SafeString) or "" for nothing.
ABSCHNITTE = []


def abschnitt_hinzufuegen(funktion):
    if funktion not in ABSCHNITTE:
        ABSCHNITTE.append(funktion)
    return funktion


@login_required
def region_detail(request, nummer):
    if not begriffe().mit_gruppen:
        # An authority without a group level has one hidden Region and no
        # Region pages: a 404 that says why, in its own words.
        return render(request, "regionen/ohne_gruppen.html", status=404)
    region = Region.objects.filter(nummer=nummer).first()
    if region is None or not request.user.has_perm(
        "regionen.view_region_seite", region
    ):
        # Not 403: a page outside one's scope does not reveal that it exists.
        raise Http404
    abschnitte = [html for f in ABSCHNITTE if (html := f(request, region))]
    return render(
        request,
        "regionen/region_detail.html",
        {"region": region, "abschnitte": abschnitte},
    )
