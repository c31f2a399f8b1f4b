"""The Kategorien are data FD 51 keeps here; reports and Zielvereinbarungen are
shown read-only (they change through services.py only)."""

from django.contrib import admin

from konten.admin import NurLesenAdmin
from sozialraum.admin import StammdatenAdmin

from .models import Kategorie, Quartalsmeldung, Zielvereinbarung


@admin.register(Kategorie)
class KategorieAdmin(StammdatenAdmin):
    list_display = ["name", "art", "themenfeld", "reihenfolge", "aktiv"]
    list_filter = ["art", "aktiv"]

    def has_delete_permission(self, request, obj=None):
        # Reports point at it: retire a Kategorie (aktiv) instead.
        return False


@admin.register(Quartalsmeldung)
class QuartalsmeldungAdmin(NurLesenAdmin):
    list_display = ["sozialraum", "jahr", "quartal", "version", "aktuell", "status"]
    list_filter = ["jahr", "status", "sozialraum"]


@admin.register(Zielvereinbarung)
class ZielvereinbarungAdmin(NurLesenAdmin):
    list_display = ["sozialraum", "jahr", "version", "status", "vereinbart_am"]
    list_filter = ["jahr", "status"]
