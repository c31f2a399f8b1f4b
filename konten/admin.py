from datetime import UTC

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rules.contrib.admin import ObjectPermissionsModelAdmin

from config.begriffe import begriffe

from .models import Protokolleintrag, Rolle, Rollenzuweisung, User


class GedeckelterPaginator(Paginator):
    """Counts no further than the first pages: a COUNT over a whole ledger costs
    as much as the data has grown. Beyond those pages, filter or search."""

    DECKEL_SEITEN = 10

    @cached_property
    def count(self):
        deckel = self.per_page * self.DECKEL_SEITEN
        return len(self.object_list.values_list("pk", flat=True)[:deckel])


class NurLesenAdmin(ObjectPermissionsModelAdmin):
    """Shown for reference only: changed through services (the user pages, the
    ledger). Rights come from the permissions modules (rules)."""

    def has_module_permission(self, request):
        return request.user.has_perm("konten.use_admin")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NurLesenInline:
    """Mixin for an inline shown with its parent, read only: its rows change
    through a service (a formset would bypass its rules)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OhneGruppenAdmin:
    """Mixin: without a group level (the Hansestadt) the fields that point at
    the one hidden Region (`gruppen_felder`, and filters through them) are
    neither columns, filters nor shown on the detail page."""

    gruppen_felder = ("region",)

    def _ohne_gruppen(self, namen):
        if begriffe().mit_gruppen:
            return namen
        return [
            n
            for n in namen
            if not (
                isinstance(n, str)
                and any(
                    n == f or n.startswith(f"{f}__") or f"__{f}" in n
                    for f in self.gruppen_felder
                )
            )
        ]

    def get_list_display(self, request):
        return self._ohne_gruppen(super().get_list_display(request))

    def get_list_filter(self, request):
        return self._ohne_gruppen(super().get_list_filter(request))

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not begriffe().mit_gruppen:
            exclude += [f for f in self.gruppen_felder if f not in exclude]
        return exclude


class RolleFilter(admin.SimpleListFilter):
    """The roles this installation has: without a group level there is no
    Geschäftsstelle (its label, the file's word, is empty)."""

    title = "Rolle"
    parameter_name = "rolle"

    def lookups(self, request, model_admin):
        return [(r.value, r.label) for r in Rolle if str(r.label)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(rolle=self.value())
        return queryset


@admin.register(User)
class UserAdmin(NurLesenAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["email", "first_name", "last_name"]
    exclude = ["password", "groups", "user_permissions"]


@admin.register(Rollenzuweisung)
class RollenzuweisungAdmin(OhneGruppenAdmin, NurLesenAdmin):
    list_display = [
        "user",
        "rolle",
        "sozialraum",
        "region",
        "erteilt_von",
        "erteilt_am",
    ]
    list_filter = [RolleFilter]
    list_select_related = ["user", "sozialraum", "region", "erteilt_von"]


@admin.register(Protokolleintrag)
class ProtokolleintragAdmin(NurLesenAdmin):
    """The security log, for administrators only; nobody changes or deletes it."""

    list_display = [
        "zeitpunkt_utc",
        "ereignis",
        "kennung",
        "beschreibung",
        "ausgefuehrt_von",
        "adresse",
    ]
    list_filter = ["ereignis", "zeitpunkt"]
    date_hierarchy = "zeitpunkt"
    search_fields = ["kennung", "beschreibung"]
    list_select_related = ["ausgefuehrt_von"]
    fields = [
        "zeitpunkt_utc",
        "ereignis",
        "benutzer",
        "kennung",
        "ausgefuehrt_von",
        "beschreibung",
        "adresse",
    ]
    readonly_fields = fields
    actions = None

    def has_module_permission(self, request):
        return request.user.has_perm("konten.view_protokolleintrag")

    @admin.display(description="Zeitpunkt (UTC)", ordering="zeitpunkt")
    def zeitpunkt_utc(self, obj):
        return obj.zeitpunkt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


# Not used here: rights come from roles (Rollenzuweisung), and login addresses
# are managed on the user pages.
admin.site.unregister(Group)
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ObjectPermissionsModelAdmin):
    """Administrators can remove a lost second factor (the user then sets a new one)."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    readonly_fields = ["user", "type", "created_at", "last_used_at"]
    exclude = ["data"]

    def has_module_permission(self, request):
        return request.user.has_perm("mfa.view_authenticator")

    def has_add_permission(self, request):
        return False
