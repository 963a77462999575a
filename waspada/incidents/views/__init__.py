"""Views of the incident register. Each module declares its own ``urlpatterns``."""
