from django.urls import path

from horizons.national import views

app_name = "national"

urlpatterns = [
    path("national/", views.overview, name="overview"),
    path("national/download.<str:fmt>", views.download, name="download"),
]
