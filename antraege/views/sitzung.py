"""Sitzungen: agenda, one form for all decisions, FD 51's exception."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from konten.forms import fehler_uebernehmen
from konten.permissions import erfordern

from .. import services
from ..forms import AusnahmeForm, BeschlussFormSet, SitzungForm
from ..models import Status
from ..permissions import eigene_gremien, sichtbare_antraege, sichtbare_sitzungen
from ..selectors import antraege_fuer_tagesordnung
from ..services import Verweigert, sitzung_braucht_ausnahme

# --- Sitzungen ------------------------------------------------------------------------


@login_required
def sitzungen(request):
    erfordern(request.user, "antraege.view_liste")
    qs = sichtbare_sitzungen(request.user).select_related("gremium")
    seite = Paginator(qs, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "antraege/sitzung_list.html",
        {
            "seite": seite,
            "darf_anlegen": request.user.has_perm("antraege.add_sitzung"),
        },
    )


@login_required
def sitzung_anlegen(request):
    erfordern(request.user, "antraege.add_sitzung")
    form = SitzungForm(request.POST or None, gremien=eigene_gremien(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            sitzung = services.sitzung_anlegen(durch=request.user, **form.cleaned_data)
        except ValidationError as e:
            fehler_uebernehmen(form, e)
        else:
            messages.success(request, f"Sitzung {sitzung} angelegt.")
            return redirect(sitzung)
    return render(request, "antraege/sitzung_form.html", {"form": form})


def sichtbare_sitzung(user, pk):
    return get_object_or_404(
        sichtbare_sitzungen(user).select_related("gremium", "ausnahme_von"), pk=pk
    )


def _sitzung_kontext(request, sitzung, **formen):
    user = request.user
    darf_aendern = user.has_perm("antraege.change_sitzung", sitzung)
    punkte = list(
        sitzung.tagesordnung.select_related("antrag__sozialraum", "antrag__region")
    )
    beschluesse = {b.antrag_id: b for b in sitzung.beschluesse.all()}
    offen = [
        p
        for p in punkte
        if not p.abgesetzt
        and p.antrag_id not in beschluesse
        and p.antrag.status == Status.ZUR_BERATUNG
    ]
    beschluss_formset = formen.get("beschluss_formset") or BeschlussFormSet(
        prefix="beschluss",
        initial=[{"antrag": p.antrag_id} for p in offen],
    )
    kandidaten = antraege_fuer_tagesordnung(sitzung, sichtbare_antraege(user))
    return {
        "sitzung": sitzung,
        "punkte": [(p, beschluesse.get(p.antrag_id)) for p in punkte],
        "offen": _beschluss_zeilen(offen, beschluss_formset),
        "beschluss_formset": beschluss_formset,
        "darf_aendern": darf_aendern,
        "gruende": sitzung_braucht_ausnahme(sitzung),
        "darf_ausnahme": user.has_perm("antraege.ausnahme_erteilen"),
        "ausnahme_form": formen.get("ausnahme_form") or AusnahmeForm(),
        "sitzung_form": formen.get("sitzung_form")
        or SitzungForm(
            gremien=None,
            sitzung=sitzung,
            initial={
                "version": sitzung.version,
                "datum": sitzung.datum,
                "ort": sitzung.ort,
                "ist_budgetsitzung": sitzung.ist_budgetsitzung,
                "landkreis_vertreten": sitzung.landkreis_vertreten,
            },
        ),
        "kandidaten": kandidaten if darf_aendern else [],
    }


def _beschluss_zeilen(offen, formset):
    """Each decision form beside its agenda item, matched by the application it
    names (the agenda may have changed since the page was loaded)."""
    punkt_von = {str(p.antrag_id): p for p in offen}
    zeilen = []
    for form in formset.forms:
        punkt = punkt_von.get(str(form["antrag"].value()))
        if punkt is not None:
            zeilen.append((punkt, form))
    return zeilen


@login_required
def sitzung(request, pk):
    sitzung = sichtbare_sitzung(request.user, pk)
    return render(
        request, "antraege/sitzung_detail.html", _sitzung_kontext(request, sitzung)
    )


@login_required
@require_POST
def sitzung_aendern(request, pk):
    sitzung = sichtbare_sitzung(request.user, pk)
    erfordern(request.user, "antraege.change_sitzung", sitzung)
    form = SitzungForm(request.POST, gremien=None, sitzung=sitzung)
    if form.is_valid():
        try:
            services.sitzung_aendern(
                sitzung=sitzung, durch=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            fehler_uebernehmen(form, e)
        else:
            messages.success(request, "Die Sitzung wurde gespeichert.")
            return redirect(sitzung)
    kontext = _sitzung_kontext(request, sitzung, sitzung_form=form)
    return render(request, "antraege/sitzung_detail.html", kontext, status=400)


@login_required
@require_POST
def sitzung_tagesordnung(request, pk):
    """Put checked applications on the agenda (the office's step)."""
    sitzung = sichtbare_sitzung(request.user, pk)
    erfordern(request.user, "antraege.change_sitzung", sitzung)
    nummern = request.POST.getlist("antrag")
    if not nummern:
        messages.error(request, "Bitte mindestens einen Antrag wählen.")
        return redirect(sitzung)
    antraege = list(sichtbare_antraege(request.user).filter(nummer__in=nummern))
    if len(antraege) != len(set(nummern)):
        raise Http404
    try:
        services.sitzung_tagesordnung_setzen(
            sitzung=sitzung, antraege=antraege, durch=request.user
        )
    except (ValidationError, Verweigert) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(
            request, f"{len(antraege)} Antrag/Anträge auf die Tagesordnung gesetzt."
        )
    return redirect(sitzung)


@login_required
@require_POST
def sitzung_beschliessen(request, pk):
    sitzung = sichtbare_sitzung(request.user, pk)
    erfordern(request.user, "antraege.change_sitzung", sitzung)
    formset = BeschlussFormSet(request.POST, prefix="beschluss")
    if formset.is_valid():
        sichtbar = sichtbare_antraege(request.user).filter(pk__in=formset.antrag_ids())
        angaben = formset.angaben({a.pk: a for a in sichtbar})
        if angaben is None:
            raise Http404
        try:
            services.sitzung_beschliessen(
                sitzung=sitzung,
                beschluesse=angaben,
                durch=request.user,
                version=request.POST.get("version"),
            )
        except ValidationError as e:
            formset._non_form_errors = formset.error_class(e.messages)
        except Verweigert as e:
            formset._non_form_errors = formset.error_class([str(e)])
        else:
            messages.success(request, f"{len(angaben)} Beschluss/Beschlüsse erfasst.")
            return redirect(sitzung)
    kontext = _sitzung_kontext(request, sitzung, beschluss_formset=formset)
    return render(request, "antraege/sitzung_detail.html", kontext, status=400)


@login_required
@require_POST
def sitzung_ausnahme(request, pk):
    sitzung = sichtbare_sitzung(request.user, pk)
    erfordern(request.user, "antraege.ausnahme_erteilen")
    form = AusnahmeForm(request.POST)
    if form.is_valid():
        try:
            services.sitzung_ausnahme_erteilen(
                sitzung=sitzung,
                begruendung=form.cleaned_data["begruendung"],
                durch=request.user,
            )
        except ValidationError as e:
            fehler_uebernehmen(form, e)
        else:
            messages.success(request, "Die Ausnahme wurde erteilt und festgehalten.")
            return redirect(sitzung)
    kontext = _sitzung_kontext(request, sitzung, ausnahme_form=form)
    return render(request, "antraege/sitzung_detail.html", kontext, status=400)
