"""Import and export pages (FD 51)."""

from django.urls import path

from . import kennzahlen, views

app_name = "austausch"

urlpatterns = [
    path("austausch/", views.austausch, name="austausch"),
    path(
        "austausch/importieren/",
        views.austausch_importieren,
        name="importieren",
    ),
    path("austausch/export/", views.austausch_export, name="export"),
    path("austausch/vorlage/<slug:art>/", views.austausch_vorlage, name="vorlage"),
    path(
        "austausch/kennzahlen-<int:jahr>.<str:format>",
        kennzahlen.export,
        name="kennzahlen_export",
    ),
]
