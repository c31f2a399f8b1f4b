from django.contrib import admin
from django.urls import include, path

from berichte import views as berichte_views
from konten import views as konten_views

urlpatterns = [
    path("", berichte_views.start, name="start"),
    # Login addresses are managed by FD 51 (user management), not by the users.
    path("konto/email/", konten_views.nicht_vorhanden, name="account_email"),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("budgets/", include("budgets.urls")),
    path("hilfen/", include("budgets.hilfen.urls")),
    path("vertraege/", include("budgets.vertraege.urls")),
    path("kennzahlen/", include("kennzahlen.urls")),
    path("", include("antraege.urls")),
    path("", include("berichte.urls")),
    path("", include("austausch.urls")),
    path("", include("betrieb.urls")),
    path("", include("sozialraum.urls")),
    path("", include("regionen.urls")),
    path("", include("konten.urls")),
]

# Every refusal is recorded in the security log (Protokolleintrag).
handler403 = "konten.views.zugriff_verweigert"
# The error page in the authority's words (the product's name in the title).
handler500 = "konten.views.serverfehler"
