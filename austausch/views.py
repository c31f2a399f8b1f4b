"""The FD 51 page: upload → dry run with every row → confirm once; export.

The dry run and the import are background orders (antraege/auftraege): the
upload and the confirmation redirect to the order's page, which shows the rows
when they are done. Small files are done inside the request
(services.SOFORT_BIS)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from betrieb.auftraege import auftraege_von
from betrieb.models import Auftrag
from konten.permissions import erfordern

from . import dateien, services, vorlage
from .arten import RESSOURCEN
from .forms import BestaetigenForm, ExportForm, ImportForm

INHALTSTYP = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# multipart overhead on top of the file itself
_SPIELRAUM = 64 * 1024


def _seite(request, *, import_form=None, export_form=None, status=200):
    return render(
        request,
        "austausch/austausch.html",
        {
            "import_form": import_form
            or ImportForm(initial={"art": request.GET.get("art")}),
            "export_form": export_form
            or ExportForm(initial={"art": request.GET.get("art")}),
            "ressourcen": [r() for r in RESSOURCEN.values()],
            "auftraege": auftraege_von(
                request.user,
                Auftrag.Art.IMPORT_PRUEFEN,
                Auftrag.Art.IMPORT_AUSFUEHREN,
            ),
        },
        status=status,
    )


@login_required
def austausch(request):
    """GET: the page. POST: order the dry run of an uploaded file."""
    erfordern(request.user, "antraege.austausch")
    if request.method != "POST":
        return _seite(request)
    # Refuse an oversize body before Django parses it into a temporary file.
    if int(request.META.get("CONTENT_LENGTH") or 0) > dateien.MAX_BYTES + _SPIELRAUM:
        form = ImportForm()
        form.add_error(None, "Die Datei ist größer als 5 MB; sie wurde nicht gelesen.")
        return _seite(request, import_form=form, status=400)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _seite(request, import_form=form, status=400)
    datei = form.cleaned_data["datei"]  # type and size checked: now it is read
    auftrag = services.pruefung_beauftragen(
        art=form.cleaned_data["art"],
        inhalt=datei.read(),
        dateiname=datei.name or "upload",
        durch=request.user,
    )
    return redirect(auftrag)


@login_required
@require_POST
def austausch_importieren(request):
    """The confirmation of a dry run: orders its import, once."""
    erfordern(request.user, "antraege.austausch")
    form = BestaetigenForm(request.POST)
    if not form.is_valid():
        return _seite(request, status=400)
    try:
        auftrag = services.import_beauftragen(
            pruefung_id=form.cleaned_data["auftrag"], durch=request.user
        )
    except services.NichtBestaetigbar:
        messages.warning(
            request,
            "Dieser Probelauf kann nicht (mehr) importiert werden: er wurde bereits "
            "importiert, hatte Fehler oder ist abgelaufen. Es wurde nichts "
            "importiert.",
        )
        return _seite(request, status=409)
    return redirect(auftrag)


@login_required
def austausch_export(request):
    erfordern(request.user, "antraege.austausch")
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _seite(request, export_form=form, status=400)
    art, format, jahr = (form.cleaned_data[k] for k in ("art", "format", "jahr"))
    inhalt = services.exportieren(art=art, format=format, jahr=jahr)
    name = f"{art}{f'-{jahr}' if jahr else ''}-{timezone.localdate():%Y-%m-%d}.{format}"
    antwort = HttpResponse(inhalt, content_type=INHALTSTYP[format])
    antwort["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort


@login_required
def austausch_vorlage(request, art):
    """The template file of a kind: header, an example row, the columns
    explained (generated from the Resource, vorlage.py)."""
    erfordern(request.user, "antraege.austausch")
    if art not in RESSOURCEN:
        raise Http404
    antwort = HttpResponse(vorlage.vorlage(art), content_type=INHALTSTYP["xlsx"])
    antwort["Content-Disposition"] = f'attachment; filename="vorlage-{art}.xlsx"'
    return antwort
