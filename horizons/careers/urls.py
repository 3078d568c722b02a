from django.urls import path

from horizons.careers.views import cards as views_print
from horizons.careers.views import labour_market as views_labour_market
from horizons.careers.views import library as views

app_name = "careers"

urlpatterns = [
    path("", views.home, name="careers_home"),
    path("like/<slug:key>/", views.like, name="careers_like"),
    path("skill/<slug:key>/", views.skill, name="careers_skill"),
    path("subject/<slug:key>/", views.subject, name="careers_subject"),
    path("search/", views.search, name="careers_search"),
    path("jobs/<slug:slug>/", views.job_detail, name="careers_job"),
    path("jobs/<slug:slug>/card/", views_print.job_card, name="careers_job_card"),
    path("cards/", views_print.card_sheet, name="careers_cards"),
    path("jobs-near-us/", views_labour_market.jobs_near_us, name="careers_jobs_near_us"),
]
