from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from rules.contrib.admin import ObjectPermissionsModelAdmin

from . import services
from .models import (
    Gremium,
    Rollenzuweisung,
    Sozialraum,
    Sozialraumbuero,
    Sozialraumkonzept,
    Traeger,
    User,
    Ziel,
)


class StammdatenAdmin(ObjectPermissionsModelAdmin):
    """Admin pages whose rights come from sozialraum/permissions.py."""

    def has_module_permission(self, request):
        return request.user.has_perm("sozialraum.use_admin")


@admin.register(Sozialraum)
class SozialraumAdmin(StammdatenAdmin):
    list_display = ["kuerzel", "voller_name", "region"]
    list_filter = ["region", "art"]
    search_fields = ["name", "kuerzel"]
    actions = ["neue_konzeptversion"]

    @admin.action(
        description="Neue Version des Sozialraumkonzepts (Entwurf) anlegen",
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


class ZielInline(admin.TabularInline):
    """Ziele follow their Konzept: editable only while it is an Entwurf."""

    model = Ziel
    extra = 1
    fields = ["nummer", "titel", "beschreibung"]

    def _darf(self, request, konzept):
        return request.user.has_perm("sozialraum.change_sozialraumkonzept", konzept)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("sozialraum.view_sozialraumkonzept", obj)

    def has_add_permission(self, request, obj=None):
        return self._darf(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._darf(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._darf(request, obj)


@admin.register(Sozialraumkonzept)
class SozialraumkonzeptAdmin(StammdatenAdmin):
    """Texts and Ziele are edited while a version is an Entwurf; new versions and
    the decision go through the services (actions here and on Sozialraum)."""

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
    readonly_fields = ["sozialraum", "version", "status"]
    inlines = [ZielInline]
    actions = ["beschliessen"]

    def has_add_permission(self, request):
        return False  # action "Neue Version …" on the Sozialraum list

    @admin.action(
        description="Ausgewählte Entwürfe beschließen (mit eingetragenem Datum)",
        permissions=["change"],
    )
    def beschliessen(self, request, queryset):
        for konzept in queryset:
            try:
                services.konzept_beschliessen(
                    konzept=konzept, beschlossen_am=konzept.beschlossen_am
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, f"{konzept} beschlossen.")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("sozialraum.change_sozialraumkonzept", obj)


class NurLesenAdmin(StammdatenAdmin):
    """Shown for reference; changed only through the user-management pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(NurLesenAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["email", "first_name", "last_name"]
    exclude = ["password", "groups", "user_permissions"]


@admin.register(Rollenzuweisung)
class RollenzuweisungAdmin(NurLesenAdmin):
    list_display = [
        "user",
        "rolle",
        "sozialraum",
        "region",
        "erteilt_von",
        "erteilt_am",
    ]
    list_filter = ["rolle"]
    list_select_related = ["user", "sozialraum", "region", "erteilt_von"]
