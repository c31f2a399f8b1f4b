"""An order's page (its state, refreshed until done, then its result) and its
file. Only the person who ordered sees an order; anyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.module_loading import import_string

from konten.permissions import erfordern

from .auftraege import ARTEN
from .models import Auftrag

INHALTSTYP = {".pdf": "application/pdf"}


def eigener_auftrag(request, pk, *felder):
    """The person's own order (other people's are not found), without the
    bytes unless `felder` asks for them."""
    auftrag = get_object_or_404(
        Auftrag.objects.defer(
            *({"eingabe", "datei", "ergebnis"} - set(felder))
        ).select_related("vorlage"),
        pk=pk,
        erstellt_von=request.user,
    )
    erfordern(request.user, ARTEN[auftrag.art].recht)
    return auftrag


@login_required
def auftrag(request, pk):
    auftrag = eigener_auftrag(request, pk, "ergebnis")
    art = ARTEN[auftrag.art]
    kontext = {"auftrag": auftrag, "art": art}
    if art.kontext and auftrag.stand == Auftrag.Stand.FERTIG:
        kontext.update(import_string(art.kontext)(auftrag))
    return render(request, "betrieb/auftrag.html", kontext)


@login_required
def auftrag_datei(request, pk):
    auftrag = eigener_auftrag(request, pk, "datei")
    if auftrag.stand != Auftrag.Stand.FERTIG or auftrag.datei is None:
        raise Http404("Der Auftrag hat (noch) keine Datei.")
    name = auftrag.dateiname
    antwort = HttpResponse(
        bytes(auftrag.datei),
        content_type=INHALTSTYP.get(name[-4:].lower(), "application/octet-stream"),
    )
    antwort["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort
