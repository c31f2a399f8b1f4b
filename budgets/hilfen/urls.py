from django.urls import path

from . import views

app_name = "hilfen"

NUMMER = "hilfe/<str:nummer>"

urlpatterns = [
    path("", views.start, name="start"),
    path("neu/", views.neu, name="neu"),
    path("protokoll/", views.protokoll, name="protokoll"),
    path("<int:jahr>/", views.liste, name="liste"),
    path("<int:jahr>/export/", views.export, name="export"),
    path("<int:jahr>/summen/", views.summen_seite, name="summen"),
    path(f"{NUMMER}/", views.detail, name="detail"),
    path(f"{NUMMER}/auszahlen/", views.auszahlen, name="auszahlen"),
    path(
        f"{NUMMER}/auszahlung-stornieren/",
        views.auszahlung_stornieren,
        name="auszahlung_stornieren",
    ),
    path(f"{NUMMER}/kosten/", views.kosten_senken, name="kosten_senken"),
    path(f"{NUMMER}/beenden/", views.beenden, name="beenden"),
]
