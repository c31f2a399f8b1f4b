from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode


class SozialraumAdminSite(admin.AdminSite):
    """Admin access is a permission (sozialraum.use_admin), not the is_staff flag.

    Its login form is never shown: the admin sends people to the allauth login,
    so failed-login rate limits and MFA apply there as everywhere else.
    """

    site_header = "Sozialraum-Budget – Verwaltung"
    site_title = "Sozialraum-Budget"
    index_title = "Stammdaten und Verwaltung"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.has_perm("sozialraum.use_admin")

    def login(self, request, extra_context=None):
        if not request.user.is_authenticated:
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or resolve_url(
                "admin:index"
            )
            login_url = resolve_url("account_login")
            return redirect(f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        if not self.has_permission(request):
            raise PermissionDenied
        return redirect("admin:index")
