from django.urls import path

from horizons.programmes.views import child as views_child
from horizons.programmes.views import cohorts as views_cohorts
from horizons.programmes.views import contacts as views_contacts
from horizons.programmes.views import family as views_family
from horizons.programmes.views import impact as views_impact
from horizons.programmes.views import mis as views_mis
from horizons.programmes.views import my_class as views_my_class
from horizons.programmes.views import parent as views_parent
from horizons.programmes.views import privacy as views_privacy
from horizons.programmes.views import pupils as views_pupils

app_name = "programmes"

urlpatterns = [
    # Staff: running a programme.
    path("", views_cohorts.programme_home, name="programme_home"),
    path("templates/<slug:slug>/", views_cohorts.programme_template, name="programme_template"),
    path("new/", views_cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views_cohorts.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views_cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/delete/", views_cohorts.cohort_delete, name="cohort_delete"),
    path("cohorts/<int:pk>/board/", views_cohorts.cohort_board, name="cohort_board"),
    path("cohorts/<int:pk>/cards/", views_cohorts.cohort_cards, name="cohort_cards"),
    path("cohorts/<int:pk>/unlock/", views_cohorts.cohort_unlock, name="cohort_unlock"),
    path(
        "cohorts/<int:pk>/sign-in/",
        views_cohorts.cohort_sign_in_window,
        name="cohort_sign_in_window",
    ),
    path(
        "cohorts/<int:pk>/sessions/<int:step>/",
        views_cohorts.cohort_session_edit,
        name="cohort_session_edit",
    ),
    path("visits/", views_cohorts.programme_visits, name="programme_visits"),
    path("my-class/", views_my_class.my_class, name="my_class"),
    # Staff: the children.
    path("cohorts/<int:pk>/import/", views_pupils.cohort_import, name="cohort_import"),
    path("cohorts/<int:pk>/mis-sync/", views_mis.cohort_mis_sync, name="cohort_mis_sync"),
    path(
        "cohorts/<int:pk>/import/columns/",
        views_pupils.cohort_import_map,
        name="cohort_import_map",
    ),
    path("cohorts/<int:pk>/consent/", views_pupils.cohort_consent, name="cohort_consent"),
    path(
        "cohorts/<int:pk>/consent/contacts/",
        views_contacts.cohort_contacts,
        name="cohort_contacts",
    ),
    path(
        "cohorts/<int:pk>/consent/send/",
        views_contacts.cohort_consent_send,
        name="cohort_consent_send",
    ),
    path("cohorts/<int:pk>/letters/", views_pupils.cohort_letters, name="cohort_letters"),
    path(
        "cohorts/<int:pk>/letters.pdf", views_pupils.cohort_letters_pdf, name="cohort_letters_pdf"
    ),
    path(
        "cohorts/<int:pk>/final-assembly.ics",
        views_pupils.cohort_assembly_ics,
        name="cohort_assembly_ics",
    ),
    path("pupils/<int:pk>/", views_pupils.pupil_detail, name="pupil_detail"),
    path("pupils/<int:pk>/edit/", views_pupils.pupil_edit, name="pupil_edit"),
    path("pupils/<int:pk>/remove/", views_pupils.pupil_remove, name="pupil_remove"),
    path("pupils/<int:pk>/export.json", views_privacy.pupil_export, name="pupil_export"),
    # The careers leader's data-protection page: access log and retention schedule.
    path("schools/<int:pk>/data/", views_privacy.school_data, name="school_data"),
    # Families: printable Future Clouds and the termly newsletter.
    path("cohorts/<int:pk>/future-clouds/", views_family.cohort_clouds, name="cohort_clouds"),
    path(
        "cohorts/<int:pk>/future-clouds.pdf",
        views_family.cohort_clouds_pdf,
        name="cohort_clouds_pdf",
    ),
    path("schools/<int:pk>/newsletter/", views_family.school_newsletter, name="school_newsletter"),
    # Impact.
    path("cohorts/<int:pk>/impact/", views_impact.cohort_impact, name="cohort_impact"),
    path("cohorts/<int:pk>/impact.pdf", views_impact.cohort_impact_pdf, name="cohort_impact_pdf"),
    path("impact/", views_impact.impact_overview, name="impact_overview"),
    path("impact/report.pdf", views_impact.impact_overview_pdf, name="impact_overview_pdf"),
    # Parents: no account, a link with a token.
    path("consent/<str:token>/", views_parent.parent_consent, name="parent_consent"),
    path(
        "consent/<str:token>/final-assembly.ics",
        views_parent.parent_consent_ics,
        name="parent_consent_ics",
    ),
    path("consent/<str:token>/family/", views_family.parent_family, name="parent_family"),
    # Children: a class code and a picture, no account.
    path("me/start/", views_child.child_start, name="child_start"),
    path("me/picture/", views_child.child_picture, name="child_picture"),
    path("me/", views_child.child_home, name="child_home"),
    path("me/finish/", views_child.child_sign_out, name="child_sign_out"),
    path(
        "me/questions/<str:phase>/<int:number>/",
        views_child.child_question,
        name="child_question",
    ),
    path(
        "me/questions/<str:phase>/done/",
        views_child.child_questions_done,
        name="child_questions_done",
    ),
    path(
        "me/activities/<slug:slug>/<int:number>/",
        views_child.child_activity,
        name="child_activity",
    ),
    path(
        "me/activities/<slug:slug>/done/",
        views_child.child_activity_done,
        name="child_activity_done",
    ),
]
