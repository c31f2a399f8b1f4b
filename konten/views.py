"""User management in the browser (Fachdienst 51, administrators) and the
pages every refusal passes through."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from config.begriffe import begriffe

from . import protokoll, services
from .forms import BenutzerForm, RollenForm, fehler_uebernehmen
from .models import Protokolleintrag, User
from .permissions import erfordern


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


@requires_csrf_token
def serverfehler(request):
    """handler500: Django's own, plus the product's name for the title. The
    page renders without context processors (nothing may fail here), so the
    words come in directly; if even they cannot be read, the page goes without."""
    try:
        kontext = {"begriffe": begriffe()}
    except Exception:  # noqa: BLE001 (the error page must be shown)
        kontext = {}
    return HttpResponseServerError(loader.get_template("500.html").render(kontext))


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


# --- User management (Fachdienst 51, administrators) ----------------------------


@login_required
def benutzer_liste(request):
    erfordern(request.user, "konten.manage_users")
    benutzer = User.objects.prefetch_related(
        "rollen__sozialraum", "rollen__region"
    ).order_by("last_name", "first_name", "email")
    return render(request, "konten/benutzer_liste.html", {"benutzer": benutzer})


@login_required
def benutzer_neu(request):
    erfordern(request.user, "konten.manage_users")
    darf_admin = request.user.has_perm("konten.grant_administrator")
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
            return redirect("konten:benutzer_liste")
    return render(
        request,
        "konten/benutzer_form.html",
        {"form": form, "rollen_form": rollen_form, "neu": True},
    )


@login_required
def benutzer_bearbeiten(request, pk):
    erfordern(request.user, "konten.manage_users")
    benutzer = get_object_or_404(User, pk=pk)
    erfordern(request.user, "konten.change_benutzer", benutzer)
    darf_admin = request.user.has_perm("konten.grant_administrator")
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
            return redirect("konten:benutzer_liste")
    return render(
        request,
        "konten/benutzer_form.html",
        {
            "rollen_form": rollen_form,
            "benutzer_obj": benutzer,
            "eigenes_konto": benutzer.pk == request.user.pk,
        },
    )


@login_required
@require_POST
def benutzer_aktiv(request, pk):
    erfordern(request.user, "konten.manage_users")
    benutzer = get_object_or_404(User, pk=pk)
    aktiv = request.POST.get("aktiv") == "1"
    services.benutzer_aktiv_setzen(benutzer=benutzer, aktiv=aktiv, durch=request.user)
    text = "wieder freigeschaltet" if aktiv else "gesperrt"
    messages.success(request, f"Konto {benutzer.email} {text}.")
    return redirect("konten:benutzer_bearbeiten", pk=benutzer.pk)


@login_required
@require_POST
def benutzer_einladen(request, pk):
    erfordern(request.user, "konten.manage_users")
    benutzer = get_object_or_404(User, pk=pk)
    erfordern(request.user, "konten.change_benutzer", benutzer)
    if not benutzer.is_active:
        messages.error(request, f"{benutzer.email} ist gesperrt; erst freischalten.")
    elif benutzer.has_usable_password():
        messages.error(request, f"{benutzer.email} hat bereits ein Passwort gesetzt.")
    else:
        services.einladung_senden(benutzer=benutzer)
        messages.success(request, f"Einladung an {benutzer.email} erneut verschickt.")
    return redirect("konten:benutzer_bearbeiten", pk=benutzer.pk)
