from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from regionen.models import Region

from . import protokoll, services
from .forms import BenutzerForm, RollenForm, fehler_uebernehmen
from .models import Protokolleintrag, Sozialraum, User
from .permissions import betreute_region_ids, erfordern, geleitete_sozialraum_ids
from .selectors import konzept_stand, regionen_uebersicht, sozialraum_mit_details


def nicht_vorhanden(request):
    """A URL of a library that this installation switches off."""
    raise Http404


def zugriff_verweigert(request, exception):
    """handler403: every PermissionDenied (views, services, the admin) is
    recorded in the security log, then shown like Django's own 403 page."""
    grund = str(exception)
    user = getattr(request, "user", None)
    # The path without its query string: searches may hold case references.
    beschreibung = f"{request.method} {request.path}"
    protokoll.aus_anfrage(
        request,
        ereignis=Protokolleintrag.Ereignis.ZUGRIFF_VERWEIGERT,
        benutzer=user if user is not None and user.is_authenticated else None,
        beschreibung=f"{beschreibung} – {grund}" if grund else beschreibung,
    )
    return render(request, "403.html", {"exception": grund}, status=403)


# Shown instead of Django's CSRF page: German, in the app's look, no internals.
CSRF_MELDUNG = (
    "Die Anfrage wurde aus Sicherheitsgründen abgelehnt: sie kam nicht von einer "
    "Seite dieser Anwendung, oder das Formular ist abgelaufen. Es wurde nichts "
    "geändert. Bitte die Seite neu laden und noch einmal absenden."
)


def csrf_verweigert(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused cross-site or stale form (wrong token,
    foreign Origin or Referer) is recorded like every refusal, then answered
    with the German 403 page."""
    user = getattr(request, "user", None)
    protokoll.aus_anfrage(
        request,
        ereignis=Protokolleintrag.Ereignis.ZUGRIFF_VERWEIGERT,
        benutzer=user if user is not None and user.is_authenticated else None,
        beschreibung=f"{request.method} {request.path} – CSRF: {reason}"[:500],
    )
    return render(request, "403.html", {"exception": CSRF_MELDUNG}, status=403)


@login_required
def start(request):
    """Each role lands on its own start page."""
    user = request.user
    erfordern(user, "sozialraum.view_start")
    if not user.has_perm("sozialraum.view_uebersicht"):
        regionen = betreute_region_ids(user)
        sozialraeume = geleitete_sozialraum_ids(user)
        if regionen and not sozialraeume:
            return redirect(Region.objects.get(pk=min(regionen)))
        if len(sozialraeume) == 1 and not regionen:
            return redirect(Sozialraum.objects.get(pk=next(iter(sozialraeume))))
    return redirect("sozialraum:uebersicht")


@login_required
def uebersicht(request):
    erfordern(request.user, "sozialraum.view_start")
    return render(
        request,
        "sozialraum/uebersicht.html",
        {"regionen": regionen_uebersicht(request.user)},
    )


@login_required
def region_detail(request, nummer):
    region = Region.objects.filter(nummer=nummer).first()
    if region is None or not request.user.has_perm(
        "sozialraum.view_region_seite", region
    ):
        raise Http404
    return render(
        request,
        "sozialraum/region_detail.html",
        {"region": region, "regionen": regionen_uebersicht(request.user, region)},
    )


@login_required
def sozialraum_detail(request, kuerzel):
    try:
        sozialraum = sozialraum_mit_details(kuerzel)
    except Sozialraum.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("sozialraum.view_sozialraum_seite", sozialraum):
        # Not 403: a page outside one's scope does not reveal that it exists.
        raise Http404
    return render(
        request,
        "sozialraum/sozialraum_detail.html",
        {"sozialraum": sozialraum, "konzept_stand": konzept_stand(sozialraum)},
    )


# --- User management (Fachdienst 51, administrators) ----------------------------


@login_required
def benutzer_liste(request):
    erfordern(request.user, "sozialraum.manage_users")
    benutzer = User.objects.prefetch_related(
        "rollen__sozialraum", "rollen__region"
    ).order_by("last_name", "first_name", "email")
    return render(request, "sozialraum/benutzer_liste.html", {"benutzer": benutzer})


@login_required
def benutzer_neu(request):
    erfordern(request.user, "sozialraum.manage_users")
    darf_admin = request.user.has_perm("sozialraum.grant_administrator")
    form = BenutzerForm(request.POST or None)
    rollen_form = RollenForm(request.POST or None, darf_administrator=darf_admin)
    if request.method == "POST" and form.is_valid() and rollen_form.is_valid():
        try:
            benutzer = services.benutzer_anlegen(
                **form.cleaned_data,
                rollen=rollen_form.rollen_angaben(),
                durch=request.user,
            )
        except ValidationError as exc:
            fehler_uebernehmen(form, exc)
        else:
            messages.success(
                request,
                f"Konto für {benutzer.email} angelegt. Die Einladung zum Setzen des "
                "Passworts wurde per E-Mail verschickt.",
            )
            return redirect("sozialraum:benutzer_liste")
    return render(
        request,
        "sozialraum/benutzer_form.html",
        {"form": form, "rollen_form": rollen_form, "neu": True},
    )


@login_required
def benutzer_bearbeiten(request, pk):
    erfordern(request.user, "sozialraum.manage_users")
    benutzer = get_object_or_404(User, pk=pk)
    erfordern(request.user, "sozialraum.change_benutzer", benutzer)
    darf_admin = request.user.has_perm("sozialraum.grant_administrator")
    rollen_form = RollenForm(
        request.POST or None, darf_administrator=darf_admin, benutzer=benutzer
    )
    if request.method == "POST" and rollen_form.is_valid():
        try:
            services.benutzer_rollen_setzen(
                benutzer=benutzer,
                rollen=rollen_form.rollen_angaben(),
                durch=request.user,
            )
        except ValidationError as exc:
            fehler_uebernehmen(rollen_form, exc)
        else:
            messages.success(request, f"Rollen von {benutzer} gespeichert.")
            return redirect("sozialraum:benutzer_liste")
    return render(
        request,
        "sozialraum/benutzer_form.html",
        {
            "rollen_form": rollen_form,
            "benutzer_obj": benutzer,
            "eigenes_konto": benutzer.pk == request.user.pk,
        },
    )


@login_required
@require_POST
def benutzer_aktiv(request, pk):
    erfordern(request.user, "sozialraum.manage_users")
    benutzer = get_object_or_404(User, pk=pk)
    aktiv = request.POST.get("aktiv") == "1"
    services.benutzer_aktiv_setzen(benutzer=benutzer, aktiv=aktiv, durch=request.user)
    text = "wieder freigeschaltet" if aktiv else "gesperrt"
    messages.success(request, f"Konto {benutzer.email} {text}.")
    return redirect("sozialraum:benutzer_bearbeiten", pk=benutzer.pk)


@login_required
@require_POST
def benutzer_einladen(request, pk):
    erfordern(request.user, "sozialraum.manage_users")
    benutzer = get_object_or_404(User, pk=pk)
    erfordern(request.user, "sozialraum.change_benutzer", benutzer)
    if not benutzer.is_active:
        messages.error(request, f"{benutzer.email} ist gesperrt; erst freischalten.")
    elif benutzer.has_usable_password():
        messages.error(request, f"{benutzer.email} hat bereits ein Passwort gesetzt.")
    else:
        services.einladung_senden(benutzer=benutzer)
        messages.success(request, f"Einladung an {benutzer.email} erneut verschickt.")
    return redirect("sozialraum:benutzer_bearbeiten", pk=benutzer.pk)
