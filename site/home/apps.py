from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "borough_site.home"
    label = "home"
