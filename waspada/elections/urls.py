"""URLs of the Pilkada monitoring, under /pilkada/. Each view module declares its own patterns."""

app_name = "elections"
urlpatterns: list = []
