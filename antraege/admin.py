"""Applications in the admin: read-only reference (the workflow changes them);
Themenfelder are configuration FD 51 maintains. The import and export buttons
on these lists are austausch/admin.py's.
"""

from django.contrib import admin
from django.db.models import Prefetch, prefetch_related_objects
from rules.contrib.admin import ObjectPermissionsTabularInline

from budgets.admin import HaushaltsjahrFilter
from konten.admin import GedeckelterPaginator, NurLesenAdmin, OhneGruppenAdmin
from sozialraum.admin import StammdatenAdmin
from sozialraum.models import Ziel

from .models import Antrag, Beschluss, Sitzung, Statuswechsel, Themenfeld


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


class AntragsjahrFilter(HaushaltsjahrFilter):
    parameter_name = "haushaltsjahr"


@admin.register(Antrag)
class AntragAdmin(OhneGruppenAdmin, NurLesenAdmin):
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
    list_filter = [
        AntragsjahrFilter,
        "status",
        "budgetart",
        "sozialraum__region",
    ]
    list_select_related = ["sozialraum", "region", "budgetart"]
    search_fields = ["nummer", "titel", "antragsteller"]
    # no COUNT over every application of twenty years (konten.admin); 50 rows:
    # a reference list, each admin cell costs (filter or search for more)
    paginator = GedeckelterPaginator
    list_per_page = 50
    show_full_result_count = False
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
