from django.urls import path

from horizons.benchmarks.views import audit as views_audit
from horizons.benchmarks.views import hub as views_hub
from horizons.benchmarks.views import results as views_results

app_name = "benchmarks"

urlpatterns = [
    path("", views_audit.benchmark_home, name="benchmark_home"),
    path("schools/<int:urn>/", views_audit.school_audits, name="school_audits"),
    path("schools/<int:urn>/start/", views_audit.audit_start, name="audit_start"),
    path("audits/<int:pk>/", views_audit.audit_detail, name="audit_detail"),
    path(
        "audits/<int:pk>/benchmark/<int:number>/",
        views_audit.audit_section,
        name="audit_section",
    ),
    path(
        "audits/<int:pk>/answers/<str:criterion_id>/",
        views_audit.audit_answer,
        name="audit_answer",
    ),
    path("audits/<int:pk>/submit/", views_audit.audit_submit, name="audit_submit"),
    path("audits/<int:pk>/results/", views_results.audit_results, name="audit_results"),
    path("audits/<int:pk>/actions/", views_results.action_plan, name="action_plan"),
    path("audits/<int:pk>/actions/add/", views_results.action_add, name="action_add"),
    path("audits/<int:pk>/audit.pdf", views_results.audit_pdf, name="audit_pdf"),
    path("audits/<int:pk>/audit.xlsx", views_results.audit_xlsx, name="audit_xlsx"),
    path("actions/<int:pk>/edit/", views_results.action_edit, name="action_edit"),
    path("actions/<int:pk>/complete/", views_results.action_complete, name="action_complete"),
    path("actions/<int:pk>/progress/", views_results.action_progress, name="action_progress"),
    path("my-actions/", views_results.my_actions, name="my_actions"),
    path("hub/", views_hub.hub_overview, name="hub_overview"),
    path("hub/schools/<int:urn>/", views_hub.school_oversight, name="school_oversight"),
    path(
        "hub/visit-notes/<int:pk>/follow-up-done/",
        views_hub.follow_up_done,
        name="follow_up_done",
    ),
    path("hub/meetings/", views_hub.meeting_list, name="meeting_list"),
    path("hub/meetings/new/", views_hub.meeting_create, name="meeting_create"),
    path("hub/meetings/<int:pk>/", views_hub.meeting_detail, name="meeting_detail"),
    path("hub/meetings/<int:pk>/edit/", views_hub.meeting_edit, name="meeting_edit"),
    path("resources/", views_hub.resource_list, name="resource_list"),
    path("resources/new/", views_hub.resource_create, name="resource_create"),
    path("resources/<int:pk>/edit/", views_hub.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/delete/", views_hub.resource_delete, name="resource_delete"),
    path("resources/<int:pk>/download/", views_hub.resource_download, name="resource_download"),
]
