"""Import and export pages (FD 51); included by antraege/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("austausch/", views.austausch, name="austausch"),
    path(
        "austausch/importieren/",
        views.austausch_importieren,
        name="austausch_importieren",
    ),
    path("austausch/export/", views.austausch_export, name="austausch_export"),
]
