"""URLs of the incident register, under /peristiwa/. Each view module declares its own patterns."""

from waspada.incidents.views import exports, recap

app_name = "incidents"
urlpatterns: list = [*recap.urlpatterns, *exports.urlpatterns]
