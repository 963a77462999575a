"""URLs of the incident register, under /peristiwa/. Each view module declares its own patterns."""

from waspada.incidents.views import exports, imports, recap

app_name = "incidents"
urlpatterns: list = [*imports.urlpatterns, *recap.urlpatterns, *exports.urlpatterns]
