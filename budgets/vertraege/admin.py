"""Contracts in the admin: read-only. Every change goes through services.py,
so that no amount changes without its booking in the ledger."""

from django.contrib import admin

from konten.admin import NurLesenAdmin

from .models import Sozialraumvertrag, Vertragsjahr, Vorgang


class VertragsjahrInline(admin.TabularInline):
    model = Vertragsjahr
    extra = 0
    fields = [
        "haushaltsjahr",
        "personalkosten",
        "sachkosten",
        "beratung",
        "zahlungsplan",
        "ist_kosten",
        "abgerechnet_am",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("vertraege.view_vertragsjahr")


@admin.register(Sozialraumvertrag)
class SozialraumvertragAdmin(NurLesenAdmin):
    list_display = ["nummer", "sozialraum", "traeger", "beginn", "ende"]
    list_filter = ["sozialraum__region", "sozialraum"]
    list_select_related = ["sozialraum", "traeger"]
    search_fields = ["nummer", "bezeichnung", "traeger__name"]
    exclude = ["formular_schluessel"]
    inlines = [VertragsjahrInline]


@admin.register(Vertragsjahr)
class VertragsjahrAdmin(NurLesenAdmin):
    list_display = [
        "vertrag",
        "haushaltsjahr",
        "personalkosten",
        "sachkosten",
        "beratung",
        "zahlungsplan",
        "abgerechnet_am",
    ]
    list_filter = ["haushaltsjahr", "zahlungsplan"]
    list_select_related = ["vertrag__sozialraum", "vertrag__traeger"]
    search_fields = ["vertrag__nummer"]
    raw_id_fields = ["bindungen"]


@admin.register(Vorgang)
class VorgangAdmin(NurLesenAdmin):
    list_display = [
        "erfasst_am",
        "vertrag",
        "vertragsjahr",
        "art",
        "betrag",
        "erfasst_von",
    ]
    list_filter = ["art"]
    list_select_related = [
        "vertrag__sozialraum",
        "vertrag__traeger",
        "vertragsjahr__vertrag",
        "erfasst_von",
    ]
    search_fields = ["vertrag__nummer", "beschreibung"]
    exclude = ["formular_schluessel"]
    raw_id_fields = ["buchungen"]
