from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from budgets.models import Buchung, Planrate
from budgets.selectors import Zahlen
from budgets.views import JAHRE_ERLAUBT
from konten.forms import fehler_uebernehmen
from konten.permissions import erfordern

from . import services
from .forms import JahrForm, SpitzabrechnungForm, VertragForm, ZahlungForm
from .models import Vertragsjahr
from .permissions import sichtbare_vertraege
from .selectors import (
    abschlaege_mit_stand,
    faellig_bis,
    jahresliste,
    naechster_abschlag,
    vertragsplan,
    zahlen_der_jahre,
    zahlen_des_jahres,
)


def _daten(request):
    """The submitted data; an empty POST is still a submission (and invalid
    where something is required)."""
    return request.POST if request.method == "POST" else None


def _jahr_pruefen(jahr):
    if jahr not in JAHRE_ERLAUBT:
        raise Http404


def _vertrag(request, pk):
    """The contract if the user may open it: 404 outside her scope, 403 for a
    role that sees only the list (the Jugendhilfeausschuss)."""
    vertrag = get_object_or_404(
        sichtbare_vertraege(request.user).select_related(
            "sozialraum__region", "traeger"
        ),
        pk=pk,
    )
    erfordern(request.user, "vertraege.view_vertrag", vertrag)
    return vertrag


def _vertragsjahr(request, pk, jahr):
    vertrag = _vertrag(request, pk)
    erfordern(request.user, "vertraege.verwalten")
    vj = get_object_or_404(Vertragsjahr, vertrag=vertrag, haushaltsjahr=jahr)
    vj.vertrag = vertrag
    return vj


@login_required
def start(request):
    return redirect("vertraege:liste", jahr=timezone.localdate().year)


@login_required
def liste(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "vertraege.view_liste")
    zeilen, summe = jahresliste(sichtbare_vertraege(request.user), jahr)
    jahre, planzeilen, plansumme = vertragsplan(zeilen, jahr)
    return render(
        request,
        "vertraege/vertrag_list.html",
        {
            "jahr": jahr,
            "zeilen": zeilen,
            "summe": summe,
            "planjahre": jahre,
            "planzeilen": planzeilen,
            "plansumme": plansumme,
            "raten": Planrate.objects.all(),
            "heute": timezone.localdate(),
        },
    )


@dataclass
class JahrBlock:
    vj: Vertragsjahr
    zahlen: Zahlen
    faellig: object
    abschlaege: list
    buchungen: list
    vorgaenge: list


@login_required
def detail(request, pk):
    vertrag = _vertrag(request, pk)
    jahre = list(vertrag.jahre.order_by("haushaltsjahr"))
    zahlen = zahlen_der_jahre(jahre)
    bloecke = []
    for vj in jahre:
        vj.vertrag = vertrag
        bindungen = list(vj.bindungen.values_list("pk", flat=True))
        buchungen = (
            Buchung.objects.filter(Q(pk__in=bindungen) | Q(bindung_id__in=bindungen))
            .select_related("erfasst_von")
            .order_by("buchungsdatum", "pk")
        )
        bloecke.append(
            JahrBlock(
                vj,
                zahlen[vj.pk],
                faellig_bis(vj),
                abschlaege_mit_stand(vj, zahlen[vj.pk].ausgezahlt),
                list(buchungen),
                list(vj.vorgaenge.select_related("erfasst_von")),
            )
        )
    gesetzt = {vj.haushaltsjahr for vj in jahre}
    return render(
        request,
        "vertraege/vertrag_detail.html",
        {
            "vertrag": vertrag,
            "bloecke": bloecke,
            "ohne_betrag": [j for j in vertrag.jahre_der_laufzeit if j not in gesetzt],
            "verlauf": vertrag.vorgaenge.select_related("erfasst_von", "vertragsjahr"),
            "darf_verwalten": request.user.has_perm("vertraege.verwalten"),
            "heute": timezone.localdate(),
        },
    )


@login_required
def anlegen(request):
    erfordern(request.user, "vertraege.verwalten")
    form = VertragForm(_daten(request))
    if request.method == "POST" and form.is_valid():
        try:
            vertrag = services.vertrag_anlegen(**form.cleaned_data, durch=request.user)
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(
                request,
                f"Vertrag {vertrag.nummer} angelegt. Als Nächstes den Jahresbetrag "
                "festsetzen.",
            )
            return redirect(vertrag)
    return render(request, "vertraege/vertrag_form.html", {"form": form})


@login_required
def aendern(request, pk):
    vertrag = _vertrag(request, pk)
    erfordern(request.user, "vertraege.verwalten")
    form = VertragForm(
        request.POST or None,
        neu=False,
        initial={
            "bezeichnung": vertrag.bezeichnung,
            "beginn": vertrag.beginn,
            "ende": vertrag.ende,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vertrag_aendern(
                vertrag=vertrag, **form.cleaned_data, durch=request.user
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, f"Vertrag {vertrag.nummer} gespeichert.")
            return redirect(vertrag)
    return render(
        request, "vertraege/vertrag_form.html", {"form": form, "vertrag": vertrag}
    )


def _jahr_initial(vertrag, jahr):
    vj = vertrag.jahre.filter(haushaltsjahr=jahr).first()
    if vj is None:
        return {"haushaltsjahr": jahr}, None
    return {
        "haushaltsjahr": jahr,
        "personalkosten": vj.personalkosten,
        "sachkosten": vj.sachkosten,
        "beratung": vj.beratung,
        "zahlungsplan": vj.zahlungsplan,
    }, vj


@login_required
def jahr_festsetzen(request, pk):
    """Set or change a year's amounts and plan (?jahr=2027 preselects a year;
    without it, the current year when the contract runs in it)."""
    vertrag = _vertrag(request, pk)
    erfordern(request.user, "vertraege.verwalten")
    # without ?jahr the current Haushaltsjahr, if the contract runs in it
    heute = timezone.localdate().year
    vorgabe = heute if heute in vertrag.jahre_der_laufzeit else vertrag.beginn.year
    try:
        jahr = int(request.GET.get("jahr") or vorgabe)
    except ValueError:
        raise Http404 from None
    initial, vorhanden = _jahr_initial(vertrag, jahr)
    form = JahrForm(_daten(request), vertrag=vertrag, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            vj = services.jahr_festsetzen(
                vertrag=vertrag, **form.cleaned_data, durch=request.user
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(
                request,
                f"{vj.referenz}: Jahresbetrag gespeichert und im gebundenen Budget "
                "gebunden.",
            )
            return redirect(vj)
    return render(
        request,
        "vertraege/jahr_form.html",
        {"form": form, "vertrag": vertrag, "vorhanden": vorhanden},
    )


@login_required
def zahlung(request, pk, jahr):
    vj = _vertragsjahr(request, pk, jahr)
    form = ZahlungForm(_daten(request))
    if request.method == "POST" and form.is_valid():
        try:
            vorgang = services.zahlung_erfassen(
                vertragsjahr=vj, **form.cleaned_data, durch=request.user
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, f"{vj.referenz}: {vorgang.beschreibung}")
            return redirect(vj)
    z = zahlen_des_jahres(vj)
    return render(
        request,
        "vertraege/zahlung_form.html",
        {
            "form": form,
            "vj": vj,
            "zahlen": z,
            "abschlaege": abschlaege_mit_stand(vj, z.ausgezahlt),
            "naechster": naechster_abschlag(vj, z.ausgezahlt),
        },
    )


@login_required
def spitzabrechnung(request, pk, jahr):
    """First a preview of the bookings, then booking them."""
    vj = _vertragsjahr(request, pk, jahr)
    form = SpitzabrechnungForm(_daten(request))
    schritte = None
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        try:
            if "buchen" in request.POST:
                vorgang = services.spitzabrechnen(
                    vertragsjahr=vj, **daten, durch=request.user
                )
                messages.success(request, f"{vj.referenz}: {vorgang.beschreibung}")
                return redirect(vj)
            _, schritte = services.spitzabrechnung_berechnen(
                vertragsjahr=vj, ist_kosten=daten["ist_kosten"]
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
    return render(
        request,
        "vertraege/spitzabrechnung.html",
        {
            "form": form,
            "vj": vj,
            "zahlen": zahlen_des_jahres(vj),
            "schritte": schritte,
        },
    )
