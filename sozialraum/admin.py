from datetime import UTC

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from rules.contrib.admin import ObjectPermissionsModelAdmin

from . import services
from .forms import BeschlussForm
from .models import (
    Gremium,
    Protokolleintrag,
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

    # Regionen and Sozialräume come from the Grunddaten file (manage.py
    # grunddaten); the Kürzel is part of every Ziel's key and never changes.
    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["kuerzel", "region"] if obj else []

    @admin.display(description="Name", ordering="name")
    def voller_name(self, obj):
        return obj.voller_name

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
                "title": "Sozialraumkonzepte beschließen",
                "konzepte": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("sozialraum.change_sozialraumkonzept", obj)


class NurLesenAdmin(StammdatenAdmin):
    """Shown for reference only: changed through services (user pages, ledger)."""

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
        return request.user.has_perm("sozialraum.view_protokolleintrag")

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
