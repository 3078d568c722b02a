from django.urls import path

from horizons.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
]
