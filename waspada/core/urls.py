from django.urls import path

from waspada.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("<int:event_id>/", views.audit_detail, name="audit_detail"),
]
