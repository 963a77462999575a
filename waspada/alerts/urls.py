"""URLs of early detection (peringatan dini), under /peringatan/. Each view module declares its own
patterns."""

from waspada.alerts.views import alerts, information_reports, triage

app_name = "alerts"
urlpatterns: list = [*triage.urlpatterns, *information_reports.urlpatterns, *alerts.urlpatterns]
