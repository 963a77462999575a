"""URLs of the Monitoring of foreigners and foreign workers, under /orang-asing/."""

app_name = "foreigners"
urlpatterns: list = []
