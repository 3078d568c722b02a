from django.urls import path

from horizons.organisations import views

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:urn>/", views.school_detail, name="school_detail"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("me/volunteer/", views.my_volunteer_profile, name="my_volunteer_profile"),
]
