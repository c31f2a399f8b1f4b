from django.urls import path

from . import views

app_name = "kennzahlen"

_BUERO = "<int:jahr>/<str:kuerzel>/"
_QUARTAL = _BUERO + "<int:quartal>/"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:jahr>/", views.liste, name="liste"),
    path(_BUERO, views.buero, name="buero"),
    path(_QUARTAL + "melden/", views.melden, name="melden"),
    path(_QUARTAL + "sperren/", views.sperren, name="sperren"),
    path(_QUARTAL + "korrigieren/", views.korrigieren, name="korrigieren"),
    path(_BUERO + "ziele/entwurf/", views.entwerfen, name="entwerfen"),
    path(_BUERO + "ziele/vorgabe/", views.vorgabe_neu, name="vorgabe_neu"),
    path(
        _BUERO + "ziele/vorgabe/<int:nummer>/entfernen/",
        views.vorgabe_entfernen,
        name="vorgabe_entfernen",
    ),
    path(_BUERO + "ziele/vereinbaren/", views.vereinbaren, name="vereinbaren"),
    path(_BUERO + "ziele/bewerten/", views.bewerten, name="bewerten"),
]
