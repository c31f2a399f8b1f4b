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
        "antraege/<str:nummer>/bewilligungsschreiben/",
        views.bewilligungsschreiben,
        name="bewilligungsschreiben",
    ),
]
