"""Report pages and downloads; included by antraege/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("berichte/", views.berichte, name="berichte"),
    path(
        "berichte/antragsuebersicht/",
        views.antragsuebersicht,
        name="berichte_antragsuebersicht",
    ),
    path("berichte/budgetbericht/", views.budgetbericht, name="berichte_budgetbericht"),
    path(
        "berichte/auftraege/<uuid:pk>/", views.berichtsauftrag, name="berichtsauftrag"
    ),
    path(
        "berichte/auftraege/<uuid:pk>/pdf/",
        views.berichtsauftrag_pdf,
        name="berichtsauftrag_pdf",
    ),
    path(
        "antraege/<str:nummer>/bewilligungsschreiben/",
        views.bewilligungsschreiben,
        name="bewilligungsschreiben",
    ),
]
