"""An order's page and file; included by antraege/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("auftraege/<uuid:pk>/", views.auftrag, name="auftrag"),
    path("auftraege/<uuid:pk>/datei/", views.auftrag_datei, name="auftrag_datei"),
]
