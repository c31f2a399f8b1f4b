from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:jahr>/", views.uebersicht, name="uebersicht"),
    path("<int:jahr>/journal/", views.journal, name="journal"),
    path("<int:jahr>/zuweisen/", views.zuweisen, name="zuweisen"),
    path("<int:jahr>/umbuchen/", views.umbuchen, name="umbuchen"),
    path("<int:jahr>/jahresabschluss/", views.jahresabschluss, name="jahresabschluss"),
    path("buchungen/<int:pk>/storno/", views.stornieren, name="stornieren"),
    path("plan/", views.plan, name="plan"),
    path("plan/rate/", views.planrate_setzen, name="planrate_setzen"),
]
