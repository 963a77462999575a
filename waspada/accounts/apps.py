from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "waspada.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"
