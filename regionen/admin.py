from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from config.begriffe import begriffe

from .models import Region


@admin.register(Region)
class RegionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["nummer", "name"]
    ordering = ["nummer"]

    def has_module_permission(self, request):
        # an authority without a group level has one hidden Region: no entry
        return begriffe().mit_gruppen and request.user.has_perm("konten.use_admin")

    def has_add_permission(self, request):
        return False  # Regionen come from the Grunddaten file

    def has_delete_permission(self, request, obj=None):
        return False
