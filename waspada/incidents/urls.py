"""URLs of the incident register, under /peristiwa/. Each view module declares its own patterns."""

from waspada.incidents.views import conflict_statuses, exports, imports, incidents, recap

app_name = "incidents"
urlpatterns: list = [
    *imports.urlpatterns,
    *recap.urlpatterns,
    *exports.urlpatterns,
    *conflict_statuses.urlpatterns,
    *incidents.urlpatterns,
]
