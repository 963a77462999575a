"""URLs of the Monitoring of foreigners and foreign workers, under /orang-asing/."""

from django.urls import path

from waspada.foreigners import views, views_io

app_name = "foreigners"
urlpatterns = [
    path("", views.foreigner_list, name="list"),
    path("baru/", views.foreigner_create, name="create"),
    path("rekap/", views.recap, name="recap"),
    path("cari-paspor/", views.passport_search, name="passport_search"),
    path("impor/", views_io.import_page, name="import"),
    path("ekspor/", views_io.export, name="export"),
    path("ormas/", views.organisation_list, name="organisation_list"),
    path("ormas/baru/", views.organisation_create, name="organisation_create"),
    path("kunjungan/", views.visit_list, name="visit_list"),
    path("kunjungan/baru/", views.visit_create, name="visit_create"),
    path("kunjungan/<uuid:public_id>/", views.visit_detail, name="visit_detail"),
    path("<uuid:public_id>/", views.foreigner_detail, name="detail"),
    path("<uuid:public_id>/ubah/", views.foreigner_edit, name="edit"),
    path("<uuid:public_id>/buka/", views.foreigner_reveal, name="reveal"),
    path("<uuid:public_id>/izin/baru/", views.permit_create, name="permit_create"),
    path("<uuid:public_id>/kegiatan/baru/", views.activity_create, name="activity_create"),
]
