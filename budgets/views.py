from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from konten.forms import fehler_uebernehmen
from konten.permissions import erfordern
from sozialraum.geld import JAHR_MAX, JAHR_MIN

from . import services
from .forms import PlanrateForm, StornoForm, UmbuchenForm, ZuweisenForm
from .models import Buchung, Buchungsart, Budget, Budgetart, Planrate
from .permissions import journal_budgets, sichtbare_budgets
from .selectors import (
    JOURNAL_ZEILEN,
    KENNZAHL_TEXT,
    KENNZAHLEN,
    UEBERTRAG_ARTEN,
    anreiz_sperre,
    buchungen_zur_kennzahl,
    budgetuebersicht,
    ist_abgeschlossen,
    journalseite,
    kleine_summen_sperren,
    mindestfallzahl,
    mit_zahlen,
    planvergleich,
)

JAHRE_ERLAUBT = range(JAHR_MIN, JAHR_MAX + 1)


def _jahr_pruefen(jahr):
    if jahr not in JAHRE_ERLAUBT:
        raise Http404


@login_required
def start(request):
    return redirect("budgets:uebersicht", jahr=timezone.localdate().year)


@login_required
def uebersicht(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "budgets.view_uebersicht")
    budgets = mit_zahlen(sichtbare_budgets(request.user).im_jahr(jahr).mit_inhaber())
    regionen, je_art, gesamt = budgetuebersicht(budgets)
    if not request.user.has_perm("budgets.view_alle_buchungen"):
        # case-bound money: no figure about fewer than the minimum of cases
        regionen, je_art, gesamt = kleine_summen_sperren(
            regionen, je_art, gesamt, jahr=jahr
        )
    return render(
        request,
        "budgets/uebersicht.html",
        {
            "jahr": jahr,
            # built once for the page's figure links (uebersicht tags)
            "journal_url": reverse("budgets:journal", args=[jahr]),
            "regionen": regionen,
            "je_art": je_art,
            "gesamt": gesamt,
            "abgeschlossen": ist_abgeschlossen(jahr),
        },
    )


@login_required
def journal(request, jahr):
    """The bookings behind a figure: ?budget=ID&kennzahl=gebunden."""
    _jahr_pruefen(jahr)
    user = request.user
    # the year's budgets as a list: PostgreSQL then reads their bookings by
    # index instead of joining the whole ledger
    buchungen = Buchung.objects.filter(
        budget_id__in=list(
            Budget.objects.im_jahr(jahr).order_by().values_list("pk", flat=True)
        )
    )
    budget = None
    if request.GET.get("budget"):
        try:
            budget = (
                sichtbare_budgets(user)
                .mit_inhaber()
                .get(pk=int(request.GET["budget"]), haushaltsjahr=jahr)
            )
        except (ValueError, Budget.DoesNotExist):
            raise Http404 from None
        erfordern(user, "budgets.view_journal", budget)
        buchungen = buchungen.filter(budget=budget)
    else:
        erlaubt = journal_budgets(user, jahr)
        if erlaubt is not None:
            if not erlaubt:
                raise PermissionDenied
            buchungen = buchungen.filter(budget__in=erlaubt)
    kennzahl = request.GET.get("kennzahl", "")
    if kennzahl and kennzahl not in KENNZAHLEN:
        raise Http404
    buchungen = buchungen_zur_kennzahl(buchungen, kennzahl).select_related(
        "budget__budgetart",
        "budget__sozialraum",
        "budget__region",
        "erfasst_von",
        "storno_von",
        "storno",
        "verteilung",
    )
    seite = journalseite(
        buchungen, nach=request.GET.get("nach", ""), vor=request.GET.get("vor", "")
    )
    # the kinds' labels translated once, not per row (get_art_display
    # translates every choice on each call)
    arten = {wert: str(text) for wert, text in Buchungsart.choices}
    # and the Storno links from one reverse(), not a {% url %} per row: the
    # booking's number is the address's only variable part
    storno_url = reverse("budgets:stornieren", args=[0]).replace("/0/", "/{}/")
    for b in seite:
        b.art_text = arten[b.art]
        if b.storno_von:
            b.storno_von.art_text = arten[b.storno_von.art]
        b.storniert = hasattr(b, "storno")  # a missing reverse relation raises
        b.storno_url = storno_url.format(b.pk)
    verdeckt = set()
    if not user.has_perm("budgets.view_alle_buchungen"):
        # the carry-over bookings of money from a suppressed Regionalbudget 2
        # (its incentive): amounts hidden as in the overview
        budgets = anreiz_sperre(jahr).budgets
        verdeckt = {
            b.pk for b in seite if b.budget_id in budgets and b.art in UEBERTRAG_ARTEN
        }
    return render(
        request,
        "budgets/journal.html",
        {
            "verdeckt": verdeckt,
            "grenze": mindestfallzahl(),
            "jahr": jahr,
            "budget": budget,
            "kennzahl": kennzahl,
            "kennzahl_text": KENNZAHL_TEXT.get(kennzahl, ""),
            "seite": seite,
            "zeilen": JOURNAL_ZEILEN,
            "darf_buchen": user.has_perm("budgets.buchen")
            and not ist_abgeschlossen(jahr),
        },
    )


@login_required
def zuweisen(request, jahr):
    """Allocate a total by a key: first a preview of the split, then booking."""
    _jahr_pruefen(jahr)
    erfordern(request.user, "budgets.buchen")
    form = ZuweisenForm(request.POST or None, jahr=jahr)
    vorschau = None
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        try:
            if "buchen" in request.POST:
                verteilung = services.zuweisen(
                    budgetart=daten["budgetart"],
                    haushaltsjahr=jahr,
                    gesamtbetrag=daten["gesamtbetrag"],
                    schluessel_name=daten["schluessel"],
                    buchungsdatum=daten["buchungsdatum"],
                    text=daten["text"],
                    grundlage=daten["grundlage"],
                    durch=request.user,
                )
                messages.success(request, f"Gebucht: {verteilung}.")
                return redirect("budgets:uebersicht", jahr=jahr)
            vorschau = services.verteilung_berechnen(
                budgetart=daten["budgetart"],
                haushaltsjahr=jahr,
                gesamtbetrag=daten["gesamtbetrag"],
                schluessel_name=daten["schluessel"],
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
    return render(
        request,
        "budgets/zuweisen.html",
        {"form": form, "jahr": jahr, "vorschau": vorschau},
    )


@login_required
def umbuchen(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "budgets.buchen")
    form = UmbuchenForm(request.POST or None, jahr=jahr)
    if request.method == "POST" and form.is_valid():
        try:
            services.umbuchen(**form.cleaned_data, durch=request.user)
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, "Umbuchung gebucht.")
            return redirect("budgets:uebersicht", jahr=jahr)
    return render(request, "budgets/umbuchen.html", {"form": form, "jahr": jahr})


@login_required
def stornieren(request, pk):
    erfordern(request.user, "budgets.buchen")
    buchung = get_object_or_404(
        Buchung.objects.select_related("budget__budgetart"), pk=pk
    )
    form = StornoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stornieren(
                buchung=buchung, text=form.cleaned_data["text"], durch=request.user
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, f"Buchung {buchung.pk} storniert.")
            url = reverse(
                "budgets:journal", kwargs={"jahr": buchung.budget.haushaltsjahr}
            )
            return redirect(f"{url}?budget={buchung.budget_id}")
    return render(
        request, "budgets/stornieren.html", {"form": form, "buchung": buchung}
    )


@login_required
def jahresabschluss(request, jahr):
    """GET: exactly what closing will book. POST: book it."""
    _jahr_pruefen(jahr)
    erfordern(request.user, "budgets.buchen")
    fehler = None
    geplant = []
    if request.method == "POST":
        try:
            services.jahresabschluss(jahr=jahr, durch=request.user)
        except ValidationError as exc:
            fehler = " ".join(exc.messages)
        else:
            messages.success(request, f"Haushaltsjahr {jahr} abgeschlossen.")
            return redirect("budgets:uebersicht", jahr=jahr)
    try:
        geplant = services.jahresabschluss_vorschau(jahr)
    except ValidationError as exc:
        fehler = fehler or " ".join(exc.messages)
    return render(
        request,
        "budgets/jahresabschluss.html",
        {
            "jahr": jahr,
            "geplant": geplant,
            "fehler": fehler,
            "laeuft": jahr >= timezone.localdate().year,
            # the kinds with an incentive come from the Grunddaten (the
            # Landkreis' Regionalbudget 2; the Hansestadt has none)
            "anreiz_arten": [
                a.name for a in Budgetart.objects.filter(anreiz_ziel__isnull=False)
            ],
        },
    )


@login_required
def plan(request):
    erfordern(request.user, "budgets.view_plan")
    raten = list(Planrate.objects.all())
    erstes = min((r.ab_jahr for r in raten), default=timezone.localdate().year)
    try:
        basisjahr = int(request.GET.get("basis", erstes - 1))
    except ValueError:
        basisjahr = erstes - 1
    if basisjahr not in JAHRE_ERLAUBT:
        raise Http404
    jahre = list(range(basisjahr, basisjahr + 7))
    zeilen, gesamt = planvergleich(
        basisjahr=basisjahr,
        jahre=jahre,
        budgetarten=Budgetart.objects.all(),
        raten=[(r.ab_jahr, r.prozent) for r in raten],
    )
    return render(
        request,
        "budgets/plan.html",
        {
            "basisjahr": basisjahr,
            "jahre": jahre,
            "zeilen": zeilen,
            "gesamt": gesamt,
            "raten": raten,
            "form": PlanrateForm() if request.user.has_perm("budgets.buchen") else None,
        },
    )


@login_required
@require_POST
def planrate_setzen(request):
    erfordern(request.user, "budgets.buchen")
    form = PlanrateForm(request.POST)
    if form.is_valid():
        services.planrate_setzen(**form.cleaned_data)
        messages.success(request, "Planrate gespeichert.")
    else:
        for fehler in form.errors.values():
            messages.error(request, " ".join(fehler))
    return redirect("budgets:plan")
