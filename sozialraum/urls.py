from django.urls import path

from . import views

app_name = "sozialraum"

urlpatterns = [
    path("uebersicht/", views.uebersicht, name="uebersicht"),
    path("sozialraeume/<str:kuerzel>/", views.sozialraum_detail, name="detail"),
]
