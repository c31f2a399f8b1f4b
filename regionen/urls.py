from django.urls import path

from . import views

app_name = "regionen"

urlpatterns = [
    path("regionen/<int:nummer>/", views.region_detail, name="region"),
]
