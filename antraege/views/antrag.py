"""One application and the lists: what a user sees, and the steps they may
take. What a user may not see is a 404, not a 403: the lead of one Sozialraum
learns nothing about another's applications."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from konten.forms import fehler_uebernehmen
from konten.permissions import erfordern
from sozialraum.models import Ziel
from sozialraum.permissions import sichtbare_sozialraeume

from .. import services
from ..forms import AktionForm, AnlageForm, AnlageLoeschenForm, FilterForm
from ..models import Anlage, Sitzung, Status
from ..permissions import darf_uebergang, sichtbare_antraege
from ..selectors import (
    aktuelle_sitzung,
    antraege_filtern,
    arbeitsliste,
    geld_des_antrags,
    sitzungen_fuer_tagesordnung,
)
from ..services import vetofrist_ende
from ..workflow import BESCHLUSS_AKTIONEN, Aktion, aktionen_aus


def sichtbarer_antrag(user, nummer):
    qs = sichtbare_antraege(user).select_related(
        "budgetart", "sozialraum__region", "region", "erstellt_von"
    )
    return get_object_or_404(qs, nummer=nummer)


# --- Lists --------------------------------------------------------------------------


@login_required
def liste(request):
    erfordern(request.user, "antraege.view_liste")
    filter_form = FilterForm(
        request.GET or None, sozialraeume=sichtbare_sozialraeume(request.user)
    )
    werte = filter_form.werte() if request.GET else {}
    antraege = antraege_filtern(sichtbare_antraege(request.user), werte).select_related(
        "budgetart", "sozialraum", "region"
    )
    seite = Paginator(antraege, 50).get_page(request.GET.get("seite"))
    abfrage = request.GET.copy()
    abfrage.pop("seite", None)
    return render(
        request,
        "antraege/antrag_list.html",
        {
            "filter_form": filter_form,
            "seite": seite,
            "abfrage": abfrage.urlencode(),
            "darf_anlegen": request.user.has_perm("antraege.add_antrag"),
        },
    )


@login_required
def arbeitsliste_ansicht(request):
    erfordern(request.user, "antraege.view_arbeitsliste")
    liste = arbeitsliste()
    _adressen_setzen(a for teil in liste.abschnitte() for a in teil.eintraege)
    return render(request, "antraege/arbeitsliste.html", {"liste": liste})


def _adressen_setzen(antraege):
    """Each application's address as `url`, from one reverse(): a {% url %}
    per row was a fifth of the work queue's time (300 rows), and the number
    is the address's only variable part."""
    platzhalter = "NUMMER"
    vorlage = reverse("antraege:detail", args=[platzhalter])
    for antrag in antraege:
        antrag.url = vorlage.replace(platzhalter, quote(antrag.nummer))


# --- One application ------------------------------------------------------------------


def _moegliche_aktionen(user, antrag):
    """The steps the user may take now, with their forms (decisions are taken
    on the Sitzung page, in one form for the whole agenda)."""
    return [
        u
        for u in aktionen_aus(antrag.status)
        if u.aktion not in BESCHLUSS_AKTIONEN and darf_uebergang(user, u, antrag)
    ]


def _detail_kontext(request, antrag, *, gebunden=None):
    user = request.user
    # A Ziel's key and link need its Konzept and Sozialraum: two queries per
    # Ziel unless fetched with it.
    prefetch_related_objects(
        [antrag],
        Prefetch("ziele", queryset=Ziel.objects.select_related("konzept__sozialraum")),
    )
    aktionen = []
    for u in _moegliche_aktionen(user, antrag):
        if gebunden is not None and gebunden.aktion == u.aktion:
            form = gebunden
        else:
            form = AktionForm(
                aktion=u.aktion,
                sitzungen=sitzungen_fuer_tagesordnung(antrag),
                initial={"version": antrag.version},
                auto_id=f"id_{u.aktion}_%s",
            )
        aktionen.append((u, form))
    return {
        "antrag": antrag,
        "aktionen": aktionen,
        "fehler_aktion": gebunden.aktion if gebunden is not None else "",
        "anteile": antrag.anteile.select_related(
            "sozialraum", "region", "bindung", "antrag", "zugestimmt_von"
        ),
        "drittmittel": antrag.drittmittel.all(),
        "anlagen": antrag.anlagen.select_related("hochgeladen_von"),
        "historie": antrag.statuswechsel.select_related("durch", "sitzung__gremium"),
        "beschluesse": antrag.beschluesse.select_related("sitzung__gremium"),
        "geld": geld_des_antrags(antrag),
        "sitzung": (sitzung := aktuelle_sitzung(antrag)),
        "sitzung_sichtbar": user.has_perm("antraege.view_sitzung", sitzung),
        # the decisions are all of the deciding committee's Sitzungen
        "sitzungen_sichtbar": antrag.gremium is not None
        and user.has_perm("antraege.view_sitzung", Sitzung(gremium=antrag.gremium)),
        "vetofrist_ende": vetofrist_ende(antrag)
        if antrag.status == Status.BEWILLIGT
        else None,
        "darf_kontakt": user.has_perm("antraege.view_kontakt", antrag),
        "darf_aendern": user.has_perm("antraege.change_antrag", antrag),
        "darf_anlagen": user.has_perm("antraege.add_anlage", antrag),
        "zustimmung_ausstehend": antrag.ist_bearbeitbar
        and services.zustimmung_ausstehend(antrag, user),
        "anlage_form": AnlageForm(antrag=antrag),
    }


@login_required
def detail(request, nummer):
    antrag = sichtbarer_antrag(request.user, nummer)
    return render(
        request, "antraege/antrag_detail.html", _detail_kontext(request, antrag)
    )


@login_required
@require_POST
def aktion(request, nummer, aktion):
    antrag = sichtbarer_antrag(request.user, nummer)
    if aktion not in Aktion.values or aktion in BESCHLUSS_AKTIONEN:
        raise Http404
    form = AktionForm(
        request.POST,
        aktion=aktion,
        sitzungen=sitzungen_fuer_tagesordnung(antrag),
        auto_id=f"id_{aktion}_%s",
    )
    if form.is_valid():
        try:
            services.antrag_uebergang(
                antrag=antrag,
                aktion=aktion,
                durch=request.user,
                version=form.cleaned_data["version"],
                **{k: v for k, v in form.cleaned_data.items() if k != "version"},
            )
        except ValidationError as e:
            fehler_uebernehmen(form, e)
        else:
            messages.success(
                request, f"{antrag.nummer}: {Aktion(aktion).label} – erledigt."
            )
            return redirect(antrag)
    kontext = _detail_kontext(request, antrag, gebunden=form)
    return render(request, "antraege/antrag_detail.html", kontext, status=400)


@login_required
@require_POST
def zustimmen(request, nummer):
    """A partner's office consents to its share of a cooperation project."""
    antrag = sichtbarer_antrag(request.user, nummer)
    try:
        anteile = services.anteil_zustimmen(
            antrag=antrag, durch=request.user, version=request.POST.get("version")
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            "Zustimmung festgehalten für "
            + ", ".join(str(a.inhaber) for a in anteile)
            + ".",
        )
    return redirect(antrag)


# --- Attachments --------------------------------------------------------------------


@login_required
@require_POST
def anlage_hochladen(request, nummer):
    antrag = sichtbarer_antrag(request.user, nummer)
    erfordern(request.user, "antraege.add_anlage", antrag)
    form = AnlageForm(request.POST, request.FILES, antrag=antrag)
    if form.is_valid():
        try:
            services.anlage_hinzufuegen(
                antrag=antrag,
                datei=form.cleaned_data["datei"],
                art=form.cleaned_data["art"],
                durch=request.user,
            )
        except ValidationError as e:
            fehler_uebernehmen(form, e)
        else:
            messages.success(request, "Die Anlage wurde gespeichert.")
            return redirect(antrag)
    kontext = _detail_kontext(request, antrag)
    kontext["anlage_form"] = form
    return render(request, "antraege/antrag_detail.html", kontext, status=400)


@login_required
def anlage(request, nummer, pk):
    antrag = sichtbarer_antrag(request.user, nummer)
    datei = get_object_or_404(Anlage, pk=pk, antrag=antrag)
    try:
        inhalt = datei.datei.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        inhalt,
        as_attachment=True,
        filename=datei.dateiname,
        content_type=datei.inhaltstyp,
    )


@login_required
@require_POST
def anlage_loeschen(request, nummer):
    antrag = sichtbarer_antrag(request.user, nummer)
    form = AnlageLoeschenForm(request.POST)
    if not form.is_valid():
        raise Http404
    datei = get_object_or_404(Anlage, pk=form.cleaned_data["pk"], antrag=antrag)
    erfordern(request.user, "antraege.delete_anlage", datei)
    try:
        services.anlage_entfernen(anlage=datei, durch=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Die Anlage „{datei.dateiname}“ wurde entfernt.")
    return redirect(antrag)
