"""Import and export buttons (django-import-export) on the admin's lists of
Anträge, Träger and Verteilungen. They lead to the FD 51 page (austausch/), so
the admin imports through the same all-or-nothing service with its dry run.
The three lists are registered again here: their apps do not know the import.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from import_export.admin import ImportExportMixin

from antraege.admin import AntragAdmin
from antraege.models import Antrag
from budgets.admin import VerteilungAdmin
from budgets.models import Verteilung
from sozialraum.admin import TraegerAdmin
from sozialraum.models import Traeger

from .ressourcen import AntragRessource, TraegerRessource, ZuweisungRessource


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
        ziel = reverse("austausch:austausch")
        return redirect(f"{ziel}?{urlencode({'art': self.austausch_art})}")

    def import_action(self, request, **kwargs):
        return self._zur_seite(request)

    def export_action(self, request):
        return self._zur_seite(request)


admin.site.unregister(Antrag)


@admin.register(Antrag)
class AntragAustauschAdmin(AustauschAdmin, AntragAdmin):
    austausch_art = AntragRessource.art
    resource_classes = [AntragRessource]


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
