"""A background order's page and its file."""

from django.urls import path

from . import views

app_name = "betrieb"

urlpatterns = [
    path("auftraege/<uuid:pk>/", views.auftrag, name="auftrag"),
    path("auftraege/<uuid:pk>/datei/", views.auftrag_datei, name="auftrag_datei"),
]
