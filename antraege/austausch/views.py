"""The FD 51 page: upload → dry run with every row → confirm once; export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sozialraum.permissions import erfordern

from . import dateien, services
from .forms import BestaetigenForm, ExportForm, ImportForm
from .ressourcen import RESSOURCEN

INHALTSTYP = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# multipart overhead on top of the file itself
_SPIELRAUM = 64 * 1024


def _seite(request, *, import_form=None, ergebnis=None, vorgang=None, status=200):
    return render(
        request,
        "antraege/austausch/austausch.html",
        {
            "import_form": import_form
            or ImportForm(initial={"art": request.GET.get("art")}),
            "export_form": ExportForm(initial={"art": request.GET.get("art")}),
            "ergebnis": ergebnis,
            "vorgang": vorgang,
            "ressourcen": [r() for r in RESSOURCEN.values()],
        },
        status=status,
    )


@login_required
def austausch(request):
    """GET: the page. POST: the dry run of an uploaded file."""
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
    inhalt = form.cleaned_data["datei"].read()
    name = form.cleaned_data["datei"].name or "upload"
    ergebnis = services.importieren(
        art=form.cleaned_data["art"],
        inhalt=inhalt,
        dateiname=name,
        durch=request.user,
        trocken=True,
    )
    vorgang = None
    if not ergebnis.hat_fehler:
        vorgang = services.vorgang_anlegen(
            art=form.cleaned_data["art"],
            inhalt=inhalt,
            dateiname=name,
            durch=request.user,
        )
    return _seite(request, import_form=form, ergebnis=ergebnis, vorgang=vorgang)


@login_required
@require_POST
def austausch_importieren(request):
    """The confirmation of a dry run: imports once, all or nothing."""
    erfordern(request.user, "antraege.austausch")
    form = BestaetigenForm(request.POST)
    if not form.is_valid():
        return _seite(request, status=400)
    try:
        ergebnis = services.vorgang_ausfuehren(
            schluessel=form.cleaned_data["schluessel"], durch=request.user
        )
    except services.SchonAusgefuehrt:
        messages.warning(
            request,
            "Dieser Import wurde bereits ausgeführt (oder ist abgelaufen); es wurde "
            "nichts weiter importiert.",
        )
        return _seite(request, status=409)
    if ergebnis.geschrieben:
        messages.success(
            request,
            f"Importiert aus {ergebnis.dateiname}: {ergebnis.anzahl('neu')} neu, "
            f"{ergebnis.anzahl('geändert')} geändert, "
            f"{ergebnis.anzahl('unverändert')} unverändert.",
        )
    else:
        messages.error(
            request,
            "Der Import ist jetzt fehlgeschlagen (die Daten haben sich seit dem "
            "Probelauf geändert); es wurde nichts importiert.",
        )
    return _seite(request, ergebnis=ergebnis)


@login_required
def austausch_export(request):
    erfordern(request.user, "antraege.austausch")
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "antraege/austausch/austausch.html",
            {
                "import_form": ImportForm(),
                "export_form": form,
                "ressourcen": [r() for r in RESSOURCEN.values()],
            },
            status=400,
        )
    art, format, jahr = (form.cleaned_data[k] for k in ("art", "format", "jahr"))
    inhalt = services.exportieren(art=art, format=format, jahr=jahr)
    name = f"{art}{f'-{jahr}' if jahr else ''}-{timezone.localdate():%Y-%m-%d}.{format}"
    antwort = HttpResponse(inhalt, content_type=INHALTSTYP[format])
    antwort["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort
