from django.urls import path

from . import views

app_name = "vertraege"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:jahr>/", views.liste, name="liste"),
    path("vertrag/neu/", views.anlegen, name="anlegen"),
    path("vertrag/<int:pk>/", views.detail, name="detail"),
    path("vertrag/<int:pk>/aendern/", views.aendern, name="aendern"),
    path("vertrag/<int:pk>/jahr/", views.jahr_festsetzen, name="jahr_festsetzen"),
    path("vertrag/<int:pk>/<int:jahr>/zahlung/", views.zahlung, name="zahlung"),
    path(
        "vertrag/<int:pk>/<int:jahr>/spitzabrechnung/",
        views.spitzabrechnung,
        name="spitzabrechnung",
    ),
]
