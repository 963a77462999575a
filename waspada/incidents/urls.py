"""URLs of the incident register, under /peristiwa/. Each view module declares its own patterns."""

app_name = "incidents"
urlpatterns: list = []
