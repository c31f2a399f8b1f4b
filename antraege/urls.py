from django.urls import path

from . import views

app_name = "antraege"

NUMMER = "<str:nummer>"

urlpatterns = [
    path("antraege/", views.liste, name="liste"),
    path("antraege/neu/", views.anlegen, name="anlegen"),
    path("antraege/arbeitsliste/", views.arbeitsliste_ansicht, name="arbeitsliste"),
    path(f"antraege/{NUMMER}/", views.detail, name="detail"),
    path(f"antraege/{NUMMER}/bearbeiten/", views.bearbeiten, name="bearbeiten"),
    path(f"antraege/{NUMMER}/schritt/<str:aktion>/", views.aktion, name="aktion"),
    path(f"antraege/{NUMMER}/zustimmen/", views.zustimmen, name="zustimmen"),
    path(
        f"antraege/{NUMMER}/anlagen/", views.anlage_hochladen, name="anlage_hochladen"
    ),
    path(
        f"antraege/{NUMMER}/anlagen/entfernen/",
        views.anlage_loeschen,
        name="anlage_loeschen",
    ),
    path(f"antraege/{NUMMER}/anlagen/<int:pk>/", views.anlage, name="anlage"),
    path("sitzungen/", views.sitzungen, name="sitzungen"),
    path("sitzungen/neu/", views.sitzung_anlegen, name="sitzung_anlegen"),
    path("sitzungen/<int:pk>/", views.sitzung, name="sitzung"),
    path("sitzungen/<int:pk>/aendern/", views.sitzung_aendern, name="sitzung_aendern"),
    path(
        "sitzungen/<int:pk>/tagesordnung/",
        views.sitzung_tagesordnung,
        name="sitzung_tagesordnung",
    ),
    path(
        "sitzungen/<int:pk>/beschluesse/",
        views.sitzung_beschliessen,
        name="sitzung_beschliessen",
    ),
    path(
        "sitzungen/<int:pk>/ausnahme/", views.sitzung_ausnahme, name="sitzung_ausnahme"
    ),
]
