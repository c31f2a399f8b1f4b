from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsTabularInline

from konten.admin import GedeckelterPaginator, NurLesenAdmin, NurLesenInline
from sozialraum.admin import StammdatenAdmin

from .models import (
    Buchung,
    Budget,
    Budgetart,
    Jahresabschluss,
    Planrate,
    Schluesselanteil,
    Verteilung,
    Verteilungsschluessel,
)


@admin.register(Budgetart)
class BudgetartAdmin(StammdatenAdmin):
    list_display = [
        "code",
        "name",
        "ebene",
        "uebertrag",
        "fallbezogen",
        "kostentraeger",
        "anreiz_ziel",
        "anreiz_prozent",
    ]

    def get_readonly_fields(self, request, obj=None):
        # the code names the Budgetart in commands and imports; the holder
        # level cannot change once budgets exist
        return ["code", "ebene"] if obj else []


class AnteilInline(NurLesenInline, ObjectPermissionsTabularInline):
    model = Schluesselanteil
    extra = 0


@admin.register(Verteilungsschluessel)
class VerteilungsschluesselAdmin(StammdatenAdmin):
    """Shown only: a key and its shares are saved through
    budgets.services.schluessel_speichern (the Verteilungsschlüssel file on the
    Import/Export page), which keeps the rules the admin's forms would bypass:
    percentages add up to 100 %, no holder twice, the right level, a used
    version frozen."""

    list_display = ["name", "bezeichnung", "art", "ebene", "gueltig_ab", "version"]
    list_filter = ["ebene", "art"]
    inlines = [AnteilInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Planrate)
class PlanrateAdmin(StammdatenAdmin):
    list_display = ["ab_jahr", "prozent", "begruendung"]


@admin.register(Budget)
class BudgetAdmin(NurLesenAdmin):
    list_display = ["budgetart", "haushaltsjahr", "sozialraum", "region"]
    list_filter = ["haushaltsjahr", "budgetart"]
    list_select_related = ["budgetart", "sozialraum", "region"]


class HaushaltsjahrFilter(admin.SimpleListFilter):
    """The years of the budgets (a short table), not the distinct years of every
    booking or application: that DISTINCT reads them all. `parameter_name` is
    the lookup the year filters by."""

    title = _("haushaltsjahr")
    parameter_name = "budget__haushaltsjahr"

    def lookups(self, request, model_admin):
        jahre = Budget.objects.order_by("haushaltsjahr").values_list(
            "haushaltsjahr", flat=True
        )
        return [(j, str(j)) for j in jahre.distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.parameter_name: self.value()})
        return queryset


@admin.register(Buchung)
class BuchungAdmin(NurLesenAdmin):
    list_display = [
        "pk",
        "buchungsdatum",
        "art",
        "betrag",
        "budget",
        "erfasst_von",
        "erfasst_am",
    ]
    list_filter = ["art", HaushaltsjahrFilter, "budget__budgetart"]
    list_select_related = [
        "budget__budgetart",
        "budget__sozialraum",
        "budget__region",
        "erfasst_von",
    ]
    search_fields = ["text", "referenz"]
    # newest first along the primary key: the ledger's own order would sort it all
    ordering = ["-pk"]
    paginator = GedeckelterPaginator
    list_per_page = 50  # a reference list, each admin cell costs
    show_full_result_count = False


@admin.register(Verteilung)
class VerteilungAdmin(NurLesenAdmin):
    list_display = ["budgetart", "haushaltsjahr", "gesamtbetrag", "schluessel_text"]


@admin.register(Jahresabschluss)
class JahresabschlussAdmin(NurLesenAdmin):
    list_display = ["haushaltsjahr", "durchgefuehrt_am", "durchgefuehrt_von"]
