"""URL wiring. Indonesian paths for pages, /api/v1/ for the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from waspada.core import views as core_views

handler400 = "waspada.core.errors.bad_request"
handler403 = "waspada.core.errors.permission_denied"
handler404 = "waspada.core.errors.page_not_found"
handler500 = "waspada.core.errors.server_error"

urlpatterns = [
    path("", include("waspada.dashboards.urls")),
    path("wilayah/", include("waspada.regions.urls")),
    path("laporan/", include("waspada.reports.urls")),
    path("peristiwa/", include("waspada.incidents.urls")),
    path("peringatan/", include("waspada.alerts.urls")),
    path("pilkada/", include("waspada.elections.urls")),
    path("forum/", include("waspada.forums.urls")),
    path("rad/", include("waspada.actionplans.urls")),
    path("orang-asing/", include("waspada.foreigners.urls")),
    path("kerawanan/", include("waspada.vulnerability.urls")),
    path("profil/", include("waspada.accounts.urls")),
    path("audit/", include("waspada.core.urls")),
    path("ekspor/", include("waspada.core.urls_exports")),
    path("notifikasi/", include("waspada.core.urls_notifications")),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sehat/", core_views.health, name="health"),
    path("api/v1/", include("waspada.api.urls")),
    # The admin's own login form would skip the TOTP step: send it to the MFA-aware login.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
