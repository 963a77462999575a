"""URLs of the weekly reports, under /laporan/. Each view module declares its own patterns."""

from waspada.reports.views import completeness, recap, reports

app_name = "reports"
urlpatterns = [*completeness.urlpatterns, *recap.urlpatterns, *reports.urlpatterns]
