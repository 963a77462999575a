"""URLs of the RAD Terpadu action plans and four-monthly progress, under /rad/."""

app_name = "actionplans"
urlpatterns: list = []
