from django.urls import path

from . import views

app_name = "sozialraum"

urlpatterns = [
    path("uebersicht/", views.uebersicht, name="uebersicht"),
    path("regionen/<int:nummer>/", views.region_detail, name="region"),
    path("sozialraeume/<str:kuerzel>/", views.sozialraum_detail, name="detail"),
    path("benutzer/", views.benutzer_liste, name="benutzer_liste"),
    path("benutzer/neu/", views.benutzer_neu, name="benutzer_neu"),
    path("benutzer/<int:pk>/", views.benutzer_bearbeiten, name="benutzer_bearbeiten"),
    path("benutzer/<int:pk>/aktiv/", views.benutzer_aktiv, name="benutzer_aktiv"),
    path(
        "benutzer/<int:pk>/einladen/", views.benutzer_einladen, name="benutzer_einladen"
    ),
]
