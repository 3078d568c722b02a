from django.urls import path

from horizons.allocation import views

app_name = "allocation"

urlpatterns = [
    path("", views.allocation_home, name="allocation_home"),
    path("campaigns/<int:pk>/", views.campaign_allocation, name="allocation_campaign"),
    path("runs/<int:pk>/", views.run_detail, name="allocation_run"),
    path("runs/<int:pk>/status/", views.run_status, name="allocation_run_status"),
    path("runs/<int:pk>/schools/<int:school_pk>/", views.run_school, name="allocation_run_school"),
    path("runs/<int:pk>/decide/", views.decide, name="allocation_decide"),
    path("runs/<int:pk>/publish/", views.publish, name="allocation_publish"),
    path("decisions/<int:pk>/remove/", views.decision_remove, name="allocation_decision_remove"),
    path("campaigns/<int:pk>/hosting/", views.hosting_set, name="allocation_hosting_set"),
    path("hosting/<int:pk>/remove/", views.hosting_remove, name="allocation_hosting_remove"),
]
