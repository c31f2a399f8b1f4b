from django.urls import path

from . import views

app_name = "konten"

urlpatterns = [
    path("benutzer/", views.benutzer_liste, name="benutzer_liste"),
    path("benutzer/neu/", views.benutzer_neu, name="benutzer_neu"),
    path("benutzer/<int:pk>/", views.benutzer_bearbeiten, name="benutzer_bearbeiten"),
    path("benutzer/<int:pk>/aktiv/", views.benutzer_aktiv, name="benutzer_aktiv"),
    path(
        "benutzer/<int:pk>/einladen/", views.benutzer_einladen, name="benutzer_einladen"
    ),
]
