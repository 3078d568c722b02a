from django.urls import path

from horizons.organisations import views

app_name = "organisations"

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:urn>/", views.school_detail, name="school_detail"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/checks/", views.safeguarding_checks, name="safeguarding_checks"),
    path(
        "volunteers/<int:pk>/check/",
        views.safeguarding_check_record,
        name="safeguarding_check_record",
    ),
    path("hubs/<int:pk>/check-validity/", views.hub_check_validity, name="hub_check_validity"),
    path("me/volunteer/", views.my_volunteer_profile, name="my_volunteer_profile"),
]
