from django.urls import path

from horizons.transition import views

app_name = "transition"

urlpatterns = [
    path("transition/", views.transition_home, name="transition_home"),
    path("transition/groups/<int:pk>/", views.cohort_transition, name="cohort_transition"),
    path("transition/incoming/<int:urn>/", views.incoming, name="incoming"),
    path("transition/incoming/<int:urn>/<int:pk>/", views.incoming_record, name="incoming_record"),
    path("programmes/consent/<str:token>/secondary/", views.parent_share, name="parent_share"),
]
