from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from rules.contrib.admin import ObjectPermissionsModelAdmin

from config.begriffe import begriffe, wortlaut
from konten.admin import NurLesenInline

from . import services
from .forms import BeschlussForm
from .models import (
    Gremium,
    Sozialraum,
    Sozialraumbuero,
    Sozialraumkonzept,
    Traeger,
    Ziel,
)


def _ohne_gruppe(felder):
    """`felder` without the Region's when the authority has no group level."""
    if begriffe().mit_gruppen:
        return felder
    return [f for f in felder if f not in ("region", "sozialraum__region")]


class StammdatenAdmin(ObjectPermissionsModelAdmin):
    """Admin pages whose rights come from sozialraum/permissions.py."""

    def has_module_permission(self, request):
        return request.user.has_perm("konten.use_admin")

    # Without a group level the one hidden Region is neither shown nor filtered.
    def get_list_display(self, request):
        return _ohne_gruppe(super().get_list_display(request))

    def get_list_filter(self, request):
        return _ohne_gruppe(super().get_list_filter(request))


@admin.register(Sozialraum)
class SozialraumAdmin(StammdatenAdmin):
    list_display = ["kuerzel", "voller_name", "region"]
    list_filter = ["region", "art"]
    search_fields = ["name", "kuerzel"]
    actions = ["neue_konzeptversion"]

    # Regionen and Sozialräume come from the Grunddaten file (manage.py
    # grunddaten); the Kürzel is part of every Ziel's key and never changes.
    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["kuerzel", "region"] if obj else []

    def get_fields(self, request, obj=None):
        return _ohne_gruppe(super().get_fields(request, obj))

    @admin.display(description="Name", ordering="name")
    def voller_name(self, obj):
        return obj.voller_name

    @admin.action(
        description=wortlaut("Neue Version des {konzept}s (Entwurf) anlegen"),
        permissions=["change"],
    )
    def neue_konzeptversion(self, request, queryset):
        for sozialraum in queryset:
            try:
                konzept = services.konzept_neue_version(sozialraum=sozialraum)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, f"{konzept} als Entwurf angelegt.")

    def has_delete_permission(self, request, obj=None):
        return False  # Sozialräume hold budgets and applications: never deleted


@admin.register(Traeger)
class TraegerAdmin(StammdatenAdmin):
    list_display = ["name", "webseite"]
    search_fields = ["name"]
    # A Träger's site typed without a scheme ("traeger.de") is taken as https://, as
    # Django 6 will by default (and without its deprecation warning today).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Sozialraumbuero)
class SozialraumbueroAdmin(StammdatenAdmin):
    list_display = ["sozialraum", "traeger", "ort", "ansprechperson"]
    list_select_related = ["sozialraum", "traeger"]
    autocomplete_fields = ["traeger"]


@admin.register(Gremium)
class GremiumAdmin(StammdatenAdmin):
    list_display = ["name", "art", "sozialraum", "region"]
    list_filter = ["art"]

    def has_delete_permission(self, request, obj=None):
        return False


class ZielInline(NurLesenInline, admin.TabularInline):
    """Ziele shown with their Konzept, read only: a draft's Ziele change through
    sozialraum.services.konzept_entwurf_setzen (the Konzepte file on the
    Import/Export page), which keeps its rules (a Ziel that applications name
    stays, no number twice); the inline's formset would bypass them."""

    model = Ziel
    extra = 0
    fields = ["nummer", "titel", "beschreibung"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("sozialraum.view_sozialraumkonzept", obj)


@admin.register(Sozialraumkonzept)
class SozialraumkonzeptAdmin(StammdatenAdmin):
    """The texts are edited while a version is an Entwurf; its Ziele through the
    Konzepte file, new versions and the decision through the services (actions
    here and on Sozialraum)."""

    list_display = ["sozialraum", "version", "status", "beschlossen_am"]
    list_filter = ["status", "sozialraum__region"]
    list_select_related = ["sozialraum"]
    fields = [
        "sozialraum",
        "version",
        "status",
        "beschlossen_am",
        "zielgruppen",
        "problemlagen",
    ]
    readonly_fields = ["sozialraum", "version", "status", "beschlossen_am"]
    inlines = [ZielInline]
    actions = ["beschliessen"]

    def has_add_permission(self, request):
        return False  # action "Neue Version …" on the Sozialraum list

    @admin.action(
        description="Ausgewählte Entwürfe beschließen …", permissions=["change"]
    )
    def beschliessen(self, request, queryset):
        """Asks for the date of the decision, then calls the service."""
        form = BeschlussForm(request.POST if "datum" in request.POST else None)
        if form.is_bound and form.is_valid():
            for konzept in queryset:
                try:
                    services.konzept_beschliessen(
                        konzept=konzept, beschlossen_am=form.cleaned_data["datum"]
                    )
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                else:
                    self.message_user(request, f"{konzept} beschlossen.")
            return None
        return TemplateResponse(
            request,
            "admin/sozialraum/konzept_beschliessen.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{begriffe().konzept}e beschließen",
                "konzepte": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("sozialraum.change_sozialraumkonzept", obj)
