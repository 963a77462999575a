"""URLs of early detection (peringatan dini), under /peringatan/. Each view module declares its own
patterns."""

from waspada.alerts.views import alerts, triage

app_name = "alerts"
urlpatterns: list = [*triage.urlpatterns, *alerts.urlpatterns]
