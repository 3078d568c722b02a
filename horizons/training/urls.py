from django.urls import path

from horizons.training.views import hub, school

app_name = "training"

urlpatterns = [
    path("", school.catalogue, name="catalogue"),
    path("sessions/<int:pk>/book/", school.session_book, name="session_book"),
    path("bookings/<int:pk>/cancel/", school.booking_cancel, name="booking_cancel"),
    path("school/<int:urn>/", school.school_record, name="school_record"),
    path("hub/", hub.session_list, name="session_list"),
    path("hub/new/", hub.session_create, name="session_create"),
    path("hub/<int:pk>/", hub.session_detail, name="session_detail"),
    path("hub/<int:pk>/edit/", hub.session_edit, name="session_edit"),
    path("hub/<int:pk>/cancel/", hub.session_cancel, name="session_cancel"),
]
