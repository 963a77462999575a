"""URLs of the Pilkada monitoring, under /pilkada/. Each view module declares its own patterns."""

from waspada.elections.views import exports, grants, health, pages, recap, violations, weekly

app_name = "elections"
urlpatterns: list = [
    *pages.urlpatterns,
    *violations.urlpatterns,
    *health.urlpatterns,
    *grants.urlpatterns,
    *recap.urlpatterns,
    *exports.urlpatterns,
    *weekly.urlpatterns,
]
