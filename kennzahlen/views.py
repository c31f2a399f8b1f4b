"""Pages of the Kennzahlen and Zielvereinbarungen: check the right, validate
the form, call one service, redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.begriffe import begriffe
from konten.forms import fehler_uebernehmen
from konten.permissions import erfordern, geleitete_sozialraum_ids, sieht_landkreis
from sozialraum.geld import JAHR_MAX, JAHR_MIN

from . import services
from .forms import (
    BewertenForm,
    EntwurfForm,
    KorrekturForm,
    MeldungForm,
    VereinbarenForm,
    VorgabeForm,
    stand_lesen,
)
from .models import (
    FESTE_ZAHLEN,
    QUARTALE,
    Quartalsmeldung,
    Zielvereinbarung,
    Zielvorgabe,
    ist_meldbar,
)
from .permissions import sichtbare_sozialraeume
from .selectors import buerojahr, jahresliste, kategorien_zur_auswahl


def _daten(request):
    return request.POST if request.method == "POST" else None


def _jahr_pruefen(jahr):
    if not JAHR_MIN <= jahr <= JAHR_MAX:
        raise Http404


def _sozialraum(request, jahr, kuerzel):
    """The Sozialraum if the user may see its Kennzahlen: 404 outside her scope."""
    _jahr_pruefen(jahr)
    sozialraum = get_object_or_404(
        sichtbare_sozialraeume(request.user), kuerzel=kuerzel
    )
    erfordern(request.user, "kennzahlen.view_buero", sozialraum)
    return sozialraum


def _zur_seite(sozialraum, jahr, anker=""):
    url = reverse(
        "kennzahlen:buero", kwargs={"jahr": jahr, "kuerzel": sozialraum.kuerzel}
    )
    return redirect(f"{url}#{anker}" if anker else url)


def _aktuelle_meldung(sozialraum, jahr, quartal):
    if quartal not in QUARTALE:
        raise Http404
    return (
        Quartalsmeldung.objects.aktuell()
        .filter(sozialraum=sozialraum, jahr=jahr, quartal=quartal)
        .prefetch_related("kategoriezahlen")
        .first()
    )


def _initial(meldung):
    if meldung is None:
        return {}
    daten = {f: meldung.wert(f) for f in FESTE_ZAHLEN}
    daten["stand"] = meldung.gemeldet_am.isoformat()
    for kz in meldung.kategoriezahlen.all():
        daten[f"kategorie_{kz.kategorie_id}"] = kz.anzahl
    return daten


@login_required
def start(request):
    return redirect("kennzahlen:liste", jahr=timezone.localdate().year)


@login_required
def liste(request, jahr):
    _jahr_pruefen(jahr)
    erfordern(request.user, "kennzahlen.view_liste")
    fd51 = request.user.has_perm("kennzahlen.pruefen")
    t = jahresliste(
        jahr,
        sichtbar=sichtbare_sozialraeume(request.user),
        genau_alle=fd51,
        genau_fuer=geleitete_sozialraum_ids(request.user),
        landkreis=sieht_landkreis(request.user),
    )
    return render(
        request, "kennzahlen/liste.html", {"jahr": jahr, "t": t, "fd51": fd51}
    )


@login_required
def buero(request, jahr, kuerzel):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    genau = request.user.has_perm("kennzahlen.view_genau", sozialraum)
    b = buerojahr(sozialraum, jahr, genau=genau)
    return render(
        request,
        "kennzahlen/buero.html",
        {
            "b": b,
            # (quartal, versions newest first, may be reported: its Stichtag passed)
            "quartale": [
                (q, b.versionen.get(q, []), ist_meldbar(jahr, q)) for q in QUARTALE
            ],
            # Names of those who reported: not for the Jugendhilfeausschuss.
            "darf_namen": request.user.has_perm(
                "sozialraum.view_kontaktdaten", sozialraum
            ),
            "jahr": jahr,
            "sozialraum": sozialraum,
            "darf_melden": request.user.has_perm("kennzahlen.melden", sozialraum),
            "darf_pruefen": request.user.has_perm("kennzahlen.pruefen"),
            "darf_vereinbaren": request.user.has_perm("kennzahlen.vereinbaren"),
            "heute": timezone.localdate(),
            "bewertung_ab": services.bewertung_moeglich_ab(jahr),
        },
    )


def _meldeformular(
    request, form, speichern, *, sozialraum, jahr, quartal, meldung, korrektur=False
):
    """The report and the correction form: on a valid POST `speichern(form)`
    (the service) returns the success message; its refusals go to the form."""
    if request.method == "POST" and form.is_valid():
        try:
            erfolg = speichern(form)
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
            if getattr(exc, "code", None) == "inzwischen_geaendert":
                # sent again as it stands, the form must meet today's report
                form.data = form.data.copy()
                jetzt = _aktuelle_meldung(sozialraum, jahr, quartal)
                form.data["stand"] = jetzt.gemeldet_am.isoformat() if jetzt else ""
        else:
            messages.success(request, erfolg)
            return _zur_seite(sozialraum, jahr, f"q{quartal}")
    return render(
        request,
        "kennzahlen/meldung_form.html",
        {
            "form": form,
            "sozialraum": sozialraum,
            "jahr": jahr,
            "quartal": quartal,
            "meldung": meldung,
            "korrektur": korrektur,
        },
    )


@login_required
def melden(request, jahr, kuerzel, quartal):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.melden", sozialraum)
    meldung = _aktuelle_meldung(sozialraum, jahr, quartal)

    def speichern(form):
        services.meldung_abgeben(
            sozialraum=sozialraum,
            jahr=jahr,
            quartal=quartal,
            zahlen=form.zahlen(),
            kategorien=form.kategoriezahlen(),
            formular_schluessel=form.cleaned_data["formular_schluessel"],
            gesehen_am=form.gesehen_am(),
            durch=request.user,
        )
        return (
            f"Kennzahlen für das {quartal}. Quartal {jahr} gemeldet. "
            f"{begriffe().pruefstelle_kurz} prüft "
            "und sperrt sie; bis dahin können Sie sie ändern."
        )

    return _meldeformular(
        request,
        MeldungForm(
            _daten(request),
            initial=_initial(meldung),
            kategorien=kategorien_zur_auswahl(meldung),
        ),
        speichern,
        sozialraum=sozialraum,
        jahr=jahr,
        quartal=quartal,
        meldung=meldung,
    )


@login_required
@require_POST
def sperren(request, jahr, kuerzel, quartal):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.pruefen")
    meldung = _aktuelle_meldung(sozialraum, jahr, quartal)
    if meldung is None:
        raise Http404
    gesehen_am = stand_lesen(request.POST.get("stand", ""))  # what the page showed
    try:
        services.meldung_sperren(
            meldung=meldung, durch=request.user, gesehen_am=gesehen_am
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{quartal}. Quartal {jahr} geprüft und gesperrt.")
    return _zur_seite(sozialraum, jahr, f"q{quartal}")


@login_required
def korrigieren(request, jahr, kuerzel, quartal):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.pruefen")
    meldung = _aktuelle_meldung(sozialraum, jahr, quartal)
    if meldung is None:
        raise Http404

    def speichern(form):
        neu = services.meldung_korrigieren(
            meldung=meldung,
            zahlen=form.zahlen(),
            kategorien=form.kategoriezahlen(),
            begruendung=form.cleaned_data["begruendung"],
            formular_schluessel=form.cleaned_data["formular_schluessel"],
            durch=request.user,
        )
        return (
            f"{quartal}. Quartal {jahr} korrigiert: Version {neu.version}; die "
            "frühere Version bleibt im Verlauf sichtbar."
        )

    return _meldeformular(
        request,
        KorrekturForm(
            _daten(request),
            initial=_initial(meldung),
            kategorien=kategorien_zur_auswahl(meldung),
        ),
        speichern,
        sozialraum=sozialraum,
        jahr=jahr,
        quartal=quartal,
        meldung=meldung,
        korrektur=True,
    )


# --- Zielvereinbarungen ---------------------------------------------------------


def _entwurf(sozialraum, jahr):
    zv = Zielvereinbarung.objects.filter(
        sozialraum=sozialraum, jahr=jahr, status=Zielvereinbarung.Status.ENTWURF
    ).first()
    if zv is None:
        raise Http404
    return zv


@login_required
def entwerfen(request, jahr, kuerzel):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.vereinbaren")
    gueltig = Zielvereinbarung.objects.filter(
        sozialraum=sozialraum, jahr=jahr, status=Zielvereinbarung.Status.VEREINBART
    ).first()
    form = EntwurfForm(_daten(request))
    if request.method == "POST" and form.is_valid():
        try:
            zv = services.zielvereinbarung_entwerfen(
                sozialraum=sozialraum,
                jahr=jahr,
                anlass=form.cleaned_data["anlass"],
                durch=request.user,
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(
                request,
                f"Entwurf (Version {zv.version}) angelegt: jetzt Ziele eintragen.",
            )
            return _zur_seite(sozialraum, jahr, "ziele")
    return render(
        request,
        "kennzahlen/entwurf_form.html",
        {"form": form, "sozialraum": sozialraum, "jahr": jahr, "gueltig": gueltig},
    )


@login_required
def vorgabe_neu(request, jahr, kuerzel):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.vereinbaren")
    zv = _entwurf(sozialraum, jahr)
    form = VorgabeForm(_daten(request), sozialraum=sozialraum)
    if request.method == "POST" and form.is_valid():
        daten = form.cleaned_data
        try:
            services.zielvorgabe_hinzufuegen(
                zielvereinbarung=zv,
                art=daten["art"],
                titel=daten["titel"],
                beschreibung=daten["beschreibung"],
                kennzahl=daten["kennzahl"],
                kategorie=daten["kategorie"],
                zielwert=daten["zielwert"],
                ziele=list(daten["ziele"]),
                themenfelder=list(daten["themenfelder"]),
                durch=request.user,
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, f"Zielvorgabe „{daten['titel']}“ eingetragen.")
            return _zur_seite(sozialraum, jahr, "ziele")
    return render(
        request,
        "kennzahlen/vorgabe_form.html",
        {"form": form, "sozialraum": sozialraum, "jahr": jahr, "zv": zv},
    )


@login_required
@require_POST
def vorgabe_entfernen(request, jahr, kuerzel, nummer):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.vereinbaren")
    vorgabe = get_object_or_404(
        Zielvorgabe.objects.select_related("zielvereinbarung"),
        zielvereinbarung=_entwurf(sozialraum, jahr),
        nummer=nummer,
    )
    try:
        services.zielvorgabe_entfernen(vorgabe=vorgabe, durch=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Zielvorgabe „{vorgabe.titel}“ entfernt.")
    return _zur_seite(sozialraum, jahr, "ziele")


@login_required
def vereinbaren(request, jahr, kuerzel):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.vereinbaren")
    zv = _entwurf(sozialraum, jahr)
    form = VereinbarenForm(_daten(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.zielvereinbarung_vereinbaren(
                zielvereinbarung=zv,
                vereinbart_am=form.cleaned_data["vereinbart_am"],
                durch=request.user,
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(
                request,
                f"Zielvereinbarung {jahr} (Version {zv.version}) vereinbart und "
                "festgeschrieben.",
            )
            return _zur_seite(sozialraum, jahr, "ziele")
    return render(
        request,
        "kennzahlen/vereinbaren_form.html",
        {
            "form": form,
            "sozialraum": sozialraum,
            "jahr": jahr,
            "zv": zv,
            "vorgaben": zv.vorgaben.select_related("kategorie"),
        },
    )


@login_required
def bewerten(request, jahr, kuerzel):
    sozialraum = _sozialraum(request, jahr, kuerzel)
    erfordern(request.user, "kennzahlen.vereinbaren")
    b = buerojahr(sozialraum, jahr, genau=True)
    zv = b.zielvereinbarung
    if zv is None:
        raise Http404
    form = BewertenForm(_daten(request), vorgaben=[f.vorgabe for f in b.fortschritt])
    if request.method == "POST" and form.is_valid():
        try:
            services.zielvereinbarung_bewerten(
                zielvereinbarung=zv,
                bewertungen=form.bewertungen(),
                kommentar=form.cleaned_data["kommentar"],
                durch=request.user,
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(request, f"Zielvereinbarung {jahr} bewertet.")
            return _zur_seite(sozialraum, jahr, "ziele")
    return render(
        request,
        "kennzahlen/bewerten_form.html",
        {"form": form, "sozialraum": sozialraum, "jahr": jahr, "b": b, "zv": zv},
    )
