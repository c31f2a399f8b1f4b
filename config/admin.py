from functools import wraps

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode

from config.begriffe import begriff, wortlaut


class SozialraumAdminSite(admin.AdminSite):
    """Admin access is a permission (konten.use_admin), not the is_staff flag.

    Its login form is never shown: the admin sends people to the allauth login,
    so failed-login rate limits and MFA apply there as everywhere else.
    """

    # the product's name of this installation, read when a page is shown
    site_header = wortlaut("{produkt} – Verwaltung")
    site_title = begriff("produkt")
    index_title = "Stammdaten und Verwaltung"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.has_perm("konten.use_admin")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def ohne_recht_kein_zugriff(request, *args, **kwargs):
            # Signed in without the right: 403 at once, not a detour via login.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return ohne_recht_kein_zugriff

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
