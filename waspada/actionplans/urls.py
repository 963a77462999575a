"""URLs of the RAD Terpadu action plans and four-monthly progress, under /rad/."""

from django.urls import path

from waspada.actionplans.views import pages, recap

app_name = "actionplans"
urlpatterns = [
    path("", pages.plan_list, name="plan_list"),
    path("baru/", pages.plan_create, name="plan_create"),
    path("kelengkapan/", recap.completeness, name="completeness"),
    path("kelengkapan/peta.json", recap.completeness_map, name="completeness_map"),
    path("rekap/", recap.recap, name="recap"),
    path("rekap/grafik.svg", recap.recap_chart, name="recap_chart"),
    path("rekap/ekspor/", recap.recap_export, name="recap_export"),
    path("<uuid:public_id>/", pages.plan_detail, name="plan_detail"),
    path("<uuid:public_id>/ubah/", pages.plan_edit, name="plan_edit"),
    path("<uuid:public_id>/hapus/", pages.plan_delete, name="plan_delete"),
    path("<uuid:public_id>/dokumen/", pages.plan_document, name="plan_document"),
    path("<uuid:public_id>/aksi/baru/", pages.action_create, name="action_create"),
    path("<uuid:public_id>/laporan/buka/", pages.report_open, name="report_open"),
    path("aksi/<uuid:public_id>/ubah/", pages.action_edit, name="action_edit"),
    path("aksi/<uuid:public_id>/hapus/", pages.action_delete, name="action_delete"),
    path("laporan/<uuid:public_id>/", pages.report_detail, name="report_detail"),
    path("laporan/<uuid:public_id>/verifikasi/", pages.report_verify, name="report_verify"),
    path("laporan/<uuid:public_id>/kembalikan/", pages.report_return, name="report_return"),
    path("laporan/<uuid:public_id>/bukti/", pages.evidence_upload, name="evidence_upload"),
    path("laporan/<uuid:public_id>/bukti/<uuid:evidence_id>/", pages.evidence_download, name="evidence_download"),
]
