"""URLs of the in-app notifications, under /notifikasi/."""

from django.urls import path

from waspada.core import views_notifications

app_name = "notifications"
urlpatterns = [
    path("", views_notifications.notification_list, name="list"),
]
