"""Writing an application: the form with partner shares and Drittmittel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from budgets.models import Budgetart
from konten.forms import fehler_uebernehmen
from konten.permissions import (
    betreute_region_ids,
    erfordern,
    geleitete_sozialraum_ids,
)
from regionen.models import Region
from sozialraum.models import Sozialraum

from .. import services
from ..forms import AntragForm, DrittmittelFormSet, PartnerFormSet
from ..services import Verweigert
from .antrag import sichtbarer_antrag

# --- Writing ------------------------------------------------------------------------


def _mittel_des_benutzers(user):
    """(Budgetart, holder) pairs the user may write applications for."""
    paare = []
    arten = list(Budgetart.objects.filter(antragsverfahren=True))
    for sozialraum in Sozialraum.objects.filter(pk__in=geleitete_sozialraum_ids(user)):
        paare += [(a, sozialraum) for a in arten if a.ebene == "sozialraum"]
    for region in Region.objects.filter(pk__in=betreute_region_ids(user)):
        paare += [(a, region) for a in arten if a.ebene == "region"]
    return paare


def _mittel_schluessel(art, inhaber):
    kreis = inhaber.kuerzel if isinstance(inhaber, Sozialraum) else f"R{inhaber.nummer}"
    return f"{art.code}-{kreis}"


ZEILE_HINZU = {"partner_hinzu": "partner", "drittmittel_hinzu": "drittmittel"}


def _zeile_hinzu(request):
    """Without JavaScript, "add a row" posts the form and shows one row more."""
    return next((p for k, p in ZEILE_HINZU.items() if k in request.POST), None)


def _formsets(request, antrag, inhaber):
    ebene = "sozialraum" if isinstance(inhaber, Sozialraum) else "region"
    daten = request.POST if request.method == "POST" else None
    prefix = _zeile_hinzu(request) if daten is not None else None
    if prefix:
        daten = daten.copy()
        try:
            anzahl = int(daten.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            anzahl = 0
        daten[f"{prefix}-TOTAL_FORMS"] = str(min(anzahl + 1, 9))
    partner_initial = drittmittel_initial = None
    if antrag is not None and daten is None:
        partner_initial = [
            {"inhaber": a.inhaber.pk, "betrag": a.betrag}
            for a in antrag.anteile.all()
            if a.inhaber != inhaber
        ]
        drittmittel_initial = [
            {"quelle": d.quelle, "betrag": d.betrag, "stand": d.stand}
            for d in antrag.drittmittel.all()
        ]
    partner = PartnerFormSet(
        daten,
        prefix="partner",
        initial=partner_initial,
        form_kwargs={"ebene": ebene, "ausser": inhaber.pk},
    )
    drittmittel = DrittmittelFormSet(
        daten, prefix="drittmittel", initial=drittmittel_initial
    )
    return partner, drittmittel


def _speichern(request, form, partner, drittmittel, speichern):
    """Validate all forms and call the service; returns the application or None."""
    if _zeile_hinzu(request):
        return None
    if not (form.is_valid() and partner.is_valid() and drittmittel.is_valid()):
        return None
    inhalt = form.inhalt(
        [w for f in partner if (w := f.wert())],
        [w for f in drittmittel if (w := f.wert())],
    )
    try:
        return speichern(inhalt)
    except ValidationError as e:
        fehler_uebernehmen(form, e)
    except Verweigert as e:
        form.add_error(None, str(e))
    return None


def _status(form, *formsets):
    """400 when the page comes back with errors (also a formset's)."""
    if not form.is_bound:
        return 200
    fehler = bool(form.errors) or any(f.total_error_count() for f in formsets)
    return 400 if fehler else 200


@login_required
def anlegen(request):
    erfordern(request.user, "antraege.add_antrag")
    paare = _mittel_des_benutzers(request.user)
    gewaehlt = request.GET.get("mittel")
    if len(paare) == 1:
        art, inhaber = paare[0]
    else:
        treffer = [p for p in paare if _mittel_schluessel(*p) == gewaehlt]
        if not treffer:
            wahl = [(p, _mittel_schluessel(*p)) for p in paare]
            return render(request, "antraege/mittel_wahl.html", {"wahl": wahl})
        art, inhaber = treffer[0]
    form = AntragForm(
        request.POST or None, inhaber=inhaber, initial=AntragForm.neu_initial()
    )
    partner, drittmittel = _formsets(request, None, inhaber)
    if request.method == "POST":
        antrag = _speichern(
            request,
            form,
            partner,
            drittmittel,
            lambda inhalt: services.antrag_anlegen(
                budgetart=art,
                haushaltsjahr=form.cleaned_data["haushaltsjahr"],
                inhaber=inhaber,
                inhalt=inhalt,
                durch=request.user,
                formular_schluessel=form.cleaned_data["formular_schluessel"],
            ),
        )
        if antrag is not None:
            messages.success(
                request,
                f"Entwurf {antrag.nummer} gespeichert. Reichen Sie ihn ein, wenn er "
                "vollständig ist.",
            )
            return redirect(antrag)
    return render(
        request,
        "antraege/antrag_form.html",
        {
            "form": form,
            "partner": partner,
            "drittmittel": drittmittel,
            "budgetart": art,
            "inhaber": inhaber,
        },
        status=_status(form, partner, drittmittel),
    )


@login_required
def bearbeiten(request, nummer):
    antrag = sichtbarer_antrag(request.user, nummer)
    erfordern(request.user, "antraege.change_antrag", antrag)
    inhaber = antrag.inhaber
    form = AntragForm(
        request.POST or None,
        antrag=antrag,
        inhaber=inhaber,
        initial=AntragForm.initial_aus(antrag),
    )
    partner, drittmittel = _formsets(request, antrag, inhaber)
    if request.method == "POST":
        gespeichert = _speichern(
            request,
            form,
            partner,
            drittmittel,
            lambda inhalt: services.antrag_aendern(
                antrag=antrag,
                inhalt=inhalt,
                durch=request.user,
                version=form.cleaned_data["version"],
            ),
        )
        if gespeichert is not None:
            messages.success(request, f"{antrag.nummer} gespeichert.")
            return redirect(antrag)
    return render(
        request,
        "antraege/antrag_form.html",
        {
            "form": form,
            "partner": partner,
            "drittmittel": drittmittel,
            "antrag": antrag,
            "budgetart": antrag.budgetart,
            "inhaber": inhaber,
        },
        status=_status(form, partner, drittmittel),
    )
