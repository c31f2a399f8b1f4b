from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from konten.permissions import erfordern

from .models import Sozialraum
from .selectors import konzept_stand, regionen_uebersicht, sozialraum_mit_details


@login_required
def uebersicht(request):
    erfordern(request.user, "sozialraum.view_start")
    return render(
        request,
        "sozialraum/uebersicht.html",
        {"regionen": regionen_uebersicht(request.user)},
    )


@login_required
def sozialraum_detail(request, kuerzel):
    try:
        sozialraum = sozialraum_mit_details(kuerzel)
    except Sozialraum.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("sozialraum.view_sozialraum_seite", sozialraum):
        # Not 403: a page outside one's scope does not reveal that it exists.
        raise Http404
    return render(
        request,
        "sozialraum/sozialraum_detail.html",
        {"sozialraum": sozialraum, "konzept_stand": konzept_stand(sozialraum)},
    )


def region_abschnitt(request, region):
    """The Region page's table of its Sozialräume (regionen.views.ABSCHNITTE)."""
    # Each part is a rendered (escaped) template.
    return mark_safe(  # noqa: S308
        "".join(
            render_to_string(
                "sozialraum/_region.html",
                {"region": region, "sozialraeume": sozialraeume},
                request=request,
            )
            for region, sozialraeume in regionen_uebersicht(request.user, region)
        )
    )
