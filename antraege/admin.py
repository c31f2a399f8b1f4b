"""Applications in the admin: read-only reference (the workflow changes them);
Themenfelder are configuration FD 51 maintains.

Import and export buttons (django-import-export) on the lists of Anträge,
Träger and Verteilungen lead to the FD 51 page (antraege/austausch/), so the
admin imports through the same all-or-nothing service with its dry run. The
Träger and Verteilungen are registered again here: sozialraum and budgets do
not know the applications' import.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from rules.contrib.admin import ObjectPermissionsTabularInline

from budgets.admin import VerteilungAdmin
from budgets.models import Verteilung
from sozialraum.admin import NurLesenAdmin, StammdatenAdmin, TraegerAdmin
from sozialraum.models import Traeger, Ziel

from .austausch.ressourcen import AntragRessource, TraegerRessource, ZuweisungRessource
from .models import Antrag, Beschluss, Sitzung, Statuswechsel, Themenfeld


class AustauschAdmin(ImportExportMixin):
    """Import/export buttons that open the FD 51 page for this kind of file."""

    austausch_art = ""

    def has_import_permission(self, request):
        return request.user.has_perm("antraege.austausch")

    def has_export_permission(self, request):
        return request.user.has_perm("antraege.austausch")

    def _zur_seite(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        ziel = reverse("antraege:austausch")
        return redirect(f"{ziel}?{urlencode({'art': self.austausch_art})}")

    def import_action(self, request, **kwargs):
        return self._zur_seite(request)

    def export_action(self, request):
        return self._zur_seite(request)


@admin.register(Themenfeld)
class ThemenfeldAdmin(StammdatenAdmin):
    list_display = ["name", "reihenfolge", "aktiv"]
    list_editable = ["reihenfolge", "aktiv"]


class StatuswechselInline(ObjectPermissionsTabularInline):
    model = Statuswechsel
    extra = 0
    can_delete = False
    fields = ["wirksam_am", "aktion", "von", "nach", "betrag", "kommentar", "durch"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("antrag", "durch")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Antrag)
class AntragAdmin(AustauschAdmin, NurLesenAdmin):
    austausch_art = AntragRessource.art
    resource_classes = [AntragRessource]
    list_display = [
        "nummer",
        "titel",
        "antragsteller",
        "sozialraum",
        "region",
        "budgetart",
        "beantragt",
        "bewilligt",
        "status",
    ]
    list_filter = ["haushaltsjahr", "status", "budgetart", "sozialraum__region"]
    list_select_related = ["sozialraum", "region", "budgetart"]
    search_fields = ["nummer", "titel", "antragsteller"]
    inlines = [StatuswechselInline]

    def get_object(self, request, object_id, from_field=None):
        antrag = super().get_object(request, object_id, from_field)
        if antrag is not None:
            # a Ziel's label needs its Konzept and Sozialraum
            prefetch_related_objects(
                [antrag],
                Prefetch(
                    "ziele",
                    queryset=Ziel.objects.select_related("konzept__sozialraum"),
                ),
            )
        return antrag


@admin.register(Sitzung)
class SitzungAdmin(NurLesenAdmin):
    list_display = ["datum", "gremium", "ist_budgetsitzung", "landkreis_vertreten"]
    list_filter = ["gremium__art", "ist_budgetsitzung"]
    list_select_related = ["gremium"]


@admin.register(Beschluss)
class BeschlussAdmin(NurLesenAdmin):
    list_display = ["antrag", "sitzung", "ergebnis", "betrag", "ja", "nein"]
    list_select_related = ["antrag", "sitzung__gremium"]


admin.site.unregister(Traeger)


@admin.register(Traeger)
class TraegerAustauschAdmin(AustauschAdmin, TraegerAdmin):
    austausch_art = TraegerRessource.art
    resource_classes = [TraegerRessource]


admin.site.unregister(Verteilung)


@admin.register(Verteilung)
class VerteilungAustauschAdmin(AustauschAdmin, VerteilungAdmin):
    austausch_art = ZuweisungRessource.art
    resource_classes = [ZuweisungRessource]
