from django.contrib import admin
from rules.contrib.admin import (
    ObjectPermissionsModelAdmin,
    ObjectPermissionsTabularInline,
)

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


class BudgetsAdmin(ObjectPermissionsModelAdmin):
    def has_module_permission(self, request):
        return request.user.has_perm("sozialraum.use_admin")


class NurLesen(BudgetsAdmin):
    """The ledger is append-only: bookings come from the services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Budgetart)
class BudgetartAdmin(BudgetsAdmin):
    list_display = [
        "code",
        "name",
        "ebene",
        "uebertrag",
        "fallbezogen",
        "kostentraeger",
    ]

    def get_readonly_fields(self, request, obj=None):
        # the code names the Budgetart in commands and imports; the holder
        # level cannot change once budgets exist
        return ["code", "ebene"] if obj else []


class AnteilInline(ObjectPermissionsTabularInline):
    model = Schluesselanteil
    extra = 0


@admin.register(Verteilungsschluessel)
class VerteilungsschluesselAdmin(BudgetsAdmin):
    list_display = ["name", "bezeichnung", "art", "ebene", "gueltig_ab", "version"]
    list_filter = ["ebene", "art"]
    inlines = [AnteilInline]

    def has_change_permission(self, request, obj=None):
        # A version that was used for an allocation is frozen: change = new version.
        if obj is not None and obj.verteilung_set.exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(Planrate)
class PlanrateAdmin(BudgetsAdmin):
    list_display = ["ab_jahr", "prozent", "begruendung"]


@admin.register(Budget)
class BudgetAdmin(NurLesen):
    list_display = ["budgetart", "haushaltsjahr", "sozialraum", "region"]
    list_filter = ["haushaltsjahr", "budgetart"]
    list_select_related = ["budgetart", "sozialraum", "region"]


@admin.register(Buchung)
class BuchungAdmin(NurLesen):
    list_display = [
        "pk",
        "buchungsdatum",
        "art",
        "betrag",
        "budget",
        "erfasst_von",
        "erfasst_am",
    ]
    list_filter = ["art", "budget__haushaltsjahr", "budget__budgetart"]
    list_select_related = [
        "budget__budgetart",
        "budget__sozialraum",
        "budget__region",
        "erfasst_von",
    ]
    search_fields = ["text", "referenz"]
    show_full_result_count = False


@admin.register(Verteilung)
class VerteilungAdmin(NurLesen):
    list_display = ["budgetart", "haushaltsjahr", "gesamtbetrag", "schluessel_text"]


@admin.register(Jahresabschluss)
class JahresabschlussAdmin(NurLesen):
    list_display = ["haushaltsjahr", "durchgefuehrt_am", "durchgefuehrt_von"]
