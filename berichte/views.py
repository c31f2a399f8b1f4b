"""The reports page and the PDF downloads. Thin: permission, form, one call."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from antraege.permissions import sichtbare_antraege
from betrieb.auftraege import auftraege_von, auftrag_anlegen
from betrieb.models import Auftrag
from kennzahlen.permissions import sichtbare_sozialraeume
from konten.permissions import betreute_region_ids, erfordern, ist_fd51
from regionen.models import Region
from sozialraum.geld import JAHR_MAX, JAHR_MIN

from . import auftraege, dokumente
from .forms import BudgetberichtForm, StartseiteForm, UebersichtForm
from .selectors import bewilligung_in_kraft
from .startseite import startseite


@login_required
def start(request):
    """Each role's start page (berichte.startseite); the Geschäftsstelle of a
    Regionales Gremium lands on her Region's page."""
    erfordern(request.user, "sozialraum.view_start")
    form = StartseiteForm(request.GET or None)
    kontext = startseite(request.user, jahr=form.jahr_oder_laufendes())
    if kontext["art"] is None:
        return redirect(Region.objects.get(pk=min(betreute_region_ids(request.user))))
    return render(request, "berichte/start.html", {**kontext, "form": form})


def pdf_antwort(inhalt, dateiname):
    antwort = HttpResponse(inhalt, content_type="application/pdf")
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    return antwort


def _seite(request, uebersicht=None, budgetbericht=None, status=200):
    return render(
        request,
        "berichte/berichte.html",
        {
            "uebersicht_form": uebersicht or UebersichtForm(user=request.user),
            "budgetbericht_form": budgetbericht or BudgetberichtForm(),
            "darf_budgetbericht": request.user.has_perm("budgets.view_uebersicht"),
            "auftraege": auftraege_von(request.user, Auftrag.Art.ANTRAGSUEBERSICHT),
        },
        status=status,
    )


@login_required
def berichte(request):
    erfordern(request.user, "antraege.view_berichte")
    return _seite(request)


@login_required
@require_POST
def antragsuebersicht(request):
    erfordern(request.user, "antraege.view_berichte")
    form = UebersichtForm(request.POST, user=request.user)
    if not form.is_valid():
        return _seite(request, uebersicht=form, status=400)
    auftrag = auftrag_anlegen(
        art=Auftrag.Art.ANTRAGSUEBERSICHT,
        parameter=auftraege.auswahl_als_parameter(
            form.auswahl(), form.stand_oder_heute()
        ),
        durch=request.user,
    )
    return redirect(auftrag)


@login_required
def budgetbericht(request):
    erfordern(request.user, "antraege.view_berichte")
    erfordern(request.user, "budgets.view_uebersicht")
    form = BudgetberichtForm(request.GET)
    if not form.is_valid():
        return _seite(request, budgetbericht=form, status=400)
    jahr, stichtag = form.cleaned_data["jahr"], form.cleaned_data["stichtag"]
    return pdf_antwort(
        dokumente.budgetbericht_pdf(jahr, stichtag),
        dokumente.budgetbericht_dateiname(jahr, stichtag),
    )


@login_required
def jahresbericht(request, jahr, kuerzel):
    """The Jahresbericht Sozialraum of one Büro: small, so a direct download
    like the Budgetbericht. Whoever may open the Büro's Kennzahlen page may
    have it (a Leitung her own Büro only), with the page's small numbers."""
    if not JAHR_MIN <= jahr <= JAHR_MAX:
        raise Http404
    sozialraum = get_object_or_404(
        sichtbare_sozialraeume(request.user), kuerzel=kuerzel
    )
    erfordern(request.user, "kennzahlen.view_buero", sozialraum)
    return pdf_antwort(
        dokumente.jahresbericht_pdf(
            sozialraum,
            jahr,
            genau=request.user.has_perm("kennzahlen.view_genau", sozialraum),
            alle_zahlen=ist_fd51(request.user),
        ),
        dokumente.jahresbericht_dateiname(sozialraum, jahr),
    )


@login_required
def bewilligungsschreiben(request, nummer):
    antrag = get_object_or_404(
        sichtbare_antraege(request.user).select_related("budgetart"), nummer=nummer
    )
    erfordern(request.user, "antraege.view_kontakt", antrag)
    if bewilligung_in_kraft(antrag) is None:
        raise Http404("Für diesen Antrag gilt keine Bewilligung.")
    return pdf_antwort(
        dokumente.bewilligungsschreiben_pdf(antrag),
        dokumente.bewilligungsschreiben_dateiname(antrag),
    )
