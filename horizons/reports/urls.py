from django.urls import path

from horizons.reports import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
]
