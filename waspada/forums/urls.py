"""URLs of the Forum (FKDM, TKDPD, Timdu PKS, Kominda, Tim PORA), under /forum/."""

app_name = "forums"
urlpatterns: list = []
