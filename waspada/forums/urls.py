"""URLs of the Forum (FKDM, TKDPD, Timdu PKS, Kominda, Tim PORA), under /forum/."""

from waspada.forums.views import compliance, pages

app_name = "forums"
urlpatterns: list = [*compliance.urlpatterns, *pages.urlpatterns]
