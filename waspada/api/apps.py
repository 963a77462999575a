from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "waspada.api"
    label = "api"
    verbose_name = "API"
