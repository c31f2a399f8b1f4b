"""Report pages and downloads."""

from django.urls import path

from . import views

app_name = "berichte"

urlpatterns = [
    path("berichte/", views.berichte, name="berichte"),
    path(
        "berichte/antragsuebersicht/",
        views.antragsuebersicht,
        name="antragsuebersicht",
    ),
    path("berichte/budgetbericht/", views.budgetbericht, name="budgetbericht"),
    path(
        "berichte/jahresbericht/<int:jahr>/<str:kuerzel>/",
        views.jahresbericht,
        name="jahresbericht",
    ),
    path(
        "antraege/<str:nummer>/bewilligungsschreiben/",
        views.bewilligungsschreiben,
        name="bewilligungsschreiben",
    ),
]
