from django.contrib import admin
from django.urls import include, path

from sozialraum import views as sozialraum_views

urlpatterns = [
    path("", sozialraum_views.start, name="start"),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("sozialraum.urls")),
]
