from django.urls import path

from waspada.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("token/", views.rotate_token, name="rotate_token"),
]
