from django.urls import path

from horizons.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.message_list, name="message_list"),
    path("<int:pk>/", views.message_detail, name="message_detail"),
    path("notify/callback/", views.notify_callback, name="notify_callback"),
]
