"""Pages for applications and Sitzungen: check the right, validate, call one
service, redirect. What a user may not see is a 404, not a 403: the lead of
one Sozialraum learns nothing about another's applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from budgets.models import Budgetart
from regionen.models import Region
from sozialraum.forms import fehler_uebernehmen
from sozialraum.models import Sozialraum, Ziel
from sozialraum.permissions import (
    betreute_region_ids,
    erfordern,
    geleitete_sozialraum_ids,
    sichtbare_sozialraeume,
)

from . import services
from .forms import (
    AktionForm,
    AnlageForm,
    AnlageLoeschenForm,
    AntragForm,
    AusnahmeForm,
    BeschlussFormSet,
    DrittmittelFormSet,
    FilterForm,
    PartnerFormSet,
    SitzungForm,
)
from .models import Anlage, Sitzung, Status
from .permissions import (
    darf_uebergang,
    eigene_gremien,
    sichtbare_antraege,
    sichtbare_sitzungen,
)
from .selectors import (
    aktuelle_sitzung,
    antraege_filtern,
    arbeitsliste,
    geld_des_antrags,
    sitzungen_fuer_tagesordnung,
)
from .services import Verweigert, sitzung_braucht_ausnahme, vetofrist_ende
from .workflow import BESCHLUSS_AKTIONEN, Aktion, aktionen_aus


def _antrag(user, nummer):
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
    return render(request, "antraege/arbeitsliste.html", {"liste": arbeitsliste()})


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
    antrag = _antrag(request.user, nummer)
    return render(
        request, "antraege/antrag_detail.html", _detail_kontext(request, antrag)
    )


@login_required
@require_POST
def aktion(request, nummer, aktion):
    antrag = _antrag(request.user, nummer)
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
    antrag = _antrag(request.user, nummer)
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
    antrag = _antrag(request.user, nummer)
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


# --- Attachments --------------------------------------------------------------------


@login_required
@require_POST
def anlage_hochladen(request, nummer):
    antrag = _antrag(request.user, nummer)
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
    antrag = _antrag(request.user, nummer)
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
    antrag = _antrag(request.user, nummer)
    erfordern(request.user, "antraege.change_antrag", antrag)
    form = AnlageLoeschenForm(request.POST)
    if not form.is_valid():
        raise Http404
    datei = get_object_or_404(Anlage, pk=form.cleaned_data["pk"], antrag=antrag)
    try:
        services.anlage_entfernen(anlage=datei, durch=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Die Anlage „{datei.dateiname}“ wurde entfernt.")
    return redirect(antrag)


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


def _sitzung(user, pk):
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
    kandidaten = sichtbare_antraege(user).filter(
        status__in=[Status.GEPRUEFT, Status.ZURUECKGESTELLT],
        haushaltsjahr=sitzung.datum.year,
    ).filter(sozialraum__sozialkonferenz=sitzung.gremium) | sichtbare_antraege(
        user
    ).filter(
        status__in=[Status.GEPRUEFT, Status.ZURUECKGESTELLT],
        haushaltsjahr=sitzung.datum.year,
        region__regionales_gremium=sitzung.gremium,
    )
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
        "kandidaten": kandidaten.order_by("nummer") if darf_aendern else [],
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
    sitzung = _sitzung(request.user, pk)
    return render(
        request, "antraege/sitzung_detail.html", _sitzung_kontext(request, sitzung)
    )


@login_required
@require_POST
def sitzung_aendern(request, pk):
    sitzung = _sitzung(request.user, pk)
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
    sitzung = _sitzung(request.user, pk)
    erfordern(request.user, "antraege.change_sitzung", sitzung)
    nummern = request.POST.getlist("antrag")
    if not nummern:
        messages.error(request, "Bitte mindestens einen Antrag wählen.")
        return redirect(sitzung)
    antraege = [_antrag(request.user, nummer) for nummer in nummern[:100]]
    try:
        services.sitzung_tagesordnung_setzen(
            sitzung=sitzung, antraege=antraege, durch=request.user
        )
    except (ValidationError, Verweigert) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(
            request, f"{len(nummern)} Antrag/Anträge auf die Tagesordnung gesetzt."
        )
    return redirect(sitzung)


@login_required
@require_POST
def sitzung_beschliessen(request, pk):
    sitzung = _sitzung(request.user, pk)
    erfordern(request.user, "antraege.change_sitzung", sitzung)
    formset = BeschlussFormSet(request.POST, prefix="beschluss")
    if formset.is_valid():
        antraege = {
            a.pk: a
            for a in sichtbare_antraege(request.user).filter(
                pk__in=[f.cleaned_data.get("antrag") for f in formset.forms]
            )
        }
        angaben = []
        for f in formset.forms:
            d = f.cleaned_data
            if not d.get("ergebnis"):
                continue
            if d.get("antrag") not in antraege:
                raise Http404
            angaben.append(
                services.BeschlussAngabe(
                    antrag=antraege[d["antrag"]],
                    ergebnis=d["ergebnis"],
                    betrag=d.get("betrag"),
                    ja=d.get("ja"),
                    nein=d.get("nein"),
                    enthaltungen=d.get("enthaltungen"),
                    bemerkung=d.get("bemerkung") or "",
                )
            )
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
    sitzung = _sitzung(request.user, pk)
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
