"""Export status and download, under /ekspor/."""

from django.urls import path

from waspada.core import views_exports

app_name = "exports"
urlpatterns = [
    path("<uuid:public_id>/", views_exports.detail, name="detail"),
    path("<uuid:public_id>/status/", views_exports.status, name="status"),
    path("<uuid:public_id>/unduh/", views_exports.download, name="download"),
]
