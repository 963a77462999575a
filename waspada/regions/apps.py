from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "waspada.regions"
    label = "regions"
    verbose_name = "Wilayah"
