"""Pages of Regionalbudget 2. Case-level pages are FD 51's and every view of
them is logged; everyone else gets the sums page."""

import csv
import io
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from budgets.models import Buchung
from config.begriffe import begriffe
from konten.forms import fehler_uebernehmen
from konten.permissions import erfordern
from sozialraum.geld import zahl

from . import services
from .forms import (
    AuszahlenForm,
    AuszahlungStornoForm,
    BeendenForm,
    FilterForm,
    HilfeForm,
    KostenForm,
)
from .models import Anonymisierungslauf, Einsicht, Hilfe
from .selectors import hilfen_liste, mit_betraegen, summen

JAHRE_ERLAUBT = range(1990, 2201)


def nur_mit_gruppen(view):
    """Hilfen are the budget of a group of spaces (a Region's Regionalbudget
    2): an authority without that level (the Hansestadt) has none, so every
    page of them answers 404, before any login or permission is asked. The
    page says why instead of the general 404 text; it names no group level,
    since there is none to name."""

    @wraps(view)
    def pruefen(request, *args, **kwargs):
        b = begriffe()
        if not b.mit_gruppen:
            return render(
                request,
                "hilfen/keine.html",
                {
                    "meldung": (
                        "Fallbezogene Hilfen gibt es nur in einer Behörde, die "
                        f"ihre {b.raeume} zu größeren Einheiten mit eigenem "
                        f"Budget zusammenfasst; {b.behoerde_in} gibt es sie "
                        "nicht."
                    )
                },
                status=404,
            )
        return view(request, *args, **kwargs)

    return pruefen


def _jahr_pruefen(jahr):
    if jahr not in JAHRE_ERLAUBT:
        raise Http404


@nur_mit_gruppen
@login_required
def start(request):
    erfordern(request.user, "hilfen.view_summen")
    jahr = timezone.localdate().year
    if request.user.has_perm("hilfen.view_faelle"):
        return redirect("hilfen:liste", jahr=jahr)
    return redirect("hilfen:summen", jahr=jahr)


def _gefiltert(request, jahr):
    """The filtered list and a description of the view for the log. The
    search term (an Aktenzeichen) comes by POST only: it must not end up in
    addresses, browser histories or server logs."""
    form = FilterForm(request.GET or None)
    filter_ = form.cleaned_data if form.is_valid() else {}
    suche = ""
    if request.method == "POST":
        suche = (request.POST.get("suche") or "").strip()[:30]
    hilfen = hilfen_liste(
        jahr=jahr,
        region=filter_.get("region"),
        hilfeart=filter_.get("hilfeart", ""),
        status=filter_.get("status", ""),
        suche=suche,
    )
    teile = [f"Haushaltsjahr {jahr}"]
    if filter_.get("region"):
        teile.append(str(filter_["region"]))
    if filter_.get("hilfeart"):
        teile.append(filter_["hilfeart"])
    if filter_.get("status"):
        teile.append(filter_["status"])
    if suche:
        teile.append("Suche")
    return form, hilfen, ", ".join(teile), suche


@nur_mit_gruppen
@login_required
def liste(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "hilfen.view_faelle")
    form, hilfen, ansicht, suche = _gefiltert(request, jahr)
    seite = Paginator(hilfen, 100).get_page(request.GET.get("seite"))
    zeilen = mit_betraegen(seite.object_list)
    services.einsicht_protokollieren(
        benutzer=request.user, art=Einsicht.Art.LISTE, hilfen=zeilen, ansicht=ansicht
    )
    return render(
        request,
        "hilfen/liste.html",
        {
            "jahr": jahr,
            "filter_form": form,
            "seite": seite,
            "zeilen": zeilen,
            "suche": suche,
            "abfrage": request.GET.urlencode() if form.is_bound else "",
            "darf_buchen": request.user.has_perm("hilfen.buchen"),
        },
    )


def _zelle(wert):
    """A defused CSV cell (formula injection)."""
    text = str(wert)
    return (
        "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r", "'")) else text
    )


@nur_mit_gruppen
@login_required
def export(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "hilfen.view_faelle")
    form, hilfen, ansicht, _ = _gefiltert(request, jahr)
    zeilen = mit_betraegen(hilfen)
    services.einsicht_protokollieren(
        benutzer=request.user, art=Einsicht.Art.EXPORT, hilfen=zeilen, ansicht=ansicht
    )
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";")
    schreiber.writerow(
        [
            "Nummer",
            "Aktenzeichen",
            begriffe().gruppe,
            "Hilfeart",
            "Bedarf festgestellt am",
            "Träger",
            "Beginn",
            "Ende",
            "Kosten",
            "gebunden",
            "ausgezahlt",
            "beendet am",
        ]
    )
    for h in zeilen:
        schreiber.writerow(
            [
                _zelle(x)
                for x in (
                    h.nummer,
                    h.aktenzeichen,
                    h.region,
                    h.get_hilfeart_display(),
                    f"{h.bedarf_festgestellt_am:%d.%m.%Y}",
                    h.traeger,
                    f"{h.beginn:%d.%m.%Y}",
                    f"{h.ende:%d.%m.%Y}",
                    zahl(h.kosten),
                    zahl(h.betraege.gebunden),
                    zahl(h.betraege.ausgezahlt),
                    f"{h.beendet_am:%d.%m.%Y}" if h.beendet_am else "",
                )
            ]
        )
    antwort = HttpResponse(
        "\ufeff" + puffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    antwort["Content-Disposition"] = f'attachment; filename="Hilfen_{jahr}.csv"'
    antwort["Cache-Control"] = "no-store"
    return antwort


def _hilfe(request, nummer):
    erfordern(request.user, "hilfen.view_faelle")
    return get_object_or_404(Hilfe.objects.mit_bezug(), nummer=nummer)


def _detail(request, hilfe, *, formulare=None, status=200):
    (hilfe,) = mit_betraegen([hilfe])
    services.einsicht_protokollieren(
        benutzer=request.user, art=Einsicht.Art.DETAIL, hilfen=[hilfe]
    )
    formulare = formulare or {}
    buchungen = (
        Buchung.objects.filter(pk=hilfe.bindung_id)
        | Buchung.objects.filter(bindung_id=hilfe.bindung_id)
    ).order_by("buchungsdatum", "pk")
    darf_buchen = request.user.has_perm("hilfen.buchen") and not hilfe.ist_beendet
    return render(
        request,
        "hilfen/detail.html",
        {
            "hilfe": hilfe,
            "buchungen": buchungen.select_related("erfasst_von"),
            "darf_buchen": darf_buchen,
            "auszahlen_form": formulare.get("auszahlen") or AuszahlenForm(),
            "kosten_form": formulare.get("kosten") or KostenForm(),
            "beenden_form": formulare.get("beenden")
            or BeendenForm(initial={"ende": hilfe.ende}),
            "storno_form": formulare.get("storno") or AuszahlungStornoForm(hilfe=hilfe),
        },
        status=status,
    )


@nur_mit_gruppen
@login_required
def detail(request, nummer):
    return _detail(request, _hilfe(request, nummer))


@nur_mit_gruppen
@login_required
def neu(request):
    erfordern(request.user, "hilfen.buchen")
    form = HilfeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hilfe = services.hilfe_buchen(**form.cleaned_data, durch=request.user)
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
            if "doppelt_bestaetigt" in form.errors:
                form.bestaetigung_anbieten()
        else:
            if getattr(hilfe, "schon_gebucht", False):
                messages.info(
                    request,
                    f"{hilfe} war mit diesem Formular schon gebucht; es wurde "
                    "nichts weiter gebucht.",
                )
            else:
                messages.success(
                    request, f"{hilfe} gebucht: Kosten im Regionalbudget 2 gebunden."
                )
            return redirect("hilfen:detail", nummer=hilfe.nummer)
    return render(
        request,
        "hilfen/neu.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _aktion(request, nummer, schluessel, form_klasse, ausfuehren, erfolg):
    erfordern(request.user, "hilfen.buchen")
    hilfe = _hilfe(request, nummer)
    form = form_klasse(request.POST)
    if form.is_valid():
        try:
            ausfuehren(hilfe, form.cleaned_data)
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, erfolg)
            return redirect("hilfen:detail", nummer=hilfe.nummer)
    return _detail(request, hilfe, formulare={schluessel: form}, status=400)


@nur_mit_gruppen
@login_required
@require_POST
def auszahlen(request, nummer):
    return _aktion(
        request,
        nummer,
        "auszahlen",
        AuszahlenForm,
        lambda h, d: services.hilfe_auszahlen(hilfe=h, **d, durch=request.user),
        "Auszahlung gebucht.",
    )


@nur_mit_gruppen
@login_required
@require_POST
def auszahlung_stornieren(request, nummer):
    erfordern(request.user, "hilfen.buchen")
    hilfe = _hilfe(request, nummer)
    form = AuszahlungStornoForm(request.POST, hilfe=hilfe)
    if form.is_valid():
        try:
            services.hilfe_auszahlung_stornieren(
                hilfe=hilfe, **form.cleaned_data, durch=request.user
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, "Auszahlung storniert; der Betrag ist offen.")
            return redirect("hilfen:detail", nummer=hilfe.nummer)
    return _detail(request, hilfe, formulare={"storno": form}, status=400)


@nur_mit_gruppen
@login_required
@require_POST
def kosten_senken(request, nummer):
    return _aktion(
        request,
        nummer,
        "kosten",
        KostenForm,
        lambda h, d: services.hilfe_kosten_senken(hilfe=h, **d, durch=request.user),
        "Kosten gesenkt; die Differenz ist wieder verfügbar.",
    )


@nur_mit_gruppen
@login_required
@require_POST
def beenden(request, nummer):
    return _aktion(
        request,
        nummer,
        "beenden",
        BeendenForm,
        lambda h, d: services.hilfe_beenden(hilfe=h, **d, durch=request.user),
        "Hilfe beendet; der nicht ausgezahlte Rest ist wieder verfügbar.",
    )


@nur_mit_gruppen
@login_required
def summen_seite(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "hilfen.view_summen")
    fd51 = request.user.has_perm("hilfen.view_faelle")
    return render(
        request,
        "hilfen/summen.html",
        {
            "jahr": jahr,
            "t": summen(jahr, mit_verborgenen_werten=fd51),
            "fd51": fd51,
        },
    )


@nur_mit_gruppen
@login_required
def protokoll(request):
    erfordern(request.user, "hilfen.view_protokoll")
    seite = Paginator(Einsicht.objects.select_related("benutzer"), 100).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "hilfen/protokoll.html",
        {"seite": seite, "laeufe": Anonymisierungslauf.objects.select_related("durch")},
    )
