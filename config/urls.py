from django.contrib import admin
from django.urls import include, path

from sozialraum import views as sozialraum_views

urlpatterns = [
    path("", sozialraum_views.start, name="start"),
    # Login addresses are managed by FD 51 (user management), not by the users.
    path("konto/email/", sozialraum_views.nicht_vorhanden, name="account_email"),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("budgets/", include("budgets.urls")),
    path("hilfen/", include("budgets.hilfen.urls")),
    path("vertraege/", include("budgets.vertraege.urls")),
    path("", include("antraege.urls")),
    path("", include("sozialraum.urls")),
]

# Every refusal is recorded in the security log (Protokolleintrag).
handler403 = "sozialraum.views.zugriff_verweigert"
