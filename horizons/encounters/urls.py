from django.urls import path

from horizons.encounters.views import campaigns as views_campaigns
from horizons.encounters.views import events as views_events
from horizons.encounters.views import offers as views_offers
from horizons.encounters.views import reach as views_reach
from horizons.encounters.views import school as views_school
from horizons.encounters.views import volunteers as views_volunteers

app_name = "encounters"

urlpatterns = [
    # Schools
    path("school/", views_school.encounters_school, name="encounters_school"),
    path(
        "schools/<int:urn>/record/",
        views_school.school_encounter_record,
        name="school_encounter_record",
    ),
    path("events/<int:pk>/book/", views_school.event_book, name="event_book"),
    path("bookings/<int:pk>/cancel/", views_school.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/no-show/", views_school.booking_no_show, name="booking_no_show"),
    path("bookings/<int:pk>/attendance/", views_school.attendance_record, name="attendance_record"),
    # Employers
    path("offers/", views_offers.offer_list, name="offer_list"),
    path("offers/new/", views_offers.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views_offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views_offers.offer_edit, name="offer_edit"),
    # Campaigns
    path("campaigns/", views_campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", views_campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views_campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views_campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/move/", views_campaigns.campaign_move, name="campaign_move"),
    path("campaigns/<int:pk>/invite/", views_campaigns.campaign_invite, name="campaign_invite"),
    path(
        "campaigns/<int:pk>/requests/", views_campaigns.campaign_requests, name="campaign_requests"
    ),
    path("campaigns/<int:pk>/request/", views_campaigns.request_edit, name="request_edit"),
    path("campaigns/<int:pk>/reach/", views_reach.campaign_reach, name="campaign_reach"),
    path(
        "campaigns/<int:pk>/reach.xlsx", views_reach.campaign_reach_xlsx, name="campaign_reach_xlsx"
    ),
    path("campaigns/<int:pk>/reach.csv", views_reach.campaign_reach_csv, name="campaign_reach_csv"),
    path("campaigns/<int:pk>/summary/", views_reach.campaign_summary, name="campaign_summary"),
    # Events
    path("events/new/", views_events.event_create, name="event_create"),
    path("events/<int:pk>/", views_events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views_events.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views_events.event_cancel, name="event_cancel"),
    path("events/<int:pk>/timetable/", views_events.event_timetable, name="event_timetable"),
    path("events/<int:pk>/calendar.ics", views_events.event_calendar, name="event_calendar"),
    path("events/<int:pk>/feedback/", views_events.volunteer_feedback, name="volunteer_feedback"),
    # Volunteers
    path("my-sessions/", views_events.my_sessions, name="my_sessions"),
    path("reply/<str:token>/", views_volunteers.volunteer_reply, name="volunteer_reply"),
    path("volunteers-at-risk/", views_volunteers.volunteers_at_risk, name="volunteers_at_risk"),
    path(
        "events/<int:pk>/volunteers/<int:volunteer_pk>/send-again/",
        views_volunteers.volunteer_send_again,
        name="volunteer_send_again",
    ),
    path("events/<int:pk>/fill-place/", views_volunteers.event_fill_place, name="event_fill_place"),
    # Hub reach
    path("reach/", views_reach.hub_reach, name="hub_reach"),
    path("reach.xlsx", views_reach.hub_reach_xlsx, name="hub_reach_xlsx"),
    path("reach.csv", views_reach.hub_reach_csv, name="hub_reach_csv"),
]
