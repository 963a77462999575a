from django.urls import path

from waspada.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.browser, name="browser"),
    path("peta/<str:level>.topojson", views.map_layer, name="map_layer"),
    path("<str:code>/", views.detail, name="detail"),
]
